"""A structured question is never turned into a narrative search that drops what it asked.

Why: the public dev set showed count and yes/no questions sent to the narrative path — "number of"
hidden behind a masked date, a field value bound by the catalogue (a district, an officer's rank,
a finding) and then discarded because a verb was left over, or "recorded as X" read as words to
search for. The search answered a broader question, cited and confident. These tests use their own
wording and a small catalogue, never the dev set's.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import OFFICER, Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 7)
BINDER = CatalogueBinder([Entry("complaint", "district", "Precinct 9", 9, 9),
                          Entry("complaint", "category", "VERBAL ABUSE", 9, 9),
                          Entry(OFFICER, "rank", "INSPECTOR", 9, 9),
                          Entry("allegation", "finding", "Sustained", 9, 9)], cleared=True)


def plan_for(question: str):  # type: ignore[no-untyped-def]
    return understand(question, TODAY, InMemoryDirectory([]), [BINDER])


def test_number_of_before_a_year_is_still_a_count() -> None:
    plan = plan_for("Number of 2015 complaints about verbal abuse?")
    assert plan.intent == "count" and plan.date_from == date(2015, 1, 1)


def test_a_bound_field_keeps_a_yes_no_question_structured() -> None:
    plan = plan_for("Did precinct 9 ever generate a verbal-abuse complaint?")
    assert plan.intent == "list"
    assert ("district", ["Precinct 9"]) in [(f.field, f.values) for f in plan.filters]
    assert plan.unapplied == ["generate"]  # said, never silently dropped


def test_an_officer_rank_is_not_dropped_for_a_search() -> None:
    plan = plan_for("Did any complaint target an inspector?")
    assert plan.intent == "list" and plan.unapplied == ["target"]
    assert ("rank", ["INSPECTOR"]) in [(f.field, f.values) for f in plan.filters]


def test_recorded_as_asks_for_a_value_and_an_unheld_one_is_unapplied() -> None:
    plan = plan_for("List complaints where the complainant is recorded as a juvenile.")
    assert plan.intent == "list" and plan.unapplied and "juvenile" in plan.unapplied[0]


def test_a_true_narrative_question_stays_a_search() -> None:
    plan = plan_for("Which complaints describe an officer kicking a door in precinct 9?")
    assert plan.intent == "describe"
    plan = plan_for("complaints where an officer threw a phone")
    assert plan.intent == "describe"


def test_a_role_the_records_do_not_hold_in_the_accused_position_is_no_one() -> None:
    """'has the harbour master been accused…', 'where the governor of X is the accused': a
    person the records do not hold, never a narrative search for the words."""
    for q, who in (("Has the harbour master in Leeds been accused in any complaint?",
                    "harbour master"),
                   ("Show complaints where the governor of the prison is the accused.",
                    "governor"),
                   ("How many complaints name the coroner as an accused officer?", "coroner"),
                   ("What complaints has the lord lieutenant been accused in?",
                    "lord lieutenant")):
        plan = plan_for(q)
        assert plan.unresolved_people and plan.unresolved_people[0].startswith(who), (q, plan)
    # a bound rank in that position is a filter, not a missing person
    assert plan_for("Has an inspector been accused in any complaint?").unresolved_people == []


def test_a_force_word_inside_a_longer_stored_value_is_that_value() -> None:
    """'MPS' names the force, but 'MPS Staff' is a complainant type the data holds."""
    from assistant.planning import force_binder

    values = CatalogueBinder([Entry("complaint", "complainant_type", "MPS Staff", 9, 9),
                              Entry("complaint", "complainant_type", "Member of Public", 9, 9),
                              Entry(OFFICER, "unit", "MPS", 1, 1)], cleared=True)
    binders = [force_binder(["metropolitan"], {"mps": "metropolitan"}, values.value_spans),
               values]
    plan = understand("How many complaints were made by MPS staff rather than members of "
                      "public?", TODAY, InMemoryDirectory([]), binders)
    assert [(f.field, f.values) for f in plan.filters] == [("complainant_type", ["MPS Staff"])]
    assert plan.unapplied == []
    plan = understand("How many MPS complaints in 2020?", TODAY, InMemoryDirectory([]), binders)
    assert "force = metropolitan" in [c.element for c in plan.claims] and plan.filters == []


def test_final_is_the_finding_only_where_the_data_keeps_recommendations_apart() -> None:
    apart = CatalogueBinder([Entry("allegation", "finding", "Upheld", 9, 9),
                             Entry("allegation", "recommended_finding", "Upheld", 9, 9)],
                            cleared=True)
    q = "How many allegations had a final finding of upheld?"
    plan = understand(q, TODAY, InMemoryDirectory([]), [apart])
    assert plan.unapplied == [] and (plan.findings or plan.filters)
    together = CatalogueBinder([Entry("allegation", "finding", "Upheld", 9, 9)], cleared=True)
    plan = understand(q, TODAY, InMemoryDirectory([]), [together])
    assert plan.unapplied == ["final"]  # the data cannot tell final from recommended: said


def test_a_word_after_a_named_officer_is_not_a_missing_person() -> None:
    directory = InMemoryDirectory([{"person_id": "person:x:1", "name": "Dana Whitlock",
                                    "given_name": "Dana", "family_name": "Whitlock",
                                    "identifiers": {}}])
    plan = understand("Was any allegation against officer Dana Whitlock ultimately upheld?",
                      TODAY, directory, [BINDER])
    assert plan.unresolved_people == [] and plan.person_ids == ["person:x:1"]


def test_a_given_name_in_brackets_after_the_surname_is_that_person() -> None:
    directory = InMemoryDirectory([{"person_id": "person:x:2", "name": "Tomas Okafor",
                                    "given_name": "Tomas", "family_name": "Okafor",
                                    "identifiers": {}}])
    plan = understand("How many complaints against officer Okafor (Tomas)?", TODAY, directory,
                      [BINDER])
    assert plan.person_ids == ["person:x:2"] and plan.unresolved_people == []
    # brackets that hold no one's given name are left as they are
    plan = understand("How many complaints about Verbal Abuse (Shouting)?", TODAY, directory,
                      [BINDER])
    assert plan.person_ids == []


def test_a_field_said_to_be_recorded_or_missing_is_a_presence_filter() -> None:
    binder = CatalogueBinder([Entry("allegation", "finding", "Upheld", 9, 9),
                              Entry("allegation", "outcome", "Warning", 9, 9)], cleared=True)
    plan = understand("How many allegations carry an outcome?", TODAY, InMemoryDirectory([]),
                      [binder])
    assert [(f.field, f.op) for f in plan.filters] == [("outcome", "present")]
    plan = understand("Count complaints without any outcome entered.", TODAY,
                      InMemoryDirectory([]), [binder])
    assert [(f.kind, f.field, f.op) for f in plan.filters] == [("allegation", "outcome", "absent")]
    assert plan.unapplied == []
    # a value of the field said: that value, not mere presence
    plan = understand("How many allegations have an outcome of warning?", TODAY,
                      InMemoryDirectory([]), [binder])
    assert [(f.field, f.op, f.values) for f in plan.filters] == [("outcome", "in", ["Warning"])]


def test_a_stored_category_said_in_another_order_is_not_split_by_the_taxonomy() -> None:
    """'a serious use of force' for the stored 'Use of Force-Serious': not the broader built-in
    'use of force' plus 'serious' read as another field's value."""
    from assistant.catalogue.wordset import WordSetBinder

    entries = [Entry("complaint", "category", "Use of Force-Serious", 9, 9),
               Entry("complaint", "category", "Use of Force-Minor", 9, 9),
               Entry("allegation", "injury_condition", "Serious", 9, 9)]
    binders = [WordSetBinder(entries, cleared=True), CatalogueBinder(entries, cleared=True)]
    for q in ("List complaints about a serious use of force.",
              "Show complaints where the use of force was serious."):
        plan = understand(q, TODAY, InMemoryDirectory([]), binders)
        assert [(f.field, f.values) for f in plan.filters] == [
            ("category", ["Use of Force-Serious"])], (q, plan.filters, plan.categories)
        assert plan.categories == [] and plan.unapplied == [], q


def test_where_the_field_was_x_asks_for_a_value_even_when_x_is_not_held() -> None:
    binder = CatalogueBinder([Entry("allegation", "outcome", "Reprimand", 9, 9)], cleared=True)
    plan = understand("Show complaints where the sanction for the sergeant was a demotion.",
                      TODAY, InMemoryDirectory([]), [binder])
    assert plan.intent == "list" and plan.unapplied  # said, never a search of the accounts
