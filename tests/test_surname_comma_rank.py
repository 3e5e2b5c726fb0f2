"""A register's "Surname, Forename" after a rank or title ("Sergeant Okafor, Ben"), possessive,
or with a clause after a comma ("Richards, Roisin, while …") names that one person.

Why: on the eighth held-out set "Constable Richards, Roisin, whilst …" was not read as Roisin
Richards (the comma after the forename looked like a list), so "Constable Richards" matched two
people and the question was refused.
"""

from __future__ import annotations

from datetime import date

from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)
DIRECTORY = InMemoryDirectory([
    {"person_id": "p1", "name": "Roisin Richards", "given_name": "Roisin",
     "family_name": "Richards", "rank": "Constable"},
    {"person_id": "p2", "name": "Rob Richards", "given_name": "Rob", "family_name": "Richards",
     "rank": "Constable"},
    {"person_id": "p3", "name": "Ben Okafor", "given_name": "Ben", "family_name": "Okafor",
     "rank": "Sergeant"},
    {"person_id": "p4", "name": "Bea Okafor", "given_name": "Bea", "family_name": "Okafor",
     "rank": "Sergeant"},
])


def ids(question: str) -> list[list[str]]:
    return [m.person_ids for m in understand(question, TODAY, DIRECTORY).people]


def test_a_rank_then_surname_comma_forename_then_a_comma_is_one_person() -> None:
    assert ids("Count PNC checks by Constable Richards, Roisin, during 2025") == [["p1"]]
    assert ids("Count PNC checks made by PC Richards, Rob in 2025") == [["p2"]]


def test_a_possessive_after_the_forename() -> None:
    assert ids("Show Sgt Okafor, Ben's sickness absences") == [["p3"]]


def test_a_list_of_surnames_is_not_swapped() -> None:
    plan = understand("complaints naming Okafor, Richards, and Smith", TODAY, DIRECTORY)
    assert all(len(m.person_ids) != 1 for m in plan.people)
