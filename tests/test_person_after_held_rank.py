"""A person named after a rank the data holds as a value is still a person.

Why: the staff list's rank "POLICE OFFICER" is a catalogue value (Chicago), so in "what has
Chicago police officer <unknown name> faced?" the value overlapped the person's span and the whole
mention was released to the catalogue: the rank bound nothing useful and the name was left
unapplied ("I can't filter allegations by '<name>'") instead of "No one matching …". A held value
that covers only the rank words no longer releases the name or number after them; a value that
covers the name itself ("the Inspector General") still does.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import OFFICER, Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)
ENTRIES = [
    Entry("person", "rank", "POLICE OFFICER", 900, 900),  # the staff list's rank column
    Entry("person", "rank", "SERGEANT OF POLICE", 200, 200),
    Entry(OFFICER, "rank", "POLICE OFFICER", 900, 900),
    Entry("complaint", "referred_to_agency", "City of Chicago Office of Inspector General", 12, 12),
]
PEOPLE = [{"person_id": "p1", "name": "Wilhelmina Quade", "identifiers": {"payroll": "55501234"}}]


def plan_for(question: str):  # type: ignore[no-untyped-def]
    return understand(question, TODAY, InMemoryDirectory(PEOPLE),
                      [CatalogueBinder(ENTRIES, True, {})])


def test_an_unknown_name_after_a_held_rank_is_reported_as_nobody() -> None:
    for question in ("Which allegations did police officer Barnaby Fensworth get?",
                     "List complaints naming sergeant of police Barnaby Fensworth."):
        plan = plan_for(question)
        assert plan.unresolved_people and "Barnaby Fensworth" in plan.unresolved_people[0]
        assert not any("Fensworth" in u for u in plan.unapplied)


def test_an_unknown_number_after_a_held_rank_is_reported_as_nobody() -> None:
    plan = plan_for("Describe police officer 44412345 plus the allegations about them.")
    assert plan.unresolved_people and "44412345" in plan.unresolved_people[0]


def test_a_known_person_after_a_held_rank_still_resolves() -> None:
    plan = plan_for("Which allegations did police officer Wilhelmina Quade get?")
    assert [m.person_ids for m in plan.people] == [["p1"]] and not plan.unresolved_people


def test_a_held_value_covering_the_name_is_still_the_value() -> None:
    plan = plan_for("How many 2021 complaints went to the Inspector General?")
    assert not plan.unresolved_people
    assert any(f.field == "referred_to_agency" for f in plan.filters)
