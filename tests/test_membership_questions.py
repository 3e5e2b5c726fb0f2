"""Membership lists are queryable: "which staff are on the <organisation> membership list?" is
answered from the real synthetic store (tests/conftest.py) with the staff linked on name and date
of birth, each cited — never a member of the public who shares a staff member's name — and a
restricted list (seized material) names nobody to a reader not cleared for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.answers import Answer, User

INVESTIGATOR = User(name="test-investigator", role="investigator")
SENIOR = User(name="test-senior", role="senior_investigator")


@pytest.fixture(scope="module")
def truth(synthetic_source: Path) -> dict[str, Any]:
    return json.loads((synthetic_source / "truth.json").read_text())


def _on_list(truth: dict[str, Any], org: str) -> tuple[set[str], set[str]]:
    """Staff truly on the list (planted, declared, club members) and staff namesakes of it."""
    staff: set[str] = set()
    namesakes: set[str] = set()
    for e in truth["patterns"] + truth["decoys"]:
        if e["detail"].get("organisation") != org:
            continue
        (namesakes if e["type"] == "namesake_on_list" else staff).update(e["person_ids"])
    return staff, namesakes


def _ask(engine: Any, org: str, user: User) -> Answer:
    answer: Answer = engine.answer(f"Which staff are on the {org} membership list?", user,
                                   "TEST-CASE")
    return answer


def _people(answer: Answer) -> set[str]:
    return {c.record_id for c in answer.citations if c.kind == "person"}


def test_staff_on_an_open_list_are_named_and_cited(synthetic_engine: Any,
                                                    truth: dict[str, Any]) -> None:
    org = "Harbourside Door Services Ltd"
    staff, _ = _on_list(truth, org)
    answer = _ask(synthetic_engine, org, INVESTIGATOR)
    assert staff and _people(answer) == staff, answer.answer


def test_namesakes_are_not_answered_as_members(synthetic_engine: Any,
                                               truth: dict[str, Any]) -> None:
    org = "Albion Patriotic Front"
    staff, namesakes = _on_list(truth, org)
    assert namesakes
    answer = _ask(synthetic_engine, org, SENIOR)
    assert _people(answer) == staff and not _people(answer) & namesakes, answer.answer


def test_a_restricted_list_names_nobody_to_an_uncleared_reader(synthetic_engine: Any,
                                                               truth: dict[str, Any]) -> None:
    org = "Albion Patriotic Front"
    answer = _ask(synthetic_engine, org, INVESTIGATOR)
    assert not _people(answer) & _on_list(truth, org)[0], answer.answer
