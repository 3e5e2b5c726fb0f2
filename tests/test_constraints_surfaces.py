"""The interpretation line and the unapplied parts reach every surface: `probity ask` (text and
--json), POST /v1/ask over HTTP, and the Streamlit chat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from streamlit.testing.v1 import AppTest

from assistant.api.app import create_app
from assistant.identity import os_user
from assistant.keys import KeyStore
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TRAP = "How many complaints in 2019 were made on a rainy day?"
CASE = "PSD/2024/0042"


def cli(settings: Settings, *args: str) -> str:
    # The CLI acts as the OS account in its granted role (assistant/identity.py).
    KeyStore(settings.data_dir / "keys.sqlite").grant(os_user(), "investigator")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROBITY_TODAY": str(settings.today)}
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", *args, "--case", "X",
                           "--data-dir", str(settings.data_dir)],
                          capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    return done.stdout


def test_cli_and_api_carry_the_interpretation_and_what_was_not_applied(api_store) -> None:
    key = KeyStore(api_store.data_dir / "keys.sqlite").create("plan-test", "investigator")[1]
    with TestClient(create_app(api_store)) as client:
        r = client.post("/v1/ask", json={"question": TRAP},
                        headers={"Authorization": f"Bearer {key}", "X-Case-Ref": CASE})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["unapplied"] == ["on a rainy day"]
    assert body["interpretation"].startswith("Read as: complaints")
    assert "NOT applied: ‘on a rainy day’" in body["interpretation"]
    assert body["answer"].startswith("I could not apply ‘on a rainy day’. Without it:")
    as_json = json.loads(cli(api_store, TRAP, "--json"))
    assert {k: v for k, v in as_json.items() if k != "timings_ms"} == {
        k: v for k, v in body.items() if k != "timings_ms"}
    text = cli(api_store, TRAP)
    assert text.splitlines()[0] == body["interpretation"]
    assert text.splitlines()[1].startswith("I could not apply ‘on a rainy day’")


@pytest.fixture
def ui_env(synthetic_settings, tmp_path_factory, monkeypatch: pytest.MonkeyPatch) -> Any:
    root = tmp_path_factory.mktemp("plan-ui")
    for name in ("records.duckdb", "chroma", "bm25"):
        if (synthetic_settings.data_dir / name).exists():
            (root / name).symlink_to(synthetic_settings.data_dir / name)
    monkeypatch.setenv("PROBITY_DATA_DIR", str(root))
    monkeypatch.setenv("PROBITY_TODAY", str(synthetic_settings.today))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    return synthetic_settings.model_copy(update={"data_dir": root})


def test_the_chat_shows_the_interpretation_and_warns_of_what_was_not_applied(ui_env) -> None:
    at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=300).run()
    at.text_input(key="token").input(
        KeyStore(ui_env.data_dir / "keys.sqlite").create("ui-plan", "investigator")[1])
    at = next(b for b in at.button if b.label == "Sign in").click().run()
    at.text_input(key="case-input").input(CASE)
    at = next(b for b in at.button if b.label == "Start").click().run()
    at = at.chat_input[0].set_value(
        "How many complaints were received on a rainy day in 2021?").run()
    assert not at.exception
    reads = [h for h in shown(at) if 'class="prb-read"' in h]
    assert any(">Read as: complaints" in h for h in reads)
    assert any('class="prb-unapplied"' in h and "‘on a rainy day’" in h for h in shown(at))
    at = at.chat_input[0].set_value("and in 2022?").run()  # a follow-up in the same chat
    assert not at.exception
    last = [h for h in shown(at) if 'class="prb-read"' in h][-1]
    assert "received in 2022" in last and "from the conversation:" in last


def shown(at: AppTest) -> list[str]:
    """The workspace's own HTML blocks (the Read-as line and the Not-applied box are HTML)."""
    from streamlit.testing.v1.element_tree import Html

    return [h.value for h in at.get("html") if isinstance(h, Html)]


def test_api_and_cli_carry_a_conversation(api_store) -> None:
    key = KeyStore(api_store.data_dir / "keys.sqlite").create("plan-conv", "investigator")[1]
    headers = {"Authorization": f"Bearer {key}", "X-Case-Ref": CASE}
    with TestClient(create_app(api_store)) as client:
        first = client.post("/v1/ask", headers=headers, json={
            "question": "How many complaints against Harriet Vane in 2023?",
            "conversation_id": "api-conv-1"}).json()
        follow = client.post("/v1/ask", headers=headers, json={
            "question": "and in 2024?", "conversation_id": "api-conv-1"}).json()
        fresh = client.post("/v1/ask", headers=headers, json={
            "question": "How many complaints against Harriet Vane in 2024?"}).json()
        bad = client.post("/v1/ask", headers=headers, json={
            "question": "and in 2024?", "conversation_id": "../../etc/passwd"})
    assert first["conversation_id"] == follow["conversation_id"] == "api-conv-1"
    assert fresh["conversation_id"] is None
    assert follow["answer"] == fresh["answer"]
    assert "from the conversation: officer = Harriet Vane" in follow["interpretation"]
    assert bad.status_code == 422 and set(bad.json()) == {"error"}
    # the CLI continues a conversation kept in the data dir
    cli(api_store, "How many complaints against Harriet Vane in 2023?", "--conversation", "cli-1")
    text = cli(api_store, "and in 2024?", "--conversation", "cli-1", "--json")
    assert json.loads(text)["answer"] == fresh["answer"]
