"""A question searched in the narratives must be bound to what accounts describe
(assistant/narrative/bound.py); an administrative fact no field holds is reported, not searched.

The attack: questions about a status, a licence, a pension, a transfer of the people or records
that no field holds, with no narrative cue, no conduct concept and no second party. Before the
rule they reached the narrative search and could come back as "1 complaint describes …" for an
account sharing a word. Conduct asked in the same shapes (an act done to someone, a concept the
lexicon knows, a cue asking for the accounts) is still searched.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.narrative import bound
from assistant.narrative.reading import unapplied
from assistant.understand import InMemoryDirectory, understand

FACTS = [
    ("Of the sergeants named in 2022 complaints, count those who had their security clearance "
     "withdrawn by the province", "clearance"),
    ("how many constables have since had their pension cut off", "pension"),
    ("Any detectives whose driving licence got revoked after last year's complaints?", "licence"),
    ("Tell me the number of sergeants moved to desk duty following complaints in 2023", "desk"),
]
CONDUCT = [
    "Has a sergeant ever demanded money from a motorist he pulled over?",
    "Did any detective rough up a teenager outside a nightclub?",
    "Has an inspector used a stun gun at a football match?",
    "Which accounts claim a constable slept through a call for help?",
    "Complaints in 2023 where a detective kept a wallet he found",
    "Did anyone allege that a sergeant lied under oath?",
]


@pytest.mark.parametrize(("question", "word"), FACTS)
def test_an_unheld_fact_is_reported_not_searched(question: str, word: str) -> None:
    assert not bound.bound(question)
    words = bound.unbound(question, question)
    assert words and word in words[0], words
    assert word in bound.refusal(words)


@pytest.mark.parametrize("question", CONDUCT)
def test_conduct_is_still_searched(question: str) -> None:
    assert bound.bound(question) and bound.unbound(question, question) == []


def test_asked_for_the_words_it_is_searched() -> None:
    """'describe' / 'mention' ask for the accounts: searched for the words as asked."""
    for question in ("Which complaints describe a constable losing his warrant card?",
                     "Complaints mentioning a sergeant's pension"):
        assert bound.unbound(question, question) == []


def test_a_topic_with_nothing_left_to_search_is_not_reported() -> None:
    """A reference or a force is no constraint left unapplied ("COPA case X: who was accused")."""
    assert bound.unbound("COPA case 2020-1234: name its accused officers, please",
                         "COPA case: name its accused officers, please") == []


def test_the_plan_reports_the_unheld_fact() -> None:
    """Read as a narrative search, the plan's accounting lists the words (the interpretation
    and the answer's `unapplied`), without the period it applied."""
    question = "how many constables have since had their pension cut off in 2024?"
    plan = understand(question, date(2026, 12, 7), InMemoryDirectory([]))
    plan = plan.model_copy(update={"intent": "describe"})
    words = unapplied(plan)
    assert any("pension" in w for w in words) and not any("2024" in w for w in words), words


def test_whether_records_exist_about_someone_is_searched() -> None:
    """'… ever faced a complaint?': the words left say whom the accounts are about."""
    for question in ("Has the harbour master in Chicago ever faced a complaint?",
                     "Was the fire chief of Chicago ever named in a complaint?"):
        assert bound.unbound(question, question) == [], question
