"""A share of records ("what proportion of … were …") is an operation: the numerator's count over
the denominator's, both shown, the numerator's records cited — never the numerator listed with
the cue reported unapplied. On the real synthetic force; gold counted from its declarations CSV."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from assistant.answers import User
from tests.exports import counted_ids, csv_rows

SENIOR = User(name="share-test", role="senior_investigator")


def _declared(source: Path, year: int) -> list[str]:
    return [r["decl_type"].lower() for r in csv_rows(source / "hr" / "declarations.csv")
            if datetime.strptime(r["date_submitted"], "%d %b %Y").year == year]


@pytest.mark.parametrize("question, year, sort", [
    ("what share of the declarations made in 2022 were gifts?", 2022, "gift"),
    ("in 2024, what proportion of staff declarations were business interests?", 2024,
     "business interest"),
    ("percentage of 2021 declarations that were associations", 2021, "association"),
])
def test_share_is_numerator_over_denominator(synthetic_engine, synthetic_source, question,
                                             year, sort) -> None:
    types = _declared(synthetic_source, year)
    part = sum(1 for t in types if t.split(" &")[0] == sort)
    answer = synthetic_engine.answer(question, SENIOR)
    assert not answer.unapplied and not answer.abstained, answer.interpretation
    assert re.search(rf"\b{part} of {len(types)} declarations\b", answer.answer), answer.answer
    assert f"({100 * part / len(types):.1f}%)" in answer.answer
    sorts = {r["decl_id"]: r["decl_type"].lower().split(" &")[0]
             for r in csv_rows(synthetic_source / "hr" / "declarations.csv")}
    cited = {c.record_id.rsplit(":", 1)[-1] for c in answer.citations}
    assert cited and {sorts[i] for i in cited} == {sort}  # the numerator's records are cited
    assert cited <= counted_ids(answer, "declaration")


def test_share_with_no_condition_is_never_a_plain_count(synthetic_engine) -> None:
    """Nothing after the verb says which part: the cue stays reported, never dropped."""
    answer = synthetic_engine.answer("what percentage of declarations were lodged in 2023?", SENIOR)
    assert answer.abstained or answer.unapplied, answer.interpretation
