"""The systems an eval compares, behind one `ask(question) -> Result`: Probity (the real engine)
and three retrieval baselines over the same store at the same depth (3 × FETCH chunks) and with
the asker's clearance — BM25 only and dense only (Probity's own indexes), and llama-index's
`QueryFusionRetriever` (BM25 + vector, reciprocal rank) over llama-index's OWN `VectorStoreIndex`
built from the same chunks, with the clearance as `MetadataFilters` (evals/narrative/llama.py).
(It used to reuse Probity's Chroma collection, fetch 10 chunks where the others fetch 30 and skip
the clearance filter: its "leaks" were configuration, not llama-index.)

A baseline cannot count, list or abstain: its answer is its top chunks, concatenated and cited
([n] per chunk, exact spans), and it is scored on the same metrics as Probity, honestly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from assistant.answers import User
from assistant.retrieval import Filters
from assistant.service import Engine
from evals.gold.io import Question

ANSWER_CHUNKS = 5  # a baseline's answer: its top five chunks
FETCH = 10  # records ranked for retrieval metrics


@dataclass
class Citation:
    n: int
    record_id: str
    field: str
    start: int
    end: int
    quote: str


@dataclass
class Result:
    answer: str
    abstained: bool = False
    intent: str = ""
    citations: list[Citation] = field(default_factory=list)
    ranking: list[str] = field(default_factory=list)  # record ids, best first
    seconds: float = 0.0
    error: str = ""


class Probity:
    name = "probity"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ask(self, q: Question) -> Result:
        started = time.perf_counter()
        a = self.engine.answer(q.text, User(name="eval", role=q.role), "EVAL")
        cits = [Citation(c.n, c.record_id, c.field, c.start, c.end, c.quote) for c in a.citations]
        ranking = list(dict.fromkeys(e.record_id for e in a.evidence))
        return Result(a.answer, a.abstained, a.intent, cits, ranking,
                      time.perf_counter() - started)


class _ChunkBaseline:
    """Shared by the baselines: chunk ids in, a cited top-chunks answer out."""

    name = ""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def chunks(self, q: Question, k: int) -> list[str]:
        raise NotImplementedError

    def ask(self, q: Question) -> Result:
        started = time.perf_counter()
        ids = self.chunks(q, 3 * FETCH)
        rows = {r[0]: r for r in self.engine.con.execute(
            "SELECT chunk_id, record_id, field, start_pos, end_pos, text FROM chunk "
            "WHERE chunk_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
        hits = [rows[i] for i in ids if i in rows]
        cits = [Citation(n, rid, fld, s, e, text)
                for n, (_, rid, fld, s, e, text) in enumerate(hits[:ANSWER_CHUNKS], start=1)]
        answer = "\n".join(f"{c.quote} [{c.n}]" for c in cits)
        ranking = list(dict.fromkeys(h[1] for h in hits))[:FETCH]
        return Result(answer, False, "baseline", cits, ranking, time.perf_counter() - started)

    def filters(self, q: Question) -> Filters:
        return Filters(cleared=User(name="eval", role=q.role).cleared_for_restricted)


class BM25Only(_ChunkBaseline):
    name = "bm25"

    def chunks(self, q: Question, k: int) -> list[str]:
        retriever = self.engine.retriever
        return [c for c, _ in retriever.bm25.query(q.text, k, retriever.allowed(self.filters(q)))]


class DenseOnly(_ChunkBaseline):
    name = "dense"

    def chunks(self, q: Question, k: int) -> list[str]:
        retriever = self.engine.retriever
        query = retriever.embedder.embed([q.text])[0]
        return [c for c, _ in retriever.vectors.query(query, k, self.filters(q).chroma_where())]


def llamaindex_default(engine: Engine) -> Any:
    """llama-index's default `VectorStoreIndex.from_vector_store(ChromaVectorStore(<our
    collection>))` with our embedding adapter. Its global LLM is a MockLLM, so nothing in
    llama-index can fall back to OpenAI (shared by the eval baseline and bench/question_latency)."""
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core import VectorStoreIndex
    from llama_index.core.llms import MockLLM
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.embeddings import as_llamaindex_embedding

    LlamaSettings.llm = MockLLM()
    embed = as_llamaindex_embedding(engine.retriever.embedder)
    LlamaSettings.embed_model = embed
    store = ChromaVectorStore(chroma_collection=engine.retriever.vectors.collection)  # type: ignore[attr-defined]
    return VectorStoreIndex.from_vector_store(store, embed_model=embed)


class LlamaIndexFusion(_ChunkBaseline):
    """llama-index `QueryFusionRetriever` over its own index (built once per store, beside it)."""

    name = "llamaindex"

    def __init__(self, engine: Engine) -> None:
        from evals.narrative.llama import FusionBaseline, build_or_load

        super().__init__(engine)
        data = engine.settings.data_dir
        index = build_or_load(engine.con, engine.retriever.embedder,
                              data.parent / f"{data.name}-llamaindex", complaints_only=False)
        self.fusion = FusionBaseline(index)

    def chunks(self, q: Question, k: int) -> list[str]:
        from evals.narrative.llama import metadata_filters

        cleared = User(name="eval", role=q.role).cleared_for_restricted
        return self.fusion.chunks(q.text, metadata_filters(None, cleared, {}), k)


BASELINES = (BM25Only, DenseOnly, LlamaIndexFusion)
