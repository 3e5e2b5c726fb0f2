"""The four systems the narrative suite compares, each answering with a ranked list of record ids
and (Probity only) the set it commits to.

- Probity: the real engine; its set is the records of `Answer.evidence` with `cited=True` (only
  narrative kinds count — a cited person record backs a name, not a match); its ranking is the
  evidence order.
- BM25-only and dense-only: Probity's own lexical and vector indexes, queried with the same
  filters Probity is asked for in words — the asker's clearance, the question's force, record kind
  (complaint), year/month, category and district — applied *inside* retrieval (an allowed-chunk
  set), never after a top-k cut.
- llama-index `QueryFusionRetriever` (evals/narrative/llama.py) with the same filters as
  `MetadataFilters`.

Every baseline ranks DEPTH records; its set is its top k (reported at one k for all, and at the
best k in hindsight — see evals/narrative/score.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.answers import User
from assistant.retrieval import Filters
from assistant.service import Engine
from evals.narrative.llama import FusionBaseline, build_or_load, metadata_filters

DEPTH = 50  # records ranked by each baseline (enough for recall@k and the best-k oracle)
NARRATIVE_KINDS = ("complaint", "conduct_case", "declaration", "intel_report")
FORCES = {"philly": "philadelphia", "chicago": "chicago", "synthetic": "westshire"}
ROLE: Literal["investigator"] = "investigator"


@dataclass
class Reply:
    ranking: list[str]  # record ids, best first
    chosen: list[str] | None = None  # the set the system commits to (None: a baseline's top-k)
    abstained: bool = False
    answer: str = ""
    seconds: float = 0.0
    error: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def allowed_records(engine: Engine, source: str, filters: dict[str, Any]) -> list[str]:
    """Complaint records of the question's force that the filters and the clearance admit."""
    clauses, params = ["force = ?", "NOT restricted"], [FORCES[source]]
    if "year" in filters:
        clauses.append("year(received_date) = ?")
        params.append(filters["year"])
    if "month" in filters:
        clauses.append("month(received_date) = ?")
        params.append(filters["month"])
    if "category" in filters:
        clauses.append("list_contains(categories, ?)")
        params.append(filters["category"])
    if "district" in filters:
        clauses.append("district = ?")
        params.append(filters["district"])
    sql = f"SELECT record_id FROM complaint WHERE {' AND '.join(clauses)} ORDER BY record_id"
    return [r for (r,) in engine.con.execute(sql, params).fetchall()]


class Probity:
    name = "probity"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ask(self, q: dict[str, Any]) -> Reply:
        started = time.perf_counter()
        a = self.engine.answer(q["text"], User(name="eval", role=ROLE), "EVAL")
        ranking = list(dict.fromkeys(e.record_id for e in a.evidence
                                     if e.kind in NARRATIVE_KINDS))
        chosen = list(dict.fromkeys(e.record_id for e in a.evidence
                                    if e.cited and e.kind in NARRATIVE_KINDS))
        return Reply(ranking, chosen, a.abstained, a.answer, time.perf_counter() - started,
                     extra={"intent": str(a.intent)})


class _Baseline:
    name = ""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def filters(self, q: dict[str, Any]) -> Filters:
        ids = allowed_records(self.engine, q["source"], q["filters"])
        return Filters(cleared=False, kinds=("complaint",), record_ids=tuple(ids))

    def ask(self, q: dict[str, Any]) -> Reply:
        started = time.perf_counter()
        ranking = self.rank(q)
        return Reply(ranking, seconds=time.perf_counter() - started)

    def rank(self, q: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def records(self, chunk_ids: list[str]) -> list[str]:
        rows = dict(self.engine.con.execute(
            "SELECT chunk_id, record_id FROM chunk WHERE chunk_id IN (SELECT unnest(?::VARCHAR[]))",
            [chunk_ids]).fetchall())
        return list(dict.fromkeys(rows[c] for c in chunk_ids if c in rows))[:DEPTH]


class BM25Only(_Baseline):
    name = "bm25"

    def rank(self, q: dict[str, Any]) -> list[str]:
        r = self.engine.retriever
        hits = r.bm25.query(q["text"], 4 * DEPTH, r.allowed(self.filters(q)))
        return self.records([c for c, _ in hits])


class DenseOnly(_Baseline):
    name = "dense"

    def rank(self, q: dict[str, Any]) -> list[str]:
        r = self.engine.retriever
        f = self.filters(q)
        query = r.embedder.embed([q["text"]])[0]
        hits = r.dense(query, f, r.allowed(f), 4 * DEPTH)
        return self.records([c for c, _ in hits])


class LlamaFusion(_Baseline):
    name = "llamaindex"

    def __init__(self, engine: Engine, index_dir: Path) -> None:
        super().__init__(engine)
        self.fusion = FusionBaseline(build_or_load(engine.con, engine.retriever.embedder,
                                                   index_dir))

    def rank(self, q: dict[str, Any]) -> list[str]:
        mf = metadata_filters(FORCES[q["source"]], cleared=False, filters=q["filters"])
        return self.fusion.rank(q["text"], mf, DEPTH)
