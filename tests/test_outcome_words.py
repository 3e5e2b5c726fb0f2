"""Colloquial discipline words bind to the outcome values the data holds, in either force's
vocabulary (assistant/catalogue/link.py OUTCOME_WORDS).

Why: on the sixth fresh set "sackings … without notice" went to the narrative search (no
complaint account says "sacked") instead of the synthetic force's outcome "Dismissal without
notice"; "fired", "let go", "suspended", "written up" were reported unapplied although Chicago's
penalties ("400 - SEPARATION", "010 - 10 DAY SUSPENSION") and the synthetic warnings hold them.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 7)
UK = [Entry("allegation", "outcome", "Dismissal without notice", 8, 8),
      Entry("allegation", "outcome", "Written warning", 17, 17),
      Entry("allegation", "outcome", "Final written warning", 12, 12),
      Entry("allegation", "outcome", "No further action", 604, 604),
      Entry("allegation", "finding", "Upheld", 46, 46)]
CHICAGO = [Entry("allegation", "outcome", "400 - SEPARATION", 15, 15),
           Entry("allegation", "outcome", "010 - 10 DAY SUSPENSION", 25, 25),
           Entry("allegation", "outcome", "200 - SUSPENDED OVER 30 DAYS", 18, 18),
           Entry("allegation", "outcome", "100 - REPRIMAND", 28, 28),
           Entry("allegation", "finding", "Exonerated", 701, 701),
           Entry("allegation", "finding", "Unfounded", 211, 211),
           Entry("allegation", "recommended_finding", "Administratively Terminated", 1, 1)]


def bound(question: str, entries: list[Entry]) -> tuple[list[tuple[str, list[str]]], list[str]]:
    plan = understand(question, TODAY, InMemoryDirectory([]),
                      [CatalogueBinder(entries, cleared=True)])
    return [(f.field, f.values) for f in plan.filters], plan.unapplied


def test_a_sacking_is_the_forces_dismissal_value() -> None:
    filters, unapplied = bound("were any officers sacked over last year's complaints?", UK)
    assert filters == [("outcome", ["Dismissal without notice"])] and unapplied == []
    for question in ("count the firings without notice that 2025 complaints led to",
                     "which constables got the sack over a complaint?",
                     "were any PCs booted out after complaints last year?"):
        assert bound(question, UK)[0] == [("outcome", ["Dismissal without notice"])], question


def test_a_part_of_the_outcome_no_value_holds_is_reported() -> None:
    filters, unapplied = bound("which constables were let go with notice in 2024?", UK)
    assert filters == [("outcome", ["Dismissal without notice"])]
    assert any("with notice" in u for u in unapplied)


def test_chicago_penalties_said_colloquially() -> None:
    assert bound("how many Chicago officers were fired in 2021?", CHICAGO)[0] == [
        ("outcome", ["400 - SEPARATION"])]
    assert bound("Chicago allegations where the officer got suspended", CHICAGO)[0] == [
        ("outcome", ["010 - 10 DAY SUSPENSION", "200 - SUSPENDED OVER 30 DAYS"])]


def test_written_up_and_cleared() -> None:
    assert bound("officers written up after a complaint in 2024", UK)[0] == [
        ("outcome", ["Final written warning", "Written warning"])]
    filters, _ = bound("Chicago allegations in 2020 where the officer was cleared", CHICAGO)
    assert filters == [("finding", ["Exonerated", "Unfounded"])]


def test_a_finding_that_ends_an_investigation_is_not_a_firing() -> None:
    """'Administratively Terminated' closes an inquiry: never what 'fired' means."""
    filters, _ = bound("how many Chicago officers were fired in 2021?", CHICAGO)
    assert ("recommended_finding", ["Administratively Terminated"]) not in filters


def test_a_word_said_in_its_other_sense_is_no_outcome() -> None:
    """'fired at a dog' is a shot, 'his licence was suspended' no officer's suspension."""
    for question in ("Chicago complaints in 2020 where an officer fired at a stray dog",
                     "has any officer fired his weapon into a moving car?",
                     "which sergeants had their driving licence suspended?"):
        filters, _ = bound(question, CHICAGO)
        assert not any(f == "outcome" for f, _ in filters), (question, filters)
