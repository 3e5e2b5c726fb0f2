"""A field question that falls into the narrative path gets no narrative set (issue #14).

The attack: questions about a record's fields (a linked lawsuit and whether it was settled, a
case being closed, the officers' rank or ethnicity) or an operation on the records ("break down
the officers by …"), answered on the real ingested synthetic force as narrative questions. Before
the guard their whole wording was searched as text and the answer claimed a set ("N complaints
describe 'civil lawsuit … settled'") or a plain "No". Each must abstain, cite nothing and report
the words it could not read as not applied; conduct that is about such a property ("because of
his race", "shut the door on her fingers") is still searched.
"""

from __future__ import annotations

import pytest

from assistant.answers import User
from assistant.narrative.unread import unread
from assistant.service import Engine
from assistant.understand import understand

SENIOR = User(name="test-senior", role="senior_investigator")

FIELD_QUESTIONS = [
    ("Did any civil lawsuit over a complaint end up settled in 2024?", {"lawsuit", "settled"}),
    ("Which complaint cases got closed after mentioning a threat?", {"cases got closed"}),
    ("Break down the officers in threat complaints by their rank", {"Break down", "by their rank"}),
    ("Group the accused constables according to their ethnicity",
     {"Group", "according to their ethnicity"}),
    ("What payouts followed complaints about a taser", {"payouts"}),
]
CONDUCT_QUESTIONS = [
    "Complaints saying an officer insulted a driver because of his race",
    "Accounts where a constable slammed a car door closed on her fingers",
    "Accounts in which someone was menaced with a knife",
    "Did an officer make remarks over the complainant's age while arresting him?",
    "Complaints in Northgate district describing a baton strike",
]


@pytest.mark.parametrize(("question", "words"), FIELD_QUESTIONS)
def test_field_words_are_read_as_unapplied(question: str, words: set[str]) -> None:
    assert set(unread(question)) == words


@pytest.mark.parametrize("question", CONDUCT_QUESTIONS)
def test_conduct_about_a_property_is_still_searched(question: str) -> None:
    assert unread(question) == []


def test_accounts_that_mention_a_lawsuit_are_searched_for_the_words() -> None:
    """Asked for the words ("mention", "refer to"), a status word is text to find; a record
    being closed is still its status, not an account's words."""
    from assistant.narrative.search import is_literal

    for question in ("Which accounts refer to suing the force or a settlement payout?",
                     "Complaints that mention a lawsuit against the constable"):
        assert is_literal(question) and unread(question, literal=True) == []
    closed = "Which complaint files were closed after they mentioned a knife?"
    assert unread(closed, literal=is_literal(closed)) == ["files were closed"]


def _describe(engine: Engine, question: str):  # type: ignore[no-untyped-def]
    """The question answered as a narrative question, whatever intent the planner gives it."""
    from assistant.people import StoreDirectory

    plan = understand(question, engine.today(), StoreDirectory(engine.con, cleared=True))
    plan = plan.model_copy(update={"intent": "describe", "categories": []})
    return engine.draft(plan, SENIOR, engine.redactor(SENIOR))


@pytest.mark.parametrize(("question", "words"), FIELD_QUESTIONS)
def test_field_question_abstains_instead_of_a_narrative_set(
        synthetic_engine: Engine, question: str, words: set[str]) -> None:
    draft = _describe(synthetic_engine, question)
    assert draft.abstained, draft.text
    assert not draft.citations.items and not draft.evidence
    assert not draft.text.startswith(("Yes", "No")), draft.text
    assert " describe " not in draft.text, draft.text
    # the planner may take words out of the searched topic; what is left of them is reported
    reported = words & set(draft.unapplied)
    assert reported, (draft.unapplied, draft.text)
    assert all(f"‘{w}’" in draft.text for w in reported), draft.text


def test_conduct_question_is_not_refused(synthetic_engine: Engine) -> None:
    draft = _describe(synthetic_engine, "Complaints that mention a threat made over a phone")
    assert not draft.unapplied
    assert draft.evidence, draft.text
