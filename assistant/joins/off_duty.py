"""Join operator: police systems used on a day the user was rostered off (rest day, leave, sick)
or recorded absent — less the events that were ordinary work after all.

Why: "who used police systems while on leave / while rostered off" and the `off_duty_access`
lead ask the same thing, and both must leave out what is not off duty at all: the small hours
after a night shift that ran past midnight (the roster files the shift under the day it began)
and a rest day on which the person claimed overtime (they were working). One operator does the
join (`during.overlap`) and the exclusions, so the question and the lead cannot disagree.
"""

from __future__ import annotations

from assistant.joins.during import accesses, night_after, overlap, periods
from assistant.joins.sources import EVERYTHING, Focus, Rel, Sources

NIGHT_GRACE_MINUTES = 60


def off_duty_events(src: Sources, types: tuple[str, ...] | list[str],
                    focus: Focus = EVERYTHING, grace_minutes: int = NIGHT_GRACE_MINUTES,
                    hr: bool = True) -> Rel:
    """System events on the user's days of `types` (roster duty types; with `hr`, HR absence
    episodes of those types too): (person_id, event_id, day, moment, period_id, label), one row per
    event (the roster day preferred to the HR episode when both cover it)."""
    matched = overlap(accesses(src, focus), periods(src, types, roster=True, hr=hr))
    night = night_after(src, matched, grace_minutes, types)
    return Rel(f"""(WITH m AS (SELECT * FROM {matched.sql} x),
                         night AS (SELECT * FROM {night.sql} y),
                         worked AS (  -- overtime claimed on a rest day: they were working
                           SELECT DISTINCT r.person_id, d.shift_date
                           FROM duty_shift d JOIN {src.people_of('duty_shift')} r
                             ON r.record_id = d.record_id
                           WHERE d.duty_type = 'overtime_claim'
                             AND {src.visible('d', 'duty_shift')})
                    SELECT m.person_id, m.event_id, m.day, m.moment,
                           arg_min(m.period_id, m.period_id NOT LIKE 'duty_shift:%') AS period_id,
                           arg_min(m.label, m.period_id NOT LIKE 'duty_shift:%') AS label
                    FROM m
                    WHERE NOT EXISTS (SELECT 1 FROM night n WHERE n.event_id = m.event_id)
                      AND NOT (m.label = 'rest_day' AND EXISTS (
                        SELECT 1 FROM worked w WHERE w.person_id = m.person_id
                          AND w.shift_date = m.day))
                    GROUP BY m.person_id, m.event_id, m.day, m.moment)""",
               [*matched.params, *night.params])
