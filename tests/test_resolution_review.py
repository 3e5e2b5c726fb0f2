"""The resolution review queue (issue #20): confirm and reject from the CLI, audited, applied to
the store at once, and still applied after the records are re-ingested.

A real `probity ingest` of the hand-written Eastmoor force (evals/resolution), then decisions,
then a second ingest of a changed export (so the decided records are rewritten).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from assistant.audit import AuditLog
from assistant.cli import app
from evals.resolution.score import MAPPING, SOURCE

AMBIGUOUS = "complaint:emr:C017#1"  # "Lowe": Gemma (E1002) or Sam (E1038)
SURNAME_ONLY = "complaint:emr:C014#1"  # "Marsh" → E1001 by name alone (0.85): in the queue


def _cli(data: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    return result.output


def _link(data: Path, ref_id: str) -> tuple[str | None, str, list[str]]:
    record_id, idx = ref_id.split("#")
    con = duckdb.connect(str(data / "records.duckdb"), read_only=True)
    try:
        row = con.execute(
            "SELECT person_id, method FROM person_ref WHERE record_id = ? AND idx = ?",
            [record_id, int(idx)]).fetchone()
        assert row is not None, ref_id
        pid, method = row
        cands = [p for (p,) in con.execute(
            "SELECT person_id FROM person_ref_candidate WHERE record_id = ? AND idx = ? "
            "ORDER BY 1", [record_id, int(idx)]).fetchall()]
    finally:
        con.close()
    return pid, method, cands


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("review")
    source, data = root / "export", root / "data"
    shutil.copytree(SOURCE, source)
    out = _cli(data, "ingest", "--mapping", str(MAPPING), "--source", str(source), "--quiet")
    # the ingest summary's resolution report, per source and scheme
    assert "  eastmoor / warrant: 59 (95%) resolved, 0 (0%) ambiguous, 3 (5%) unresolved" in out
    assert "  eastmoor / collar: " in out and "  eastmoor / email: 2 (100%) resolved" in out
    return source, data


def test_review_list_shows_ambiguous_and_low_confidence_links(ingested) -> None:
    _, data = ingested
    out = _cli(data, "people", "review", "list", "--limit", "1000")
    assert (f"{AMBIGUOUS}  subject: Lowe — unresolved; candidates person:emr:E1002, "
            "person:emr:E1038") in out
    assert f"{SURNAME_ONLY}  subject: Marsh — linked to person:emr:E1001 (name_context, 0.85)" in out
    assert "complaint:emr:C001#1" not in out  # an identifier match needs no review


def test_decisions_apply_at_once_are_audited_and_survive_reingest(ingested) -> None:
    source, data = ingested
    assert _link(data, AMBIGUOUS) == (None, "unresolved", ["person:emr:E1002", "person:emr:E1038"])

    out = _cli(data, "people", "review", "confirm", AMBIGUOUS, "person:emr:E1002")
    assert "applied to the store" in out
    _cli(data, "people", "review", "reject", SURNAME_ONLY, "person:emr:E1001")
    assert _link(data, AMBIGUOUS) == ("person:emr:E1002", "reviewed", [])
    assert _link(data, SURNAME_ONLY) == (None, "rejected", [])

    _, audit = AuditLog(data / "audit.sqlite").entries()
    mine = [e for e in audit if e.endpoint.startswith("cli people review")]
    assert [e.query for e in mine] == [f"confirm {AMBIGUOUS} person:emr:E1002",
                                       f"reject {SURNAME_ONLY} person:emr:E1001"]
    assert AuditLog(data / "audit.sqlite").verify().ok

    # re-ingest a changed export: both records are rewritten, their references re-resolved
    text = (source / "psd_complaints.csv").read_text(encoding="utf-8")
    text = text.replace("C017,2023-02-17,", "C017,2023-02-18,").replace(
        "C014,2023-02-14,", "C014,2023-02-15,")
    (source / "psd_complaints.csv").write_text(text, encoding="utf-8")
    _cli(data, "ingest", "--mapping", str(MAPPING), "--source", str(source), "--quiet")
    con = duckdb.connect(str(data / "records.duckdb"), read_only=True)
    updated = con.execute("SELECT updated FROM ingest_run WHERE file = 'psd_complaints.csv' "
                          "ORDER BY started_at DESC LIMIT 1").fetchone()
    con.close()
    assert updated == (2,)  # both decided records were rewritten
    assert _link(data, AMBIGUOUS) == ("person:emr:E1002", "reviewed", [])
    assert _link(data, SURNAME_ONLY) == (None, "rejected", [])
    assert SURNAME_ONLY not in _cli(data, "people", "review", "list", "--limit", "1000")


def test_a_person_who_is_neither_link_nor_candidate_is_refused(ingested) -> None:
    _, data = ingested
    result = CliRunner().invoke(app, ["people", "review", "confirm", AMBIGUOUS,
                                      "person:emr:E1040", "--data-dir", str(data)])
    assert result.exit_code != 0
    assert "is not linked to or a candidate for" in str(result.exception)
