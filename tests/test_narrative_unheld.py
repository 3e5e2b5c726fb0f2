"""A record attribute no field holds, answered by a narrative search, is labelled, never presented
as the count (assistant/narrative/unheld.py; issue #13's core rule).

The attack: counting, listing and existence questions about complaints or officers whose words
are an administrative attribute the records have no field for (how a complaint arrived, whether
it was taken back, a licence an officer lost), answered on a real slice of the Philadelphia export
whose accounts happen to use those words. Before the label they came back as "N complaints
describe …", a confident answer to how many accounts mention it. Conduct and bare keyword
questions (issue #14) are still answered as before, with no label. Wordings are the tests' own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from assistant.answering import Draft
from assistant.answers import User
from assistant.narrative.answer import compose_none
from assistant.narrative.reading import unapplied
from assistant.narrative.unheld import label, unheld
from assistant.service import Engine
from assistant.understand import InMemoryDirectory, understand
from tests.exports import PHILLY, csv_rows, philly_engine

SENIOR = User(name="unheld-test", role="senior_investigator")

ATTRIBUTES = [
    ("Did any complaints arrive by fax machine?", "arrive by fax machine"),
    ("Are there complaints that were retracted by whoever filed them?", "retracted by whoever"),
    ("Which detectives saw their notary commission revoked afterwards?", "notary commission"),
]
UNLABELLED = [
    "Was anybody discourteous in the district lobby?",  # conduct, no record counted
    "fax machine Internal Affairs",  # a bare keyword search
    "Which complaints talk about a fax machine?",  # asks for what the accounts say
    "How many complaints involve an officer shoving a passenger?",  # framed, a second party
    "Were any complaints over a dispute about parking?",  # framed by what happened
]


@pytest.mark.parametrize(("question", "phrase"), ATTRIBUTES)
def test_an_unheld_attribute_is_found(question: str, phrase: str) -> None:
    words = unheld(question, question)
    assert words and phrase in words[0], words


@pytest.mark.parametrize("question", UNLABELLED)
def test_conduct_and_keywords_are_not_labelled(question: str) -> None:
    assert unheld(question, question) == []


def test_the_plan_reports_the_phrase_not_applied() -> None:
    """Read as a narrative search, the plan's accounting lists the phrase (the answer's
    `unapplied`: --json, the API and the UI show it), without the period it applied."""
    question = "Count the complaints in 2019 that reached us via fax machine"
    plan = understand(question, date(2026, 12, 8), InMemoryDirectory([]))
    plan = plan.model_copy(update={"intent": "describe"})
    words = unapplied(plan)
    assert any("fax machine" in w for w in words) and not any("2019" in w for w in words), words


def test_a_labelled_none_is_no_bare_no() -> None:
    text = compose_none("Were any complaints retracted by post?", "“retracted by post”",
                        "complaint", "mention", "40 narratives of complaints",
                        label(["retracted by post"]))
    assert text.startswith("Not certain: the records cannot answer this as asked."), text
    assert "No field in the records holds ‘retracted by post’" in text, text


SUMMARIES = [
    "The complainant sent this complaint by fax machine to Internal Affairs. He states officers "
    "searched his car without cause.",
    "The complainant retracted the complaint two weeks later. She had stated an officer pushed "
    "her against a wall.",
    "The complainant states the officer at the front desk of the district lobby was discourteous "
    "and refused to take her report.",
    "The complainant states the officer shouted at him and was discourteous during a car stop.",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    complaints = [r for r in csv_rows(PHILLY / "ppd_complaints.csv")
                  if r["date_received"].endswith("/18")][:8]
    for row, summary in zip(complaints, SUMMARIES, strict=False):
        row["summary"] = row["shortened_summary"] = summary
    ids = {r["complaint_id"] for r in complaints}
    allegations = [r for r in csv_rows(PHILLY / "ppd_complaint_disciplines.csv")
                   if r["complaint_id"] in ids]
    with philly_engine(tmp_path_factory.mktemp("philly-unheld"), complaints, allegations) as eng:
        yield eng


def ask(engine: Engine, question: str, intent: str | None = None) -> Draft:
    """The question as the planner reads it (`intent`: as the narrative path receives it)."""
    from assistant.people import StoreDirectory

    plan = understand(question, engine.today(), StoreDirectory(engine.con, cleared=True))
    if intent is not None:
        plan = plan.model_copy(update={"intent": intent, "categories": []})
    return engine.draft(plan, SENIOR, engine.redactor(SENIOR))


@pytest.mark.parametrize(("question", "phrase"), ATTRIBUTES[:2])
def test_an_unheld_attribute_is_searched_and_labelled(engine: Engine, question: str,
                                                       phrase: str) -> None:
    """Yes/no: no bare Yes or No; the records cannot answer it as asked, then what the accounts
    mention."""
    draft = ask(engine, question)
    first = draft.text.split("\n", 1)[0]
    assert first.startswith("Not certain: the records cannot answer this as asked. No field in "
                            "the records holds ‘"), draft.text
    assert phrase in first and "searched the accounts instead:" in first, draft.text
    assert " mention" in first and " describe" not in first, draft.text
    assert any(phrase in u for u in draft.unapplied), draft.unapplied
    assert draft.evidence, draft.text  # still searched: its matches (or nearest) are shown


def test_a_listed_attribute_is_labelled_once(engine: Engine) -> None:
    """A list read as a narrative search: the count is of accounts that mention the phrase, said
    after the label, and the planner's own note of the phrase is not said twice."""
    draft = ask(engine, "Which complaints reached us via fax machine?", intent="describe")
    assert draft.text.startswith("No field in the records holds ‘reached us via fax machine’; "
                                 "searched the accounts instead: "), draft.text
    assert "I could not apply" not in draft.text and "fax machine" in draft.unapplied, draft.text


def test_conduct_is_answered_as_before(engine: Engine) -> None:
    draft = ask(engine, UNLABELLED[0])
    assert draft.text.startswith(("Yes: ", "No: ")), draft.text
    assert "describe" in draft.text.split("\n")[0], draft.text
    assert "No field" not in draft.text and not draft.unapplied, draft.text


def test_a_keyword_search_is_answered_as_before(engine: Engine) -> None:
    draft = ask(engine, UNLABELLED[1])
    assert draft.evidence and "No field" not in draft.text and not draft.unapplied, draft.text
