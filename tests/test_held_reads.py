"""Whole-table reads held once per engine connection (assistant/held_reads.py).

On a real groupshire store: an engine's second question reads no staff names, units or labels
again; its answers are the answers of an engine that holds nothing, for a cleared and an
uncleared reader; the held name index finds who the name query finds; a store ingested again
is read afresh by the next engine; whether the stored person links are usable is forgotten as
soon as a review decision overlays them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant import held_reads, joins, person_links, redaction, store
from assistant.answers import User
from assistant.people import StoreDirectory
from assistant.redaction import Redactor
from assistant.resolution import overlay
from assistant.resolution.decisions import DecisionStore
from assistant.resolution.queue import find_ref
from assistant.service import Engine
from assistant.settings import Settings
from tests.exports import ingest_export_records
from tests.test_group_rank import MAPPING, STAFF, complaints, groupshire
from tests.test_people_count import allegations
from tests.test_person_links import ANN, _smith_ref

ASKED = ["Count complaints naming Ann Ash.", "Rank the officers by complaint count.",
         "Per unit, how many complaints?", "Show incivility complaints filed in 2021.",
         "Complaints by category, please.", "What has Birch been accused of?"]
NAMES = ["Ann Ash", "ash", "Birch", "B Birch", "Dogwood, Di", "Cy", "Nobody Here", "Di Dogwood"]


class _Counting:
    """A store connection that keeps the text of every statement run through it."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.statements: list[str] = []

    def execute(self, sql: str, *args: object) -> duckdb.DuckDBPyConnection:
        self.statements.append(" ".join(sql.split()))
        return self.con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    con = groupshire(tmp_path, allegations())
    person_links.build(con)
    con.close()
    return tmp_path


def _answers(engine: Engine, role: str) -> list[dict[str, Any]]:
    user = User(name="t", role=role)  # type: ignore[arg-type]
    return [engine.answer(q, user, "T-1").model_dump(exclude={"timings_ms"}) for q in ASKED]


