"""The workspace's resolution review page (issue #20), with Streamlit's AppTest over a real store
of the hand-written Eastmoor force: only senior investigators and admins get the page; a decision
made there is audited and recorded like one made through the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import store
from assistant.audit import AuditLog
from assistant.keys import KeyStore
from assistant.resolution.decisions import DecisionStore
from evals.resolution.score import ingest

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
CASE = "PSD/2025/0077"
AMBIGUOUS = "complaint:emr:C035#1"  # "A Williams": E1008 or E1009


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ui-resolution")
    con = store.connect(root / "records.duckdb")
    ingest(con)
    con.close()
    return root


def _signed_in(data: Path, role: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PROBITY_DATA_DIR", str(data))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="token").input(KeyStore(data / "keys.sqlite").create(role, role)[1])
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.text_input(key="case-input").input(CASE)
    return next(b for b in at.button if b.label == "Start").click().run()


def test_investigators_have_no_resolution_page(data: Path, monkeypatch) -> None:
    at = _signed_in(data, "investigator", monkeypatch)
    assert "Resolution" not in at.sidebar.radio[0].options


def test_a_senior_investigator_confirms_a_namesake(data: Path, monkeypatch) -> None:
    at = _signed_in(data, "senior_investigator", monkeypatch)
    at.sidebar.radio[0].set_value("Resolution").run()
    assert at.title[0].value == "Resolution review" and not at.exception
    next(b for b in at.button if b.label == "Load the queue").click().run()
    assert "links to review" in at.markdown[0].value
    at.radio(key=f"person-{AMBIGUOUS}").set_value("person:emr:E1009")
    next(b for b in at.button if b.label == "Confirm" and b.form_id == f"resolve-{AMBIGUOUS}"
         ).click().run()
    assert not at.exception and not at.error
    assert f"{AMBIGUOUS}: person:emr:E1009 confirmed" in at.success[0].value
    assert [(d.ref.record_id, d.person_id, d.verdict) for d in DecisionStore(data).all()] == [
        ("complaint:emr:C035", "person:emr:E1009", "confirm")]
    entries = AuditLog(data / "audit.sqlite").entries(case_ref=CASE)[1]
    assert any(e.endpoint == "resolution" and e.query == f"confirm {AMBIGUOUS} person:emr:E1009"
               and e.status == "ok" for e in entries)
