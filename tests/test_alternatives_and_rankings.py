"""Comparisons, rankings and one-field alternatives read as the investigator meant them (issue #13),
at plan level over a small catalogue.

Why: on the seventh held-out set a "which year had more" asked with the two years joined by
"or", or one year set against the other, was answered as one list over both; two outcomes joined
by "or" were bound as if one record held both; ranking idioms (heading a table, a highest count
with a generic verb) were left unapplied; a possessive before an ordinal district with a split by
a coarse classification was grouped by district; an existence question with a bound category went
to the narrative search; and a "Surname, Forename" reference was not resolved. Every wording here
is this file's own.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.interpret import interpretation
from assistant.understand.models import QueryPlan

TODAY = date(2026, 12, 8)
ENTRIES = [Entry("complaint", "district", "District 12", 252, 252),
           Entry("complaint", "district", "District 35", 399, 399),
           Entry("allegation", "outcome", "Written warning", 40, 40),
           Entry("allegation", "outcome", "Dismissal", 9, 9),
           Entry("complaint", "status", "Closed", 300, 300)]
PEOPLE = [{"person_id": "whitfield", "name": "Dana Whitfield", "rank": "PC", "identifiers": {}},
          {"person_id": "whitfield-r", "name": "Rory Whitfield", "rank": "PC", "identifiers": {}}]


def plan_for(question: str) -> QueryPlan:
    return understand(question, TODAY, InMemoryDirectory(PEOPLE),
                      [CatalogueBinder(ENTRIES, cleared=True)])


@pytest.mark.parametrize("question", [
    "Use of force complaints: were they higher during 2015, or 2016?",
    "Put 2015 against 2016 for the number of use of force complaints.",
    "Data misuse complaints in March 2021 versus April 2021",
])
def test_two_periods_set_against_each_other_are_compared(question: str) -> None:
    plan = plan_for(question)
    assert plan.intent == "compare" and [c.type for c in plan.compare] == ["period", "period"]
    assert plan.unapplied == [], plan.unapplied


def test_periods_joined_by_or_without_a_comparative_stay_one_span() -> None:
    for question in ("officers with 2 or more complaints in 2015 or 2016",
                     "use of force complaints in 2015 or 2016: which officers had the most?"):
        assert plan_for(question).intent != "compare", question


@pytest.mark.parametrize("question", [
    "Data misuse complaints in 2016: higher in district 12, or district 35?",
    "Corruption complaints during 2017 - fewer of them in the 12th district, or the 35th?",
])
def test_two_values_with_a_comparative_and_or_are_compared(question: str) -> None:
    plan = plan_for(question)
    assert plan.intent == "compare" and plan.filters == [] and plan.unapplied == [], plan
    assert [c.filter.values for c in plan.compare if c.filter] == [["District 12"],
                                                                   ["District 35"]]


def test_values_of_one_field_joined_by_or_are_one_filter_on_either() -> None:
    plan = plan_for("How many complaints ended with a written warning or a dismissal?")
    assert [(f.field, f.values) for f in plan.filters] == [
        ("outcome", ["Written warning", "Dismissal"])]
    assert plan.unapplied == []
    assert "outcome = Written warning or Dismissal" in interpretation(plan)


def test_values_of_different_fields_joined_by_or_are_reported_not_applied() -> None:
    plan = plan_for("List complaints from district 12 or with a dismissal")
    assert plan.filters == []
    assert any("district 12" in u and "dismissal" in u for u in plan.unapplied), plan.unapplied


@pytest.mark.parametrize("question", [
    "In 2016, which officer heads the table for complaints received?",
    "Which constable tops the list by complaint count for 2017?",
    "Which officer featured on the largest tally of complaints in 2017?",
    "Over 2018, which officer or officers showed up on the greatest count of cases?",
])
def test_ranking_said_in_other_words_is_a_top_one_with_ties(question: str) -> None:
    plan = plan_for(question)
    assert (plan.group_by, plan.limit) == ("person", 1), plan.reasons
    assert plan.unapplied == [], plan.unapplied


@pytest.mark.parametrize("question", [
    "The 12th district's 2016 complaints split by their broad classification",
    "Complaints from the 35th district in 2019, split by their general type, with totals",
])
def test_a_coarse_classification_groups_by_category_not_by_the_district(question: str) -> None:
    plan = plan_for(question)
    assert plan.group_by == "category", plan.reasons
    assert [f.field for f in plan.filters] == ["district"] and plan.unapplied == [], plan


def test_an_existence_question_with_a_bound_topic_is_answered_from_the_records() -> None:
    for question in ("Was a single data misuse complaint logged in 2023?",
                     "Did anybody record even one corruption complaint during 2022?"):
        plan = plan_for(question)
        assert plan.intent == "list" and plan.categories, (question, plan.reasons)
        assert plan.unapplied == [], plan.unapplied


def test_surname_comma_forename_is_that_person() -> None:
    plan = plan_for("Which complaints name PC Whitfield, Dana?")
    assert [m.person_ids for m in plan.people] == [["whitfield"]]
    plan = plan_for("Pull the complaints against Officer Whitfield, Rory")
    assert [m.person_ids for m in plan.people] == [["whitfield-r"]]


def test_a_years_intake_is_the_records_received_that_year() -> None:
    plan = plan_for("How many complaints made up the 2018 intake?")
    assert (plan.date_from, plan.date_to) == (date(2018, 1, 1), date(2018, 12, 31))
    assert plan.unapplied == [], plan.unapplied
