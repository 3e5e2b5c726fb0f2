"""How a follow-up completes itself from the previous plan, read from plans alone (no store): the
engine-level checks, through the API and the CLI, are tests/test_followup_ellipsis.py.

Why: a follow-up inheriting the previous operation kept its grouping but not what it counted (a
count of distinct officers became a ranking of them); a weak list word ("… that were
sustained") or a describe cue said of the previous figure ("how did that figure look …") was
taken for an operation of its own; "the following year, 2021" silently trusted one of two
disagreeing periods; with no earlier question, "what about in 2017?" was answered as if it
stood alone. Wording here is the tests' own.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.followup import inherit, needs_previous
from assistant.understand.models import QueryPlan

TODAY = date(2026, 12, 7)
BINDERS = [CatalogueBinder([Entry("complaint", "district", "District 7", 9, 9),
                            Entry("complaint", "district", "District 3", 9, 9),
                            Entry("complaint", "category", "DISCOURTESY", 9, 9)], cleared=True)]
FIRST = "How many discourtesy complaints arose in district 7 in 2015?"


def plan(question: str) -> QueryPlan:
    return understand(question, TODAY, InMemoryDirectory([]), BINDERS)


def follow(first: str, then: str) -> tuple[QueryPlan, list[str]]:
    return inherit(plan(then), plan(first))


def test_a_count_of_distinct_officers_keeps_what_it_counts() -> None:
    first = plan("How many different officers had discourtesy complaints in 2015?")
    assert (first.group_by, first.min_count) == ("person", 1)
    then, said = inherit(plan("and in 2016?"), first)
    assert (then.group_by, then.min_count, then.intent) == ("person", 1, "count")
    assert then.date_from == date(2016, 1, 1) and any("per person" in s for s in said)


def test_a_weak_list_word_is_no_operation_of_its_own() -> None:
    then, _ = follow(FIRST, "and only those that were sustained?")
    assert then.intent == "count" and then.findings == ["sustained"] and not then.unapplied


def test_a_describe_cue_said_of_the_previous_figure_is_no_search() -> None:
    then, said = follow(FIRST, "How did that figure look a year earlier?")
    assert then.intent == "count" and not then.unapplied and not then.topic_text
    assert (then.date_from, then.date_to) == (date(2014, 1, 1), date(2014, 12, 31))
    assert any("back a year" in s for s in said)
    # with words of its own left to search for, it stays a search
    kept, _ = follow(FIRST, "How did that figure look for officers who swore at a cyclist?")
    assert kept.intent != "count" or kept.unapplied


def test_a_pointer_back_replaces_one_constraint_and_keeps_the_rest() -> None:
    then, said = follow(FIRST, "Same query for district 3")
    assert [f.values for f in then.filters] == [["District 3"]] and not then.unapplied
    assert then.date_from == date(2015, 1, 1) and then.intent == "count"
    assert then.categories == plan(FIRST).categories and said


def test_a_shift_and_a_year_that_disagree_keep_the_year_and_report_the_shift() -> None:
    then, _ = follow(FIRST, "what about the following year, 2019?")
    assert then.date_from == date(2019, 1, 1) and then.unapplied == ["the following year"]
    agreed, _ = follow(FIRST, "what about the following year, 2016?")
    assert agreed.date_from == date(2016, 1, 1) and not agreed.unapplied


@pytest.mark.parametrize("question", [
    "What about in 2017?", "How did that figure look a year earlier?", "Same query for district 3",
    "and the year prior?", "And of those, how many were upheld?", "what about district 3 only?"])
def test_a_bare_follow_up_says_it_needs_the_earlier_question(question: str) -> None:
    assert needs_previous(plan(question)), question


@pytest.mark.parametrize("question", [
    FIRST, "What about discourtesy complaints from 2016?", "How many complaints in 2016?",
    "Which officers had the most complaints the previous year?"])
def test_a_question_that_stands_alone_is_not_a_bare_follow_up(question: str) -> None:
    assert needs_previous(plan(question)) is None, question
