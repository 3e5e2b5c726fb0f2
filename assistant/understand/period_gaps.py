"""Periods said apart ("in 2016 or 2018", "in March 2019 and March 2020") are those periods only.

Why: the plan keeps every period said and one covering span (`date_from`/`date_to`), and the
answer filtered on the covering span alone — "complaints received in 2016 or 2018" counted 2017's
too, cited and confident, with nothing reported. The days between disjoint periods on a record's
own date are the plan's gaps: a structured answer excludes them, and says the periods one by one.
A comparison ("2016 versus 2018") keeps its periods apart itself, so it has no gaps.
"""

from __future__ import annotations

from datetime import date, timedelta

from .models import QueryPlan

Gap = tuple[date, date]


def period_gaps(plan: QueryPlan) -> tuple[Gap, ...]:
    """The runs of days between the periods said on the record's own date, first to last."""
    own = sorted((p.date_from, p.date_to) for p in plan.periods
                 if not p.field and p.date_from is not None and p.date_to is not None)
    if plan.compare or len(own) < 2 or len(own) < len([p for p in plan.periods if not p.field]):
        return ()  # a comparison, one period, or an open-ended one ("since 2019")
    gaps: list[Gap] = []
    end = own[0][1]
    for start, last in own[1:]:
        if start > end + timedelta(days=1):
            gaps.append((end + timedelta(days=1), start - timedelta(days=1)))
        end = max(end, last)
    return tuple(gaps)


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
