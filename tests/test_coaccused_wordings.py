"""The co-accused join said in words its first patterns did not know ("keep showing up together",
"listed side by side", "accused jointly", "share … complaints with", "repeatedly"), on the real
synthetic force: each answer is the gold pairs computed from the source exports
(tests/joins_gold.py), with nothing of the question left unapplied or sent to a text search.

Why: issue #13 — such wordings abstained or were read as a narrative search, though the join
operator that answers them exists (assistant/joins/coaccused.py).
"""

from __future__ import annotations

import re

import pytest

from assistant.answers import User
from tests import joins_gold as gold

SENIOR = User(name="coaccused-test", role="senior_investigator")


@pytest.fixture(scope="module")
def src(synthetic_source):
    con = gold.connect(synthetic_source)
    yield con
    con.close()


@pytest.mark.parametrize(("question", "n"), [
    ("Which staff keep showing up together, listed side by side across two or more complaints?", 2),
    ("Give me each duo of officers accused jointly on three or more complaints.", 3),
    ("Which officer has shared over one complaint with one and the same colleague?", 2),
    ("Which officers are repeatedly co-accused with whom?", 2),
    ("Staff pairs accused together more than twice, please.", 3),
])
def test_coaccused_said_otherwise(synthetic_engine, src, question: str, n: int) -> None:
    want = gold.coaccused(src, n)
    assert want
    answer = synthetic_engine.answer(question, SENIOR)
    assert not answer.abstained and answer.unapplied == [], (answer.answer, answer.unapplied)
    assert "join: officers named together" in answer.interpretation
    assert "search narratives" not in answer.interpretation
    assert f"≥ {n} complaints" in answer.interpretation
    found = re.search(r"\d+", answer.answer)
    assert found and int(found[0]) == len(want), answer.answer
    cited = {c.record_id for c in answer.evidence if c.record_id.startswith("complaint:")}
    assert cited == set().union(*want.values())


def test_a_word_the_join_cannot_apply_is_said(synthetic_engine) -> None:
    """Sent to the join, a leftover word is a constraint reported, not narrative search text."""
    answer = synthetic_engine.answer(
        "Officer duos accused together more than twice at weekends, please.", SENIOR)
    assert answer.unapplied and "search narratives" not in answer.interpretation, answer
