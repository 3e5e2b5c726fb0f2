"""Detector `similar_complaints`: several different members of the public, independently,
describing the same kind of conduct by one officer.

Why: complaints from strangers who cannot have compared notes, telling the same story (cash going
missing after searches, threats to plant drugs unless paid, a victim pursued for a relationship),
are the strongest early sign of a pattern of misconduct — stronger than their categories suggest,
since each may be closed as "not upheld".

How (judged on meaning, sentence by sentence, against the rest of the force):
1. Candidates: an officer's complaints under one allegation category from at least
   `min_complaints` different complainants. Only these (plus a background sample, 3.) are
   embedded: embedding at detection time is the cost (~70 sentences per CPU-second).
2. Each narrative is split into sentences; the names of the officers, the complainant and the
   recorded location are replaced by role words ("the officer", "the complainant", "the area"),
   so an officer's own name or beat cannot make their complaints look alike. Sentences are
   embedded with the configured model (cached per text within a process).
3. Background: for each sentence, its best match in every complaint of the same category against
   *other* officers (the candidates, topped up to `background_min` complaints with a fixed
   sample of the category); `background_quantile` of those is "an ordinary match". Sentences
   whose ordinary match is already high (> `distinctive`) are stock framing — how complaints are
   told, the generic conduct of the category — and never count.
4. Two complaints from different complainants are linked when each has at least `min_beats`
   distinctive sentences whose best match in the other exceeds that sentence's background by
   `margin`: the other account tells the same specific thing more closely than other officers'
   complaints of that category do. Matches above `shared_wording` (near-identical sentences) are
   shared wording or a template, not independent testimony, and are ignored.
5. A cluster is a group in which every complaint is linked to at least `min_complaints - 1`
   others (a k-core), so one account cannot chain unrelated ones. The lead cites, for each
   complaint, the sentence that matched most distinctively.

Measured (evals/leads.py, 2,000-staff synthetic force, seed 7, all-MiniLM-L6-v2): 445
candidate groups (271 officers, 1,487 complaints) plus background top-ups; 5,982 distinct
masked sentences embedded, 125 s CPU (140–190 s wall on a loaded 2-core machine). Finds 1 of
the 5 planted clusters (3 of the 5 complaints of the victim-relationship storyline), no
unplanted lead, no decoy (0.5 leads per 1,000 staff). In the
200-staff test force it finds none of 3 and raises one unplanted lead (a call handler's
complaints about being kept on hold). The limit is the model: a paraphrase of a storyline beat
scores cos ~0.4–0.6 against its counterpart, no higher than topical neighbours in other
officers' complaints of the category (a 90th-percentile background of ~0.45–0.6), so only beats
unusual for their category stand out. Looser settings (background_quantile 0.8) find 2–4 of 5
but with 8–40 unplanted leads; a per-complaint "corroborated beats" k-core, z-scores of mean
matches and whole-narrative CSLS did no better. Finding paraphrased clusters reliably needs a
model that recognises paraphrased conduct (or conduct extraction at ingest).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from assistant.leads.config import SimilarComplaints
from assistant.leads.context import Context, excess
from assistant.leads.models import Finding, Span
from ingestion.chunking import sentence_spans

NAME = "similar_complaints"

_TITLES = r"(?:PC|DC|PS|DS|DI|Sgt|Sergeant|Constable|Inspector|Insp|Detective|Officer|Mr|Mrs|Ms|Miss|Dr)\.?\s+"
_NOT_NAMES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "DOB", "PC", "DC", "PS", "Sgt"})
_CACHE: dict[str, np.ndarray] = {}  # sha1(model, masked sentence) → unit vector


def masker(officers: Iterable[str], complainants: Iterable[str],
           places: Iterable[str]) -> Callable[[str], str]:
    """Replace the given names (whole or any capitalised part) and place phrases by role words."""
    rules: list[tuple[re.Pattern[str], str]] = []
    for names, role in ((officers, "the officer"), (complainants, "the complainant")):
        full = {n.strip() for n in names if n and n.strip()}
        parts = {t for n in full for t in re.findall(r"[A-Za-z][A-Za-z'\-]+", n)
                 if t[0].isupper() and t not in _NOT_NAMES}
        alts = _alternation(full | parts)
        if alts:
            rules.append((re.compile(rf"\b(?:{_TITLES})?(?:{alts})(?:\s+(?:{alts}))*\b", re.I),
                          role))
    alts = _alternation({p.strip() for p in places if p and p.strip()})
    if alts:
        rules.append((re.compile(rf"\b(?:{alts})\b", re.I), "the area"))

    def apply(text: str) -> str:
        for rx, role in rules:
            text = rx.sub(role, text)
        return text
    return apply


def _alternation(phrases: set[str]) -> str:
    return "|".join(re.escape(p) for p in sorted((p for p in phrases if len(p) >= 3),
                                                  key=len, reverse=True))


@dataclass
class Complaint:
    record_id: str
    spans: list[tuple[int, int]]  # sentence offsets in the narrative
    rows: slice  # its sentences' rows in the category's matrix


Group = dict[str, tuple[str, date]]  # complaint → (complainant, received)
Quotes = dict[str, tuple[tuple[int, int], float]]  # complaint → (sentence offsets, gain)


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


def _sentences(ctx: Context, ids: list[str]) -> dict[str, tuple[str, list[tuple[int, int]],
                                                                  list[str]]]:
    """complaint → (narrative, sentence spans, masked sentences)."""
    rows = ctx.con.execute(
        """SELECT c.record_id, c.narrative, c.complainant, c.location, c.district,
                  list(DISTINCT pr.name) FILTER (WHERE pr.name IS NOT NULL),
                  list(DISTINCT p.name) FILTER (WHERE p.name IS NOT NULL)
           FROM complaint c LEFT JOIN allegation al ON al.complaint_id = c.record_id
           LEFT JOIN person_ref pr ON pr.record_id = al.record_id AND pr.kind = 'allegation'
           LEFT JOIN person p ON p.record_id = pr.person_id
           WHERE c.record_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY ALL""", [ids]).fetchall()
    out = {}
    for rid, text, complainant, location, district, ref_names, names in rows:
        mask = masker([*(ref_names or []), *(names or [])], [complainant or ""],
                      [*(location or "").split(","), district or ""])
        spans = sentence_spans(text)
        out[rid] = (text, spans, [mask(text[s:e]) for s, e in spans])
    return out


def _embed(ctx: Context, texts: list[str]) -> np.ndarray:
    from assistant.embeddings import load_embedder

    embedder = load_embedder(ctx.settings)
    keys = [hashlib.sha1(f"{embedder.name}\0{t}".encode()).hexdigest() for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in _CACHE}.items())
    if todo:
        vectors = embedder.embed([t for _, t in todo])
        _CACHE.update({k: v for (k, _), v in zip(todo, vectors, strict=True)})
    return np.stack([_CACHE[k] for k in keys]) if keys else np.zeros((0, 1), np.float32)


def _best_matches(x: np.ndarray, starts: np.ndarray, shared: float) -> np.ndarray:
    """sentences × complaints: each sentence's best cosine in each complaint, ignoring
    near-identical sentences (shared wording). Row-chunked to bound memory."""
    out = np.zeros((len(x), len(starts)), np.float32)
    for lo in range(0, len(x), 2048):
        sim = x[lo:lo + 2048] @ x.T
        sim[sim > shared] = 0.0
        out[lo:lo + 2048] = np.maximum.reduceat(sim, starts, axis=1)
    return out


def _background(ctx: Context, category: str, exclude: set[str],
                n: int) -> dict[str, set[str]]:
    """Up to `n` further visible complaints of `category` (a fixed pseudo-random sample by id
    hash) with their subjects: a background for categories with few candidate complaints."""
    if n <= 0:
        return {}
    rows = ctx.con.execute(
        f"""SELECT x.complaint_id, list(DISTINCT x.person_id)
            FROM {ctx.complaint_subjects()} x JOIN complaint c ON c.record_id = x.complaint_id
            WHERE x.category = ? AND coalesce(trim(c.narrative), '') <> ''
              AND x.complaint_id NOT IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY x.complaint_id ORDER BY md5(x.complaint_id) LIMIT ?""",
        [category, sorted(exclude), n]).fetchall()
    return {c: set(people) for c, people in rows}


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.similar_complaints
    groups = _candidates(ctx)
    by_category: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person, category in groups:
        by_category[category].append((person, category))
    out: list[Finding] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for category, keys in sorted(by_category.items()):
        subjects: dict[str, set[str]] = defaultdict(set)
        for person, _ in keys:
            for c in groups[(person, category)]:
                subjects[c].add(person)
        subjects.update(_background(ctx, category, set(subjects),
                                    cfg.background_min - len(subjects)))
        text = _sentences(ctx, sorted(subjects))
        ids = sorted(c for c in subjects if c in text and text[c][2])
        complaints, sentences, row = {}, [], 0
        for c in ids:
            masked = text[c][2]
            complaints[c] = Complaint(c, text[c][1], slice(row, row + len(masked)))
            sentences += masked
            row += len(masked)
        x = _embed(ctx, sentences)
        col = {c: j for j, c in enumerate(ids)}
        best = _best_matches(x, np.array([complaints[c].rows.start for c in ids]),
                             cfg.shared_wording)
        for key in keys:
            person = key[0]
            members = [c for c in groups[key] if c in col]
            others = np.array([person not in subjects[c] for c in ids])
            if len(members) < cfg.min_complaints or not others.any():
                continue
            found = _cluster(cfg, members, groups[key], complaints, best, col, others)
            for cluster, quotes in found:
                if (person, frozenset(cluster)) in seen:
                    continue
                seen.add((person, frozenset(cluster)))
                out.append(_finding(person, category, cluster, groups[key], quotes,
                                    cfg.min_complaints))
    return out


def _cluster(cfg: SimilarComplaints, members: list[str], group: Group,
             complaints: dict[str, Complaint], best: np.ndarray, col: dict[str, int],
             others: np.ndarray) -> list[tuple[list[str], Quotes]]:
    """Clusters of linked complaints among one officer's complaints of one category, each with
    its most distinctive matching sentence (offsets) per complaint."""
    bg_cols = np.flatnonzero(others)
    thr = {c: np.quantile(best[complaints[c].rows][:, bg_cols], cfg.background_quantile, axis=1)
           for c in members}
    n = len(members)
    linked = np.zeros((n, n), bool)
    gain: dict[tuple[int, int], np.ndarray] = {}
    for i in range(n):
        for j in range(n):
            if i == j or group[members[i]][0] == group[members[j]][0]:
                continue
            a, b = members[i], members[j]
            ex = best[complaints[a].rows, col[b]] - thr[a]
            gain[(i, j)] = np.where((thr[a] <= cfg.distinctive) & (ex >= cfg.margin), ex, 0.0)
    for (i, j), g in gain.items():
        if i < j and min((g > 0).sum(), (gain[(j, i)] > 0).sum()) >= cfg.min_beats:
            linked[i, j] = linked[j, i] = True
    found = []
    for comp in _clusters(linked, cfg.min_complaints - 1):
        quotes: Quotes = {}
        for i in comp:
            total = sum(gain[(i, j)] for j in comp if (i, j) in gain and linked[i, j])
            k = int(np.argmax(total))
            quotes[members[i]] = (complaints[members[i]].spans[k], float(np.max(total)))
        found.append(([members[i] for i in comp], quotes))
    return found


def _finding(person: str, category: str, cluster: list[str], group: Group, quotes: Quotes,
             min_complaints: int) -> Finding:
    first, last = group[cluster[0]][1], group[cluster[-1]][1]
    return Finding(
        detector=NAME, people=[person], key=cluster[0],
        score=excess(len(cluster), min_complaints),
        explanation=(f"{len(cluster)} complaints ({category}) from {len(cluster)} different "
                     f"complainants describe the same specific conduct ({first:%b %Y} – "
                     f"{last:%b %Y}): each shares details with the others more closely than "
                     f"other officers' complaints of this category do"),
        spans=[Span(c, "narrative", *quotes[c][0]) for c in cluster],
        detail={"complaints": cluster, "category": category,
                "match_excess": {c: round(quotes[c][1], 3) for c in cluster}})


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
