"""Readings the public dev set showed were wrong, each fixed in general (not per question).

Why: "2015 or later" was read as 2015 alone; "still pending investigation" became an allegation
finding although the complaints' own status holds "Pending Investigation"; "fall under" read as a
change over time (a count per year); "across the whole dataset" left 'whole', 'dataset' unapplied.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)
BINDER = CatalogueBinder([Entry("complaint", "status", "Pending Investigation", 9, 9),
                          Entry("complaint", "category", "SEXUAL CRIME/MISCONDUCT", 9, 9),
                          Entry("allegation", "finding", "Pending", 9, 9)], cleared=True)


def plan_for(question: str):  # type: ignore[no-untyped-def]
    return understand(question, TODAY, InMemoryDirectory([]), [BINDER])


def test_or_later_and_or_earlier_are_open_ended() -> None:
    plan = plan_for("how many complaints from 2015 or later?")
    assert (plan.date_from, plan.date_to) == (date(2015, 1, 1), TODAY) and plan.unapplied == []
    plan = plan_for("how many complaints in 2016 or earlier?")
    assert plan.date_from is None and plan.date_to == date(2016, 12, 31)


def test_a_value_of_another_field_said_in_full_is_that_fields() -> None:
    plan = plan_for("How many complaints are still pending investigation?")
    assert [(f.field, f.values) for f in plan.filters] == [("status", ["Pending Investigation"])]
    assert plan.findings == [] and plan.unapplied == []


def test_fall_under_is_not_a_change_over_time() -> None:
    plan = plan_for("Across the whole dataset, how many complaints fall under sexual "
                    "crime/misconduct?")
    assert plan.group_by is None and plan.unapplied == []
    plan = plan_for("did complaints fall in 2020?")
    assert plan.group_by == "year"


def test_two_periods_one_tied_to_the_incident_filter_their_own_dates() -> None:
    for q in ("How many complaints received in 2019 were about incidents that happened in 2018?",
              "Count complaints with a 2019 complaint date and a 2018 incident date."):
        plan = plan_for(q)
        assert (plan.date_from, plan.date_to) == (date(2019, 1, 1), date(2019, 12, 31)), q
        assert [(p.field, p.date_from) for p in plan.periods if p.field] == [
            ("incident_date", date(2018, 1, 1))] and plan.unapplied == [], q
    # one period: the record's own date, whatever the incident wording
    plan = plan_for("How many complaints were about incidents in 2017?")
    assert plan.date_from == date(2017, 1, 1) and all(p.field is None for p in plan.periods)


def test_a_narrower_concept_is_not_read_as_the_broader_category() -> None:
    """'police shooting' is not every firearm discharge (accidental, at an animal); 'pursuit' is
    not every motor vehicle incident: unapplied (so said or abstained on), never broadened."""
    for q, words in (("How many complaints involved a police shooting?", "shooting"),
                     ("Which complaints were pursuit-related?", "pursuit-related")):
        plan = plan_for(q)
        assert plan.categories == [] and plan.unapplied == [words], plan


def test_found_guilty_is_the_disciplinary_outcome_the_data_holds() -> None:
    """Where the data holds an outcome 'Guilty Finding' beside the investigative finding
    'Sustained Finding', 'found guilty' is the outcome; 'disciplinary outcome' is not a
    conduct-case record; 'how many different officers' counts officers."""
    binder = CatalogueBinder([Entry("allegation", "outcome", "Guilty Finding", 9, 9),
                              Entry("allegation", "finding", "Sustained Finding", 9, 9)], True)
    for q in ("Since 2015, how many different officers received a guilty disciplinary finding?",
              "How many distinct officers were found guilty in a disciplinary outcome?",
              "Count the officers with at least one guilty finding on discipline."):
        plan = understand(q, TODAY, InMemoryDirectory([]), [binder])
        assert [(f.field, f.values) for f in plan.filters] == [("outcome", ["Guilty Finding"])]
        assert plan.findings == [] and "conduct_case" not in plan.kinds, q
        assert plan.group_by == "person" and plan.unapplied == [], q


def test_n_things_or_more_is_a_threshold_on_what_it_names() -> None:
    plan = plan_for("In how many complaints were three officers or more involved?")
    assert (plan.min_people, plan.group_by, plan.unapplied) == (3, None, [])
    plan = plan_for("Of the 2019 complaints, how many had multiple officers named?")
    assert (plan.min_people, plan.group_by) == (2, None)  # complaints, not officers
    plan = plan_for("How many officers reach 10 complaints or more?")
    assert (plan.min_count, plan.group_by, plan.unapplied) == (10, "person", [])


def test_a_record_named_by_id_is_looked_up_not_filtered_on() -> None:
    for q, kind, value in (("Show the record 2018-0999999.", "", "2018-0999999"),
                           ("Show the complaint with id 13-9999.", "complaint", "13-9999")):
        plan = plan_for(q)
        assert [(r.kind, r.value) for r in plan.references] == [(kind, value)], q
        assert plan.unapplied == [], q
    assert plan_for("How many records in 2020?").references == []


def test_group_by_status_and_other_group_wordings() -> None:
    for q in ("How many 2021 complaints are there in each status?",
              "Break the 2021 complaints down by current status.",
              "For complaints received in 2021, give counts per status."):
        plan = plan_for(q)
        assert plan.group_by == "status" and plan.unapplied == [], q
    assert plan_for("Give the annual numbers of complaints.").group_by == "year"
    plan = plan_for("For 2018 complaints, break down the allegations by their investigative "
                    "finding.")
    assert (plan.group_by, plan.kinds[0], plan.unapplied) == ("finding", "allegation", [])


def test_a_complaint_status_does_not_take_an_allegation_question() -> None:
    binder = CatalogueBinder([Entry("complaint", "status", "Pending Investigation", 9, 9),
                              Entry("allegation", "outcome", "Pending", 9, 9)], cleared=True)
    plan = understand("How many allegations are still pending investigation?", TODAY,
                      InMemoryDirectory([]), [binder])
    # the allegations' own "Pending" (or the built-in finding), never the complaints' status
    assert all(f.kind == "allegation" for f in plan.filters)
    assert plan.findings == ["pending"] or [f.values for f in plan.filters] == [["Pending"]]


def test_a_breakdown_no_field_holds_is_unapplied_never_dropped() -> None:
    plan = plan_for("How many 2020 complaints were there of each case type?")
    assert plan.group_by is None and plan.unapplied == ["each case type"]
    assert plan_for("How many complaints of each type?").group_by == "category"


def test_a_kind_word_inside_a_capitalised_name_is_not_the_kind() -> None:
    """'the case type Complaint Register' names a value the data does not hold: said unapplied
    whole, not read as the word 'complaint' plus an unexplained 'Register'."""
    plan = plan_for("How many 2022 complaints have the case type Complaint Register?")
    assert plan.unapplied == ["Complaint Register"]
    assert plan_for("Show Complaints Against Officers").kinds == ["complaint"]
