"""Detector `off_duty_access`: police systems used on a day the roster has the user on leave,
sick or on a rest day.

Why: staff are not expected to use police systems from home; access on a day of leave or sickness
is a classic marker of searches made for private reasons (and, on sick days, of a sickness record
that may not be accurate). Ordinary working patterns are excluded before anything is flagged: the
small hours after a night shift that ran past midnight (`night_grace_minutes` after its end) and a
rest day on which overtime was claimed (the person was working). One lead per person gathers
every off-duty day of leave or sickness with at least `min_events` events, and every rest day
with at least `rest_day_min_events`: staff log in on rest days without claiming (court
preparation, checking the next shift's briefing) far more often than on leave or sick days, and
one or two rest-day log-ins are ordinary. With `require_lookup` (the default) a day with fewer
than `lookup_below` events counts only if one of them looks someone or something up with no
case reference: logging on
to read the briefing or the next shift's incidents from home, or a search for a job with its
case reference, is checking work; a look-up with no job is what the lead is for. The join and its exclusions are
`joins.off_duty.off_duty_events`, which join questions also run.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.joins.off_duty import off_duty_events
from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "off_duty_access"


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.off_duty_access
    events = off_duty_events(ctx.sources, cfg.duty_types,
                             grace_minutes=cfg.night_grace_minutes, hr=False)
    rows = events.rows(
        ctx.con, "GROUP BY person_id, day HAVING count(*) >= ? ORDER BY person_id, day",
        [min(cfg.min_events, cfg.rest_day_min_events)],
        select="person_id, day, any_value(period_id), any_value(label), "
        "list(event_id ORDER BY moment), list(moment ORDER BY moment)")
    lookups = _lookups(ctx, [e for r in rows for e in r[4]]) if cfg.require_lookup else None
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        need = cfg.rest_day_min_events if row[3] == "rest_day" else cfg.min_events
        looked = (lookups is None or len(row[4]) >= cfg.lookup_below
                  or lookups.intersection(row[4]))
        if len(row[4]) >= need and looked:
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


def _lookups(ctx: Context, events: list[str]) -> set[str]:
    """The events among `events` that look someone or something up with no case reference."""
    if not events:
        return set()
    rows = ctx.con.execute(
        """SELECT record_id FROM system_access WHERE record_id IN (SELECT unnest(?::VARCHAR[]))
           AND coalesce(trim(subject_searched), '') <> ''
           AND coalesce(trim(linked_case_ref), '') = ''""", [events]).fetchall()
    return {r for (r,) in rows}
