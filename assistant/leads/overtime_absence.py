"""Detector `overtime_absence`: overtime claimed for a day on which the claimant was recorded as
sick or on leave.

Why: paid overtime on a day of paid sickness or annual leave is either a recording error or a
false claim — both worth a look, and cheap to check. The day counts as sick or on leave if either
record says so: the duty roster (`duty_type`) or the HR absence system (an episode covering the
day). Only the day itself counts: overtime worked the day before a sickness episode starts is
ordinary, and that common case must not reach a reviewer. One lead per person gathers every
clashing claim. The join is `joins.overtime.claims_during`, which join questions also run.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.joins.overtime import claims_during
from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "overtime_absence"


def detect(ctx: Context) -> list[Finding]:
    types = ctx.config.overtime_absence.absence_types
    rows = claims_during(ctx.sources, types).rows(ctx.con, "ORDER BY person_id, day, claim_id")
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
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
