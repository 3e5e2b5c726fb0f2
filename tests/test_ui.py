"""The Streamlit workspace, run with Streamlit's AppTest over the real synthetic store
(tests/conftest.py): sign-in by key and by configured local user, the case reference gate,
asking, the source panel's highlighted spans, abstention, the person profile, the leads board,
case-note export, and an empty data dir. What the UI shows must be what the consultation service
gives the API — same answer, same redaction — and every consultation must reach the audit log.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import DownloadButton, Html

from assistant.answers import User
from assistant.audit import AuditLog
from assistant.consult import Consultation
from assistant.keys import KeyStore
from ui import export, markup

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
CASE = "PSD/2025/0042"
COUNT = "How many complaints were made against payroll 200135?"
UNANSWERABLE = "What is payroll 200135's home address?"
TIMEOUT = 300


@pytest.fixture(scope="module")
def ui_settings(synthetic_settings, tmp_path_factory):
    """The synthetic store in a data dir of its own, so the keys, audit entries, lead reviews and
    lead cache written here don't touch other tests' files."""
    root = tmp_path_factory.mktemp("ui-data")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json", "leads"):
        if (synthetic_settings.data_dir / name).exists():
            (root / name).symlink_to(synthetic_settings.data_dir / name)
    return synthetic_settings.model_copy(update={"data_dir": root})


@pytest.fixture
def env(ui_settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PROBITY_DATA_DIR", str(ui_settings.data_dir))
    monkeypatch.setenv("PROBITY_TODAY", str(ui_settings.today))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    return ui_settings


def key_for(settings: Any, role: str) -> str:
    return KeyStore(settings.data_dir / "keys.sqlite").create(f"ui-{role}", role)[1]


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.get("html") if isinstance(h, Html))


def signed_in(settings: Any, role: str = "investigator") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="token").input(key_for(settings, role))
    click(at, "Sign in")
    at.text_input(key="case-input").input(CASE)
    return click(at, "Start")


def ask(at: AppTest, question: str) -> AppTest:
    return at.chat_input[0].set_value(question).run()


def test_empty_data_dir_explains_how_to_ingest(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PROBITY_DATA_DIR", str(tmp_path / "nothing-here"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "no records" in at.warning[0].value
    assert "probity demo" in at.code[0].value and "probity ingest" in at.code[0].value


def test_sign_in_with_an_api_key_then_a_case_reference(env) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="token").input("prb_000000000000_" + "x" * 43)
    click(at, "Sign in")
    assert "not valid" in at.error[0].value
    at.text_input(key="token").input(key_for(env, "senior_investigator"))
    click(at, "Sign in")
    assert at.title[0].value == "Which case is this for?"
    click(at, "Start")  # no case reference: nothing is consulted
    assert "case reference is required" in at.error[0].value
    at.text_input(key="case-input").input(CASE)
    click(at, "Start")
    assert not at.exception
    assert at.title[0].value == "Ask the records"
    sidebar = "".join(h.value for h in at.sidebar.get("html") if isinstance(h, Html))
    assert f"<b>{CASE}</b>" in sidebar and f"<b>{CASE}</b>" in html(at)
    assert "senior investigator" in sidebar


def test_local_user_and_revoked_key(env, monkeypatch) -> None:
    monkeypatch.setenv("PROBITY_UI_USER", "desk-1")
    monkeypatch.setenv("PROBITY_UI_ROLE", "admin")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    click(at, "Continue as desk-1 (admin)")
    assert at.title[0].value == "Which case is this for?" and "desk-1" in at.markdown[0].value

    keys = KeyStore(env.data_dir / "keys.sqlite")
    key, token = keys.create("leaver", "investigator")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="token").input(token)
    click(at, "Sign in")
    keys.revoke(key.key_id)
    at.run()
    assert "revoked" in at.warning[0].value and at.title[0].value == "Probity"


def test_ask_shows_the_answer_its_citations_and_highlighted_spans(env) -> None:
    at = signed_in(env)
    assert at.button(key="sample-0").label  # sample questions for a first-time user
    ask(at, COUNT)
    assert not at.exception and not at.error
    service = Consultation(env, engines=1)
    try:
        expected = service.ask(User(name="check", role="investigator"), CASE, COUNT)
    finally:
        service.close()
    shown = html(at)
    # the service's answer, each marker a badge linking to its source card
    assert markup.answer(expected.answer, link="t0") in shown
    assert '<a class="prb-n" href="#src-t0-1" title="Show source 1">[1]</a>' in shown
    # The first page of the source panel: each citation's exact quote highlighted in its record.
    for c in expected.citations[:6]:
        assert f'<mark class="prb-q">{escape(c.quote)}</mark>' in shown
        assert escape(c.source) in shown
    assert "mapping <b>synthetic</b>" in shown and '<table class="prb-fields">' in shown
    downloads = [d.label for d in at.get("download_button") if isinstance(d, DownloadButton)]
    assert downloads == ["Case note (Markdown)", "Case note (HTML)"]
    entries = AuditLog(env.data_dir / "audit.sqlite").entries(
        user="ui-investigator", case_ref=CASE
    )[1]
    asked = [e for e in entries if e.endpoint == "ask" and e.query == COUNT]
    assert asked and set(asked[-1].cited) == {c.record_id for c in expected.citations}
    viewed = {e.query for e in entries if e.endpoint == "record"}
    assert {c.record_id for c in expected.citations[:6]} <= viewed


def test_complainant_details_are_masked_as_the_service_masks_them(env) -> None:
    at = signed_in(env, "investigator")
    ask(at, COUNT)
    assert "complainant details masked" in html(at) and "█" in html(at)
    at = signed_in(env, "senior_investigator")
    ask(at, COUNT)
    assert "complainant details masked" not in html(at)


def test_abstention_is_visibly_distinct(env) -> None:
    at = signed_in(env)
    ask(at, UNANSWERABLE)
    shown = html(at)
    assert '<div class="prb-abstain">' in shown and "Not answered from the records" in shown
    assert "Sources (" not in " ".join(e.label for e in at.expander)


def test_sample_question_is_asked_in_one_click(env) -> None:
    at = signed_in(env)
    at.button(key="sample-0").click().run()
    assert not at.exception
    assert "complaints in 2024" in html(at)


def test_profile_timeline_and_ask_about_this_person(env) -> None:
    at = signed_in(env)
    at.sidebar.radio[0].set_value("People").run()
    at.text_input(key="people-query").input("200135")
    click(at, "Search")
    click(at, "Open profile")
    assert not at.exception and not at.error
    assert at.header[0].value == "Darren Bell"
    assert [m.label for m in at.metric][:2] == ["Records", "Complaints"]
    assert at.get("vega_lite_chart"), "the activity timeline chart"
    assert [t.label for t in at.tabs] == ["Activity", "Identifiers & postings", "Counts", "Records"]
    assert "payroll" in at.dataframe[0].value["scheme"].tolist()
    assert "identifier" in at.dataframe[1].value["method"].tolist()  # how references resolved
    at.selectbox(key="open-record-").select_index(0).run()
    assert "mapping <b>synthetic</b>" in html(at)
    at.button(key="ask-Complaints").click().run()
    assert at.sidebar.radio[0].value == "Ask"
    assert "complaints against Constable Darren Bell" in html(at)
    entries = AuditLog(env.data_dir / "audit.sqlite").entries(case_ref=CASE)[1]
    assert any(e.endpoint == "person" and e.query == "person:syn:200135" for e in entries)


def test_case_notes_carry_citations_and_quoted_spans(env) -> None:
    service = Consultation(env, engines=1)
    user = User(name="ann", role="investigator")
    try:
        answer = service.ask(user, CASE, COUNT)
        profile = service.person_profile(user, CASE, "person:syn:200135", limit=20)
    finally:
        service.close()
    note = export.answer_note(COUNT, answer, user, CASE, "2026-01-05T10:00:00+00:00")
    md, page = export.to_markdown(note), export.to_html(note)
    assert CASE in md and "ann (investigator)" in md and COUNT in md
    for c in answer.citations:
        assert c.record_id in md and c.source in md and " ".join(c.quote.split()) in md
        assert f'<mark class="prb-q">{escape(c.quote)}</mark>' in page
    tricky = answer.model_copy(update={"answer": "<script>alert(1)</script> [1]"})
    assert "<script>" not in export.to_html(export.answer_note("q", tricky, user, CASE, "t"))
    note = export.profile_note(profile, user, CASE, "2026-01-05T10:00:00+00:00")
    md = export.to_markdown(note)
    assert "Darren Bell" in md and "| payroll | 200135 |" in md
    assert all(x["record_id"] in md for x in profile["timeline"]["items"])


def test_highlight_escapes_record_text() -> None:
    text = 'He said <b>"stop"</b> & left. Then the officer <script>x()</script> searched him.'
    start = text.index("Then")
    marked = markup.highlight(text, start, len(text), width=10)
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert marked.startswith("…") and '<mark class="prb-q">Then the officer' in marked


def test_leads_board_review_needs_a_reason(env) -> None:
    at = signed_in(env)
    at.sidebar.radio[0].set_value("Leads").run()
    assert not at.exception and not at.error
    assert "leads" in at.markdown[0].value
    submit = next(b for b in at.button if b.label == "Record decision")
    form_id = submit.form_id
    lead_id = form_id.removeprefix("review-")
    submit.click().run()
    assert "give the reason" in at.error[0].value
    at.radio(key=f"decision-{lead_id}").set_value("dismiss")
    at.text_area(key=f"reason-{lead_id}").input("Searches explained by a linked case.")
    next(b for b in at.button if b.form_id == form_id).click().run()
    assert f"Lead {lead_id} dismissed." in at.success[0].value
    entries = AuditLog(env.data_dir / "audit.sqlite").entries(case_ref=CASE)[1]
    assert any(e.endpoint == "leads.review" and lead_id in e.query for e in entries)


def test_auditor_sees_the_audit_log_not_records(env) -> None:
    at = signed_in(env, "auditor")
    assert [o for o in at.sidebar.radio[0].options] == ["Audit log"]
    click(at, "Show entries")
    assert not at.exception and not at.error
    assert "entries" in at.markdown[0].value and at.dataframe
