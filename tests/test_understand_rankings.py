"""Rankings said in any words: the superlative and the thing it ranks (understand/superlative.py).

Why: "who topped the PPD for number of complaints", "the beat with the highest number of
complaints", "which complaint category led 2020" were answered as plain counts with the
superlative left unapplied; "the two most-accused officers" as a list of complaints.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(("question", "group_by", "limit"), [
    ("Who is the officer with the highest number of complaints?", "person", 1),
    ("In 2015, who topped the force for number of complaints?", "person", 1),
    ("Who is the most frequently accused officer?", "person", 1),
    ("Which two officers were accused most in 2021?", "person", 2),
    ("In 2021, name the two most-accused officers.", "person", 2),
    ("Which three officers have the highest complaint counts?", "person", 3),
    ("Name the district with the highest number of 2018 complaints.", "district", 1),
    ("Name the beat with the highest number of complaints.", "district", 1),
    ("Which complaint category led the 2020 complaints?", "category", 1),
    ("What was the most frequent complaint classification in 2019?", "category", 1),
    ("Name the officer with more complaints than anyone else (include ties).", "person", 1),
])
def test_a_superlative_ranks_the_noun_it_is_said_of(question: str, group_by: str,
                                                    limit: int) -> None:
    plan = understand(question, TODAY, InMemoryDirectory([]))
    assert (plan.group_by, plan.limit) == (group_by, limit), plan.reasons
    assert plan.intent in ("count", "list") and plan.unapplied == [], plan


def test_fewest_ranks_smallest_first_and_at_most_is_not_a_ranking() -> None:
    plan = understand("Which district had the fewest complaints in 2019?", TODAY,
                      InMemoryDirectory([]))
    assert plan.group_by == "district" and plan.ascending
    plan = understand("complaints that led to a dismissal in 2019", TODAY, InMemoryDirectory([]))
    assert plan.group_by is None
