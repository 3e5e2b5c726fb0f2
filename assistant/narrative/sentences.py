"""Sentence index: every narrative sentence embedded once at ingest, kept as one NumPy matrix.

Answering a narrative question needs a score for *every* allowed narrative (membership is a set,
not a top-k), and a best sentence for each member. Embedding sentences at question time cost one
model call per candidate chunk; with the index, a question costs one model call (the question)
and a matrix product. Rows live in DuckDB table `sentence` (chunk id + field offsets + vector),
written by `ingestion.indexing.embed_sentences`; the engine loads them once into memory
(384 float32 per sentence: ~1.5 KB, so 100k sentences ≈ 150 MB).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from assistant.embeddings import same_vectors

DDL = """CREATE TABLE IF NOT EXISTS sentence (
    chunk_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL, field VARCHAR NOT NULL,
    start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL, embedder VARCHAR NOT NULL,
    vector FLOAT[] NOT NULL)"""


def _numpy(column: pa.ChunkedArray, dtype: type[np.generic]) -> np.ndarray:
    """A null-free numeric column as NumPy, read from its buffers: pyarrow's `to_numpy` imports
    pandas (~0.2 s of CPU for a cold `probity ask`, which needs nothing else of it)."""
    parts = []
    for chunk in column.chunks:
        if chunk.null_count:
            raise ValueError("null in a NOT NULL sentence column")
        width = np.dtype(dtype).itemsize
        parts.append(np.frombuffer(chunk.buffers()[1], dtype=dtype, count=len(chunk),
                                   offset=chunk.offset * width))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


class SentenceIndexMissing(RuntimeError):
    """The store was ingested before the sentence index existed (or with another embedder)."""


@dataclass
class SentenceIndex:
    """Sentences ordered by chunk id (so by record); `chunk_of[i]` indexes `chunk_ids`."""

    chunk_ids: list[str]
    chunk_record: np.ndarray  # per chunk: index into `record_ids`
    record_ids: list[str]
    chunk_of: np.ndarray  # per sentence: index into `chunk_ids`
    fields: list[str]  # per sentence
    starts: np.ndarray  # per sentence: offsets in the field
    ends: np.ndarray
    vectors: np.ndarray  # (sentences, dim), L2-normalised

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, embedder: str) -> SentenceIndex:
        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables")
                  .fetchall()}
        if "sentence" not in tables:
            raise SentenceIndexMissing(
                "this store has no sentence index: re-run `probity ingest` on it (unchanged "
                "records are not re-embedded; only their sentences are added)")
        other = [e for (e,) in con.execute("SELECT DISTINCT embedder FROM sentence").fetchall()
                 if not same_vectors(e, embedder)]
        if other:
            raise SentenceIndexMissing(
                f"the sentence index was built with {other[0]!r}, not {embedder!r}: rebuild it")
        table = con.sql(
            "SELECT chunk_id, record_id, field, start_pos, end_pos, vector FROM sentence "
            "ORDER BY chunk_id, start_pos").to_arrow_table()
        n = table.num_rows
        chunk_col = table.column("chunk_id").to_pylist()
        record_col = table.column("record_id").to_pylist()
        chunk_ids: list[str] = []
        record_ids: list[str] = []
        chunk_record: list[int] = []
        chunk_of = np.empty(n, dtype=np.int64)
        for i, (chunk_id, record_id) in enumerate(zip(chunk_col, record_col, strict=True)):
            if not chunk_ids or chunk_ids[-1] != chunk_id:
                if not record_ids or record_ids[-1] != record_id:
                    record_ids.append(record_id)
                chunk_ids.append(chunk_id)
                chunk_record.append(len(record_ids) - 1)
            chunk_of[i] = len(chunk_ids) - 1
        flat = _numpy(pc.list_flatten(table.column("vector")), np.float32)
        vectors = np.asarray(flat, dtype=np.float32).reshape(n, -1) if n else np.zeros((0, 1))
        return cls(
            chunk_ids=chunk_ids,
            chunk_record=np.asarray(chunk_record, dtype=np.int64),
            record_ids=record_ids,
            chunk_of=chunk_of,
            fields=table.column("field").to_pylist(),
            starts=_numpy(table.column("start_pos"), np.int32),
            ends=_numpy(table.column("end_pos"), np.int32),
            vectors=vectors.astype(np.float32, copy=False),
        )

    def __len__(self) -> int:
        return len(self.chunk_of)

    def chunk_mask(self, allowed: set[str] | None) -> np.ndarray:
        """Boolean mask over chunks: those the filters admit (all when `allowed` is None)."""
        if allowed is None:
            return np.ones(len(self.chunk_ids), dtype=bool)
        return np.fromiter((c in allowed for c in self.chunk_ids), dtype=bool,
                           count=len(self.chunk_ids))
