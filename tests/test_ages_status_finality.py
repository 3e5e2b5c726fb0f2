"""Ages, finality clauses, status and field words bound to the fields that hold them — or
reported (issue #13).

Why: the seventh held-out set read an age as a count threshold per officer (a complaint from a
person aged 17 or less became officers with at most 17 complaints), counted allegations with no
finding in the total of a breakdown restricted to decided ones, reported words that restate an
applied filter ('open' beside a bound in-progress status, 'shootings' beside a bound
police-shooting flag) while applying nothing for a wait on the investigation's result, and
dropped "members of the public" where no field holds who complained. Plans only, over a
hand-made catalogue and numeric fields (no store); wordings are this file's own.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.followup import inherit
from assistant.understand.models import QueryPlan
from assistant.understand.numeric import NumericBinder, NumericField

TODAY = date(2026, 12, 7)
VALUES = {("complaint", "category"): ["Excessive Force", "Data misuse"],
          ("complaint", "status"): ["Pending Investigation", "Closed at COPA", "Case Final"],
          ("complaint", "police_shooting"): ["police shooting"],
          ("allegation", "allegation_type"): ["Excessive Force", "Verbal Abuse"],
          ("allegation", "finding"): ["Sustained", "Unfounded", "Exonerated"],
          ("allegation", "recommended_finding"): ["Sustained", "Unfounded"]}
ENTRIES = [Entry(kind, field, value, 10, 10) for (kind, field), values in VALUES.items()
           for value in values]
AGE = NumericField("complaint", "complainant_age", column=False)
CLOSURE = NumericField("complaint", "days_to_closure")


def plan_for(question: str, ages: bool = True, previous: QueryPlan | None = None) -> QueryPlan:
    numeric = NumericBinder([AGE, CLOSURE] if ages else [CLOSURE])
    plan = understand(question, TODAY, InMemoryDirectory([]),
                      [numeric, CatalogueBinder(ENTRIES, cleared=True)],
                      default_kinds=previous.kinds if previous else ())
    return inherit(plan, previous)[0] if previous else plan


def _filters(plan: QueryPlan) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(f.field, f.op, tuple(f.values)) for f in plan.filters}


def test_an_age_said_of_a_person_binds_the_complainants_age_never_a_count_threshold() -> None:
    for question, expected in (
            ("How many 2022 complaints were brought by somebody younger than 16?", ("lt", "16")),
            ("Complaints in 2022 lodged by people aged 70 or over: how many?", ("ge", "70")),
            ("Total the 2022 complaints whose complainants were minors", ("lt", "18")),
            ("Complaints of 2022 from complainants aged 20 to 29, how many?",
             ("between", "20", "29"))):
        plan = plan_for(question)
        assert plan.max_count is None and plan.min_count is None, question
        assert plan.group_by is None, question
        assert ("complainant_age", *expected[:1], expected[1:]) in _filters(plan), question
        assert plan.unapplied == [], question


def test_an_age_no_field_holds_is_reported_not_applied() -> None:
    for question in ("How many 2022 complaints were brought by somebody younger than 16?",
                     "Number of complaints from juvenile complainants during 2022?"):
        plan = plan_for(question, ages=False)
        assert plan.max_count is None and plan.group_by is None, question
        assert plan.filters == [], question
        assert len(plan.unapplied) == 1 and "complainant" in plan.unapplied[0], question


def test_counting_words_still_make_a_count_threshold() -> None:
    plan = plan_for("Which officers drew at most 4 complaints in 2022?")
    assert (plan.group_by, plan.max_count) == ("person", 4)
    height = plan_for("How many 2022 complaints named officers under 6 ft tall?")
    assert not any(f.field == "complainant_age" for f in height.filters)  # a unit: no age


def test_a_finality_clause_keeps_only_allegations_with_a_finding() -> None:
    for question in ("Among 2020 excessive force allegations which have now reached a "
                     "finding, broken down by finding",
                     "Results of the finalised 2020 excessive force allegations, by finding",
                     "Excessive force allegations in 2020 which have been given a finding, "
                     "broken down by finding"):
        plan = plan_for(question)
        assert ("finding", "present", ("recorded",)) in _filters(plan), question
        assert plan.group_by == "finding", question
        assert plan.unapplied == [], question


def test_an_investigation_phrase_binds_the_in_progress_status() -> None:
    plan = plan_for("Is the force still investigating any 2023 excessive force complaint?")
    assert ("status", "in", ("Pending Investigation",)) in _filters(plan)
    assert plan.unapplied == []


def test_open_beside_a_bound_in_progress_status_restates_it() -> None:
    plan = plan_for("Which 2023 complaints are open, with status pending investigation?")
    assert ("status", "in", ("Pending Investigation",)) in _filters(plan)
    assert plan.unapplied == []
    alone = plan_for("Which 2023 complaints are open?")
    assert any("open" in u for u in alone.unapplied)  # no status value says it: reported


def test_a_follow_up_word_naming_an_inherited_flag_is_bound() -> None:
    first = plan_for("Tally 2020 complaints with a police shooting")
    plan = plan_for("Of these shootings, how many await the end of the investigation?",
                    previous=first)
    assert {("police_shooting", "in", ("police shooting",)),
            ("status", "in", ("Pending Investigation",))} <= _filters(plan)
    assert plan.unapplied == []


def test_words_naming_a_bound_measure_are_bound_with_it() -> None:
    plan = plan_for("Tally 2021 complaints where closing them needed more than 400 days")
    assert ("days_to_closure", "gt", ("400",)) in _filters(plan)
    assert plan.unapplied == []


def test_members_of_the_public_with_no_complainant_type_are_reported() -> None:
    plan = plan_for("In 2024, how many complaints came from members of the public?")
    assert any("public" in u for u in plan.unapplied)
