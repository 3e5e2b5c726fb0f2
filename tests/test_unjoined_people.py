"""People with records of two kinds ("staff who took gifts and also faced complaints"): with no
join operator to find the people in both, the relation is reported not applied, never answered
as both kinds listed side by side as if complete. On the real synthetic force."""

from __future__ import annotations

import pytest

from assistant.answers import User

SENIOR = User(name="unjoined-test", role="senior_investigator")


@pytest.mark.parametrize("question", [
    "name the staff who received gifts and also faced complaints",
    "list staff who declared business interests but also took absences",
])
def test_relation_between_two_kinds_is_reported(synthetic_engine, question) -> None:
    answer = synthetic_engine.answer(question, SENIOR)
    assert answer.abstained or answer.unapplied, answer.interpretation
    if not answer.abstained:
        assert "could not apply" in answer.answer and "NOT applied" in answer.interpretation


def test_two_kinds_of_records_alone_are_no_relation(synthetic_engine) -> None:
    """Records of two kinds asked for together, not people: nothing to report."""
    answer = synthetic_engine.answer("list the complaints and conduct cases logged in 2023",
                                     SENIOR)
    assert not answer.unapplied, answer.interpretation
