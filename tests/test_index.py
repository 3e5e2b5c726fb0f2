"""Indexes and embedders: one VectorIndex suite for every implementation, BM25, the real model."""

from __future__ import annotations

from assistant.settings import Settings  # first: offline env before any ML library

# isort: split
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import (
    ChromaEmbeddingFunction,
    HashingEmbedder,
    as_llamaindex_embedding,
    load_embedder,
)
from assistant.index import BM25Index, ChromaIndex, VectorIndex, chroma_client
from assistant.records import Chunk

EMBEDDER = HashingEmbedder(dim=64)  # index logic only; the model has its own test below


def make_chunk(n: int, text: str, **overrides: object) -> Chunk:
    fields: dict[str, object] = {
        "chunk_id": f"complaint:t:{n}#narrative:0",
        "record_id": f"complaint:t:{n}",
        "kind": "complaint",
        "field": "narrative",
        "start": 0,
        "end": len(text),
        "text": text,
        "force": "test",
        "restricted": False,
        "record_date": date(2023, 1, 1 + n % 28),
        "category": "force",
    }
    fields.update(overrides)
    return Chunk.model_validate(fields)


CHUNKS = [
    make_chunk(0, "Officer pushed the complainant to the ground during an arrest."),
    make_chunk(1, "Complainant says her phone was taken and never returned.", category="property"),
    make_chunk(2, "Rude language used at a traffic stop on the high street.", category="conduct"),
    make_chunk(3, "Intel: officer runs a security firm with a known associate.",
               kind="intel_report", restricted=True, category=None),
    make_chunk(4, "Search of a vehicle without grounds, driver detained for an hour.",
               record_date=date(2021, 6, 1)),
    make_chunk(5, "Officer failed to record a reported burglary.", category="service",
               record_date=None),
]


def add(index: VectorIndex, chunks: list[Chunk]) -> np.ndarray:
    vectors = EMBEDDER.embed([chunk.text for chunk in chunks])
    index.upsert(chunks, vectors)
    return vectors


# VectorIndex implementations under test: name -> (request, tmp_path) -> opener. Slow variants
# (a real server) run with `pytest --full`.
Opener = Callable[[], VectorIndex]


