"""Periods said apart ("in 2016 or 2018", "before 2015 or after 2018", "not in 2019") are those
periods only.

Why: the plan keeps every period said and one covering span (`date_from`/`date_to`), and the
answer filtered on the covering span alone — "complaints received in 2016 or 2018" counted 2017's
too, and "before 2015 or after 2018" (no covering bound at all) counted every complaint, cited
and confident, with nothing reported. The periods said on a record's own date are a union of
intervals (open or closed) less the excluded ones ("between 2018 and 2020 excluding 2019"); the
days of the covering span outside that set are the plan's gaps: a structured answer excludes
them, and says the periods one by one. A comparison ("2016 versus 2018") keeps its periods apart
itself, so it has no gaps. `unexecuted` is the safety net: a period said that the plan's date
filters do not carry out exactly (never broader) is reported unapplied.
"""

from __future__ import annotations

from datetime import date, timedelta

from .models import Period, QueryPlan

Gap = tuple[date, date]
Days = list[tuple[date, date]]  # disjoint, sorted, closed (date.min / date.max for open ends)
EVER: Days = [(date.min, date.max)]


def _days(start: date | None, end: date | None) -> tuple[date, date]:
    return start or date.min, end or date.max


def _next(day: date) -> date:
    return day if day == date.max else day + timedelta(days=1)


def _merged(runs: Days) -> Days:
    out: Days = []
    for start, end in sorted(r for r in runs if r[0] <= r[1]):
        if out and start <= _next(out[-1][1]):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _minus(runs: Days, cut: Days) -> Days:
    out: Days = []
    cuts = _merged(cut)
    for start, end in _merged(runs):
        for first, last in cuts:
            if last < start or first > end:
                continue
            if first > start:
                out.append((start, first - timedelta(days=1)))
            if last >= end:
                break  # nothing of this run is left
            start = _next(last)
        else:
            out.append((start, end))
    return out


def said_days(periods: list[Period]) -> Days:
    """The days the periods said on one date field mean: the union of those included (every day
    when only exclusions are said) less the excluded ones."""
    included = _merged([_days(p.date_from, p.date_to) for p in periods if not p.excluded])
    return _minus(included or EVER, [_days(p.date_from, p.date_to) for p in periods if p.excluded])


def period_gaps(plan: QueryPlan) -> tuple[Gap, ...]:
    """The runs of days of the covering span outside the periods said on the record's own date."""
    own = [p for p in plan.periods if not p.field]
    if plan.compare or not own:
        return ()
    cover = [_days(plan.date_from, plan.date_to)]
    return tuple(g for g in _minus(cover, said_days(own)) if date.min < g[0] and g[1] < date.max)


def executed_days(plan: QueryPlan) -> Days:
    """The days of the record's own date the plan's filters keep."""
    return _minus([_days(plan.date_from, plan.date_to)], list(period_gaps(plan)))


def unexecuted(plan: QueryPlan) -> list[str]:
    """Periods said that the plan's date filters do not carry out: the record's own periods when
    the days kept are more than the days said (a filter silently broader), and any period on
    another date field that its ranges (each applied, so their overlap) do not carry out."""
    own = [p for p in plan.periods if not p.field]
    out: list[str] = []
    if own and not plan.compare and _minus(executed_days(plan), said_days(own)):
        out.append(" / ".join(p.text for p in own))
    for name in dict.fromkeys(p.field for p in plan.periods if p.field):
        on = [p for p in plan.periods if p.field == name]
        runs = [_days(a, b) for n, a, b in field_runs(plan) if n == name]
        if _minus(runs, said_days(on)):
            out.append(" / ".join(p.text for p in on))
    return out


def field_runs(plan: QueryPlan) -> tuple[tuple[str, date | None, date | None], ...]:
    """The runs of days each other date field is filtered to (any of them): the overlap of its
    periods when they overlap ("incidents since 2015 but before 2018"), else the days they say."""
    out: list[tuple[str, date | None, date | None]] = []
    for name in dict.fromkeys(p.field for p in plan.periods if p.field):
        on = [p for p in plan.periods if p.field == name]
        said = [_days(p.date_from, p.date_to) for p in on if not p.excluded]
        first, last = max((a for a, _ in said), default=date.min), min((b for _, b in said),
                                                                       default=date.max)
        runs = [(first, last)] if said and first <= last else said_days(on)
        out += [(name, None if a == date.min else a, None if b == date.max else b)
                for a, b in _minus(runs, [_days(p.date_from, p.date_to) for p in on
                                          if p.excluded])]
    return tuple(out)


def pieces(date_from: date | None, date_to: date | None,
           gaps: tuple[Gap, ...]) -> list[tuple[date | None, date | None]]:
    """The covering span without its gaps: the periods said, in order."""
    out: list[tuple[date | None, date | None]] = []
    start = date_from
    for first, last in gaps:
        out.append((start, first - timedelta(days=1)))
        start = last + timedelta(days=1)
    out.append((start, date_to))
    return out
