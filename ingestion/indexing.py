"""Index stage: narrative fields → chunk rows → embeddings in Chroma, the BM25 index, and the
sentence index (every sentence of every chunk embedded once, in DuckDB table `sentence`).

Work is driven by the `chunk` table, so it is resumable and idempotent: chunks are created for
records that have none, embedded in batches that are marked done as they land, and vectors left
behind by changed or deleted records are removed by reconciling Chroma's ids against the table.
Sentences follow the same rule: a chunk without sentence rows gets them; sentence rows whose
chunk is gone are deleted; unchanged records are never re-embedded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from assistant.embeddings import Embedder
from assistant.index.lexical import BM25Index
from assistant.index.vector import VectorIndex
from assistant.narrative.sentences import DDL as SENTENCE_DDL
from assistant.pages import page_chunk_spans
from assistant.records import RECORD_KINDS, Chunk
from assistant.text import chunk_spans, sentence_spans

# Texts handed to the embedder per call: large enough that its own length-sorted batching keeps
# the model saturated, small enough that progress is saved often.
EMBED_GROUP = 2048
SENTENCE_GROUP = 512  # chunks whose sentences are embedded (and saved) together

Tick = Callable[[int, int], None]  # (done, total)


@dataclass
class IndexReport:
    chunks_created: int = 0
    chunks_embedded: int = 0
    vectors_removed: int = 0
    sentences_embedded: int = 0
    sentences_removed: int = 0
    sentence_seconds: float = 0.0  # wall time embedding and storing sentences
    bm25_chunks: int = 0
    embed_seconds: float = 0.0  # wall time in embed + upsert
    embed_cpu_seconds: float = 0.0  # CPU time (all threads) in embed + upsert: robust to load
    seconds: float = 0.0

    @property
    def chunks_per_second(self) -> float:
        return self.chunks_embedded / self.embed_seconds if self.embed_seconds else 0.0


def drop_chunks(con: duckdb.DuckDBPyConnection, record_ids: Sequence[str]) -> None:
    """Chunks of records whose content changed are rebuilt (their vectors reconcile away)."""
    if record_ids:
        con.execute(
            "DELETE FROM chunk WHERE record_id IN (SELECT unnest(?::VARCHAR[]))", [list(record_ids)]
        )
        con.execute(SENTENCE_DDL)  # a rebuilt chunk may reuse its id: its sentences go too
        con.execute(
            "DELETE FROM sentence WHERE record_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(record_ids)],
        )


def create_chunks(con: duckdb.DuckDBPyConnection, max_chars: int) -> int:
    created = 0
    for kind, model in RECORD_KINDS.items():
        date_col = model.date_field or "NULL"
        category = "category" if "category" in model.model_fields else "NULL"
        for field in model.narrative_fields:
            rows = con.execute(
                f"""SELECT record_id, force, restricted, {date_col}::DATE, {category}, {field}
                    FROM {kind} t WHERE {field} IS NOT NULL AND NOT EXISTS
                      (SELECT 1 FROM chunk c WHERE c.record_id = t.record_id AND c.field = ?)""",
                [field],
            ).fetchall()
            out: list[tuple[object, ...]] = []
            for record_id, force, restricted, day, cat, text in rows:
                spans = (page_chunk_spans if kind == "document" else chunk_spans)(text, max_chars)
                for start, end in spans:
                    chunk_id = f"{record_id}#{field}@{start}"
                    out.append(
                        (
                            chunk_id,
                            record_id,
                            kind,
                            field,
                            start,
                            end,
                            text[start:end],
                            force,
                            restricted,
                            day,
                            cat,
                            False,
                        )
                    )
            if out:
                names = [
                    "chunk_id",
                    "record_id",
                    "kind",
                    "field",
                    "start_pos",
                    "end_pos",
                    "text",
                    "force",
                    "restricted",
                    "record_date",
                    "category",
                    "embedded",
                ]
                batch = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in out])  # noqa: F841
                con.execute("INSERT INTO chunk BY NAME SELECT * FROM batch")
                created += len(out)
    return created


def _chunk(row: tuple[object, ...]) -> Chunk:
    keys = (
        "chunk_id",
        "record_id",
        "kind",
        "field",
        "start",
        "end",
        "text",
        "force",
        "restricted",
        "record_date",
        "category",
    )
    return Chunk.model_validate(dict(zip(keys, row, strict=True)))


def embed_pending(
    con: duckdb.DuckDBPyConnection, embedder: Embedder, index: VectorIndex, tick: Tick
) -> tuple[int, float, float]:
    (total,) = con.execute("SELECT count(*) FROM chunk WHERE NOT embedded").fetchone() or (0,)
    done, seconds, cpu = 0, 0.0, 0.0
    while True:
        rows = con.execute(
            f"""SELECT chunk_id, record_id, kind, field, start_pos, end_pos, text, force,
                       restricted, record_date, category
                FROM chunk WHERE NOT embedded ORDER BY chunk_id LIMIT {EMBED_GROUP}"""
        ).fetchall()
        if not rows:
            return done, seconds, cpu
        chunks = [_chunk(r) for r in rows]
        started, started_cpu = time.perf_counter(), time.process_time()
        vectors = embedder.embed([c.text for c in chunks])
        index.upsert(chunks, vectors)
        seconds += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        con.execute(
            "UPDATE chunk SET embedded = true WHERE chunk_id IN (SELECT unnest(?))",
            [[c.chunk_id for c in chunks]],
        )
        done += len(chunks)
        tick(done, int(total))


def reconcile(con: duckdb.DuckDBPyConnection, index: VectorIndex) -> int:
    """Remove vectors whose chunk no longer exists (changed records, interrupted runs)."""
    known = {r for (r,) in con.execute("SELECT chunk_id FROM chunk").fetchall()}
    orphans = sorted(index.ids() - known)
    if orphans:
        index.delete(orphans)
    return len(orphans)


def embed_sentences(
    con: duckdb.DuckDBPyConnection, embedder: Embedder, tick: Tick
) -> tuple[int, int, float]:
    """Embed the sentences of every chunk that has none yet; drop those of vanished chunks.
    Returns (sentences embedded, sentence rows removed, seconds)."""
    con.execute(SENTENCE_DDL)
    (removed,) = con.execute(
        "SELECT count(*) FROM sentence s WHERE NOT EXISTS "
        "(SELECT 1 FROM chunk c WHERE c.chunk_id = s.chunk_id) OR s.embedder <> ?",
        [embedder.name],
    ).fetchone() or (0,)
    if removed:
        con.execute(
            "DELETE FROM sentence WHERE chunk_id NOT IN (SELECT chunk_id FROM chunk) "
            "OR embedder <> ?",
            [embedder.name],
        )
    pending = """FROM chunk c WHERE NOT EXISTS (SELECT 1 FROM sentence s
                 WHERE s.chunk_id = c.chunk_id)"""
    (total,) = con.execute(f"SELECT count(*) {pending}").fetchone() or (0,)
    done, seconds = 0, 0.0
    while True:
        rows = con.execute(
            f"SELECT chunk_id, record_id, field, start_pos, text {pending} "
            f"ORDER BY chunk_id LIMIT {SENTENCE_GROUP}"
        ).fetchall()
        if not rows:
            return done, int(removed), seconds
        started = time.perf_counter()
        out: list[dict[str, object]] = []
        texts: list[str] = []
        for chunk_id, record_id, field, offset, text in rows:
            spans = sentence_spans(text) or [(0, len(text))]
            for s, e in spans:
                out.append({"chunk_id": chunk_id, "record_id": record_id, "field": field,
                            "start_pos": offset + s, "end_pos": offset + e,
                            "embedder": embedder.name})
                texts.append(text[s:e])
        vectors = embedder.embed(texts)
        for row, vector in zip(out, vectors, strict=True):
            row["vector"] = vector.tolist()
        batch = pa.Table.from_pylist(out)  # noqa: F841
        con.execute("INSERT INTO sentence BY NAME SELECT * FROM batch")
        seconds += time.perf_counter() - started
        done += len(out)
        tick(done, int(total))


def rebuild_bm25(con: duckdb.DuckDBPyConnection, bm25: BM25Index) -> int:
    rows = con.execute("SELECT chunk_id, text FROM chunk ORDER BY chunk_id").fetchall()
    bm25.build([r[0] for r in rows], [r[1] for r in rows])
    bm25.save()
    return len(rows)


def index_chunks(
    con: duckdb.DuckDBPyConnection,
    embedder: Embedder,
    index: VectorIndex,
    bm25: BM25Index,
    max_chars: int,
    tick: Tick = lambda done, total: None,
) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    report.chunks_created = create_chunks(con, max_chars)
    report.vectors_removed = reconcile(con, index)
    report.chunks_embedded, report.embed_seconds, report.embed_cpu_seconds = embed_pending(
        con, embedder, index, tick
    )
    report.sentences_embedded, report.sentences_removed, report.sentence_seconds = (
        embed_sentences(con, embedder, lambda done, total: None)
    )
    if report.chunks_created or report.vectors_removed or not bm25.exists():
        report.bm25_chunks = rebuild_bm25(con, bm25)
    report.seconds = time.perf_counter() - started
    return report
