"""The person links ingest writes (assistant/person_links.py) answer as the links themselves do.

On a real groupshire store (resolved collar numbers, bare names, "UNKNOWN", restricted rows):
the stored counts equal the ones computed from the links at every bound and clearance; a review
decision still pending on a read-only connection bypasses the table, so it changes the result at
once; one absorbed into the store without a rebuild leaves the table unread until rebuilt.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant import person_links, store
from assistant.answering import Draft, cite_person, grouped, person_rows
from assistant.facts import subjects
from assistant.redaction import Redactor
from assistant.resolution import overlay
from assistant.resolution.decisions import DecisionStore
from assistant.resolution.queue import apply_decisions, find_ref
from assistant.structured import Scope, find_records, people_count_test
from assistant.understand.models import QueryPlan
from tests.test_group_rank import groupshire
from tests.test_people_count import allegations

TWO_ACCUSED = "complaint:gs:C-2"  # collar 101 (Ann Ash) and an unlinked "j smith"
ANN = "person:gs:1"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    con = groupshire(tmp_path, allegations())
    person_links.build(con)
    con.close()
    return tmp_path


def _reader(data: Path) -> duckdb.DuckDBPyConnection:
    con = store.connect(data / "records.duckdb", read_only=True)
    overlay.refresh(con, data)
    return con


def _several(con: duckdb.DuckDBPyConnection, cleared: bool = True) -> list[str]:
    return find_records(con, Scope(kind="complaint", cleared=cleared, min_people=2)).record_ids


def _smith_ref(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT r.record_id || '#' || r.idx FROM person_ref r JOIN allegation a "
                      "ON a.record_id = r.record_id WHERE a.complaint_id = ? AND "
                      "r.person_id IS NULL AND lower(r.name) = 'j smith'",
                      [TWO_ACCUSED]).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("cleared", [True, False])
@pytest.mark.parametrize("op", [">=", "<="])
def test_stored_counts_are_the_counts_of_the_links(data: Path, cleared: bool, op: str) -> None:
    con = _reader(data)
    try:
        assert person_links.usable(con)
        splits = set()
        for bound in range(-1, 5):
            def ids(linked: bool, bound: int = bound) -> list[str]:
                test = people_count_test("complaint", cleared, op, bound, linked)
                return [r for (r,) in con.execute(
                    f"SELECT record_id FROM complaint t WHERE {test} ORDER BY 1",
                    [bound]).fetchall()]
            assert ids(True) == ids(False), bound
            splits.add(len(ids(True)))
        assert len(splits) >= 3
    finally:
        con.close()


def test_a_pending_decision_bypasses_the_stored_counts(data: Path) -> None:
    con = _reader(data)
    try:
        assert TWO_ACCUSED in _several(con)
        ref = find_ref(con, _smith_ref(con))
        assert ref is not None
        DecisionStore(data).record(ref[0], ANN, "confirm", "admin")
        overlay.refresh(con, data)  # what the engine pool does on every lend
        assert not person_links.usable(con)
        assert TWO_ACCUSED not in _several(con)  # one officer now, at once
    finally:
        con.close()
    con = _reader(data)  # a fresh connection sees the decision too
    try:
        assert not person_links.usable(con) and TWO_ACCUSED not in _several(con)
    finally:
        con.close()


def test_an_absorbed_decision_needs_a_rebuild_before_the_table_is_read(data: Path) -> None:
    con = _reader(data)
    ref = find_ref(con, _smith_ref(con))
    con.close()
    assert ref is not None
    DecisionStore(data).record(ref[0], ANN, "confirm", "admin")
    writer = store.connect(data / "records.duckdb")
    try:
        made = DecisionStore(data).all()
        apply_decisions(writer, made)
        overlay.mark_applied(writer, made)
        assert not person_links.usable(writer)  # built before the decision: stale, unread
        assert TWO_ACCUSED not in _several(writer)
        person_links.build(writer)
        assert person_links.usable(writer)
    finally:
        writer.close()
    con = _reader(data)
    try:
        assert person_links.usable(con)
        assert TWO_ACCUSED not in _several(con) and TWO_ACCUSED not in _several(con, False)
    finally:
        con.close()


def test_a_store_without_the_table_reads_the_links(tmp_path: Path) -> None:
    con = groupshire(tmp_path, allegations())
    try:
        assert not person_links.usable(con)
        several = _several(con)
        person_links.build(con)
        assert person_links.usable(con) and _several(con) == several
        person_links.drop(con)
        assert not person_links.usable(con) and _several(con) == several
    finally:
        con.close()


class _Counting:
    """A store connection that keeps the text of every statement run through it."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.statements: list[str] = []

    def execute(self, sql: str, *args: object) -> duckdb.DuckDBPyConnection:
        self.statements.append(sql)
        return self.con.execute(sql, *args)


def test_an_officer_ranking_reads_its_officers_in_one_statement(data: Path) -> None:
    con = _reader(data)
    try:
        counting = _Counting(con)
        plan = QueryPlan(question="officers by complaints", intent="list", group_by="person",
                         kinds=["complaint"])
        draft = grouped(counting, Redactor(con, active=True), plan,  # type: ignore[arg-type]
                        Scope(kind="complaint", cleared=True))
        officers = [c for c in draft.citations.items if c.record_id.startswith("person:")]
        assert len(officers) >= 3
        one_by_one = [s for s in counting.statements if "FROM person WHERE record_id = ?" in s]
        assert one_by_one == []
        assert [cite_person(con, c.record_id, Draft("")) for c in officers] == [
            cite_person(con, c.record_id, Draft(""), person_rows(con, [c.record_id]))
            for c in officers]
    finally:
        con.close()


def test_complaint_subjects_are_read_from_the_links_or_the_table_alike(data: Path,
                                                                        monkeypatch) -> None:
    con = _reader(data)
    try:
        ids = [r for (r,) in con.execute("SELECT record_id FROM complaint UNION ALL "
                                         "SELECT record_id FROM allegation ORDER BY 1").fetchall()]
        linked = subjects(con, ids)
        assert any(r.startswith("complaint:") for r in linked)
        monkeypatch.setattr(person_links, "usable", lambda con: False)
        assert subjects(con, ids) == linked
        assert subjects(con, ids[:7]) == {r: p for r, p in linked.items() if r in ids[:7]}
    finally:
        con.close()


def test_a_pending_rejection_drops_a_cited_complaints_officer_at_once(data: Path) -> None:
    con = _reader(data)
    try:
        assert ANN in subjects(con, [TWO_ACCUSED])[TWO_ACCUSED]
        row = con.execute("SELECT r.record_id || '#' || r.idx FROM person_ref r JOIN allegation a "
                          "ON a.record_id = r.record_id WHERE a.complaint_id = ? AND "
                          "r.person_id = ?", [TWO_ACCUSED, ANN]).fetchone()
        assert row is not None
        ref = find_ref(con, str(row[0]))
        assert ref is not None
        DecisionStore(data).record(ref[0], ANN, "reject", "admin")
        overlay.refresh(con, data)
        assert ANN not in subjects(con, [TWO_ACCUSED]).get(TWO_ACCUSED, [])
    finally:
        con.close()