@pytest.mark.parametrize("role", ["investigator", "admin"])
def test_answers_are_the_same_with_and_without_held_reads(data: Path, role: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    held = Engine(Settings(data_dir=data))  # type: ignore[call-arg]
    try:
        assert held_reads.held(held.con)
        first = _answers(held, role)
        again = _answers(held, role)
    finally:
        held.close()
    monkeypatch.setattr(held_reads, "hold", lambda con: None)
    plain = Engine(Settings(data_dir=data))  # type: ignore[call-arg]
    try:
        assert not held_reads.held(plain.con)
        assert _answers(plain, role) == first == again
    finally:
        plain.close()
    assert any(a["citations"] for a in first)


def test_a_second_question_reads_no_whole_table_again(data: Path) -> None:
    engine = Engine(Settings(data_dir=data))  # type: ignore[call-arg]
    try:
        counting = _Counting(engine.con)
        engine.con = counting  # type: ignore[assignment]
        held_reads.hold(counting)  # type: ignore[arg-type]
        user = User(name="t", role="investigator")
        engine.answer(ASKED[0], user, "T-1")
        engine.answer(ASKED[3], user, "T-1")
        counting.statements.clear()
        engine.answer(ASKED[0], user, "T-1")
        engine.answer(ASKED[3], user, "T-1")
        whole = [s for s in counting.statements if s == joins.UNITS or s.startswith(
            ("SELECT record_id, name, rank FROM person", "SELECT DISTINCT category FROM"))
            or "duckdb_views()" in s or "regexp_replace(name" in s]
        assert whole == []
    finally:
        engine.close()


@pytest.mark.parametrize("cleared", [True, False])
@pytest.mark.parametrize("forces", [(), ("groupshire",), ("elsewhere",)])
def test_the_held_name_index_finds_who_the_name_query_finds(
        data: Path, cleared: bool, forces: tuple[str, ...]) -> None:
    con = store.connect(data / "records.duckdb", read_only=True)
    try:
        plain = [StoreDirectory(con, cleared, forces).find_by_name(n) for n in NAMES]
        held_reads.hold(con)
        assert [StoreDirectory(con, cleared, forces).find_by_name(n) for n in NAMES] == plain
        assert any(plain) is (forces != ("elsewhere",)) and not all(plain)
    finally:
        con.close()


def test_a_store_ingested_again_is_read_afresh(tmp_path: Path) -> None:
    groupshire(tmp_path, allegations()).close()
    settings = Settings(data_dir=tmp_path)  # type: ignore[call-arg]
    engine = Engine(settings)
    try:
        assert StoreDirectory(engine.con, True).find_by_name("Eve Elm") == []
        assert ("West",) not in held_reads.rows(engine.con, joins.UNITS)
    finally:
        engine.close()
    writer = store.connect(tmp_path / "records.duckdb")
    try:
        ingest_export_records(writer, tmp_path, {
            "staff.csv": STAFF + "5,105,Eve,Elm,West\n", "complaints.csv": complaints(),
            "allegations.csv": allegations()}, MAPPING, mapping_file="groupshire.yaml")
        assert ("West",) in held_reads.rows(writer, joins.UNITS)  # a writer is never held
    finally:
        writer.close()
    engine = Engine(settings)
    try:
        assert [p for p, _ in StoreDirectory(engine.con, True).find_by_name("Eve Elm")]
        assert ("West",) in held_reads.rows(engine.con, joins.UNITS)
    finally:
        engine.close()


def test_usable_links_are_forgotten_when_a_decision_overlays_them(data: Path) -> None:
    con = store.connect(data / "records.duckdb", read_only=True)
    try:
        held_reads.hold(con)
        overlay.refresh(con, data)
        assert person_links.usable(con)
        ref = find_ref(con, _smith_ref(con))
        assert ref is not None
        DecisionStore(data).record(ref[0], ANN, "confirm", "admin")
        assert person_links.usable(con)  # nothing lent since: as before
        overlay.refresh(con, data)  # what the engine pool does on every lend
        assert not person_links.usable(con)
    finally:
        con.close()


def test_the_review_overlaid_links_are_never_held(data: Path) -> None:
    con = store.connect(data / "records.duckdb", read_only=True)
    try:
        held_reads.hold(con)
        with pytest.raises(ValueError):
            held_reads.rows(con, "SELECT count(*) FROM person_ref")
    finally:
        con.close()


def test_a_held_mask_is_the_mask_and_only_of_the_text_it_was_made_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    told = "Jon Quill of 4 Elm Road said a constable pushed Mr Quill; his DOB 02/03/1984."
    writer = store.connect(tmp_path / "records.duckdb")
    writer.execute("INSERT INTO complaint (record_id, complainant, location, narrative, restricted,"
                   " force, source_mapping, source_file, source_row, content_hash, ingested_at)"
                   " VALUES (?, ?, ?, ?, false, 't', 't', 't.csv', 1, 'h', now())",
                   ["complaint:t:1", "Mr Jon Quill (DOB 02/03/1984)", "4 Elm Road, Tadley", told])
    writer.close()
    key = ("complaint:t:1", "narrative")
    held = store.connect(tmp_path / "records.duckdb", read_only=True)
    plain = store.connect(tmp_path / "records.duckdb", read_only=True)
    try:
        held_reads.hold(held)
        expected = Redactor(plain, active=True).texts({key: told})
        assert "Quill" not in (expected[key] or "") and "Elm Road" not in (expected[key] or "")
        assert Redactor(held, active=True).texts({key: told}) == expected
        masked: list[str] = []
        spans = redaction.detail_spans
        monkeypatch.setattr(redaction, "detail_spans",
                            lambda text, *a: masked.append(text) or spans(text, *a))
        assert Redactor(held, active=True).texts({key: told}) == expected  # from the held mask
        assert masked == []
        other = told.replace("pushed", "shoved")  # not the stored text: masked afresh
        assert Redactor(held, active=True).texts({key: other}) == Redactor(
            plain, active=True).texts({key: other}) != expected
    finally:
        held.close()
        plain.close()
