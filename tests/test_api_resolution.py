"""GET/POST /v1/resolution over HTTP (issue #20): the review queue for senior investigators and
admins only, audited; a decision reaches the server's answers at once (the server holds the
store read-only: resolution/overlay.py) and the stored links at `probity people review apply`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant import store
from assistant.api.app import create_app
from assistant.audit import AuditLog
from assistant.cli import app as cli_app
from assistant.keys import KeyStore
from assistant.leads.board import build_boards
from assistant.leads.rebuild import rebuilder_for
from assistant.resolution.decisions import DecisionStore
from assistant.settings import Settings
from evals.resolution.score import ingest

AMBIGUOUS = "complaint:emr:C028#1"  # "K Butler": Kevin (E1006) or Kieran (E1007)
CASE = {"X-Case-Ref": "PSD-RES-1"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api-resolution")
    con = store.connect(root / "records.duckdb")
    ingest(con)
    build_boards(con, Settings(data_dir=root))  # as ingest does: a stored leads board
    con.close()
    return root


def _keys(data: Path) -> dict[str, dict[str, str]]:
    keys = KeyStore(data / "keys.sqlite")
    return {role: {**CASE, "Authorization": f"Bearer {keys.create(role, role)[1]}"}
            for role in ("investigator", "auditor", "senior_investigator", "admin")}


def _link(data: Path) -> tuple[str | None, str]:
    con = duckdb.connect(str(data / "records.duckdb"), read_only=True)
    try:
        row = con.execute("SELECT person_id, method FROM person_ref WHERE record_id = ? "
                          "AND idx = 1", [AMBIGUOUS.split("#")[0]]).fetchone()
    finally:
        con.close()
    assert row is not None
    return row[0], row[1]


def test_review_queue_over_http(data: Path) -> None:
    headers = _keys(data)
    with TestClient(create_app(Settings(data_dir=data))) as client:
        for role in ("investigator", "auditor"):
            r = client.get("/v1/resolution", headers=headers[role])
            assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", r.text
        r = client.get("/v1/resolution", headers={"Authorization": headers["admin"]["Authorization"]})
        assert r.status_code == 400 and r.json()["error"]["code"] == "case_ref_required"

        r = client.get("/v1/resolution", params={"limit": 200}, headers=headers["senior_investigator"])
        assert r.status_code == 200, r.text
        page = r.json()
        item = next(i for i in page["items"] if i["ref_id"] == AMBIGUOUS)
        assert item["written"] == "K Butler" and item["person_id"] is None
        assert item["candidates"] == ["person:emr:E1006", "person:emr:E1007"]
        assert page["total"] == len(page["items"])

        report = client.get("/v1/resolution/report", headers=headers["admin"])
        assert report.status_code == 200, report.text
        collar = next(c for c in report.json() if c["scheme"] == "collar")
        assert collar["source"] == "eastmoor" and collar["ambiguous"] == 10
        assert collar["total"] == collar["resolved"] + collar["ambiguous"] + collar["unresolved"]
        assert client.get("/v1/resolution/report", headers=headers["investigator"]).status_code == 403

        bad = client.post("/v1/resolution", headers=headers["admin"], json={
            "ref_id": AMBIGUOUS, "person_id": "person:emr:E1001", "verdict": "confirm"})
        assert bad.status_code == 400 and "not linked to or a candidate" in bad.json()["error"]["message"]
        missing = client.post("/v1/resolution", headers=headers["admin"], json={
            "ref_id": "complaint:emr:NOPE#1", "person_id": "person:emr:E1001", "verdict": "reject"})
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        denied = client.post("/v1/resolution", headers=headers["investigator"], json={
            "ref_id": AMBIGUOUS, "person_id": "person:emr:E1006", "verdict": "confirm"})
        assert denied.status_code == 403

        def records_of(person: str) -> set[str]:
            got = client.get(f"/v1/people/{person}", params={"limit": 200},
                             headers=headers["admin"])
            assert got.status_code == 200, got.text
            return {t["record_id"] for t in got.json()["timeline"]["items"]}

        complaint = AMBIGUOUS.split("#")[0]
        assert complaint not in records_of("person:emr:E1006")  # ambiguous: linked to nobody
        r = client.post("/v1/resolution", headers=headers["admin"], json={
            "ref_id": AMBIGUOUS, "person_id": "person:emr:E1006", "verdict": "confirm"})
        assert r.status_code == 200, r.text
        assert r.json()["applied"] is True and r.json()["verdict"] == "confirm"
        # applied at once, by the same running server: the profile and the queue both show it
        assert complaint in records_of("person:emr:E1006")
        assert complaint not in records_of("person:emr:E1007")
        # the stored leads board follows in the background, then is no longer out of date
        rebuilder = rebuilder_for(Settings(data_dir=data))
        assert rebuilder.wait(900) and rebuilder.last_error is None and rebuilder.builds == 1
        board = client.get("/v1/leads", headers=headers["admin"])
        assert board.status_code == 200 and board.json()["stale"] is None, board.text
        r = client.get("/v1/resolution", params={"limit": 200}, headers=headers["admin"])
        assert AMBIGUOUS not in {i["ref_id"] for i in r.json()["items"]}
        assert r.json()["total"] == page["total"] - 1

    _, entries = AuditLog(data / "audit.sqlite").entries()
    mine = [(e.user, e.status, e.query) for e in entries if e.endpoint == "resolution"]
    assert ("investigator", "denied", "queue limit=50 offset=0") in mine
    assert ("admin", "ok", f"confirm {AMBIGUOUS} person:emr:E1006") in mine
    assert ("admin", "error", f"confirm {AMBIGUOUS} person:emr:E1001") in mine  # refused, logged
    assert [(d.ref.record_id, d.person_id, d.verdict) for d in DecisionStore(data).all()] == [
        ("complaint:emr:C028", "person:emr:E1006", "confirm")]  # only the accepted one is kept

    # the server is gone: the decision reaches the stored links
    assert _link(data) == (None, "unresolved")
    result = CliRunner().invoke(cli_app, ["people", "review", "apply", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert _link(data) == ("person:emr:E1006", "reviewed")


def test_health_reports_resolution_to_reviewers_only(data: Path) -> None:
    headers = _keys(data)
    with TestClient(create_app(Settings(data_dir=data))) as client:
        anonymous = client.get("/v1/health")
        assert anonymous.json()["resolution"] is None  # no key: nothing about the data
        assert client.get("/v1/health", headers=headers["investigator"]).json()["resolution"] is None
        bad = client.get("/v1/health", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401 and bad.json()["error"]["code"] == "invalid_key"
        probe = {"Authorization": headers["senior_investigator"]["Authorization"]}
        counts = client.get("/v1/health", headers=probe).json()["resolution"]
        collar = next(c for c in counts if c["scheme"] == "collar")
        assert collar["source"] == "eastmoor"
        assert collar["total"] == collar["resolved"] + collar["ambiguous"] + collar["unresolved"]
    _, entries = AuditLog(data / "audit.sqlite").entries()
    assert ("senior_investigator", "health check", "report") in [
        (e.user, e.case_ref, e.query) for e in entries if e.endpoint == "resolution"]