def _chroma_embedded(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    settings = Settings(data_dir=tmp_path / "data", chroma_url="")
    return lambda: ChromaIndex(settings, EMBEDDER, collection="test-narratives")


def _chroma_lazy(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """As the engine opens it: the collection (and chromadb) on first use."""
    settings = Settings(data_dir=tmp_path / "data", chroma_url="")
    return lambda: ChromaIndex(settings, EMBEDDER, collection="test-narratives", lazy=True)


def _chroma_http(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    url = request.getfixturevalue("chroma_url")
    settings = Settings(data_dir=tmp_path / "data", chroma_url=url)
    name = f"test-{uuid.uuid4().hex[:12]}"  # one server for the session: a collection per test
    return lambda: ChromaIndex(settings, EMBEDDER, collection=name)


VECTOR_INDEXES: dict[str, Callable[[pytest.FixtureRequest, Path], Opener]] = {
    "chroma-embedded": _chroma_embedded,
    "chroma-lazy": _chroma_lazy,
    "chroma-http": _chroma_http,
}
SLOW_INDEXES = {"chroma-http"}


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local `chroma run` server for the session."""
    exe = shutil.which("chroma")
    if exe is None:
        pytest.skip("chroma CLI not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                chroma_client(Settings(chroma_url=url)).heartbeat()
                break
            except Exception:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(
    params=[
        pytest.param(name, marks=[pytest.mark.slow] if name in SLOW_INDEXES else [])
        for name in VECTOR_INDEXES
    ]
)
def open_index(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """A factory: each call opens the same (initially empty) index afresh."""
    return VECTOR_INDEXES[request.param](request, tmp_path)


def test_upsert_and_query(open_index: Opener) -> None:
    index = open_index()
    assert index.count() == 0 and index.query(EMBEDDER.embed(["x"])[0], 5) == []
    index.upsert([], np.zeros((0, EMBEDDER.dim), dtype=np.float32))
    vectors = add(index, CHUNKS)
    assert index.count() == len(CHUNKS)
    assert index.ids() == {chunk.chunk_id for chunk in CHUNKS}
    hits = index.query(vectors[2], k=3)
    assert hits[0][0] == CHUNKS[2].chunk_id and hits[0][1] == pytest.approx(1.0, abs=1e-4)
    assert len(hits) == 3 and [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert all(-1.0 - 1e-5 <= s <= 1.0 + 1e-5 for _, s in hits)
    # Similarity is cosine: compare with the exact value for the runner-up.
    runner_up = next(i for i, c in enumerate(CHUNKS) if c.chunk_id == hits[1][0])
    assert hits[1][1] == pytest.approx(float(vectors[2] @ vectors[runner_up]), abs=1e-4)
    assert len(index.query(vectors[0], k=100)) == len(CHUNKS)
    assert index.query(vectors[0], k=0) == []
    assert open_index().count() == len(CHUNKS)  # persisted / visible to a new client


def test_reupsert_is_idempotent_and_updates(open_index: Opener) -> None:
    index = open_index()
    add(index, CHUNKS)
    add(index, CHUNKS)
    assert index.count() == len(CHUNKS)
    changed = CHUNKS[0].model_copy(update={"category": "discrimination"})
    add(index, [changed])
    assert index.count() == len(CHUNKS)
    hits = index.query(EMBEDDER.embed([changed.text])[0], 5, where={"category": "discrimination"})
    assert [chunk_id for chunk_id, _ in hits] == [changed.chunk_id]


def test_delete(open_index: Opener) -> None:
    index = open_index()
    vectors = add(index, CHUNKS)
    index.delete([CHUNKS[1].chunk_id, "no-such-chunk"])
    index.delete([])
    assert index.count() == len(CHUNKS) - 1
    assert CHUNKS[1].chunk_id not in {cid for cid, _ in index.query(vectors[1], k=10)}


def test_where_filters(open_index: Opener) -> None:
    index = open_index()
    vectors = add(index, CHUNKS)

    def ids(where: dict[str, object]) -> set[str]:
        return {chunk_id for chunk_id, _ in index.query(vectors[0], 10, where=where)}

    by_n = {int(c.record_id.rsplit(":", 1)[1]): c.chunk_id for c in CHUNKS}
    assert ids({"kind": "intel_report"}) == {by_n[3]}
    assert ids({"category": {"$in": ["property", "conduct"]}}) == {by_n[1], by_n[2]}
    assert ids({"$and": [{"restricted": False}, {"date": {"$gte": 20220101}}]}) == {
        by_n[0], by_n[1], by_n[2]
    }
    assert ids({"$or": [{"date": 0}, {"date": {"$lt": 20220101}}]}) == {by_n[4], by_n[5]}
    assert ids({"record_id": "complaint:t:404"}) == set()  # unknown value: nothing, not everything


@pytest.mark.parametrize("where", [{}, {"$bogus": 1}, {"date": {"$near": 1}}, {"$and": [{"a": 1}]}])
def test_rejected_filter_fails_closed(open_index: Opener, where: dict) -> None:
    index = open_index()
    vectors = add(index, CHUNKS)
    with pytest.raises(Exception):  # noqa: B017 - Chroma raises ValueError or its own errors
        index.query(vectors[0], 5, where=where)


def test_restricted_filter_finds_rare_unrestricted(open_index: Opener) -> None:
    """A selective filter must still return every match, not an empty or widened set."""
    index = open_index()
    texts = [f"restricted intelligence report {i} about officer {i % 13}" for i in range(300)]
    chunks = [make_chunk(100 + i, t, restricted=i not in (7, 250)) for i, t in enumerate(texts)]
    vectors = add(index, chunks)
    hits = index.query(vectors[3], k=10, where={"restricted": False})
    assert {chunk_id for chunk_id, _ in hits} == {chunks[7].chunk_id, chunks[250].chunk_id}


def test_get_embeddings(open_index: Opener) -> None:
    index = open_index()
    vectors = add(index, CHUNKS)
    got = index.get_embeddings([CHUNKS[4].chunk_id, CHUNKS[0].chunk_id, "missing"])
    assert set(got) == {CHUNKS[4].chunk_id, CHUNKS[0].chunk_id}
    np.testing.assert_allclose(got[CHUNKS[4].chunk_id], vectors[4], atol=1e-6)
    assert got[CHUNKS[0].chunk_id].dtype == np.float32


def test_refuses_collection_built_with_another_embedder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    ChromaIndex(settings, EMBEDDER, collection="mixed")
    with pytest.raises(ValueError, match="built with embedder"):
        ChromaIndex(settings, HashingEmbedder(dim=32), collection="mixed")


def test_a_lazy_index_checks_its_collection_before_first_use(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    ChromaIndex(settings, EMBEDDER, collection="mixed")
    lazy = ChromaIndex(settings, HashingEmbedder(dim=32), collection="mixed", lazy=True)
    for use in (lambda: lazy.query(np.ones(32, dtype=np.float32), 1), lazy.count, lazy.ids):
        with pytest.raises(ValueError, match="built with embedder"):
            use()


def test_answering_from_the_sentence_index_imports_no_chromadb() -> None:
    """The engine's retriever opens Chroma lazily: importing the answer path and making its
    index wrapper loads neither chromadb nor httpx (~0.6 s of CPU for a cold `probity ask`)."""
    code = ("import sys, tempfile; from pathlib import Path; "
            "from assistant.settings import Settings; import assistant.cli, assistant.consult; "
            "from assistant.index import ChromaIndex; from assistant.embeddings import "
            "HashingEmbedder; ChromaIndex(Settings(data_dir=Path(tempfile.mkdtemp())), "
            "HashingEmbedder(8), lazy=True); "
            "print(sorted(m for m in ('chromadb', 'httpx', 'torch') if m in sys.modules))")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert done.stdout.strip() == "[]", done.stdout + done.stderr[-2000:]


def test_upsert_rejects_mismatched_embeddings(open_index: Opener) -> None:
    index = open_index()
    with pytest.raises(ValueError):
        index.upsert(CHUNKS, EMBEDDER.embed([c.text for c in CHUNKS[:2]]))
    with pytest.raises(ValueError):
        index.upsert(CHUNKS[:1], np.ones((1, 7), dtype=np.float32))


# BM25 -------------------------------------------------------------------------------------------

BM25_DOCS = {
    "a": "The officer struck the complainant with a baton during the arrest.",
    "b": "Baton strikes reported; the officer used a baton twice on the man.",
    "c": "Theft of property from the vehicle was not investigated.",
    "d": "Complainant alleges rudeness at the front desk of the station.",
}


def built(path: Path, docs: dict[str, str]) -> BM25Index:
    index = BM25Index(path)
    index.build(list(docs), list(docs.values()))
    return index


def test_bm25_ranking(tmp_path: Path) -> None:
    index = built(tmp_path / "bm25", BM25_DOCS)
    assert len(index) == 4
    hits = index.query("Baton strikes by the officer", k=10)
    assert [chunk_id for chunk_id, _ in hits] == ["b", "a"]  # only docs sharing a term
    assert hits[0][1] > hits[1][1] > 0
    assert [c for c, _ in index.query("baton", k=1)] == ["b"]


def test_bm25_allowed_subset_scored_beyond_top_k(tmp_path: Path) -> None:
    docs = {f"hot{i}": "theft theft theft of a bicycle" for i in range(50)}
    docs["cold"] = "A long account of a traffic stop which ended, eventually, in a theft report."
    docs["other"] = "Nothing relevant at all."
    index = built(tmp_path / "bm25", docs)
    full = dict(index.query("theft", k=len(docs)))
    assert "cold" not in {c for c, _ in index.query("theft", k=5)}
    hits = index.query("theft", k=5, allowed={"cold", "other", "not-indexed"})
    assert [c for c, _ in hits] == ["cold"]
    assert hits[0][1] == pytest.approx(full["cold"])
    assert index.query("theft", k=5, allowed=set()) == []


def test_bm25_persistence_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "bm25"
    original = built(path, BM25_DOCS)
    original.save()
    loaded = BM25Index(path).load()
    assert len(loaded) == 4 and "c" in loaded
    for query in ("baton officer", "theft vehicle", "station rudeness"):
        assert loaded.query(query, 3) == original.query(query, 3)
    built(path, {"z": "replacement corpus"}).save()  # re-save replaces the old index
    assert BM25Index(path).load().query("baton", 3) == []
    with pytest.raises(FileNotFoundError):
        BM25Index(tmp_path / "nowhere").load()


def test_bm25_empty_cases(tmp_path: Path) -> None:
    empty = built(tmp_path / "empty", {})
    assert len(empty) == 0 and empty.query("baton", 5) == []
    empty.save()
    assert BM25Index(tmp_path / "empty").load().query("baton", 5) == []
    index = built(tmp_path / "bm25", {**BM25_DOCS, "stop": "the and of"})
    for query in ("", "   ", "the and of it", "zebra quantum", "!!!"):
        assert index.query(query, 5) == []
    assert index.query("baton", 0) == []


def test_bm25_term_postings_cover_every_document(tmp_path: Path) -> None:
    """Set answers read which chunks contain a word from the postings, over the whole index."""
    from assistant.narrative.lexicon import chunk_hits, concepts

    docs = {f"d{i}": "a routine stop on the ring road" for i in range(30)}
    docs |= {"t1": "He threatened to arrest me.", "t2": "There was a threat made.",
             "s1": "She was hit with a stun gun.", "x": "A stun of the gun range."}
    index = built(tmp_path / "bm25", docs)
    if index.stemmer_language is None:
        pytest.skip("needs PyStemmer (threat/threaten share no stem without it)")
    assert index.stems_many(["Threatened!", "", "the and"]) == [["threaten"], [], []]
    assert "threaten" in index.expand("threat", 5) and index.expand("dog", 5) == []

    def having(question: str) -> set[str]:
        (concept,) = concepts(question, index)
        hits = chunk_hits(concept, index, lambda ids: {i: docs[i] for i in ids})
        return {index.ids[i] for i in hits.nonzero()[0]}

    assert having("which complaints mention a threat") == {"t1", "t2"}  # every one, not top k
    # The thesaurus: a taser question finds 'stun gun' — as a phrase, not two stray words.
    assert having("taser") == {"s1"}


def test_bm25_rejects_bad_build(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        BM25Index(tmp_path).build(["a", "a"], ["x", "y"])
    with pytest.raises(ValueError):
        BM25Index(tmp_path).build(["a"], ["x", "y"])


# Embedders --------------------------------------------------------------------------------------


def test_real_model_embeddings() -> None:
    embedder = load_embedder(Settings())
    assert load_embedder(Settings()) is embedder  # loaded once per process
    assert embedder.dim == 384
    vectors = embedder.embed([
        "The officer punched the man in the face during the arrest.",
        "During the arrest the constable hit the suspect in the face.",
        "The quarterly budget for office stationery was approved.",
    ])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
    assert embedder.embed([]).shape == (0, 384)


def test_missing_model_path_is_one_clear_error(tmp_path: Path) -> None:
    settings = Settings(embedding_model_path=str(tmp_path / "no-model"))
    with pytest.raises(FileNotFoundError, match="never downloaded"):
        load_embedder(settings)


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    vectors = EMBEDDER.embed(["baton strike", "baton strike", "", "parking fine"])
    assert vectors.shape == (4, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    np.testing.assert_array_equal(vectors[0], vectors[1])
    assert vectors[0] @ vectors[3] < 0.99


def test_library_adapters_use_our_embedder() -> None:
    function = ChromaEmbeddingFunction(EMBEDDER)
    np.testing.assert_allclose(function(["baton"])[0], EMBEDDER.embed(["baton"])[0])
    rebuilt = ChromaEmbeddingFunction.build_from_config(function.get_config())
    np.testing.assert_allclose(rebuilt(["baton"])[0], EMBEDDER.embed(["baton"])[0])
    llama = as_llamaindex_embedding(EMBEDDER)
    assert llama.get_query_embedding("baton") == pytest.approx(EMBEDDER.embed(["baton"])[0])
    batch = llama.get_text_embedding_batch(["a b", "c d"])
    assert np.allclose(batch, EMBEDDER.embed(["a b", "c d"]))
