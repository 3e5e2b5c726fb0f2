"""Vocabulary from the data: phrases that used to be read as people or left unapplied now bind to
the catalogue's own fields and values (issue #13, items 2 and 3).

Why: a held-out set showed five failure kinds — an ethnicity word and an agency's short name
taken for a person ("No one matching …"), export columns no other wording reached (an officer's
arrest, a case's status, a referral), a system's full name split by a join, overtime columns the
mapping did not carry, and a record kind's own full name reported as a constraint. Each test
below is worded for this file, over a small catalogue like a force export's.
"""

from __future__ import annotations

from datetime import date

import duckdb

from assistant import joins
from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder, said_forms
from assistant.catalogue.wordset import WordSetBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)
ENTRIES = [
    Entry("allegation", "officer_race", "HISPANIC", 40, 40),
    Entry("allegation", "officer_race", "WHITE", 90, 90),
    Entry("allegation", "officer_gender", "female", 30, 30),
    Entry("allegation", "officer_gender", "male", 120, 120),
    Entry("allegation", "accused_arrested", "officer arrested", 9, 9),
    Entry("allegation", "accused_arrested", "officer not arrested", 900, 900),
    Entry("allegation", "recommended_finding", "Sustained", 30, 30),
    Entry("allegation", "finding", "Sustained", 20, 20),
    Entry("complaint", "status", "Case Final", 31, 31),
    Entry("complaint", "status", "Pending Investigation", 160, 160),
    Entry("complaint", "referred_to_agency", "City of Chicago Office of Inspector General", 12, 12),
    Entry("complaint", "referred_to_agency", "External Police Department", 9, 9),
    Entry("complaint", "referred_to_agency", "Cook County Sheriff's Department", 10, 10),
    Entry("complaint", "complainant_type", "Police Employee", 40, 40),
    Entry("duty_shift", "claim_reason", "Court attendance", 100, 100),
    Entry("duty_shift", "claim_reason", "Hospital guard", 150, 150),
    Entry("duty_shift", "authorisation", "authorised", 1800, 1800),
    Entry("duty_shift", "authorisation", "pending authorisation", 200, 200),
    Entry("declaration", "declaration_type", "gift", 3, 3),
    Entry("declaration", "declaration_type", "association", 7, 7),
    Entry("system_access", "system", "PNC", 500, 500),
]
ALIASES = {"pending authorisation": ["awaiting authorisation", "not yet authorised"]}


def plan_for(question: str):  # type: ignore[no-untyped-def]
    binders = [WordSetBinder(ENTRIES, True, ALIASES), CatalogueBinder(ENTRIES, True, ALIASES)]
    return understand(question, TODAY, InMemoryDirectory([]), binders)


def bound(question: str) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(f.kind, f.field, tuple(f.values)) for f in plan_for(question).filters}


def test_an_ethnicity_word_is_the_officers_recorded_race_not_a_person() -> None:
    plan = plan_for("allegations made in 2020 against Latino officers: how many?")
    assert ("allegation", "officer_race", ("HISPANIC",)) in bound(plan.question)
    assert plan.unresolved_people == [] and plan.unapplied == []


def test_an_agencys_distinctive_tail_and_initials_name_the_stored_value() -> None:
    agency = ("complaint", "referred_to_agency", ("City of Chicago Office of Inspector General",))
    for question in ("How many 2021 complaints were referred on to the Inspector General?",
                     "complaints from 2021 referred to the OIG: how many?"):
        plan = plan_for(question)
        assert agency in bound(question), question
        assert plan.unresolved_people == [] and plan.unapplied == [], question
    # initials in lower case are a word, not a name; a tail made only of words other values use
    # ("Police Department") stands for nothing
    assert agency not in bound("complaints from 2021 referred to the oig: how many?")
    assert not any(f[1] == "referred_to_agency"
                   for f in bound("complaints about the Police Department in 2021"))


def test_an_officers_arrest_said_in_other_words_binds_the_export_flag() -> None:
    assert ("allegation", "accused_arrested", ("officer arrested",)) in bound(
        "how many complaints from 2022 saw the accused officer taken into custody?")
    assert ("allegation", "accused_arrested", ("officer not arrested",)) in bound(
        "complaints in 2021 where the officer concerned was not arrested")
    # no officer said: someone else's arrest is not the accused officer's flag
    plan = plan_for("how many complaints in 2021 where the complainant was arrested?")
    assert not any(f.field == "accused_arrested" for f in plan.filters)
    assert plan.unapplied


