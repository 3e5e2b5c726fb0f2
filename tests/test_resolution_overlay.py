"""Review decisions over a read-only store (resolution/overlay.py): applied at once to every
unqualified read of the person links, gone once the store has absorbed them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant import store
from assistant.resolution import overlay
from assistant.resolution.decisions import DecisionStore
from assistant.resolution.queue import apply_decisions, find_ref
from evals.resolution.score import ingest

AMBIGUOUS = "complaint:emr:C028#1"  # "K Butler": Kevin (E1006) or Kieran (E1007)
KEVIN, KIERAN = "person:emr:E1006", "person:emr:E1007"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    con = store.connect(tmp_path / "records.duckdb")
    ingest(con)
    con.close()
    return tmp_path


def _reader(data: Path) -> duckdb.DuckDBPyConnection:
    return store.connect(data / "records.duckdb", read_only=True)


def _link(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str, list[str]]:
    record_id, idx = AMBIGUOUS.split("#")
    row = con.execute("SELECT person_id, method FROM person_ref WHERE record_id = ? AND idx = ?",
                      [record_id, int(idx)]).fetchone()
    assert row is not None
    cands = [p for (p,) in con.execute(
        "SELECT person_id FROM person_ref_candidate WHERE record_id = ? AND idx = ? ORDER BY 1",
        [record_id, int(idx)]).fetchall()]
    return row[0], row[1], cands


def test_decisions_apply_to_an_open_read_only_connection(data: Path) -> None:
    con = _reader(data)
    try:
        overlay.refresh(con, data)  # no decision file yet: nothing shadowed
        assert _link(con) == (None, "unresolved", [KEVIN, KIERAN])
        total = con.execute("SELECT count(*) FROM person_ref").fetchone()

        decisions = DecisionStore(data)
        ref = find_ref(con, AMBIGUOUS)
        assert ref is not None
        decisions.record(ref[0], KIERAN, "reject", "admin")
        overlay.refresh(con, data)
        assert _link(con) == (None, "unresolved", [KEVIN])
        decisions.record(ref[0], KEVIN, "confirm", "admin")
        overlay.refresh(con, data)
        assert _link(con) == (KEVIN, "reviewed", [])
        # the overlay replaces rows, it never adds or loses one
        assert con.execute("SELECT count(*) FROM person_ref").fetchone() == total
        n_kevin = con.execute("SELECT count(*) FROM person_ref WHERE person_id = ?",
                              [KEVIN]).fetchone()
    finally:
        con.close()

    # the store absorbs the decisions (what ingest and `review apply` do): no overlay left,
    # and the stored links read the same as the overlay did
    writer = store.connect(data / "records.duckdb")
    try:
        made = DecisionStore(data).all()
        apply_decisions(writer, made)
        overlay.mark_applied(writer, made)
    finally:
        writer.close()
    con = _reader(data)
    try:
        assert overlay.pending(con, data) == []
        overlay.refresh(con, data)
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE temporary AND "
                           "view_name = 'person_ref'").fetchone() == (0,)
        assert _link(con) == (KEVIN, "reviewed", [])
        assert con.execute("SELECT count(*) FROM person_ref WHERE person_id = ?",
                           [KEVIN]).fetchone() == n_kevin
    finally:
        con.close()


def test_a_later_decision_on_an_absorbed_store_is_overlaid(data: Path) -> None:
    con = _reader(data)
    ref = find_ref(con, AMBIGUOUS)
    con.close()
    assert ref is not None
    decisions = DecisionStore(data)
    decisions.record(ref[0], KEVIN, "confirm", "admin")
    writer = store.connect(data / "records.duckdb")
    made = decisions.all()
    apply_decisions(writer, made)
    overlay.mark_applied(writer, made)
    writer.close()

    decisions.record(ref[0], KEVIN, "reject", "senior")  # changed their mind after the apply
    con = _reader(data)
    try:
        assert [d.verdict for d in overlay.pending(con, data)] == ["reject"]
        overlay.refresh(con, data)
        assert _link(con) == (None, "rejected", [])
    finally:
        con.close()
