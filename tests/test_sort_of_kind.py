"""A word that names a record kind *and* one sort of it ("second job" declarations, "annual leave"
absences) is a constraint: bound to the data's own type, or reported not applied — never
swallowed with the kind, which answered every declaration. On the real synthetic force; gold
counted here from its source CSVs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from assistant.answers import User
from tests.exports import counted_ids, csv_rows

SENIOR = User(name="sort-test", role="senior_investigator")


def _declared(source: Path, year: int, kinds: set[str]) -> set[str]:
    return {r["decl_id"] for r in csv_rows(source / "hr" / "declarations.csv")
            if datetime.strptime(r["date_submitted"], "%d %b %Y").year == year
            and r["decl_type"].lower().split(" &")[0] in kinds}  # "Gift & hospitality"


@pytest.mark.parametrize("question, kinds", [
    ("tally the second job declarations lodged during 2023", {"business interest"}),
    ("in 2023 how many staff declarations concerned secondary employment?",
     {"business interest"}),
    ("count 2023 declarations of gifts & hospitality", {"gift"}),
])
def test_sort_of_declaration_is_bound(synthetic_engine, synthetic_source, question, kinds) -> None:
    answer = synthetic_engine.answer(question, SENIOR)
    assert not answer.unapplied, answer.interpretation
    assert counted_ids(answer, "declaration") == _declared(synthetic_source, 2023, kinds), \
        answer.interpretation
    assert answer.interpretation.count("= gift") <= 1  # one value said twice: one filter


@pytest.mark.parametrize("question", [
    "how many annual leave absences were logged in 2022?",
    "give me the 2022 declarations about a timeshare arrangement",
])
def test_unbound_sort_is_never_answered_as_the_whole_kind(synthetic_engine, question) -> None:
    """The data holds no such sort: the broader answer is never given unlabelled."""
    answer = synthetic_engine.answer(question, SENIOR)
    assert answer.abstained or answer.unapplied, answer.interpretation
    if not answer.abstained:
        assert "NOT applied" in answer.interpretation and "could not apply" in answer.answer
