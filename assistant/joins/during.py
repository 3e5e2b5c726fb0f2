"""Join operator: events of one person that fall on, or within N days of, another record's days
of the same person — same day, within N days, during an absence or leave, while rostered off.

Why: "overtime on days off sick", "system use while on leave" and "while rostered off" are one
join — a dated event (a claim, a system access) against a person's periods (roster days of some
duty types, HR absence episodes) — differing only in which records are the events and which the
periods. `overlap` does that join once in DuckDB and returns each match with the record ids of
**both** sides, so an answer can cite the event and the record that makes it clash. On the
200-staff synthetic force (46,758 audit events, 64,086 roster days) it runs in well under a
second; the roster side is filtered to the wanted duty types before the join.
"""

from __future__ import annotations

from assistant.joins.sources import EVERYTHING, Focus, Rel, Sources

SICK = ("sick",)
LEAVE = ("leave", "annual_leave")
REST = ("rest_day",)
OFF = ("leave", "annual_leave", "sick", "rest_day")


def claims(src: Sources, focus: Focus = EVERYTHING) -> Rel:
    """Overtime claims: (person_id, record_id, day, moment, hours)."""
    f = focus.clause("r.person_id", "d.shift_date", "d.force")
    return Rel(f"""(SELECT r.person_id, d.record_id, d.shift_date AS day,
                           CAST(d.shift_date AS TIMESTAMP) AS moment, d.overtime_hours AS hours
                    FROM duty_shift d JOIN {src.people_of('duty_shift')} r
                      ON r.record_id = d.record_id
                    WHERE d.duty_type = 'overtime_claim' AND {src.visible('d', 'duty_shift')}
                      AND {f.sql})""", f.params)


def accesses(src: Sources, focus: Focus = EVERYTHING) -> Rel:
    """Police-system events: (person_id, record_id, day, moment, hours = NULL)."""
    f = focus.clause("u.person_id", "s.accessed_at", "s.force")
    system = focus.system_clause("s.system")
    return Rel(f"""(SELECT u.person_id, s.record_id, CAST(s.accessed_at AS DATE) AS day,
                           s.accessed_at AS moment, CAST(NULL AS DOUBLE) AS hours
                    FROM system_access s JOIN {src.people_of('system_access')} u
                      ON u.record_id = s.record_id
                    WHERE {src.visible('s', 'system_access')} AND {f.sql} AND {system.sql})""",
               [*f.params, *system.params])


def periods(src: Sources, types: tuple[str, ...] | list[str], roster: bool = True,
            hr: bool = True) -> Rel:
    """Days a person was recorded as `types` (duty types / absence types): roster days and HR
    absence episodes, as (person_id, record_id, start_day, end_day, label)."""
    parts, params = [], []
    if roster:
        parts.append(f"""SELECT r.person_id, d.record_id, d.shift_date AS start_day,
                                d.shift_date AS end_day, d.duty_type AS label
                         FROM duty_shift d JOIN {src.people_of('duty_shift')} r
                           ON r.record_id = d.record_id
                         WHERE d.duty_type IN (SELECT unnest(?::VARCHAR[]))
                           AND {src.visible('d', 'duty_shift')}""")
        params.append(list(types))
    if hr:
        parts.append(f"""SELECT r.person_id, a.record_id, a.start_date AS start_day,
                                coalesce(a.end_date, a.start_date) AS end_day,
                                a.absence_type AS label
                         FROM absence a JOIN {src.people_of('absence')} r
                           ON r.record_id = a.record_id
                         WHERE a.absence_type IN (SELECT unnest(?::VARCHAR[]))
                           AND {src.visible('a', 'absence')}""")
        params.append(list(types))
    if not parts:
        raise ValueError("periods: neither the roster nor HR absences asked for")
    return Rel("(" + " UNION ALL ".join(parts) + ")", params)


def overlap(events: Rel, spans: Rel, within_days: int = 0) -> Rel:
    """Each event on a day inside one of the same person's periods (widened by `within_days`
    either side): (person_id, event_id, day, moment, hours, period_id, label). An event inside
    several periods (a sick roster day and the HR episode covering it) gives one row each."""
    if within_days < 0:
        raise ValueError("within_days must be 0 or more")
    return Rel(f"""(SELECT e.person_id, e.record_id AS event_id, e.day, e.moment, e.hours,
                           p.record_id AS period_id, p.label
                    FROM {events.sql} e JOIN {spans.sql} p ON p.person_id = e.person_id
                      AND e.day BETWEEN p.start_day - CAST(? AS INTEGER)
                                    AND p.end_day + CAST(? AS INTEGER))""",
               [*events.params, *spans.params, within_days, within_days])


def night_after(src: Sources, events: Rel, grace_minutes: int,
                off_types: tuple[str, ...] | list[str]) -> Rel:
    """Events in the small hours after the same person's night shift (a working roster day
    whose end time is before its start, ending the day before) plus `grace_minutes`: they were
    still at work. (person_id, event_id)."""
    return Rel(f"""(WITH nights AS (  -- working shifts that end after midnight
                      SELECT r.person_id, d.shift_date + 1 AS next_day,
                             try_cast(d.end_time AS TIME) AS ends
                      FROM duty_shift d JOIN {src.people_of('duty_shift')} r
                        ON r.record_id = d.record_id
                      WHERE try_cast(d.end_time AS TIME) < try_cast(d.start_time AS TIME)
                        AND d.duty_type NOT IN (SELECT unnest(?::VARCHAR[]))
                        AND {src.visible('d', 'duty_shift')})
                    SELECT e.person_id, e.event_id FROM {events.sql} e
                    JOIN nights n ON n.person_id = e.person_id AND n.next_day = e.day
                    WHERE CAST(e.moment AS TIME) <= n.ends + INTERVAL (?) MINUTE)""",
               [list(off_types), *events.params, grace_minutes])
