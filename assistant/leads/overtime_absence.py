"""Detector `overtime_absence`: overtime claimed for a day on which the claimant was recorded as
sick or on leave.

Why: paid overtime on a day of paid sickness or annual leave is either a recording error or a
false claim — both worth a look, and cheap to check. The day counts as sick or on leave if either
record says so: the duty roster (`duty_type`) or the HR absence system (an episode covering the
day). Only the day itself counts: overtime worked the day before a sickness episode starts is
ordinary, and that common case must not reach a reviewer. Nor does a claim on the last day of an
absence whose record says the person came back part-way through that day (`return_notes`, e.g.
"returned to work part-way through the last day"): the roster still shows the day as sick, but
the afternoon was worked. One lead per person gathers every clashing claim. The join is `joins.overtime.claims_during`, which join questions also run.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from assistant.joins.overtime import claims_during
from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "overtime_absence"


def detect(ctx: Context) -> list[Finding]:
    types = ctx.config.overtime_absence.absence_types
    rows = claims_during(ctx.sources, types).rows(ctx.con, "ORDER BY person_id, day, claim_id")
    returned = _returned(ctx, sorted({r[0] for r in rows}))
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        if (row[0], row[2]) not in returned:
            by_person[row[0]].append(row)
    return [_finding(person, claims) for person, claims in by_person.items()]


def _finding(person: str, claims: list[tuple]) -> Finding:
    spans = []
    said = []
    hours = 0.0
    for _, claim, day, ot_hours, shift, duty_type, absence, absence_type in claims:
        spans += whole(claim, "duty_type", "overtime_claim")
        spans += whole(shift, "duty_type", duty_type) if shift else []
        spans += whole(absence, "absence_type", absence_type) if absence else []
        hours += ot_hours or 0.0
        said.append(f"{day:%-d %b %Y} ({(duty_type or absence_type).replace('_', ' ')})")
    return Finding(
        detector=NAME, people=[person], key=claims[0][2].isoformat(),
        score=excess(len(claims), 1),
        explanation=(f"{len(claims)} overtime claim(s), {hours:g} hours, on days recorded as "
                     f"sick or on leave: {', '.join(said)}"),
        spans=spans,
        detail={"claims": len(claims), "hours": hours,
                "dates": [c[2].isoformat() for c in claims]})


def _returned(ctx: Context, people: list[str]) -> set[tuple[str, date]]:
    """(person, day): the last day of an absence whose reason records a return part-way."""
    notes = [n.lower() for n in ctx.config.overtime_absence.return_notes]
    if not people or not notes:
        return set()
    rows = ctx.con.execute(
        f"""SELECT r.person_id, a.end_date FROM absence a
            JOIN {ctx.people_of('absence')} r ON r.record_id = a.record_id
            WHERE {ctx.visible('a', 'absence')} AND a.end_date IS NOT NULL
              AND r.person_id IN (SELECT unnest(?::VARCHAR[]))
              AND list_bool_or(list_transform(?::VARCHAR[],
                                              lambda n: contains(lower(coalesce(a.reason, '')), n)))""",
        [people, notes]).fetchall()
    return {(p, d) for p, d in rows}
