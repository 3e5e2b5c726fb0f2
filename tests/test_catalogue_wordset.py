"""Stored values said in another order, and named values the data does not hold (no store needed:
the binders are built from catalogue entries as `catalogue.load` returns them).

Why: "work-related stress" bound the shorter "Stress" and silently dropped "work related" (both
boilerplate words); "Oldport station" — a station the force does not have — was refused as an
unfilterable phrase instead of being answered "there is no such station".
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.catalogue.unheld import UnheldValueBinder, unheld_values
from assistant.catalogue.wordset import WordSetBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.models import FieldFilter

ENTRIES = [Entry("absence", "reason", "Stress", 110, 110),
           Entry("absence", "reason", "Stress - work related", 29, 29),
           Entry("absence", "reason", "Cold/flu", 275, 275),
           Entry("absence", "reason", "Back pain", 224, 224),
           Entry("person", "unit", "Quayside", 7, 7),
           Entry("person", "rank", "Sergeant", 28, 28),
           Entry("complaint", "district", "Marlhaven", 151, 151)]
TODAY = date(2025, 12, 31)


def plan(question: str):
    binders = [WordSetBinder(ENTRIES, True), CatalogueBinder(ENTRIES, True),
               UnheldValueBinder(ENTRIES)]
    return understand(question, TODAY, InMemoryDirectory([]), binders)


def reason_of(question: str) -> list[list[str]]:
    return [f.values for f in plan(question).filters if f.field == "reason"]


def test_a_value_said_in_another_order_binds_the_whole_value() -> None:
    for q in ("How many absences were for work-related stress?",
              "Count absences whose reason is stress that was work related.",
              "How many absences were for stress related to work?"):
        assert reason_of(q) == [["Stress - work related"]], q
        assert plan(q).unapplied == [], q


def test_the_value_as_stored_is_left_to_the_plain_binder_and_still_binds() -> None:
    assert reason_of("How many absences were for stress?") == [["Stress"]]
    assert reason_of("How many absences for back pain?") == [["Back pain"]]
    assert reason_of("How many absences for a cold or flu?") == [["Cold/flu"]]


def test_small_words_between_a_values_words_are_allowed() -> None:
    assert reason_of("How many absences for a cold or the flu?") == [["Cold/flu"]]


def test_words_far_apart_are_not_one_value() -> None:
    found = reason_of("How many absences for stress were recorded at work by staff who "
                      "later related it?")
    assert ["Stress - work related"] not in found


def test_a_station_the_data_does_not_hold_is_a_value_that_matches_nothing() -> None:
    for q in ("Who works at Oldport station?", "List staff stationed at Oldport.",
              "How many people are posted to Oldport?"):
        p = plan(q)
        assert [(f.field, f.values) for f in p.filters] == [("unit", ["Oldport"])], q
        assert p.unapplied == [] and p.kinds == ["person"], q
    assert unheld_values(plan("Who works at Oldport station?").filters, ENTRIES) == \
        ["unit “Oldport”"]


def test_a_held_value_is_not_reported_unheld() -> None:
    p = plan("Who works at Quayside station?")
    assert [f.values for f in p.filters] == [["Quayside"]]
    assert unheld_values(p.filters, ENTRIES) == []
    assert unheld_values([FieldFilter(kind="complaint", field="district", values=["marlhaven"])],
                         ENTRIES) == []
