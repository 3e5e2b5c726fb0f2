"""Detector `coaccused`: two officers named together in complaint after complaint.

Why: colleagues on one shift are sometimes complained about together, and a pair named twice in
five years is ordinary; a pair named in `min_complaints` or more separate complaints, by different
members of the public, suggests a working partnership in which conduct is shared or covered for.
The link graph — every pair of officers named in the same complaint, weighted by how many
complaints — is built with one self-join in DuckDB (`graph`); each edge at or above the threshold
is a lead about both officers, and the lead's detail lists each officer's other repeated links so
a reviewer can see whether the pair sits in a wider group.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.leads.context import Context, excess
from assistant.leads.evidence import complaint_headlines, whole
from assistant.leads.models import Finding

NAME = "coaccused"


def graph(ctx: Context, min_complaints: int) -> list[tuple[str, str, int, list, list]]:
    """Edges (person a, person b, complaints, complaint ids by date, allegation ids) with a < b."""
    return ctx.con.execute(
        f"""WITH s AS (SELECT * FROM {ctx.complaint_subjects()} x),
            pairs AS (
              SELECT a.person_id AS a, b.person_id AS b, a.complaint_id,
                     min(a.received) AS received,
                     list(DISTINCT a.allegation_id) || list(DISTINCT b.allegation_id) AS alls
              FROM s a JOIN s b ON a.complaint_id = b.complaint_id AND a.person_id < b.person_id
              GROUP BY ALL)
            SELECT a, b, count(*) AS n, list(complaint_id ORDER BY received, complaint_id),
                   flatten(list(alls ORDER BY received, complaint_id))
            FROM pairs GROUP BY a, b HAVING count(*) >= ? ORDER BY a, b""",
        [min_complaints]).fetchall()


def detect(ctx: Context) -> list[Finding]:
    threshold = ctx.config.coaccused.min_complaints
    edges = graph(ctx, min(2, threshold))
    links: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for a, b, n, *_ in edges:
        links[a].append((b, n))
        links[b].append((a, n))
    out = []
    for a, b, n, complaints, allegations in edges:
        if n < threshold:
            continue
        spans = complaint_headlines(ctx.con, complaints)
        rows = ctx.con.execute(
            "SELECT record_id, category FROM allegation WHERE record_id IN "
            "(SELECT unnest(?::VARCHAR[])) ORDER BY record_id", [sorted(set(allegations))])
        spans += [s for rid, category in rows.fetchall()
                  for s in whole(rid, "category", category)]
        others = {p: sorted([(q, m) for q, m in links[p] if q not in (a, b)],
                            key=lambda x: (-x[1], x[0])) for p in (a, b)}
        wider = sum(len(v) for v in others.values())
        out.append(Finding(
            detector=NAME, people=[a, b], key=f"{a}|{b}", score=excess(n, threshold),
            explanation=(f"named together in {n} separate complaints; "
                         + (f"{wider} other repeated co-accused link(s) of either officer"
                            if wider else "neither has other repeated co-accused links")),
            spans=spans,
            detail={"complaints": n, "complaint_ids": complaints,
                    "other_links": {p: [{"person_id": q, "complaints": m} for q, m in v]
                                    for p, v in others.items()}}))
    return out
