"""Detector `allegation_burst`: several complaints of one serious kind against one officer in a
short time (by default three use-of-force complaints within 90 days).

Why: a single use-of-force complaint is an ordinary hazard of response policing, and three spread
over years say little; three inside one quarter are the early-warning threshold many forces use,
because they point at a change in how the officer is working right now. Thresholds are per
allegation category (`config.allegation_burst.thresholds`) since what is unusual differs by kind.
Overlapping qualifying windows are merged into one episode, so a run of four complaints is one
lead, not two.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.leads.context import Context, excess
from assistant.leads.evidence import complaint_headlines, whole
from assistant.leads.models import Finding

NAME = "allegation_burst"


def detect(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for category, (count, days) in ctx.config.allegation_burst.thresholds.items():
        rows = ctx.con.execute(
            f"""WITH a AS (
                  SELECT person_id, complaint_id, min(allegation_id) AS allegation_id,
                         min(received) AS received
                  FROM {ctx.complaint_subjects()} s
                  WHERE category = ? AND received IS NOT NULL GROUP BY person_id, complaint_id)
                SELECT person_id, complaint_id, allegation_id, received,
                       count(*) OVER (PARTITION BY person_id ORDER BY received RANGE BETWEEN
                                      CURRENT ROW AND INTERVAL {int(days)} DAYS FOLLOWING) AS n
                FROM a ORDER BY person_id, received, complaint_id""", [category]).fetchall()
        by_person: dict[str, list[tuple]] = defaultdict(list)
        for row in rows:
            by_person[row[0]].append(row)
        for person, complaints in by_person.items():
            for episode in _episodes(complaints, count, days):
                out.append(_finding(ctx, person, category, days, count, episode))
    return out


def _episodes(rows: list[tuple], count: int, days: int) -> list[list[tuple]]:
    """Complaints in any qualifying window, overlapping windows merged (rows sorted by date)."""
    episodes: list[list[tuple]] = []
    for k, row in enumerate(rows):
        if row[4] < count:
            continue
        window = [r for r in rows[k:] if (r[3] - row[3]).days <= days]
        if episodes and window[0] in episodes[-1]:
            episodes[-1] += [r for r in window if r not in episodes[-1]]
        else:
            episodes.append(window)
    return episodes


def _finding(ctx: Context, person: str, category: str, days: int, count: int,
             episode: list[tuple]) -> Finding:
    first, last = episode[0][3], episode[-1][3]
    complaints = [r[1] for r in episode]
    spans = complaint_headlines(ctx.con, complaints)
    for r in episode:
        spans += whole(r[2], "category", category)
    span_days = (last - first).days
    return Finding(
        detector=NAME, people=[person], key=f"{category}|{first.isoformat()}",
        score=excess(len(episode), count),
        explanation=(f"{len(episode)} {category.lower()} complaints within {span_days} days "
                     f"({first:%-d %b %Y} – {last:%-d %b %Y}); threshold {count} in {days} days"),
        spans=spans,
        detail={"category": category, "complaints": len(episode), "first": first.isoformat(),
                "last": last.isoformat(), "threshold": [count, days]})
