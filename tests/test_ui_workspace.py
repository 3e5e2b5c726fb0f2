"""The workspace that remembers, with Streamlit's AppTest over the real synthetic store: a reload
reopens the case and its conversation, sign-out ends the session, deep links open the same view
only for a colleague cleared for it, follow-ups show what they inherited, lists come as tables
with a CSV, `[n]` badges link to their source card, an ambiguous name offers its candidates (of
the rank named), and the profile timeline reaches back to the person's first record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Html

from assistant.keys import KeyStore
from ui.web_session import SessionStore

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
CASE = "PSD/2025/0042"
LIST = "List the complaints against payroll 200135"
TIMEOUT = 300


@pytest.fixture(scope="module")
def ui_settings(synthetic_settings, tmp_path_factory):
    root = tmp_path_factory.mktemp("ui-workspace-data")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json"):
        if (synthetic_settings.data_dir / name).exists():
            (root / name).symlink_to(synthetic_settings.data_dir / name)
    return synthetic_settings.model_copy(update={"data_dir": root})


@pytest.fixture
def env(ui_settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PROBITY_DATA_DIR", str(ui_settings.data_dir))
    monkeypatch.setenv("PROBITY_TODAY", str(ui_settings.today))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    return ui_settings


def html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.get("html") if isinstance(h, Html))


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def signed_in(settings: Any, role: str = "investigator", query: dict[str, str] | None = None,
              case: str | None = CASE) -> AppTest:
    at = app(query)
    at.text_input(key="token").input(KeyStore(settings.data_dir / "keys.sqlite")
                                     .create(f"ws-{role}", role)[1])
    click(at, "Sign in")
    if case:
        at.text_input(key="case-input").input(case)
        click(at, "Start")
    return at


def ask(at: AppTest, question: str) -> AppTest:
    return at.chat_input[0].set_value(question).run()


def test_a_reload_reopens_the_case_and_conversation_and_sign_out_ends_it(env) -> None:
    at = ask(signed_in(env), LIST)
    ask(at, "and in 2022?")
    assert not at.exception
    query = dict(at.query_params)
    assert query["case"] == CASE and query["page"] == "Ask" and query["s"]
    reloaded = app(query)  # a new browser session with the same URL
    assert not reloaded.exception and reloaded.title[0].value == "Ask the records"
    shown = html(reloaded)
    assert LIST in shown and "and in 2022?" in shown and "prb-inherited" in shown
    assert len(reloaded.chat_message) == 4
    # the follow-up after the reload still binds to the same conversation
    ask(reloaded, "and in 2023?")
    assert "from the conversation" in html(reloaded).rsplit("and in 2023?", 1)[1]
    reloaded.sidebar.button[-1].click().run()  # Sign out
    assert reloaded.title[0].value == "Probity" and "s" not in reloaded.query_params
    assert SessionStore(env.data_dir).resolve(query["s"]) is None
    gone = app(query)
    assert gone.title[0].value == "Probity" and "ended" in gone.warning[0].value


def restricted_record(settings: Any) -> str:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        return str(con.execute("SELECT record_id FROM intel_report WHERE restricted "
                               "ORDER BY record_id LIMIT 1").fetchone()[0])


def test_deep_links_open_the_view_only_for_a_cleared_colleague(env) -> None:
    link = {"case": CASE, "person": "person:syn:200135"}
    at = signed_in(env, query=link, case=None)  # no case form: the link gives the case
    assert not at.exception and at.header[0].value == "Darren Bell"
    assert at.sidebar.radio[0].value == "People" and at.query_params["person"] == link["person"]
    record = restricted_record(env)
    senior = signed_in(env, "senior_investigator", query={"case": CASE, "record": record},
                       case=None)
    assert not senior.error and '<table class="prb-fields">' in html(senior)
    colleague = signed_in(env, "investigator", query={"case": CASE, "record": record},
                          case=None)
    assert "not found" in colleague.error[0].value.lower() and '<table class="prb-fields">' not in html(colleague)


def test_lists_are_tables_with_a_csv_and_badges_link_to_their_cards(env) -> None:
    at = ask(signed_in(env), LIST)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.columns)[:2] == ["date", "reference"] and "officer" in table.columns
    assert len(table) > 3 and all("Darren Bell" in officer for officer in table["officer"])
    assert "None" not in table.to_string()
    assert any(d.label == "Download CSV" for d in at.get("download_button"))
    shown = html(at)
    assert 'href="#src-t0-1"' in shown and 'id="src-t0-1"' in shown  # badge → its card
    count = ask(signed_in(env), "How many complaints were made against payroll 200135?")
    assert any(e.label.startswith("Records counted (") for e in count.expander)


def test_an_ambiguous_name_offers_its_candidates_of_the_rank_named(env) -> None:
    at = ask(signed_in(env), "How many complaints were made against PC Smith?")
    assert not at.exception
    opens = [b for b in at.button if b.label == "Open profile"]
    asks = [b for b in at.button if b.label == "Ask about this person"]
    assert opens and len(opens) == len(asks)
    rows = [h.value for h in at.get("html") if isinstance(h, Html) and "prb-meta" in h.value
            and "Smith" in h.value and "payroll" in h.value]
    assert len(rows) == len(opens) and all("Constable" in r for r in rows)
    assert "Police Staff" not in html(at)  # "PC" excludes police staff, in the list and text
    opens[0].click().run()
    assert at.sidebar.radio[0].value == "People" and "Smith" in at.header[0].value
    assert at.header[0].value != ""


def rows(at: AppTest) -> list[str]:
    """The timeline's rows (its y-axis domain: the series present)."""
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    return list(spec["encoding"]["y"]["scale"]["domain"])


def test_profile_timeline_reaches_the_first_year_and_the_picker_searches(env) -> None:
    at = signed_in(env, query={"person": "person:syn:200135"})
    assert "Duty shifts" not in rows(at)  # duty records are hidden by default
    assert "Complaints" in rows(at)
    caption = " ".join(c.value for c in at.caption)
    assert "every month from 2021" in caption and "duty records hidden" in caption
    for frame in at.dataframe:  # identifiers, resolution, postings, records: no 'None' cells
        assert "None" not in frame.value.astype(str).to_string()
    at.toggle(key="show-duty").set_value(True).run()
    assert "Duty shifts" in rows(at)
    at.text_input(key="record-filter").input("Intel DB").run()
    picker = next(s for s in at.selectbox if s.key and s.key.startswith("open-record"))
    assert 0 < len(picker.options) <= 50
    picker.select_index(0).run()
    assert "mapping <b>synthetic</b>" in html(at)


def test_refusals_read_plainly_and_no_server_path_is_shown(env) -> None:
    at = ask(signed_in(env), "What is payroll 200135's home address?")
    shown = html(at)
    assert "the question asks for personal information" in shown
    assert "intent" not in shown.split("prb-abstain")[1] and "\ue000" not in shown
    everything = shown + " ".join(c.value for c in at.caption) + " ".join(
        m.value for m in at.markdown)
    assert str(env.data_dir) not in everything and ">None<" not in everything
