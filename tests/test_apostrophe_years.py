"""A year written with an apostrophe ("in '16", "back in ’18", "the '20 figures") is a year.

Why: on the eighth held-out set "in '15" was read as the number 15 and bound a district, while the
year was silently dropped: a broader question answered as if it were the one asked.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.dates import parse_atom

TODAY = date(2026, 12, 6)
ENTRIES = [Entry("complaint", "district", "District 16", 300, 300),
           Entry("complaint", "district", "District 18", 300, 300),
           Entry("complaint", "district", "District 22", 300, 300)]


def plan_for(question: str):  # type: ignore[no-untyped-def]
    return understand(question, TODAY, InMemoryDirectory([]),
                      [CatalogueBinder(ENTRIES, cleared=True)])


def test_an_apostrophe_year_is_the_year_and_binds_no_number() -> None:
    plan = plan_for("Tally the complaints lodged in the 22nd district in '16, please")
    assert (plan.date_from, plan.date_to) == (date(2016, 1, 1), date(2016, 12, 31))
    assert [(f.field, f.values) for f in plan.filters] == [("district", ["District 22"])]
    assert plan.unapplied == []


def test_curly_apostrophe_and_a_year_before_a_noun() -> None:
    plan = plan_for("complaints we logged way back in ’18")
    assert (plan.date_from, plan.date_to) == (date(2018, 1, 1), date(2018, 12, 31))
    assert plan.filters == []
    plan = plan_for("list complaints from the '20 intake")
    assert (plan.date_from, plan.date_to) == (date(2020, 1, 1), date(2020, 12, 31))


def test_two_digit_years_take_the_century_the_numeric_dates_do() -> None:
    assert parse_atom("'98", TODAY) == (date(1998, 1, 1), date(1998, 12, 31))
    assert parse_atom("may '19", TODAY) == (date(2019, 5, 1), date(2019, 5, 31))
    assert parse_atom("'90s", TODAY) is None  # a decade, not read as a year here
