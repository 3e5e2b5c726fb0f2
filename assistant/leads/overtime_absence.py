"""Detector `overtime_absence`: overtime claimed for a day on which the claimant was recorded as
sick or on leave.

Why: paid overtime on a day of paid sickness or annual leave is either a recording error or a
false claim — both worth a look, and cheap to check. The day counts as sick or on leave if either
record says so: the duty roster (`duty_type`) or the HR absence system (an episode covering the
day). Only the day itself counts: overtime worked the day before a sickness episode starts is
ordinary, and that common case must not reach a reviewer. One lead per person gathers every
clashing claim.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "overtime_absence"


def detect(ctx: Context) -> list[Finding]:
    types = ctx.config.overtime_absence.absence_types
    rows = ctx.con.execute(
        f"""WITH claim AS (
              SELECT r.person_id, d.record_id, d.shift_date, d.overtime_hours
              FROM duty_shift d JOIN {ctx.people_of('duty_shift')} r ON r.record_id = d.record_id
              WHERE d.duty_type = 'overtime_claim' AND {ctx.visible('d', 'duty_shift')}),
            rostered AS (
              SELECT r.person_id, d.record_id, d.shift_date, d.duty_type
              FROM duty_shift d JOIN {ctx.people_of('duty_shift')} r ON r.record_id = d.record_id
              WHERE d.duty_type IN (SELECT unnest(?::VARCHAR[]))
                AND {ctx.visible('d', 'duty_shift')}),
            absent AS (
              SELECT r.person_id, a.record_id, a.start_date,
                     coalesce(a.end_date, a.start_date) AS end_date, a.absence_type
              FROM absence a JOIN {ctx.people_of('absence')} r ON r.record_id = a.record_id
              WHERE a.absence_type IN (SELECT unnest(?::VARCHAR[]))
                AND {ctx.visible('a', 'absence')})
            SELECT c.person_id, c.record_id, c.shift_date, c.overtime_hours,
                   any_value(ro.record_id), any_value(ro.duty_type),
                   any_value(ab.record_id), any_value(ab.absence_type)
            FROM claim c
            LEFT JOIN rostered ro ON ro.person_id = c.person_id AND ro.shift_date = c.shift_date
            LEFT JOIN absent ab ON ab.person_id = c.person_id
              AND c.shift_date BETWEEN ab.start_date AND ab.end_date
            WHERE ro.record_id IS NOT NULL OR ab.record_id IS NOT NULL
            GROUP BY ALL ORDER BY c.person_id, c.shift_date""", [types, types]).fetchall()
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
