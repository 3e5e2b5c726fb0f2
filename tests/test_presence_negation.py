""""With no X" asks for the records that lack X; it must never be read as "with X".

Why: the presence cue took "with" (or "has", "had") as the cue and the negation after it as the
optional word before the field, so "complaints with no outcome" counted the complaints that HAVE
an outcome — the opposite set, answered confidently (found while mapping Chicago's civil-suit
column, 2026-12-07). Each wording is checked on the plan the question becomes, over a catalogue of
values as the store's binder sees them.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 7)
BINDER = CatalogueBinder([Entry("allegation", "finding", "Upheld", 40, 40),
                          Entry("complaint", "outcome", "Written warning", 12, 12)],
                         cleared=True)


def presence_ops(question: str) -> list[tuple[str, str]]:
    plan = understand(question, TODAY, InMemoryDirectory([]), [BINDER])
    return [(f.field, f.op) for f in plan.filters if f.op in ("present", "absent")]


@pytest.mark.parametrize("question", [
    "How many complaints came in with no outcome?",
    "Count the complaints that had no outcome.",
    "Which complaints have no outcome yet?",
    "How many complaints without an outcome are there?",
])
def test_a_negated_field_is_absent(question: str) -> None:
    assert presence_ops(question) == [("outcome", "absent")], question


@pytest.mark.parametrize("question", [
    "How many complaints came in with an outcome?",
    "Count the complaints that had any outcome recorded.",
])
def test_a_field_said_plainly_is_present(question: str) -> None:
    assert presence_ops(question) == [("outcome", "present")], question
