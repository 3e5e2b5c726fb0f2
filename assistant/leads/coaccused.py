"""Detector `coaccused`: two officers named together in complaint after complaint.

Why: colleagues on one shift are sometimes complained about together, and a pair named twice in
five years is ordinary; a pair named in `min_complaints` or more separate complaints, by different
members of the public, suggests a working partnership in which conduct is shared or covered for.
The link graph — every pair of officers named in the same complaint, weighted by how many
complaints — is built with one self-join in DuckDB (`joins.coaccused.pairs`, which join
questions also run); each edge at or above the threshold
is a lead about both officers, and the lead's detail lists each officer's other repeated links so
a reviewer can see whether the pair sits in a wider group. A complaint naming one of the pair and,
only ambiguously, someone the other could be ("PC K Butler" at a station with two) counts as
possibly naming the pair (`config.ambiguous`): it can complete a pair that resolved complaints
almost make, and the lead says so.

Exposure. Crew-mates who work together are complained about together innocently, so the lead
states how many shifts the two worked together in the duty roster (same day, same start time)
for the reviewer to weigh. It is not used to discount a pair, measured on the noisy synthetic
force (`evals/leads_noisy.py`): the roster covers one year against five years of complaints, and
shifts together did not separate planted pairs (0, 0, 16, 17 and 184 shifts) from crew-mates
named together three or more times in ordinary complaints (0–169; re-measured after the roster
amendments, 2026-12-07). On that force crew-mates are named together 2–5 times and planted
pairs 3–6 (drawn from 3–7), from the same station, in the same categories,
by different complainants; nothing in the exports but the count tells them apart, so no setting
reaches recall 0.8 with precision 0.7 (min_complaints 3: R 1.0 P 0.24; 4: R 0.6 P 0.27; 5: R 0.6
P 0.5; the curve is in bench/results/leads_noisy_2000.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.joins.coaccused import pairs
from assistant.leads.context import Context, certainty, excess, possible_complaints
from assistant.leads.evidence import complaint_headlines, whole
from assistant.leads.models import Finding

NAME = "coaccused"


def graph(ctx: Context, min_complaints: int) -> list[tuple[str, str, int, list, list]]:
    """Edges (person a, person b, complaints, complaint ids by date, allegation ids) with a < b."""
    return pairs(ctx.sources, min_complaints).rows(ctx.con, "ORDER BY a, b")


@dataclass
class Possible:
    """A complaint naming one of a pair and, only ambiguously, someone the other could be."""

    complaint_id: str
    allegations: list[str]
    written: str  # the ambiguous officer as the allegation gives them
    candidates: int  # how many staff that fits
    received: date


def possible_pairs(ctx: Context, pairs: set[tuple[str, str]]) -> dict[tuple[str, str],
                                                                         list[Possible]]:
    """For the given pairs (a < b): complaints naming one of them and, only ambiguously, someone
    the other could be — and not naming both resolved (those are already in `graph`)."""
    if not pairs:
        return {}
    rows = ctx.con.execute(
        f"""WITH s AS (SELECT * FROM {ctx.complaint_subjects()} x),
            p AS (SELECT * FROM {ctx.possible_subjects()} x)
            SELECT least(a.person_id, b.person_id), greatest(a.person_id, b.person_id),
                   a.complaint_id, min(a.received) AS received,
                   list(DISTINCT a.allegation_id) || list(DISTINCT b.allegation_id),
                   min(b.written), min(b.candidates)
            FROM s a JOIN p b ON a.complaint_id = b.complaint_id AND a.person_id <> b.person_id
            WHERE NOT EXISTS (SELECT 1 FROM s x WHERE x.complaint_id = a.complaint_id
                                                  AND x.person_id = b.person_id)
            GROUP BY ALL ORDER BY received, a.complaint_id""").fetchall()
    out: dict[tuple[str, str], list[Possible]] = defaultdict(list)
    for a, b, complaint, received, allegations, written, n in rows:
        if (a, b) in pairs and all(x.complaint_id != complaint for x in out[(a, b)]):
            out[(a, b)].append(Possible(complaint, allegations, written, n, received))
    return out


def detect(ctx: Context) -> list[Finding]:
    threshold = ctx.config.coaccused.min_complaints
    per_lead = ctx.config.ambiguous.per_lead
    edges = graph(ctx, min(2, threshold))
    links: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for a, b, n, *_ in edges:
        links[a].append((b, n))
        links[b].append((a, n))
    near = {(a, b) for a, b, n, *_ in edges if threshold - per_lead <= n < threshold}
    maybe = possible_pairs(ctx, near)
    out = []
    for a, b, n, complaints, allegations in edges:
        extra = maybe.get((a, b), [])
        if n + min(len(extra), per_lead) < threshold:
            continue
        out.append(_finding(ctx, (a, b), n, complaints, allegations, extra, links, threshold))
    return out


def _finding(ctx: Context, pair: tuple[str, str], n: int, complaints: list,
             allegations: list, extra: list[Possible], links: dict[str, list[tuple[str, int]]],
             threshold: int) -> Finding:
    a, b = pair
    spans = complaint_headlines(ctx.con, complaints + [x.complaint_id for x in extra])
    allegations = allegations + [y for x in extra for y in x.allegations]
    rows = ctx.con.execute(
        "SELECT record_id, category FROM allegation WHERE record_id IN "
        "(SELECT unnest(?::VARCHAR[])) ORDER BY record_id", [sorted(set(allegations))])
    spans += [s for rid, category in rows.fetchall() for s in whole(rid, "category", category)]
    others = {p: sorted([(q, m) for q, m in links[p] if q not in (a, b)],
                        key=lambda x: (-x[1], x[0])) for p in (a, b)}
    wider = sum(len(v) for v in others.values())
    shared = shifts_together(ctx, a, b)
    together = f"named together in {n} separate complaints"
    detail: dict[str, Any] = {
        "complaints": n, "complaint_ids": complaints, "shifts_together": shared,
        "other_links": {p: [{"person_id": q, "complaints": m} for q, m in v]
                        for p, v in others.items()}}
    if extra:
        clause, detail["possible"] = possible_complaints(extra)
        together += f", and possibly in {len(extra)} more: {clause}"
    return Finding(
        detector=NAME, people=[a, b], key=f"{a}|{b}",
        score=round(excess(n + len(extra), threshold) * certainty(n, extra), 3),
        explanation=(f"{together}; "
                     + (f"{wider} other repeated co-accused link(s) of either officer"
                        if wider else "neither has other repeated co-accused links")
                     + (f"; {shared} shifts worked together in the duty roster"
                        if shared is not None else "")),
        spans=spans, detail=detail)


def shifts_together(ctx: Context, a: str, b: str) -> int | None:
    """On-duty roster shifts both officers worked (same day, same start time); None when the
    roster holds neither of them."""
    rows = ctx.con.execute(
        f"""SELECT r.person_id, d.shift_date, d.start_time FROM duty_shift d
            JOIN {ctx.people_of('duty_shift')} r ON r.record_id = d.record_id
            WHERE {ctx.visible('d', 'duty_shift')} AND d.duty_type = 'on_duty'
              AND r.person_id IN (?, ?)""", [a, b]).fetchall()
    if not rows:
        return None
    mine = {(d, t) for p, d, t in rows if p == a}
    return len(mine & {(d, t) for p, d, t in rows if p == b})
