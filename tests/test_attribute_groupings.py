"""Group-by and comparisons on any categorical field the data holds, and record-describing
clauses read as filters (issue #13).

Why: a field named "the other way round" ("by type of complainant" for `complainant_type`) was
grouped by complaint category with the field silently dropped; two values of one attribute
joined by "how many … and how many …" counted one group only (one value had no words in the
catalogue); officers described by a relative clause ("by officers who …") were ranked instead of
filtered on; a district "of occurrence" said before its number and a year set off by a colon
were left unapplied; and "what were the findings on …" / "how did … turn out" went to the
narrative search instead of a count per finding. Plans only, over a hand-made catalogue (no store).
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.models import QueryPlan

TODAY = date(2026, 12, 7)
VALUES = {("complaint", "complainant_type"): ["Civilian", "CPD Employee"],
          ("complaint", "complainant_race"): ["Black", "White"],
          ("complaint", "category"): ["Excessive Force", "Verbal Abuse"],
          ("complaint", "district"): ["District 15", "District 22", "District 35"],
          ("allegation", "allegation_type"): ["Physical Abuse", "Lack Of Service"],
          ("allegation", "duty_status"): ["On Duty", "Off Duty"],
          ("allegation", "finding"): ["Sustained Finding", "No Sustained Findings"],
          ("allegation", "outcome"): ["Reprimand", "Suspension"]}
ENTRIES = [Entry(kind, field, value, 10, 10) for (kind, field), values in VALUES.items()
           for value in values]


def plan_for(question: str) -> QueryPlan:
    return understand(question, TODAY, InMemoryDirectory([]),
                      [CatalogueBinder(ENTRIES, cleared=True)])


def test_a_field_said_head_first_is_the_field_grouped() -> None:
    """"type of complainant" is `complainant_type`, never the complaint category."""
    for question in ("Tally the 2020 complaints per type of complainant",
                     "How many complaints in 2021, broken down by the race of the complainants?"):
        plan = plan_for(question)
        assert (plan.group_by, plan.group_field) == (
            "field", "complainant_type" if "type" in question else "complainant_race"), question
        assert plan.unapplied == [], question


def test_a_type_of_something_no_field_holds_is_reported_not_grouped_by_category() -> None:
    plan = plan_for("How many 2020 complaints were there, broken down by type of vehicle?")
    assert plan.group_by != "category"
    assert any("vehicle" in u for u in plan.unapplied)


def test_two_values_of_one_attribute_are_each_counted() -> None:
    for question in ("Of the 2021 complaints, how many were lodged by citizens and how many by "
                     "CPD employees?",
                     "Over 2021, a member of the public versus CPD employees: the complaints "
                     "each lodged?"):
        plan = plan_for(question)
        assert plan.intent == "compare", question
        assert sorted(v for c in plan.compare if c.filter for v in c.filter.values) == [
            "CPD Employee", "Civilian"], question
        assert plan.unapplied == [], question


def test_a_relative_clause_about_the_officers_is_a_filter_not_a_ranking() -> None:
    plan = plan_for("Count 2020 complaints of excessive force made by officers that were off "
                    "duty.")
    assert plan.group_by is None
    assert ("allegation", "duty_status", ["Off Duty"]) in [
        (f.kind, f.field, f.values) for f in plan.filters]
    assert plan_for("Complaints in 2020 by officer, please").group_by == "person"


def test_the_district_of_occurrence_and_a_year_set_off_by_a_colon_apply() -> None:
    plan = plan_for("Name the 2019 verbal abuse complaints where its district of occurrence is "
                    "the 35th.")
    assert [(f.field, f.values) for f in plan.filters if f.field == "district"] == [
        ("district", ["District 35"])]
    assert plan.unapplied == []
    plan = plan_for("District 22, 2018: what is the complaint total?")
    assert (plan.date_from, plan.date_to) == (date(2018, 1, 1), date(2018, 12, 31))
    assert "2018" not in " ".join(plan.unapplied)


def test_the_values_of_a_field_asked_for_are_a_count_per_value() -> None:
    plan = plan_for("What are the investigative findings for 2018's lack of service "
                    "allegations?")
    assert (plan.intent, plan.group_by) == ("count", "finding")
    plan = plan_for("What are the outcomes of the 2018 physical abuse allegations?")
    assert (plan.intent, plan.group_by, plan.group_field) == ("count", "field", "outcome")
    plan = plan_for("Complaints of 2017: how did the lack of service allegations turn out — "
                    "sustained, not sustained etc.?")
    assert (plan.intent, plan.group_by, plan.kinds[0]) == ("count", "finding", "allegation")
    assert plan.findings == []  # the findings said are the groups' names, not a filter


def test_each_officer_counted_once_is_the_number_of_officers() -> None:
    """Not a count per officer with "once" left over: the officers, each counted once."""
    plan = plan_for("Counting every officer only once, tell me how many had a reprimand on their 2018 "
                    "complaints?")
    assert (plan.group_by, plan.min_count, plan.unapplied) == ("person", 1, [])
    plan = plan_for("Every officer counted once: what number received a suspension in 2018?")
    assert (plan.group_by, plan.min_count, plan.unapplied) == ("person", 1, [])