def test_a_breakdown_by_a_fields_last_word_groups_by_that_field() -> None:
    for question in ("Break the 2020 complaints down by case status",
                     "what does the status breakdown of complaints from 2019 look like?",
                     "for 2021 complaints, give a count in each case status"):
        plan = plan_for(question)
        assert (plan.group_by, plan.group_field) == ("field", "status") or \
            plan.group_by == "status", (question, plan.group_by, plan.group_field)
        assert plan.unapplied == [], question


def test_final_inside_a_stored_value_is_that_value() -> None:
    """Where the data keeps recommendations apart, 'final' is dropped as noise — but not the
    'Final' of the status 'Case Final', which bound to 'status recorded' (every complaint)."""
    plan = plan_for("How many complaints are at the status Case Final?")
    assert [(f.field, f.values, f.op) for f in plan.filters] == [
        ("status", ["Case Final"], "in")]


def test_overtime_reason_and_authorisation_bind_to_the_claims_columns() -> None:
    reason = ("duty_shift", "claim_reason", ("Court attendance",))
    pending = ("duty_shift", "authorisation", ("pending authorisation",))
    for question in ("which overtime claims, made for attending court, are awaiting authorisation?",
                     "how many overtime claims made for court attendance are not yet authorised?",
                     "overtime claimed for attending court where the authorisation is pending"):
        plan = plan_for(question)
        assert {reason, pending} <= bound(question), question
        assert plan.unapplied == [], question


def test_the_kinds_own_full_name_is_not_a_constraint() -> None:
    plan = plan_for("list every declaration of interest lodged in 2024")
    assert plan.kinds == ["declaration"] and plan.unapplied == []
    assert plan_for("how many declarations of interests were there by type?").unapplied == []


def test_a_systems_full_name_is_its_stored_name_in_a_join_too() -> None:
    assert "police national computer" in said_forms("PNC")
    con = duckdb.connect()
    con.execute("CREATE TABLE system_access (system VARCHAR)")
    con.execute("INSERT INTO system_access VALUES ('PNC'), ('Niche RMS')")
    question = "who looked at the Police National Computer on a day of annual leave?"
    values, spans = joins._named(con, joins.SYSTEMS, question, short=True)
    assert values == ["PNC"]
    assert [question[a:b] for a, b in spans] == ["Police National Computer"]


def test_a_capitalised_word_before_officers_that_nothing_holds_is_unapplied_not_a_person() -> None:
    """A miss in both the catalogue and the staff directory is said as a filter not applied —
    never "No one matching …", which refuses a question about a group of officers."""
    plan = plan_for("how many allegations against Ruritanian officers were upheld in 2020?")
    assert plan.unresolved_people == []
    assert any("Ruritanian" in u for u in plan.unapplied)
    # a person's name in the same place is still a person no one matches
    assert plan_for("how many allegations against Zed Quorrin were upheld?").unresolved_people


def test_the_mappings_carry_the_columns_these_questions_filter_on() -> None:
    """Re-ingest needed: Philadelphia's officer race/sex and the overtime export's reason and
    authorisation state are attributes, so the catalogue holds their values."""
    from ingestion.mapping import load_mapping

    def attributes(name: str, kind: str) -> set[str]:
        return {a for spec in load_mapping(name).records if spec.kind == kind
                for a in (spec.attributes or {})}

    assert {"officer_race", "officer_gender"} <= attributes("philly", "allegation")
    assert {"claim_reason", "authorisation"} <= attributes("synthetic", "duty_shift")
    assert "pending authorisation" in load_mapping("synthetic").aliases


def test_the_word_saying_which_officers_in_a_per_record_threshold_is_still_bound() -> None:
    """"at least one Latino officer": the threshold counts officers per complaint, and the word
    between ("Latino") is the officers' recorded race — not swallowed with the threshold."""
    plan = plan_for("for 2019, count the complaints that accused at least one Latino officer")
    assert plan.min_people == 1
    assert [(f.field, f.values) for f in plan.filters] == [("officer_race", ["HISPANIC"])]
    assert plan.unapplied == []
    plan = plan_for("how many complaints in 2017 accused at least one women officers?")
    assert [(f.field, f.values) for f in plan.filters] == [("officer_gender", ["female"])]
    # a woman said alone (a complainant, a witness) is not the officer's recorded sex
    assert not plan_for("complaints from a woman about officers in 2017").filters
