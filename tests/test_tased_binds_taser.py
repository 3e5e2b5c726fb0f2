"""Said as a verb of the person it was fired at ("a man got tasered", "anyone tazed"), a Taser is
the data's Taser category: its discharge where that is the value held, the Taser itself where the
value is the bare device; "stun gun" and "CED" stay the device, never its discharge.

Why: on the eighth held-out set a question asking whether anybody was tased got "tased" unapplied;
the answer counted every complaint of the year by category instead of the Taser Discharge ones.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)


def bound(question: str, value: str) -> tuple[list[tuple[str, list[str]]], list[str]]:
    entries = [Entry("complaint", "category", value, 12, 12),
               Entry("complaint", "category", "Excessive Force", 300, 300)]
    plan = understand(question, TODAY, InMemoryDirectory([]), [CatalogueBinder(entries, True)])
    return [(f.field, f.values) for f in plan.filters], plan.unapplied


def test_the_verb_binds_a_taser_discharge_value() -> None:
    assert bound("For 2022, how many complaints had anyone tazed?", "Taser Discharge") == (
        [("category", ["Taser Discharge"])], [])
    assert bound("count 2020 cases in which someone was tasered", "Taser Discharge")[0] == [
        ("category", ["Taser Discharge"])]


def test_the_verb_and_the_device_names_bind_a_bare_taser_value() -> None:
    assert bound("how many 2022 complaints had somebody tased", "Taser")[0] == [
        ("category", ["Taser"])]
    assert bound("count 2023 complaints over a stun gun", "Taser")[0] == [("category", ["Taser"])]


def test_the_device_alone_is_not_its_discharge() -> None:
    filters, unapplied = bound("count 2023 complaints over a stun gun", "Taser Discharge")
    assert filters == [] and unapplied
