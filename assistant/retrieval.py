"""Hybrid retrieval over narrative chunks: BM25 + dense, fused by reciprocal rank.

Filters (clearance, force, kind, people, dates, categories) are applied inside both searches,
never after them: the allowed chunk set comes from DuckDB; BM25 scores only that set; the dense
side scores a small set exactly and otherwise passes the same filters to Chroma as `where`, and
anything Chroma returns outside the allowed set is dropped. A filter that cannot be applied raises.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np

from assistant.embeddings import Embedder
from assistant.index.lexical import BM25Index
from assistant.index.vector import VectorIndex

RRF_K = 60  # the constant from Cormack et al. (2009); robust without tuning
# Plain (equal-vote) RRF over the top 20 of each side. Fusing deeper lists let records that both
# retrievers rank mediocre (two votes at rank ~30) outrank either side's clear first hits. On the
# find-similar gold questions (26 per world, no person named) recall@10 rose from 0.303 to 0.404
# (200-person world) and 0.267 to 0.309 (400-person world, held out while choosing) against
# dense 1.0 / BM25 0.5 over the top 50; dense-only scores 0.373 / 0.231 and BM25-only 0.311 / 0.265.
WEIGHTS = {"dense": 1.0, "bm25": 1.0}
EXACT_LIMIT = 4000  # at most this many allowed chunks: score them all exactly
FETCH = 20  # candidates taken from each retriever before fusion


@dataclass(frozen=True)
class Filters:
    cleared: bool  # may see restricted records
    forces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    record_ids: tuple[str, ...] | None = None  # e.g. the records naming a person
    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[str, ...] = ()  # stored category labels

    def sql(self) -> tuple[str, list[Any]]:
        clauses, params = ["true"], list[Any]()
        if not self.cleared:
            clauses.append("NOT restricted")
        for column, values in (
            ("force", self.forces),
            ("kind", self.kinds),
            ("category", self.categories),
        ):
            if values:
                clauses.append(f"{column} IN (SELECT unnest(?::VARCHAR[]))")
                params.append(list(values))
        if self.record_ids is not None:
            clauses.append("record_id IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.record_ids))
        if self.date_from:
            clauses.append("record_date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("record_date <= ?")
            params.append(self.date_to)
        return " AND ".join(clauses), params

    def chroma_where(self) -> dict[str, Any] | None:
        conds: list[dict[str, Any]] = []
        if not self.cleared:
            conds.append({"restricted": False})
        for key, values in (
            ("force", self.forces),
            ("kind", self.kinds),
            ("category", self.categories),
        ):
            if values:
                conds.append({key: {"$in": list(values)}})
        if self.record_ids is not None:
            conds.append({"record_id": {"$in": list(self.record_ids) or [""]}})
        if self.date_from:
            conds.append({"date": {"$gte": int(self.date_from.strftime("%Y%m%d"))}})
        if self.date_to:
            conds.append({"date": {"$lte": int(self.date_to.strftime("%Y%m%d"))}})
        if not conds:
            return None
        return conds[0] if len(conds) == 1 else {"$and": conds}

    @property
    def unfiltered(self) -> bool:
        return self.chroma_where() is None


@dataclass
class Hit:
    chunk_id: str
    record_id: str
    kind: str
    field: str
    start: int
    end: int
    text: str
    score: float = 0.0  # fused (reciprocal rank)
    dense: float | None = None  # cosine similarity
    lexical: float | None = None  # BM25
    ranks: dict[str, int] = dataclasses.field(default_factory=dict)  # `field` is a column here


class HybridRetriever:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        embedder: Embedder,
        vectors: VectorIndex,
        bm25: BM25Index,
    ) -> None:
        self.con, self.embedder, self.vectors, self.bm25 = con, embedder, vectors, bm25

    def allowed(self, filters: Filters) -> set[str] | None:
        """Chunk ids the filters admit; None when nothing is filtered."""
        if filters.unfiltered:
            return None
        where, params = filters.sql()
        return {
            r
            for (r,) in self.con.execute(
                f"SELECT chunk_id FROM chunk WHERE {where}", params
            ).fetchall()
        }

    def dense(
        self, query: np.ndarray, filters: Filters, allowed: set[str] | None, k: int
    ) -> list[tuple[str, float]]:
        if allowed is not None and len(allowed) <= EXACT_LIMIT:
            if not allowed:
                return []
            ids = sorted(allowed)
            found = self.vectors.get_embeddings(ids)
            ids = [i for i in ids if i in found]
            if not ids:
                return []
            scores = np.stack([found[i] for i in ids]) @ query
            order = np.argsort(-scores, kind="stable")[:k]
            return [(ids[i], float(scores[i])) for i in order]
        hits = self.vectors.query(query, k, where=filters.chroma_where())
        return [h for h in hits if allowed is None or h[0] in allowed]

    def search(
        self, text: str, filters: Filters, k: int = 10, query: np.ndarray | None = None
    ) -> list[Hit]:
        """`query` is `text` already embedded, when the caller needs the vector too."""
        allowed = self.allowed(filters)
        if query is None:
            query = self.embedder.embed([text])[0]
        dense = self.dense(query, filters, allowed, FETCH)
        lexical = self.bm25.query(text, FETCH, allowed=allowed)
        fused: dict[str, Hit] = {}
        for name, ranked in (("dense", dense), ("bm25", lexical)):
            for rank, (chunk_id, score) in enumerate(ranked, start=1):
                hit = fused.setdefault(chunk_id, Hit(chunk_id, "", "", "", 0, 0, ""))
                hit.score += WEIGHTS[name] / (RRF_K + rank)
                hit.ranks[name] = rank
                if name == "dense":
                    hit.dense = score
                else:
                    hit.lexical = score
        ordered = self._fill(sorted(fused.values(), key=lambda h: (-h.score, h.chunk_id)))
        # k distinct records: a second chunk of a record already found adds no evidence.
        top, seen = [], set()
        for hit in ordered:
            if hit.record_id not in seen:
                seen.add(hit.record_id)
                top.append(hit)
            if len(top) == k:
                break
        missing = [h.chunk_id for h in top if h.dense is None]
        if missing:  # lexical-only hits still get a similarity: relevance is judged on one scale
            vectors = self.vectors.get_embeddings(missing)
            for hit in top:
                if hit.dense is None and hit.chunk_id in vectors:
                    hit.dense = float(vectors[hit.chunk_id] @ query)
        return top

    def _fill(self, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return []
        rows = self.con.execute(
            """SELECT chunk_id, record_id, kind, field, start_pos, end_pos, text FROM chunk
               WHERE chunk_id IN (SELECT unnest(?::VARCHAR[]))""",
            [[h.chunk_id for h in hits]],
        ).fetchall()
        by_id = {r[0]: r for r in rows}
        out = []
        for hit in hits:
            row = by_id.get(hit.chunk_id)
            if row is None:  # vector left behind by a changed record: not evidence
                continue
            _, hit.record_id, hit.kind, hit.field, hit.start, hit.end, hit.text = row
            out.append(hit)
        return out
