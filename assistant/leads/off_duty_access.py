"""Detector `off_duty_access`: police systems used on a day the roster has the user on leave,
sick or on a rest day.

Why: staff are not expected to use police systems from home; access on a day of leave or sickness
is a classic marker of searches made for private reasons (and, on sick days, of a sickness record
that may not be accurate). Ordinary working patterns are excluded before anything is flagged: the
small hours after a night shift that ran past midnight (`night_grace_minutes` after its end) and a
rest day on which overtime was claimed (the person was working). One lead per person gathers
every off-duty day with at least `min_events` events.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "off_duty_access"


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.off_duty_access
    roster = f"""(SELECT r.person_id, d.record_id, d.shift_date, d.duty_type, d.start_time,
                         d.end_time
                  FROM duty_shift d JOIN {ctx.people_of('duty_shift')} r
                    ON r.record_id = d.record_id
                  WHERE {ctx.visible('d', 'duty_shift')})"""
    rows = ctx.con.execute(
        f"""WITH off AS (SELECT * FROM {roster} WHERE duty_type IN
                           (SELECT unnest(?::VARCHAR[]))),
            ev AS (
              SELECT u.person_id, s.record_id, s.accessed_at, off.record_id AS shift_id,
                     off.duty_type, off.shift_date
              FROM system_access s JOIN {ctx.people_of('system_access')} u
                ON u.record_id = s.record_id
              JOIN off ON off.person_id = u.person_id
                AND off.shift_date = CAST(s.accessed_at AS DATE)
              WHERE {ctx.visible('s', 'system_access')}),
            prev AS (SELECT person_id, record_id, shift_date,
                            try_cast(end_time AS TIME) AS end_time
                     FROM {roster} WHERE try_cast(end_time AS TIME) < try_cast(start_time AS TIME)
                       AND duty_type NOT IN (SELECT unnest(?::VARCHAR[]))
                       AND person_id IN (SELECT person_id FROM ev)),
            claims AS (SELECT DISTINCT person_id, shift_date FROM {roster}
                       WHERE duty_type = 'overtime_claim'),
            flagged AS (
              SELECT ev.* FROM ev
              LEFT JOIN prev ON prev.person_id = ev.person_id
                AND prev.shift_date = ev.shift_date - 1
                AND CAST(ev.accessed_at AS TIME) <= prev.end_time + INTERVAL (?) MINUTE
              LEFT JOIN claims c ON c.person_id = ev.person_id
                AND c.shift_date = ev.shift_date AND ev.duty_type = 'rest_day'
              WHERE prev.record_id IS NULL AND c.person_id IS NULL),
            days AS (SELECT person_id, shift_date FROM flagged GROUP BY ALL
                     HAVING count(*) >= ?)
            SELECT person_id, shift_date, any_value(shift_id), any_value(duty_type),
                   list(record_id ORDER BY accessed_at), list(accessed_at ORDER BY accessed_at)
            FROM flagged JOIN days USING (person_id, shift_date)
            GROUP BY ALL ORDER BY person_id, shift_date""",
        [cfg.duty_types, cfg.duty_types, cfg.night_grace_minutes, cfg.min_events]).fetchall()
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_person[row[0]].append(row)
    return [_finding(person, days, cfg.min_events) for person, days in by_person.items()]


def _finding(person: str, days: list[tuple], min_events: int) -> Finding:
    spans = []
    events = 0
    for _, _, shift_id, duty_type, ids, times in days:
        spans += whole(shift_id, "duty_type", duty_type)
        for rid, at in zip(ids, times, strict=True):
            spans += whole(rid, "accessed_at", str(at))
        events += len(ids)
    said = ", ".join(f"{d:%-d %b %Y} ({t.replace('_', ' ')}: {len(ids)})"
                     for _, d, _, t, ids, _ in days)
    return Finding(
        detector=NAME, people=[person], key=days[0][1].isoformat(),
        score=excess(events, min_events),
        explanation=f"{events} system events on {len(days)} day(s) rostered off duty: {said}",
        spans=spans,
        detail={"days": [{"date": d.isoformat(), "duty_type": t, "events": len(ids)}
                         for _, d, _, t, ids, _ in days], "events": events})
