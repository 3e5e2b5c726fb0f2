"""Detector `similar_complaints`: several different members of the public, independently,
describing the same kind of conduct by one officer.

Why: complaints from strangers who cannot have compared notes, telling the same story (cash going
missing after searches, threats to plant drugs unless paid, a victim pursued for a relationship),
are the strongest early sign of a pattern of misconduct — stronger than their categories suggest,
since each may be recorded under a different heading or closed as "not upheld". Similarity is
judged on meaning, not shared wording: each complaint is represented by the stored sentence
embeddings of its narrative (the vectors the search index already holds; averaged over its
chunks), and two complaints from different complainants are linked when their cosine similarity
reaches `similarity`. A cluster is a group in which every complaint is linked to at least
`min_complaints - 1` others (a k-core), so one generic narrative cannot chain unrelated ones.

Measured limit (evals/leads.py, synthetic force): whole-narrative all-MiniLM-L6-v2 vectors are
dominated by how a complaint is told (voice, setting, officer named, stock phrases), not by the
conduct; the planted clusters — independent paraphrases of one storyline — are no more similar
(median cosine 0.51) than an officer's ordinary same-category complaints (0.49), and category
centring, whitening, rank-based (CSLS) links and sentence-level alignment did not separate them
either. The threshold is therefore set high (0.75), so the detector reports only near-identical
accounts and does not flood reviewers; finding paraphrased clusters needs a stronger or
conduct-focused embedding at ingest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from assistant.leads.context import Context, excess
from assistant.leads.evidence import complaint_headlines
from assistant.leads.models import Finding
from assistant.settings import Settings

NAME = "similar_complaints"


class StoredVectors:
    """Stands in for the embedder when stored vectors are only read: it names the configured
    model (so ChromaIndex still refuses an index built with another) but never embeds."""

    def __init__(self, settings: Settings) -> None:
        from assistant.embeddings import _model_name

        self.name, self.dim = _model_name(settings.embedding_model_path), 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("lead detection reads stored vectors; it never embeds")


def complaint_vectors(ctx: Context, complaints: list[str]) -> dict[str, np.ndarray]:
    """Unit vector per complaint: the mean of its narrative chunks' stored embeddings."""
    from assistant.index.vector import ChromaIndex

    rows = ctx.con.execute(
        """SELECT chunk_id, record_id FROM chunk WHERE kind = 'complaint' AND field = 'narrative'
           AND embedded AND record_id IN (SELECT unnest(?::VARCHAR[]))""", [complaints]).fetchall()
    if not rows:  # nothing embedded yet: no index to read
        return {}
    from assistant.store import store_id

    index = ChromaIndex(ctx.settings, StoredVectors(ctx.settings), store_id=store_id(ctx.con))
    stored = index.get_embeddings([c for c, _ in rows])
    parts: dict[str, list[np.ndarray]] = defaultdict(list)
    for chunk_id, record_id in rows:
        if chunk_id in stored:
            parts[record_id].append(stored[chunk_id])
    out = {}
    for record_id, vectors in parts.items():
        mean = np.mean(vectors, axis=0)
        out[record_id] = mean / (np.linalg.norm(mean) or 1.0)
    return out


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.similar_complaints
    rows = ctx.con.execute(
        f"""WITH s AS (SELECT DISTINCT x.person_id, x.complaint_id, x.received,
                              lower(trim(c.complainant)) AS who
                       FROM {ctx.complaint_subjects()} x
                       JOIN complaint c ON c.record_id = x.complaint_id
                       WHERE coalesce(trim(c.narrative), '') <> '')
            SELECT person_id, list(complaint_id ORDER BY received, complaint_id),
                   list(coalesce(who, complaint_id) ORDER BY received, complaint_id),
                   list(received ORDER BY received, complaint_id)
            FROM s GROUP BY person_id HAVING count(DISTINCT coalesce(who, complaint_id)) >= ?
            ORDER BY person_id""", [cfg.min_complaints]).fetchall()
    vectors = complaint_vectors(ctx, sorted({c for row in rows for c in row[1]}))
    out = []
    for person, complaints, who, received in rows:
        keep = [k for k, c in enumerate(complaints) if c in vectors]
        if len(keep) < cfg.min_complaints:
            continue
        v = np.stack([vectors[complaints[k]] for k in keep])
        sim = v @ v.T
        linked = (sim >= cfg.similarity) & np.array(
            [[who[a] != who[b] for b in keep] for a in keep])
        for cluster in _clusters(linked, cfg.min_complaints - 1):
            members = [keep[k] for k in cluster]
            pairs = sim[np.ix_(cluster, cluster)][np.triu_indices(len(cluster), 1)]
            ids = [complaints[k] for k in members]
            first, last = received[members[0]], received[members[-1]]
            out.append(Finding(
                detector=NAME, people=[person], key=ids[0],
                score=excess(len(ids), cfg.min_complaints),
                explanation=(f"{len(ids)} complaints from {len(ids)} different complainants "
                             f"describe similar conduct ({first:%b %Y} – {last:%b %Y}; mean "
                             f"narrative similarity {float(pairs.mean()):.2f})"),
                spans=complaint_headlines(ctx.con, ids),
                detail={"complaints": ids, "mean_similarity": round(float(pairs.mean()), 3),
                        "min_similarity": round(float(pairs.min()), 3)}))
    return out


def _clusters(linked: np.ndarray, min_degree: int) -> list[list[int]]:
    """Connected components of the graph's `min_degree`-core, each sorted, largest first."""
    alive = np.ones(len(linked), bool)
    np.fill_diagonal(linked, False)
    while True:
        degree = (linked & alive[None, :]).sum(1)
        drop = alive & (degree < min_degree)
        if not drop.any():
            break
        alive &= ~drop
    seen: set[int] = set()
    out = []
    for start in np.flatnonzero(alive).tolist():
        if start in seen:
            continue
        stack, comp = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            comp.append(node)
            for nxt in np.flatnonzero(linked[node] & alive).tolist():
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        if len(comp) > min_degree:
            out.append(sorted(comp))
    return sorted(out, key=lambda c: (-len(c), c))
