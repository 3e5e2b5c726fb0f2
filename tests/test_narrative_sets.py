"""Narrative questions answered as complete sets (issue #14), on a real ingested synthetic force:
real model, DuckDB sentence index, BM25 and Chroma. Gold sets come from regexes over the
synthetic source CSV, never from the engine."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

from assistant import store
from assistant.answers import User
from assistant.embeddings import HashingEmbedder
from assistant.narrative.sentences import SentenceIndex
from assistant.service import Engine
from assistant.text import sentence_spans
from assistant.understand import understand
from ingestion.indexing import drop_chunks, embed_sentences

SENIOR = User(name="test-senior", role="senior_investigator")
INVESTIGATOR = User(name="test-investigator", role="investigator")
KEYWORDS = [
    ("Which complaints mention a threat?", r"\bthreat"),
    ("Which complaints mention a taser?", r"\btasers?\b|\bstun gun"),
    ("Which complaints mention a dog?", r"\bdogs?\b"),
]


def source_rows(source: Path) -> list[dict[str, str]]:
    with (source / "psd" / "complaints.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def gold(source: Path, pattern: str) -> set[str]:
    return {f"complaint:syn:{r['ComplaintRef']}" for r in source_rows(source)
            if re.search(pattern, r["Account"], re.I)}


def describe(engine: Engine, question: str, user: User = SENIOR):  # type: ignore[no-untyped-def]
    """The narrative path itself: which intent a question gets is the planner's job (tested in
    test_understand); here every question is answered as a narrative question."""
    plan = understand(question, engine.today(), _directory(engine, user))
    plan = plan.model_copy(update={"intent": "describe", "categories": []})
    return engine.draft(plan, user, engine.redactor(user))


def _directory(engine: Engine, user: User):  # type: ignore[no-untyped-def]
    from assistant.people import StoreDirectory

    return StoreDirectory(engine.con, cleared=user.cleared_for_restricted)


def members(draft) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.record_id for e in draft.evidence if e.cited}


@pytest.mark.parametrize(("question", "pattern"), KEYWORDS)
def test_keyword_question_finds_exactly_the_narratives_that_say_it(
    synthetic_engine: Engine, synthetic_source: Path, question: str, pattern: str
) -> None:
    expected = gold(synthetic_source, pattern)
    assert expected, f"the synthetic force should hold narratives matching {pattern}"
    draft = describe(synthetic_engine, question)
    assert members(draft) == expected, draft.text
    assert not draft.abstained
    assert draft.text.startswith(f"{len(expected)} complaint")
    # Every member cited once, with a sentence that itself says the word.
    assert {c.record_id for c in draft.citations.items} == expected
    for c in draft.citations.items:
        assert re.search(pattern, c.quote, re.I), c.quote
        assert f"[{c.n}]" in draft.text


def test_whole_answer_path_verifies_every_quote(synthetic_engine: Engine,
                                                synthetic_source: Path) -> None:
    answer = synthetic_engine.answer("Which complaints mention a threat?", SENIOR)
    assert answer.intent == "describe" and not answer.abstained, answer.answer
    assert {e.record_id for e in answer.evidence if e.cited} == gold(synthetic_source,
                                                                     r"\bthreat")
    text = {c.record_id: c for c in answer.citations}
    for record_id, c in text.items():
        (stored,) = synthetic_engine.con.execute(
            f"SELECT {c.field} FROM complaint WHERE record_id = ?", [record_id]).fetchone()
        assert stored[c.start : c.end] == c.quote


def test_yes_no_question_opens_with_yes_and_the_count(synthetic_engine: Engine,
                                                       synthetic_source: Path) -> None:
    expected = gold(synthetic_source, KEYWORDS[1][1])
    draft = describe(synthetic_engine, "Has any complaint mentioned a taser?")
    assert draft.text.startswith(f"Yes: {len(expected)} complaint"), draft.text
    assert members(draft) == expected


def test_nothing_matches_says_no_and_what_was_searched(synthetic_engine: Engine) -> None:
    (visible,) = synthetic_engine.con.execute(
        "SELECT count(DISTINCT record_id) FROM chunk WHERE kind = 'complaint' "
        "AND NOT restricted").fetchone()
    draft = describe(synthetic_engine, "Which complaints mention a unicorn?", INVESTIGATOR)
    assert draft.abstained and not draft.citations.items and not members(draft)
    assert draft.text.startswith("No complaint mentions “"), draft.text
    assert f"searched {visible} narratives of complaints" in draft.text
    yes_no = describe(synthetic_engine, "Has any complaint mentioned a unicorn?", INVESTIGATOR)
    assert yes_no.text.startswith("No: no complaint mentions"), yes_no.text


def test_officer_question_groups_by_officer_and_names_only_members(
    synthetic_engine: Engine, synthetic_source: Path
) -> None:
    from assistant.facts import person_names, subjects

    expected = gold(synthetic_source, r"\bthreat")
    draft = describe(synthetic_engine, "Which officers are in complaints that mention a threat?")
    assert members(draft) == expected
    con = synthetic_engine.con
    of_members = subjects(con, sorted(expected))
    member_names = set(person_names(con, sorted({p for ps in of_members.values() for p in ps}))
                       .values())
    headings = set(re.findall(r"^- (.+) \(\d+ complaints?\):$", draft.text, re.M))
    assert headings - {"No officer identified"} == member_names, draft.text
    everyone = {n for (n,) in con.execute(
        "SELECT CASE WHEN rank IS NULL THEN name ELSE rank || ' ' || name END FROM person "
        "WHERE name IS NOT NULL").fetchall()}
    named = {n for n in everyone if n in draft.text}
    # No officer outside the set is named (a name may contain a member's name, e.g. 'Lee').
    assert all(any(n in m for m in member_names) for n in named), named - member_names


def test_filters_apply_before_the_set_is_decided(synthetic_engine: Engine,
                                                 synthetic_source: Path) -> None:
    con = synthetic_engine.con
    in_2023 = {r for (r,) in con.execute(
        "SELECT record_id FROM complaint WHERE year(received_date) = 2023").fetchall()}
    visible = {r for (r,) in con.execute(
        "SELECT record_id FROM complaint WHERE NOT restricted").fetchall()}
    expected = gold(synthetic_source, r"\bthreat") & in_2023 & visible
    assert expected
    draft = describe(synthetic_engine, "Which complaints from 2023 mention a threat?",
                     INVESTIGATOR)
    assert members(draft) == expected, draft.text
    assert {e.record_id for e in draft.evidence} <= visible


def test_sentence_index_is_built_once_and_reingest_is_idempotent(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "records.duckdb")
    text = "He shouted at me. Then PC Smith threatened to arrest me! I left."
    con.execute(
        "INSERT INTO chunk VALUES ('complaint:t:1#account@0', 'complaint:t:1', 'complaint', "
        "'account', 0, ?, ?, 'f', false, NULL, NULL, true)", [len(text), text])
    embedder = HashingEmbedder()
    assert embed_sentences(con, embedder, lambda d, t: None)[0] == len(sentence_spans(text)) == 3
    assert embed_sentences(con, embedder, lambda d, t: None)[:2] == (0, 0)  # nothing re-embedded
    index = SentenceIndex.load(con, embedder.name)
    assert [text[s:e] for s, e in zip(index.starts, index.ends, strict=True)] == [
        "He shouted at me.", "Then PC Smith threatened to arrest me!", "I left."]
    drop_chunks(con, ["complaint:t:1"])  # a changed record: its sentences go with its chunks
    assert con.execute("SELECT count(*) FROM sentence").fetchone() == (0,)
    con.close()


def test_store_without_sentence_index_is_one_clear_error() -> None:
    con = duckdb.connect()
    with pytest.raises(RuntimeError, match="re-run `probity ingest`"):
        SentenceIndex.load(con, "any")


def test_question_with_no_topic_beyond_its_filters_gets_every_record_they_admit(
    synthetic_engine: Engine,
) -> None:
    from assistant.facts import person_names, subjects

    con = synthetic_engine.con
    with_narrative = [r for (r,) in con.execute(
        "SELECT DISTINCT record_id FROM chunk WHERE kind = 'complaint'").fetchall()]
    named = subjects(con, with_narrative)
    counts: dict[str, int] = {}
    for people in named.values():
        for p in people:
            counts[p] = counts.get(p, 0) + 1
    officer = max(sorted(counts), key=lambda p: counts[p])
    expected = {r for r, people in named.items() if officer in people}
    name = person_names(con, [officer])[officer]
    draft = describe(synthetic_engine, f"What has {name} been accused of?")
    got = members(draft)
    assert expected <= got, draft.text  # every complaint naming them, none dropped
    assert all(officer in subjects(con, [r]).get(r, []) for r in got)  # and no one else's


DESCRIPTIVE = [
    "Has an officer threatened to plant drugs on someone unless they paid?",
    "Which officers are in complaints that describe a taser being pointed at someone?",
    "Complaints describing an officer using a taser on a person who was already restrained",
]


@pytest.mark.parametrize("question", DESCRIPTIVE)
def test_no_answer_names_an_officer_whose_record_does_not_match(
    synthetic_engine: Engine, question: str
) -> None:
    """Descriptive (calibrated) sets have near misses scored next to them: no officer who is not a
    subject of a member record — one only in a near miss, or anyone else in the force — is named
    in the answer, and every citation is of a member."""
    from assistant.facts import subjects

    con = synthetic_engine.con
    draft = describe(synthetic_engine, question)
    cited = members(draft)
    near = {e.record_id for e in draft.evidence if not e.cited}
    assert cited and near, f"the question should give members and near misses: {draft.text}"
    member_people = {p for ps in subjects(con, sorted(cited)).values() for p in ps}
    near_people = {p for ps in subjects(con, sorted(near)).values() for p in ps} - member_people
    assert near_people, "near misses should involve officers who are not in the set"
    everyone = dict(con.execute(
        "SELECT record_id, CASE WHEN rank IS NULL THEN name ELSE rank || ' ' || name END "
        "FROM person WHERE name IS NOT NULL").fetchall())
    member_names = [everyone[p] for p in member_people if p in everyone]
    for person, name in everyone.items():
        if person in member_people:
            continue
        shown = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", draft.text)
        # A non-member's full name may sit inside a member's ('PC Lee' in 'Sgt PC Lee-Smith').
        explained = any(name in m for m in member_names)
        assert not shown or explained, f"{name} is not in the set but is named: {draft.text}"
    assert {c.record_id for c in draft.citations.items} == cited
