"""Follow-ups the public dev set showed lost: a period moved a year, an elliptical question, "the
ones", and "what about district N" read as a breakdown by district.

Why: "and the year before?" kept the previous year (its 'year' unapplied), "what was it the
previous year?" became the last twelve months from today; "how many per year?" and "show me just
the ones from 2021" were answered force-wide; "what about district 19?" became a count per
district with '19' unapplied. Wording here is the tests' own.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.followup import inherit
from assistant.understand.models import QueryPlan

TODAY = date(2026, 12, 7)
DIRECTORY = InMemoryDirectory([])
BINDERS = [CatalogueBinder([Entry("complaint", "district", "Sector 4", 9, 9),
                            Entry("complaint", "district", "District 7", 9, 9),
                            Entry("complaint", "category", "DISCOURTESY", 9, 9)], cleared=True)]


def plan(question: str) -> QueryPlan:
    return understand(question, TODAY, DIRECTORY, BINDERS)


def follow(first: str, then: str) -> tuple[QueryPlan, list[str]]:
    return inherit(plan(then), plan(first))


def test_a_year_back_or_on_moves_the_previous_period() -> None:
    first = "How many discourtesy complaints were there in 2015?"
    for q in ("And the prior year?", "What about the preceding year?", "A year before?"):
        then, said = follow(first, q)
        assert (then.date_from, then.date_to) == (date(2014, 1, 1), date(2014, 12, 31)), q
        assert then.unapplied == [] and any("back a year" in s for s in said), q
    then, _ = follow(first, "And the following year?")
    assert (then.date_from, then.date_to) == (date(2016, 1, 1), date(2016, 12, 31))


def test_a_question_naming_nothing_of_its_own_continues_the_conversation() -> None:
    then, said = follow("How many discourtesy complaints in sector 4?", "How many by month?")
    assert then.categories and then.filters and then.group_by == "month" and said


def test_the_ones_points_back() -> None:
    then, said = follow("How many discourtesy complaints in sector 4?",
                        "List me only the ones received in 2012.")
    assert then.categories and then.filters and then.date_from == date(2012, 1, 1) and said


def test_what_about_a_numbered_district_is_that_district_not_a_breakdown() -> None:
    p = plan("What about district 7 alone?")
    assert p.group_by is None and [f.values for f in p.filters] == [["District 7"]]
    assert p.unapplied == []
    assert plan("Which police district had the most complaints?").group_by == "district"


def test_of_those_keeps_counting_the_previous_records() -> None:
    """'how many of them had an X allegation?' after a count of complaints: still complaints,
    now with such an allegation — not a count of allegations."""
    then, said = follow("How many discourtesy complaints in sector 4?",
                        "How many of those included a discourtesy allegation?")
    assert then.kinds == ["complaint"] and said
    then, _ = follow("How many discourtesy complaints in sector 4?",
                     "How many allegations were recorded in 2012?")
    assert then.kinds == ["allegation"]  # a new question about another kind stays its own
