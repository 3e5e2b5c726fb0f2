"""Detector `similar_complaints`: several different members of the public, independently,
describing the same kind of conduct by one officer.

Why: complaints from strangers who cannot have compared notes, telling the same story (cash going
missing after searches, threats to plant drugs unless paid, a victim pursued for a relationship),
are the strongest early sign of a pattern of misconduct — stronger than their categories suggest,
since each may be closed as "not upheld".

How (judged on meaning, against the rest of the force):
1. Candidates: an officer's complaints under one allegation category from at least
   `min_complaints` different complainants.
2. Each narrative is split into sentences and the names of the officers, the complainant and the
   recorded place are replaced by role words ("the officer", "the complainant", "the area"), so
   an officer's own name or beat cannot make their complaints look alike (distinct sentences
   embedded once, cached; the ingest's sentence index is unmasked, so it is not used). Two
   complaints are compared by their `aligned_sentences` (3) best-aligned sentence pairs
   (`Scorer`): a planted account that tells the conduct in one or two sentences among framing
   was dragged under the bar by the mean of its sentences (0: the mean, the previous way).
3. Whitening: the vectors of a fixed reference sample of the force's complaints define the
   directions along which *all* complaints vary — how complaints are told, the usual settings.
   Projecting onto the top `whiten_dims` whitened components (Su et al. 2021, "Whitening sentence
   representations") evens those out, so the specific conduct weighs as much as the framing.
   Raw all-MiniLM-L6-v2 cosine ranks paraphrased accounts of one storyline *below* ordinary
   pairs of same-category complaints (pair AUC 0.48 at 2,000 staff); whitened, 0.84.
4. Local density (CSLS, Conneau et al. 2018): a pair's cosine minus, for each complaint, its mean
   cosine with its `neighbours` nearest reference complaints against other people. Conduct the
   whole force complains about (rudeness at the front counter, a long wait in custody) has dense
   neighbourhoods and scores low; conduct specific to a few officers stands out (pair AUC 0.92).
5. Calibration: two complaints are linked when their score is above the `pair_quantile` of all
   such pairs among officers of the same role (role title, else rank, else the force): "more
   alike than 97% of pairs of complaints against one call handler" — call handlers' complaints
   are alike by the nature of the job, constables' much less so.
   A role with fewer pairs of its own (front counter officers, a few dozen staff) takes its bar
   from pairs of complaints of one category against *different* members of the role in the
   reference sample — how alike complaints against that job are anyway — before falling back
   to the force: on the noisy force two front counter officers drew leads for three ordinary
   front-counter complaints each (a queue, a curt reply), measured against constables' pairs.
6. A cluster is a group in which every complaint is linked to at least `min_complaints - 1`
   others (a k-core), so one account cannot chain unrelated ones. The lead cites, for each
   complaint, the sentence closest to the other complaints of the cluster.

Measured with mean vectors (before `aligned_sentences`; seed 7, all-MiniLM-L6-v2; evals/leads.py counts a planted cluster found when a lead is
about its officer and quotes at least 3 of its complaints):
- 2,000 staff: 3 of 5 planted clusters, no other lead, no decoy; 40–90 s with the torch backend,
  most of it embedding ~6,000 distinct masked sentences.
- 45,000 staff (onnx-int8, bench/results/leads_45000.md): 49 of 112, 12 other leads (groups of
  three or four alike incivility or neglect complaints, mostly against call handlers), no decoy;
  98–117 s for 57,000 distinct sentences (157 s and 2.4 GB peak when run alone).
- What it misses at 45,000 is conduct the category's other complaints commonly describe: racist
  abuse at stops (0 of 31) and sexual comments to drivers (3 of 13) read like many
  ordinary discrimination and sexual-misconduct complaints, so the density discounts them.
  Storylines specific to few officers are found: a victim pursued 12 of 13, cash missing after
  searches 21 of 26, drugs planted unless paid 13 of 29.
- A 200-staff force (a few hundred complaints) is too small to tell what is ordinary: 0 of 3.
- Noisy force (2,000 staff, after the merge): 2 of 5, 4 other leads. Misses: a plant of 2
  complaints; a 3-complaint plant whose third account (short, half framing) sits just under the
  constables' bar with both others (−0.096 and −0.21 against −0.064; the first pair 0.255);
  racist abuse at stops far under it (−0.21 to −0.57). The ingest's sentence index is not used:
  it is unmasked. Scoring a pair by its best-aligned sentence pairs (whitened, density
  discounted the same way; measured offline on the same embeddings): 3 pairs 3 of 5 with 2
  other leads; 2 pairs: 2 of 5, 2 other; 1 pair: none. On the standard force 3 pairs find 4 of
  5 (mean vectors: 3 of 5) with 1 other lead: adopted as the default.
- Variants tried (45,000 staff, before namesake resolution): calibrating per
  category (planted clusters then set their own bar: 0 found); weighting sentences by rarity
  (59 found, 20 other leads); the 95th percentile (65 found, 23 other leads); sentence-level
  alignment against a per-category background (the previous version: 1 of 5 at 2,000 staff,
  0 of 112 at 45,000).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np

from assistant.leads.config import SimilarComplaints
from assistant.leads.context import Context, excess
from assistant.leads.models import Finding, Span
from assistant.leads.narratives import Texts, embed, sentences

NAME = "similar_complaints"

Group = dict[str, tuple[str, date]]  # complaint → (complainant, received)


def _candidates(ctx: Context) -> dict[tuple[str, str], Group]:
    """(person, category) → complaint → (complainant, received), for groups of ≥ min_complaints
    distinct complainants."""
    cfg = ctx.config.similar_complaints
    rows = ctx.con.execute(
        f"""WITH s AS (SELECT DISTINCT x.person_id, x.category, x.complaint_id, x.received,
                              coalesce(lower(trim(c.complainant)), x.complaint_id) AS who
                       FROM {ctx.complaint_subjects()} x
                       JOIN complaint c ON c.record_id = x.complaint_id
                       WHERE coalesce(trim(c.narrative), '') <> '' AND x.category IS NOT NULL)
            SELECT person_id, category, complaint_id, who, received FROM s
            WHERE (person_id, category) IN (SELECT (person_id, category) FROM s
                  GROUP BY ALL HAVING count(DISTINCT who) >= ?)
            ORDER BY person_id, category, received, complaint_id""",
        [cfg.min_complaints]).fetchall()
    groups: dict[tuple[str, str], Group] = defaultdict(dict)
    for person, category, complaint, who, received in rows:
        groups[(person, category)][complaint] = (who, received)
    return groups


def _reference(ctx: Context, size: int) -> dict[str, set[str]]:
    """A fixed pseudo-random sample (by id hash) of visible complaints with a narrative and a
    resolved subject, with their subjects."""
    rows = ctx.con.execute(
        f"""SELECT x.complaint_id, list(DISTINCT x.person_id)
            FROM {ctx.complaint_subjects()} x JOIN complaint c ON c.record_id = x.complaint_id
            WHERE coalesce(trim(c.narrative), '') <> ''
            GROUP BY x.complaint_id ORDER BY md5(x.complaint_id) LIMIT ?""", [size]).fetchall()
    return {c: set(people) for c, people in rows}


def _reference_rows(ctx: Context, ids: list[str]) -> list[tuple[str, str, str, str]]:
    """(complaint, person, category, complainant) for the reference complaints."""
    return [tuple(r) for r in ctx.con.execute(
        f"""SELECT DISTINCT x.complaint_id, x.person_id, x.category,
                  coalesce(lower(trim(c.complainant)), x.complaint_id)
           FROM {ctx.complaint_subjects()} x JOIN complaint c ON c.record_id = x.complaint_id
           WHERE x.complaint_id IN (SELECT unnest(?::VARCHAR[])) AND x.category IS NOT NULL
           ORDER BY 1, 2, 3""", [ids]).fetchall()]


class Scorer:
    """How alike two complaints are (whitened cosine), and one complaint against every reference
    complaint: by the mean of their sentences, or (`aligned` > 0) by their `aligned` best-aligned
    sentence pairs — each sentence's closest sentence in the other complaint, the best `aligned`
    of those averaged both ways. Alignment lets the few sentences that tell the conduct (the
    notes gone from the wallet) carry a pair that framing sentences (the time, the apology
    asked for) would dilute in a mean."""

    def __init__(self, v: np.ndarray, xs: np.ndarray | None, starts: np.ndarray,
                 ref_rows: np.ndarray, aligned: int) -> None:
        self.v, self.xs, self.starts, self.ref_rows, self.k = v, xs, starts, ref_rows, aligned
        if xs is not None:
            spans = [np.arange(starts[r], starts[r + 1]) for r in ref_rows]
            self.ref_sent = np.concatenate(spans)
            self.ref_starts = np.concatenate([[0], np.cumsum([len(x) for x in spans])[:-1]])

    def _sent(self, i: int) -> np.ndarray:
        assert self.xs is not None
        return self.xs[self.starts[i]:self.starts[i + 1]]

    def pair(self, i: int, j: int) -> float:
        if self.xs is None:
            return float(self.v[i] @ self.v[j])
        m = self._sent(i) @ self._sent(j).T
        return float(np.sort(m.max(1))[::-1][:self.k].mean()
                     + np.sort(m.max(0))[::-1][:self.k].mean()) / 2

    def reference(self, i: int) -> np.ndarray:
        """Complaint `i` against every reference complaint (one direction when aligned)."""
        if self.xs is None:
            return np.asarray(self.v[self.ref_rows] @ self.v[i])
        best = np.maximum.reduceat(self._sent(i) @ self.xs[self.ref_sent].T, self.ref_starts,
                                   axis=1)
        return np.asarray(-np.sort(-best, axis=0)[:self.k].mean(0))


def _cross_pairs(score: Scorer, row: dict[str, int], rows: list[tuple[str, str, str, str]],
                 roles: dict[str, str], wanted: set[str],
                 density: dict[tuple[str, str], float], cap: int = 20000) -> dict[str, list[float]]:
    """Role (of those `wanted`) → CSLS of pairs of reference complaints of one category, from
    different complainants, against different members of the role (at most `cap` pairs,
    in a fixed order)."""
    by: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for c, person, category, who in rows:
        role = roles.get(person, "")
        if role in wanted and c in row and (c, person) in density:
            by[(role, category)].append((c, person, who))
    out: dict[str, list[float]] = defaultdict(list)
    for (role, _), items in sorted(by.items()):
        for i, (a, pa, wa) in enumerate(items):
            for b, pb, wb in items[i + 1:]:
                if pa != pb and wa != wb and a != b and len(out[role]) < cap:
                    out[role].append(2 * score.pair(row[a], row[b])
                                     - density[(a, pa)] - density[(b, pb)])
    return out


def _roles(ctx: Context, people: Iterable[str]) -> dict[str, str]:
    """person → peer group for calibration: role title, else rank, else the force."""
    rows = ctx.con.execute(
        """SELECT record_id, coalesce(nullif(trim(role_title), ''), nullif(trim(rank), ''),
                                      force)
           FROM person WHERE record_id IN (SELECT unnest(?::VARCHAR[]))""",
        [sorted(set(people))]).fetchall()
    return {p: str(r) for p, r in rows}


def _whitener(reference: np.ndarray, dims: int) -> Callable[[np.ndarray], np.ndarray]:
    """x → unit vectors in the reference's top `dims` whitened principal components."""
    mean = reference.mean(0)
    u, s, _ = np.linalg.svd(np.cov((reference - mean).T))
    k = max(1, min(dims, len(reference) // 4, int((s > 1e-9).sum())))
    w = u[:, :k] / np.sqrt(s[:k])

    def apply(x: np.ndarray) -> np.ndarray:
        y = (x - mean) @ w
        return (y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-12)).astype(
            np.float32)
    return apply


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.similar_complaints
    groups = _candidates(ctx)
    if not groups:
        return []
    reference = _reference(ctx, cfg.reference_size)
    subjects: dict[str, set[str]] = defaultdict(set, {c: set(p) for c, p in reference.items()})
    for (person, _), group in groups.items():
        for c in group:
            subjects[c].add(person)
    text = sentences(ctx, sorted(subjects))
    ids = sorted(text)
    row = {c: i for i, c in enumerate(ids)}
    x = embed(ctx, [s for c in ids for s in text[c][2]])
    starts = np.cumsum([0] + [len(text[c][2]) for c in ids])
    means = np.add.reduceat(x, starts[:-1], axis=0) / np.diff(starts)[:, None]
    ref_rows = np.array([row[c] for c in sorted(reference) if c in row])
    if len(ref_rows) < 2 * cfg.neighbours:
        return []  # too small a force to tell what is ordinary
    whiten = _whitener(means[ref_rows], cfg.whiten_dims)
    v = whiten(means)
    score = Scorer(v, whiten(x) if cfg.aligned_sentences else None, starts, ref_rows,
                   cfg.aligned_sentences)
    ref_rows_of = _reference_rows(ctx, sorted(reference))
    roles = _roles(ctx, {*(p for p, _ in groups), *(r[1] for r in ref_rows_of)})
    peers = {key: roles.get(key[0], "") for key in groups}
    own: dict[str, int] = defaultdict(int)  # pairs of its own each role will have
    for key, group in groups.items():
        own[peers[key]] += sum(1 for a in group for b in group if a < b and a in row
                               and b in row and group[a][0] != group[b][0])
    small = {r for r in peers.values() if own[r] < cfg.min_role_pairs}
    wanted: dict[str, set[str]] = defaultdict(set)
    for (person, _), group in groups.items():
        for c in group:
            wanted[c].add(person)
    for c, person, *_ in ref_rows_of:
        if roles.get(person, "") in small:
            wanted[c].add(person)
    density = _density(score, ids, ref_rows, subjects, wanted, cfg.neighbours)
    pairs = _pair_scores(score, row, groups, density)
    cross = _cross_pairs(score, row, ref_rows_of, roles, small, density)
    cut, overall = _thresholds(pairs, peers, cfg.pair_quantile, cfg.min_role_pairs, cross)
    out: list[Finding] = []
    for key, group in groups.items():
        members = [c for c in group if c in row]
        peer = peers[key] if peers[key] in cut else "officer"
        for comp in _clusters(_links(members, pairs[key], cut.get(peers[key], overall)),
                              cfg.min_complaints - 1):
            cluster = [members[i] for i in comp]
            quotes = {c: _closest_sentence(c, cluster, text, x, starts, row, whiten, v)
                      for c in cluster}
            out.append(_finding(key, cluster, group, quotes, peer, cfg))
    return out


def _links(members: list[str], scores: dict[tuple[str, str], float],
           threshold: float) -> np.ndarray:
    linked = np.zeros((len(members), len(members)), bool)
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            if scores.get((a, b), -np.inf) >= threshold:
                linked[i, j] = linked[j, i] = True
    return linked


def _density(score: Scorer, ids: list[str], ref_rows: np.ndarray,
             subjects: dict[str, set[str]], wanted: dict[str, set[str]],
             neighbours: int) -> dict[tuple[str, str], float]:
    """(complaint, person) for each person `wanted` of a complaint → mean cosine of the
    complaint's `neighbours` nearest reference complaints that are not about that person (nor
    the complaint itself)."""
    row = {c: i for i, c in enumerate(ids)}
    todo = sorted(c for c in wanted if c in row)
    reach = 2 * neighbours + 16  # nearest looked at: room for the person's own complaints
    out: dict[tuple[str, str], float] = {}
    for c in todo:
        sim = score.reference(row[c])
        nearest = np.argsort(-sim)[:reach]
        for person in wanted[c]:
            keep = [j for j in nearest if ids[ref_rows[j]] != c
                    and person not in subjects[ids[ref_rows[j]]]][:neighbours]
            out[(c, person)] = float(sim[keep].mean()) if keep else 1.0
    return out


Pairs = dict[tuple[str, str], dict[tuple[str, str], float]]  # group → (a, b) → score


def _pair_scores(score: Scorer, row: dict[str, int], groups: dict[tuple[str, str], Group],
                 density: dict[tuple[str, str], float]) -> Pairs:
    """CSLS of each pair of a group's complaints from different complainants."""
    out: Pairs = {}
    for key, group in groups.items():
        person = key[0]
        members = [c for c in group if c in row]
        scores = {}
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if group[a][0] != group[b][0]:
                    scores[(a, b)] = (2 * score.pair(row[a], row[b])
                                      - density[(a, person)] - density[(b, person)])
        out[key] = scores
    return out


def _thresholds(pairs: Pairs, peers: dict[tuple[str, str], str], quantile: float,
                min_pairs: int, cross: dict[str, list[float]] | None = None,
                ) -> tuple[dict[str, float], float]:
    """Peer group → link threshold, the quantile of its pair scores, for groups with at least
    `min_pairs` pairs; else the quantile of its `cross` pairs (complaints against different
    members of the role) when it has that many; and the force's quantile, for the others.
    Calibrated per role, not per category: planted or real clusters are a large share of the
    few pairs in a category such as sexual misconduct, and would set their own bar."""
    by_role: dict[str, list[float]] = defaultdict(list)
    for key, scores in pairs.items():
        by_role[peers[key]].extend(scores.values())
    every = [s for values in by_role.values() for s in values]
    overall = float(np.quantile(every, quantile)) if every else np.inf
    cut = {role: float(np.quantile(values, quantile)) for role, values in by_role.items()
           if len(values) >= min_pairs}
    for role, values in (cross or {}).items():
        if role not in cut and len(values) >= min_pairs:
            cut[role] = float(np.quantile(values, quantile))
    return cut, overall


def _closest_sentence(c: str, cluster: list[str], text: Texts, x: np.ndarray,
                      starts: np.ndarray, row: dict[str, int],
                      whiten: Callable[[np.ndarray], np.ndarray],
                      v: np.ndarray) -> tuple[tuple[int, int], float]:
    """The sentence of `c` closest (whitened) to the other complaints of the cluster."""
    mine = whiten(x[starts[row[c]]:starts[row[c] + 1]])
    others = v[[row[o] for o in cluster if o != c]]
    closeness = (mine @ others.T).mean(1)
    k = int(np.argmax(closeness))
    return text[c][1][k], float(closeness[k])


Quotes = dict[str, tuple[tuple[int, int], float]]  # complaint → (sentence offsets, closeness)


def _finding(key: tuple[str, str], cluster: list[str], group: Group, quotes: Quotes, peer: str,
             cfg: SimilarComplaints) -> Finding:
    (person, category), n = key, len(cluster)
    first, last = group[cluster[0]][1], group[cluster[-1]][1]
    return Finding(
        detector=NAME, people=[person], key=cluster[0],
        score=excess(n, cfg.min_complaints),
        explanation=(f"{n} complaints ({category}) from {n} different complainants describe "
                     f"similar conduct ({first:%b %Y} – {last:%b %Y}): each resembles at least "
                     f"{cfg.min_complaints - 1} of the others more closely than "
                     f"{cfg.pair_quantile:.0%} of pairs of complaints against one {peer}, once "
                     f"what the force's complaints commonly say is discounted"),
        spans=[Span(c, "narrative", *quotes[c][0]) for c in cluster],
        detail={"complaints": cluster, "category": category, "peer_group": peer,
                "closeness": {c: round(quotes[c][1], 3) for c in cluster}})


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
