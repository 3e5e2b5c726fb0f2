"""A narrative set answer quotes only its first page (issue #14 speed): on the real synthetic
force, paging changes neither the set, nor its count, nor anything the first page says — only
members past it are cited by their reference instead of a quoted sentence. The test force's sets
are shorter than `PAGE`, so a page of `SMALL` members is what is compared with no page at all."""

from __future__ import annotations

import functools
import re

import pytest

from assistant import service
from assistant.answers import Answer, User
from assistant.citations import verify
from assistant.narrative.answer import PAGE
from assistant.narrative.compose import narrative_draft
from assistant.service import Engine

INVESTIGATOR = User(name="test-investigator", role="investigator")  # answers are masked
SMALL = 4  # members on a page here (the served PAGE is longer than the test force's sets)
QUESTIONS = [
    "Which complaints mention a threat?",  # one line per member
    "Which officers are in complaints that mention a threat?",  # one section per officer
]


def answer(engine: Engine, question: str, page: int | None,
           monkeypatch: pytest.MonkeyPatch) -> Answer:
    """The whole answer path, with narrative answers paged at `page` members (None: none)."""
    with monkeypatch.context() as m:
        m.setattr(service, "narrative_draft", functools.partial(narrative_draft, page=page))
        return engine.answer(question, INVESTIGATOR)


@pytest.mark.parametrize("question", QUESTIONS)
def test_first_page_is_the_whole_answer_s_first_page_and_every_member_is_cited(
    synthetic_engine: Engine, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged = answer(synthetic_engine, question, SMALL, monkeypatch)
    whole = answer(synthetic_engine, question, None, monkeypatch)
    assert paged.intent == whole.intent == "describe" and not paged.abstained, paged.answer
    members = [e.record_id for e in whole.evidence if e.cited]
    assert len(members) > SMALL, "the set must be longer than a page for this test to mean much"
    # the same set, ranked the same, with the same count in the lead sentence
    assert [(e.record_id, e.cited, e.score) for e in paged.evidence] == \
        [(e.record_id, e.cited, e.score) for e in whole.evidence]
    assert paged.answer.splitlines()[0] == whole.answer.splitlines()[0]
    assert re.match(rf"^(Yes: )?{len(members)} complaints mention", paged.answer)
    # every member is cited (reachable by its citation), quoted or not
    assert {c.record_id for c in paged.citations} >= set(members)
    # up to the first "… and N more" line, the paged text is the whole text, line for line
    lines, full = paged.answer.splitlines(), whole.answer.splitlines()
    cut = next(i for i, line in enumerate(lines) if "… and " in line)
    assert cut > 1 and lines[:cut] == full[:cut]
    quoted = {c.record_id for c in paged.citations if c.field != "reference"}
    assert len(quoted) == SMALL
    rest = [c for c in paged.citations if c.field == "reference"]
    assert {c.record_id for c in rest} == set(members) - quoted
    assert len(paged.answer) < len(whole.answer)


def test_members_past_the_page_are_cited_by_their_verified_reference(
    synthetic_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = synthetic_engine.answer(QUESTIONS[0], INVESTIGATOR)
    members = [e.record_id for e in served.evidence if e.cited]
    assert len(members) <= PAGE and "… and" not in served.answer  # a set within a page: whole
    paged = answer(synthetic_engine, QUESTIONS[0], SMALL, monkeypatch)
    tail = paged.answer.splitlines()[-1]
    assert tail.startswith(f"- … and {len(members) - SMALL} more ["), tail
    con = synthetic_engine.con
    for c in paged.citations:
        if c.field == "reference":
            row = con.execute("SELECT reference FROM complaint WHERE record_id = ?",
                              [c.record_id]).fetchone()
            assert row is not None
            stored = row[0]
            assert (c.start, c.end, c.quote) == (0, len(stored), stored)
    # the quoted sentences are masked for this reader, and every citation verifies as served
    assert verify(con, paged.citations, synthetic_engine.redactor(INVESTIGATOR).text) == []


def test_records_past_a_list_page_are_cited_by_reference_or_else_their_headline(
    synthetic_engine: Engine,
) -> None:
    from assistant.answering import Draft, cite_references, headlines

    con = synthetic_engine.con
    complaints = [r for (r,) in con.execute(
        "SELECT record_id FROM complaint ORDER BY record_id LIMIT 5").fetchall()]
    declarations = [r for (r,) in con.execute(  # a kind without a reference column
        "SELECT record_id FROM declaration ORDER BY record_id LIMIT 2").fetchall()]
    assert complaints and declarations
    redactor = synthetic_engine.redactor(INVESTIGATOR)
    draft = Draft("")
    numbers = cite_references(con, redactor, [*complaints, *declarations, "complaint:syn:nope"],
                              draft)
    assert numbers == [1, 2, 3, 4, 5, 6, 7]  # the missing record is not cited
    cited = {c.record_id: c for c in draft.citations.items}
    for rid in complaints:
        (stored,) = con.execute("SELECT reference FROM complaint WHERE record_id = ?",
                                [rid]).fetchone() or (None,)
        assert (cited[rid].field, cited[rid].quote) == ("reference", stored)
    heads = headlines(con, declarations, redactor)
    for rid in declarations:
        assert (cited[rid].field, cited[rid].start, cited[rid].quote) == (
            heads[rid][0], heads[rid][1], heads[rid][3])
    assert verify(con, draft.citations.items, redactor.text) == []
