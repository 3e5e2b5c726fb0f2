"""V1: a cleared reviewer's reason, name and case reference never reach an uncleared user — on
the real synthetic store, through the API (FastAPI TestClient), the CLI and the Streamlit UI.

Before, a senior investigator's review reason (free text that may describe restricted
intelligence), user name and case reference were shown to investigators on the same lead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli import app as cli_app
from assistant.identity import os_user
from assistant.keys import KeyStore
from assistant.settings import Settings

SECRET = "Source HUMINT-7 says the payments continue; see intel file 42"
SENIOR_CASE = "OP-NIGHTJAR"
APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


@pytest.fixture(scope="module")
def settings(synthetic_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The synthetic store in a data dir of its own (reviews, keys and audit written here)."""
    root = tmp_path_factory.mktemp("reviews-data")
    for path in synthetic_settings.data_dir.iterdir():
        if path.name in ("records.duckdb", "chroma", "bm25", "index-manifest.json", "leads"):
            (root / path.name).symlink_to(path)
    return synthetic_settings.model_copy(update={"data_dir": root})


@pytest.fixture(scope="module")
def client(settings: Settings) -> Any:
    with TestClient(create_app(settings, engines=1)) as http:
        yield http


def auth(settings: Settings, role: str, case: str = "OP-OTHER") -> dict[str, str]:
    token = KeyStore(settings.data_dir / "keys.sqlite").create(f"rv-{role}", role)[1]
    return {"Authorization": f"Bearer {token}", "X-Case-Ref": case}


@pytest.fixture(scope="module")
def reviewed(settings: Settings, client: TestClient) -> dict[str, str]:
    """Two leads both roles can see, reviewed by a senior investigator: one reason private,
    one marked shareable. Returns {"private": lead id, "shared": lead id}."""
    senior = auth(settings, "senior_investigator", SENIOR_CASE)
    investigator = auth(settings, "investigator")
    visible = client.get("/v1/leads", params={"limit": 200}, headers=investigator).json()
    ids = [x["lead_id"] for x in visible["items"]]
    assert len(ids) >= 2
    for lead_id, shareable in ((ids[0], False), (ids[1], True)):
        body = {"decision": "dismiss", "reason": SECRET, "shareable": shareable}
        r = client.post(f"/v1/leads/{lead_id}/review", json=body, headers=senior)
        assert r.status_code == 200, r.text
        assert r.json()["review"]["reason"] == SECRET  # the reviewer sees their own review
    return {"private": ids[0], "shared": ids[1]}


def by_id(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {x["lead_id"]: x for x in page["items"]}


def test_api_withholds_a_cleared_review_from_an_investigator(
    settings: Settings, client: TestClient, reviewed: dict[str, str]
) -> None:
    r = client.get("/v1/leads", params={"limit": 200}, headers=auth(settings, "investigator"))
    leads = by_id(r.json())
    private, shared = leads[reviewed["private"]], leads[reviewed["shared"]]
    assert private["status"] == "dismissed" and private["review"]["at"]
    assert private["review"]["decision"] == "dismiss" and private["review"]["withheld"]
    for field in ("reason", "user", "role", "case_ref"):
        assert private["review"][field] is None
    assert shared["review"]["reason"] == SECRET
    assert shared["review"]["user"] is None and shared["review"]["case_ref"] is None
    assert SECRET not in json.dumps(private) and SENIOR_CASE not in r.text
    assert "rv-senior_investigator" not in r.text


def test_api_shows_it_all_to_a_cleared_user(
    settings: Settings, client: TestClient, reviewed: dict[str, str]
) -> None:
    r = client.get("/v1/leads", params={"limit": 200}, headers=auth(settings, "admin"))
    review = by_id(r.json())[reviewed["private"]]["review"]
    assert (review["reason"], review["user"], review["case_ref"]) == (
        SECRET, "rv-senior_investigator", SENIOR_CASE)
    assert not review["withheld"]


def test_cli_withholds_it_too(settings: Settings, reviewed: dict[str, str]) -> None:
    KeyStore(settings.data_dir / "keys.sqlite").grant(os_user(), "investigator")
    result = CliRunner().invoke(
        cli_app, ["leads", "--data-dir", str(settings.data_dir), "--json", "--limit", "200",
                  "--case", "OP-CLI"], env={"PROBITY_TODAY": str(settings.today)})
    assert result.exit_code == 0, result.output
    assert SECRET in result.output  # the shareable one
    private = by_id(json.loads(result.output))[reviewed["private"]]
    assert private["review"]["reason"] is None and SENIOR_CASE not in result.output


def test_ui_withholds_it_too(
    settings: Settings, reviewed: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROBITY_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PROBITY_TODAY", str(settings.today))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    at = AppTest.from_file(APP, default_timeout=300).run()
    token = auth(settings, "investigator")["Authorization"].removeprefix("Bearer ")
    at.text_input(key="token").input(token)
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.text_input(key="case-input").input("OP-UI")
    next(b for b in at.button if b.label == "Start").click().run()
    at.sidebar.radio[0].set_value("Leads").run()
    at.selectbox(key="leads-status").set_value("Dismissed").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("Dismissed at" in c and "reason restricted" in c for c in captions), captions
    assert not any(SENIOR_CASE in c or "rv-senior" in c for c in captions)
