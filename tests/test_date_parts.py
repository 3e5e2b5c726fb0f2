"""A part of a year or month said in words is the one span it names.

Why: "the last quarter of 2019" was read as two periods — the rolling quarter before today and the
whole of 2019 — and "the final quarter of 2019", "Q4 of 2019", "the summer of 2020" or "Jan–Mar
2020" as the whole year, so the answer covered a period nobody asked about. Expected spans are
calendar arithmetic written out here; vague parts ("late 2019") must stay reported as unapplied.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understand.dates import find_dates
from assistant.understand.directory import InMemoryDirectory
from assistant.understand.plan import understand

TODAY = date(2026, 12, 6)
D = date

PARTS = [
    ("searches logged during the last quarter of 2017", D(2017, 10, 1), D(2017, 12, 31)),
    ("absences in the final quarter of 2016", D(2016, 10, 1), D(2016, 12, 31)),
    ("claims made in Q3 of 2015", D(2015, 7, 1), D(2015, 9, 30)),
    ("cases opened in the opening quarter of 2014", D(2014, 1, 1), D(2014, 3, 31)),
    ("records from the first six months of 2013", D(2013, 1, 1), D(2013, 6, 30)),
    ("records from the last 2 months of 2012", D(2012, 11, 1), D(2012, 12, 31)),
    ("reports dated the last month of 2011", D(2011, 12, 1), D(2011, 12, 31)),
    ("logins in the second week of May 2021", D(2021, 5, 8), D(2021, 5, 14)),
    ("shifts during the final fortnight of August 2022", D(2022, 8, 18), D(2022, 8, 31)),
    ("the back half of 2018, please", D(2018, 7, 1), D(2018, 12, 31)),
    ("anything over the summer of 2019", D(2019, 6, 1), D(2019, 8, 31)),
    ("anything in autumn 2010", D(2010, 9, 1), D(2010, 11, 30)),
    ("anything across winter 2015/16", D(2015, 12, 1), D(2016, 2, 29)),
    ("filed Jan–Mar 2023", D(2023, 1, 1), D(2023, 3, 31)),
    ("filed Nov-Feb 2020", D(2019, 11, 1), D(2020, 2, 29)),
]


@pytest.mark.parametrize(("text", "start", "end"), PARTS)
def test_a_part_of_a_period_is_one_span(text: str, start: date, end: date) -> None:
    spans, _ = find_dates(text, TODAY)
    assert [(s.start, s.end) for s in spans] == [(start, end)], text


def test_a_relation_before_a_part_applies_to_the_part() -> None:
    spans, _ = find_dates("overtime since the last quarter of 2017", TODAY)
    assert [(s.start, s.end) for s in spans] == [(D(2017, 10, 1), TODAY)]
    spans, _ = find_dates("overtime before the second half of 2012", TODAY)
    assert [(s.start, s.end) for s in spans] == [(None, D(2012, 6, 30))]


def test_the_rolling_quarter_is_still_read_when_no_year_follows() -> None:
    spans, _ = find_dates("overtime claimed over the last quarter", TODAY)
    assert [(s.start, s.end) for s in spans] == [(D(2026, 9, 6), TODAY)]


def test_a_plan_for_a_part_holds_one_period_and_nothing_unapplied() -> None:
    plan = understand("Count complaints received in the last quarter of 2017", TODAY,
                      InMemoryDirectory([]))
    assert [(p.date_from, p.date_to) for p in plan.periods] == [(D(2017, 10, 1), D(2017, 12, 31))]
    assert (plan.date_from, plan.date_to) == (D(2017, 10, 1), D(2017, 12, 31))
    assert plan.unapplied == []


@pytest.mark.parametrize("vague", ["Count complaints received in late 2017",
                                   "Count complaints received over the winter of 2017",
                                   "Count complaints received in the closing months of 2017"])
def test_a_vague_part_is_not_guessed_and_stays_unapplied(vague: str) -> None:
    plan = understand(vague, TODAY, InMemoryDirectory([]))
    assert plan.unapplied, vague
