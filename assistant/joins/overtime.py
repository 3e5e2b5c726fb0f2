"""Join operator: overtime claimed for a day on which the claimant was recorded as sick or on
leave — by the duty roster, by the HR absence system, or by both.

Why: "which officers claimed overtime on days they were off sick?" and the `overtime_absence`
lead are one join (`during.overlap` of claims against absence periods), read one row per claim:
the claim and the roster day and/or HR episode that clashes with it, so an answer cites the
claim and its absence together. Only the day itself counts: overtime the day before a sickness
episode starts is ordinary.
"""

from __future__ import annotations

from assistant.joins.during import claims, overlap, periods
from assistant.joins.sources import EVERYTHING, Focus, Rel, Sources


def claims_during(src: Sources, types: tuple[str, ...] | list[str],
                  focus: Focus = EVERYTHING) -> Rel:
    """(person_id, claim_id, day, hours, shift_id, duty_type, absence_id, absence_type): each
    overtime claim on a day the claimant's roster (shift) or an HR episode (absence) records as
    one of `types`; whichever side does not clash is NULL. `focus` narrows the claims."""
    matched = overlap(claims(src, focus), periods(src, types))
    roster = "period_id LIKE 'duty_shift:%'"
    return Rel(f"""(SELECT person_id, event_id AS claim_id, day, any_value(hours) AS hours,
                           min(period_id) FILTER (WHERE {roster}) AS shift_id,
                           arg_min(label, period_id) FILTER (WHERE {roster}) AS duty_type,
                           min(period_id) FILTER (WHERE NOT {roster}) AS absence_id,
                           arg_min(label, period_id) FILTER (WHERE NOT {roster}) AS absence_type
                    FROM {matched.sql} m GROUP BY person_id, event_id, day)""", matched.params)
