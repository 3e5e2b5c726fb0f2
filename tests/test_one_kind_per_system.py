"""A system named by a value of the audit log's field is that system, not a second record kind.

Why: "Intel DB" is a value of the audit log's `system` field, but "intel" also names the
intelligence-report kind, so "were results exported from the Intel DB" read as intelligence
reports (a narrative search, "no intelligence report describes …") or as both kinds ("Yes. No
intelligence reports … 4 system searches …", headline 0). A held value said in full that
contains another kind's name is the value; and of two kind words said as one compound
("intelligence database"), the head noun whose fields bound is the kind, the modifier is only
reported (never a second kind counted silently).
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.catalogue.wordset import WordSetBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)
ENTRIES = [
    Entry("system_access", "system", "Intel DB", 800, 800),
    Entry("system_access", "system", "PNC", 900, 900),
    Entry("system_access", "action", "Export results", 90, 90),
    Entry("system_access", "action", "Person enquiry", 700, 700),
    Entry("intel_report", "grading", "B2", 5, 5),
    Entry("absence", "reason", "Injury on duty", 40, 40),
    Entry("absence", "reason", "Back pain", 60, 60),
]


def plan_for(question: str, aliases: dict[str, list[str]] | None = None):  # type: ignore[no-untyped-def]
    binders = [WordSetBinder(ENTRIES, True, aliases or {}),
               CatalogueBinder(ENTRIES, True, aliases or {})]
    return understand(question, TODAY, InMemoryDirectory([]), binders)


def test_a_system_value_containing_a_kind_word_is_the_system() -> None:
    plan = plan_for("How often did anyone use the Intel DB to export results in March 2024?")
    assert plan.kinds == ["system_access"]
    assert {(f.field, tuple(f.values)) for f in plan.filters} == {
        ("system", ("Intel DB",)), ("action", ("Export results",))}


def test_a_compound_of_two_kind_words_keeps_the_head_kind_and_reports_the_modifier() -> None:
    plan = plan_for("Count the intelligence database results exported in May 2024.")
    assert plan.kinds == ["system_access"]
    assert "intelligence" in plan.unapplied


def test_the_intelligence_kind_itself_is_still_read() -> None:
    assert plan_for("How many intel reports arrived in March 2024?").kinds == ["intel_report"]
    assert "intel_report" in plan_for("Which intelligence reports mention a PNC check?").kinds


def test_a_value_containing_a_kind_word_is_the_value_when_its_own_kind_is_named() -> None:
    plan = plan_for("How many absences in 2022 were for an injury on duty?")
    assert plan.kinds == ["absence"]
    assert [(f.field, f.values) for f in plan.filters] == [("reason", ["Injury on duty"])]


def test_a_mapping_alias_of_a_system_that_holds_kind_words_names_the_system() -> None:
    plan = plan_for("Count the intelligence database results exported in May 2024.",
                    {"Intel DB": ["intelligence database"]})
    assert plan.kinds == ["system_access"] and plan.unapplied == []
    assert ("system", ["Intel DB"]) in [(f.field, f.values) for f in plan.filters]
