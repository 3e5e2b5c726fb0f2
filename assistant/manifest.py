"""The index manifest: what a finished ingest left on disk, so a broken index fails loudly.

With `chroma/` or `bm25/` missing or emptied, or an ingest killed mid-embedding, narrative
questions used to answer "No records … support an answer" (false) with exit 0, and /v1/health
said ok. Now ingest writes `index-manifest.json` as `incomplete` before it touches anything and,
last, after everything succeeded, `complete` with the counts it left: chunks in DuckDB, vectors
in Chroma, BM25 documents, the embedder and the store id. `problems` compares that with what is
on disk now (a few small reads, no model or Chroma client), at every engine start and health
check; any difference makes narrative answers fail with `IndexIncomplete` naming what is wrong
and `probity ingest` to repair it (API 503 `index_incomplete`; CLI non-zero exit).
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from assistant import store
from assistant.errors import IndexUnavailable
from assistant.settings import Settings

NAME = "index-manifest.json"
REPAIR = "run `probity ingest` with the same mappings to repair it"


class IndexIncomplete(IndexUnavailable):
    """The narrative index does not match its manifest (missing, emptied or never finished)."""


def path_of(settings: Settings) -> Path:
    return settings.data_dir / NAME


def _write(settings: Settings, body: dict[str, Any]) -> None:
    tmp = path_of(settings).with_suffix(".tmp")
    tmp.write_text(json.dumps(body, indent=2), encoding="utf-8")
    os.replace(tmp, path_of(settings))  # atomic: never a half-written manifest


def mark_incomplete(settings: Settings) -> None:
    _write(settings, {"status": "incomplete", "started_at": datetime.now(UTC).isoformat()})


def embedder_of(settings: Settings) -> str:
    # fp32 ONNX computes torch's vectors (assistant/embeddings_onnx.py): one identity, so a store
    # built with either backend is whole for the other.
    backend = "torch" if settings.embedding_backend == "onnx" else settings.embedding_backend
    return f"{Path(settings.embedding_model_path).name}/{backend}"


def bm25_documents(settings: Settings) -> int | None:
    meta = settings.bm25_path / "meta.json"
    if not meta.is_file() or not (settings.bm25_path / "ids.json").is_file():
        return None
    return int(json.loads(meta.read_text(encoding="utf-8")).get("count", -1))


def local_vectors(settings: Settings) -> int | None:
    """Vectors in the embedded Chroma store's collection, read straight from its SQLite file."""
    db = settings.chroma_path / "chroma.sqlite3"
    if not db.is_file():
        return None
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute(
            """SELECT count(*) FROM embeddings e JOIN segments s ON e.segment_id = s.id
               JOIN collections c ON s.collection = c.id WHERE c.name = ?""",
            [settings.chroma_collection],
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return int(row[0])


def chunks_in(con: duckdb.DuckDBPyConnection) -> int:
    return int((con.execute("SELECT count(*) FROM chunk").fetchone() or (0,))[0])


def write_complete(settings: Settings, con: duckdb.DuckDBPyConnection, vectors: int) -> None:
    """The last step of a successful ingest."""
    _write(settings, {
        "status": "complete",
        "written_at": datetime.now(UTC).isoformat(),
        "store_id": store.store_id(con),
        "embedder": embedder_of(settings),
        "chunks": chunks_in(con),
        "vectors": vectors,
        "bm25_documents": bm25_documents(settings),
    })


def problems(settings: Settings, con: duckdb.DuckDBPyConnection,
             vectors: int | None = None) -> list[str]:
    """What differs between the manifest and the disk; [] when the index is whole. `vectors` is
    the collection's count when the caller has a Chroma client (server mode)."""
    path = path_of(settings)
    if not path.is_file():
        return [f"no index manifest ({NAME}): the last ingest did not finish"]
    m = json.loads(path.read_text(encoding="utf-8"))
    if m.get("status") != "complete":
        return [f"the ingest started {m.get('started_at', '?')} did not finish"]
    found = []
    if m["store_id"] != store.store_id(con):
        found.append("the manifest belongs to another record store")
    if (n := chunks_in(con)) != m["chunks"]:
        found.append(f"{n:,} narrative chunks in the store, {m['chunks']:,} when indexed")
    if (bm25 := bm25_documents(settings)) != m["bm25_documents"]:
        found.append(f"the BM25 index holds {'no' if bm25 is None else format(bm25, ',')} "
                     f"documents, {m['bm25_documents']:,} expected")
    if vectors is None and not settings.chroma_url:
        vectors = local_vectors(settings)
    if (vectors is not None or not settings.chroma_url) and vectors != m["vectors"]:
        found.append(f"the vector index holds {'no' if vectors is None else format(vectors, ',')} "
                     f"vectors, {m['vectors']:,} expected")
    if m["embedder"].replace("/onnx", "/torch") != embedder_of(settings):
        found.append(f"the index was built with {m['embedder']}, not {embedder_of(settings)}")
    return found


def require_whole(settings: Settings, con: duckdb.DuckDBPyConnection,
                  vectors: int | None = None) -> None:
    if found := problems(settings, con, vectors):
        raise IndexIncomplete(f"the narrative index is incomplete: {'; '.join(found)}; {REPAIR}")
