"""Detector `allegation_burst`: several complaints of one serious kind against one officer in a
short time (by default three use-of-force complaints within 90 days).

Why: a single use-of-force complaint is an ordinary hazard of response policing, and three spread
over years say little; three inside one quarter are the early-warning threshold many forces use,
because they point at a change in how the officer is working right now. Thresholds are per
allegation category (`config.allegation_burst.thresholds`) since what is unusual differs by kind.
Overlapping qualifying windows are merged into one episode, so a run of four complaints is one
lead, not two. A complaint whose officer is named only ambiguously ("J Brown" at a station with
two) counts as possibly each of them (`config.ambiguous`): it can complete an episode that
resolved complaints almost reach, and the lead says which complaint and how ambiguous it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.leads.context import Context, certainty, excess, possible_complaints
from assistant.leads.evidence import complaint_headlines, whole
from assistant.leads.models import Finding

NAME = "allegation_burst"


@dataclass(frozen=True)
class Row:
    complaint_id: str
    allegation_id: str
    received: date
    written: str | None = None  # set when the complaint names the officer only ambiguously
    candidates: int = 1  # … and how many staff that fits


def detect(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    per_lead = ctx.config.ambiguous.per_lead
    for category, (count, days) in ctx.config.allegation_burst.thresholds.items():
        sure, maybe = _complaints(ctx, category)
        for person, rows in sure.items():
            for episode in _episodes(rows, count, days):
                out.append(_finding(ctx, person, category, days, count, episode))
        for person, rows in maybe.items():
            for episode in _possible_episodes(sure.get(person, []), rows, count, days,
                                              per_lead):
                out.append(_finding(ctx, person, category, days, count, episode))
    return out


def _complaints(ctx: Context, category: str) -> tuple[dict[str, list[Row]],
                                                        dict[str, list[Row]]]:
    """Per person, their complaints of `category` by date: those naming them (resolved) and
    those naming them only possibly."""
    sure: dict[str, list[Row]] = defaultdict(list)
    for person, complaint, allegation, received in ctx.con.execute(
            f"""SELECT person_id, complaint_id, min(allegation_id), min(received)
                FROM {ctx.complaint_subjects()} s
                WHERE category = ? AND received IS NOT NULL GROUP BY person_id, complaint_id
                ORDER BY person_id, min(received), complaint_id""", [category]).fetchall():
        sure[person].append(Row(complaint, allegation, received))
    maybe: dict[str, list[Row]] = defaultdict(list)
    for person, complaint, allegation, received, written, n in ctx.con.execute(
            f"""SELECT person_id, complaint_id, min(allegation_id), min(received), min(written),
                       min(candidates)
                FROM {ctx.possible_subjects()} s
                WHERE category = ? AND received IS NOT NULL GROUP BY person_id, complaint_id
                ORDER BY person_id, min(received), complaint_id""", [category]).fetchall():
        if not any(r.complaint_id == complaint for r in sure.get(person, [])):
            maybe[person].append(Row(complaint, allegation, received, written, n))
    return sure, maybe


def _episodes(rows: list[Row], count: int, days: int) -> list[list[Row]]:
    """Complaints in any qualifying window, overlapping windows merged (rows sorted by date)."""
    episodes: list[list[Row]] = []
    for k, row in enumerate(rows):
        if sum(0 <= (r.received - row.received).days <= days for r in rows) < count:
            continue
        window = [r for r in rows[k:] if (r.received - row.received).days <= days]
        if episodes and window[0] in episodes[-1]:
            episodes[-1] += [r for r in window if r not in episodes[-1]]
        else:
            episodes.append(window)
    return episodes


def _possible_episodes(sure: list[Row], maybe: list[Row], count: int, days: int,
                       per_lead: int) -> list[list[Row]]:
    """Episodes that resolved complaints almost make and possible ones complete: windows with at
    least `count - per_lead` resolved complaints, none of them already in a resolved episode, and
    enough possible ones to reach `count`."""
    taken = {r for episode in _episodes(sure, count, days) for r in episode}
    rows = sorted(sure + maybe, key=lambda r: (r.received, r.complaint_id))
    episodes: list[list[Row]] = []
    for k, row in enumerate(rows):
        window = [r for r in rows[k:] if (r.received - row.received).days <= days]
        resolved = [r for r in window if r.written is None]
        possible = len(window) - len(resolved)
        if (not resolved or taken.intersection(resolved) or possible == 0
                or len(resolved) + min(possible, per_lead) < count):
            continue
        if episodes and window[0] in episodes[-1]:
            episodes[-1] += [r for r in window if r not in episodes[-1]]
        else:
            episodes.append(window)
    return episodes


def _finding(ctx: Context, person: str, category: str, days: int, count: int,
             episode: list[Row]) -> Finding:
    first, last = episode[0].received, episode[-1].received
    complaints = [r.complaint_id for r in episode]
    spans = complaint_headlines(ctx.con, complaints)
    for r in episode:
        spans += whole(r.allegation_id, "category", category)
    maybe = [r for r in episode if r.written is not None]
    span_days = (last - first).days
    explanation = (f"{len(episode)} {category.lower()} complaints within {span_days} days "
                   f"({first:%-d %b %Y} – {last:%-d %b %Y}); threshold {count} in {days} days")
    detail: dict[str, Any] = {"category": category, "complaints": len(episode),
                              "first": first.isoformat(), "last": last.isoformat(),
                              "threshold": [count, days]}
    if maybe:
        clause, detail["possible"] = possible_complaints(maybe)
        explanation += "; " + clause
    return Finding(
        detector=NAME, people=[person], key=f"{category}|{first.isoformat()}",
        score=round(excess(len(episode), count) * certainty(len(episode) - len(maybe), maybe), 3),
        explanation=explanation, spans=spans, detail=detail)
