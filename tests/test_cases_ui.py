"""The Case page under Streamlit's AppTest, on a real store (tests/conftest.py `api_store`).

An investigator opens the case they are working in, records a decision (refused without a
reason), adds a note and exports the case file as a PDF that pypdf reads back; another
investigator signed in to the same reference sees none of it; the chat page's helper keeps a
turn in the current case.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from assistant.audit import AuditLog
from assistant.cases.store import CaseStore
from assistant.keys import KeyStore
from assistant.settings import Settings

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
TIMEOUT = 300


@pytest.fixture(scope="module")
def ui_dir(api_store: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root: Path = tmp_path_factory.mktemp("cases-ui")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json"):
        if (api_store.data_dir / name).exists():
            (root / name).symlink_to(api_store.data_dir / name)
    return root


@pytest.fixture
def env(ui_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROBITY_DATA_DIR", str(ui_dir))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    return ui_dir


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def case_page(data_dir: Path, user: str, case_ref: str) -> AppTest:
    key = KeyStore(data_dir / "keys.sqlite").create(user, "investigator")[1]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="token").input(key)
    click(at, "Sign in")
    at.text_input(key="case-input").input(case_ref)
    click(at, "Start")
    at.radio(key="page").set_value("Case").run()
    assert not at.exception, at.exception
    return at


def test_open_decide_note_and_export_a_case(env: Path) -> None:
    at = case_page(env, "ann", "UI/1")
    assert any("nothing kept yet" in i.value for i in at.info)
    click(at, "Open case UI/1")
    assert not at.exception and "UI/1" in "".join(h.value for h in at.get("html"))
    at.selectbox(key="case-status").set_value("no further action")
    next(b for b in at.button if b.label == "Record decision").click().run()
    assert any("reason" in e.value for e in at.error)  # refused without a reason
    at.selectbox(key="case-status").set_value("no further action")
    at.text_area(key="case-reason").input("Complainant withdrew")
    next(b for b in at.button if b.label == "Record decision").click().run()
    assert not at.exception
    assert any("open → no further action" in s.value for s in at.success)
    table = at.dataframe[-1].value
    assert list(table["reason"]) == ["Complainant withdrew"]
    at.text_area(key="case-note").input("Closed after call with complainant")
    next(b for b in at.button if b.label == "Add note").click().run()
    assert any("Closed after call" in m.value for m in at.markdown)
    at.radio(key="case-fmt").set_value("pdf").run()
    click(at, "Prepare case file")
    assert not at.exception
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Download PDF (OFFICIAL)"], labels
    ref, fmt, (data, marking), error = at.session_state["case-file"]
    assert (ref, fmt, marking, error) == ("UI/1", "pdf", "OFFICIAL", None)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Complainant withdrew" in text and "Closed after call" in text and "UI/1" in text
    entries = AuditLog(env / "audit.sqlite").entries(case_ref="UI/1")[1]
    assert [e.endpoint for e in entries].count("cases.export") == 1


def test_another_investigator_sees_nothing_of_it(env: Path) -> None:
    store = CaseStore(env)
    if store.get("UI/2") is None:
        store.create("UI/2", "ann", "Ann's")
    store.add_note("UI/2", "ann's confidential note", "ann", restricted=False)
    at = case_page(env, "bob", "UI/2")
    shown = "\n".join([*(m.value for m in at.markdown), *(h.value for h in at.get("html"))])
    assert "confidential" not in shown and "Ann's" not in shown
    assert all("UI/2" not in str(df.value) for df in at.dataframe)


def test_the_chat_helper_keeps_a_turn_in_the_current_case(env: Path) -> None:
    script = f"""
import streamlit as st
from assistant.answers import User
from assistant.settings import Settings
from ui import page_case
st.session_state.update(settings=Settings(data_dir={str(env)!r}), case_ref="UI/CHAT",
                        user=User(name="cat", role="investigator"))
service = page_case.session.service()
answer = service.ask(st.session_state["user"], "UI/CHAT", "How many complaints against Harriet Vane?")
st.session_state["turn"] = page_case.save_turn(answer, "How many complaints against Harriet Vane?")
st.session_state["pin"] = page_case.pin("complaint:ts:TS-1", "counter incident")
st.session_state["hidden"] = page_case.pin("complaint:ts:TS-3")
"""
    at = AppTest.from_string(script, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.session_state["turn"] == (1, None)
    assert at.session_state["pin"][0].target == "complaint:ts:TS-1"
    assert at.session_state["hidden"] == (None, "record not found")  # restricted: as if missing
    case = CaseStore(env).detail("UI/CHAT")
    assert case is not None and case.owner == "cat" and case.turns[0].citations
