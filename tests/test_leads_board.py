"""The leads board built at ingest and served from storage (issue 17 item 5, issue 19 items 2, 4,
5): boards exist per reader view after ingest, private and complete; the API, CLI and UI read
them and say how to build a missing one; rebuilding re-runs only detectors whose inputs changed;
the ranking is peer-adjusted with each detector's contribution; cards name people with readable
figures; the co-accused / co-searching network is served audited, cleared records only."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import date

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.answers import User
from assistant.leads.board import (
    BoardNotBuilt,
    board_path,
    build_boards,
    load_board,
    reader_views,
)
from assistant.leads.config import LeadsConfig, config_for
from assistant.leads.context import FULL, View
from assistant.leads.models import Lead
from assistant.leads.ranking import rank

UNCLEARED = View(restricted=False, complainant_details=False)
LINKED = ("records.duckdb", "chroma", "bm25", "index-manifest.json")


def linked_dir(settings, root, with_board: bool):  # type: ignore[no-untyped-def]
    """A data dir of its own over the session's synthetic store (optionally its boards)."""
    for name in (*LINKED, *(("leads",) if with_board else ())):
        if (settings.data_dir / name).exists():
            (root / name).symlink_to(settings.data_dir / name)
    return settings.model_copy(update={"data_dir": root})


@pytest.fixture(scope="module")
def board_settings(synthetic_settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    return linked_dir(synthetic_settings, tmp_path_factory.mktemp("board"), True)


@pytest.fixture(scope="module")
def client(board_settings):  # type: ignore[no-untyped-def]
    from assistant.api.app import create_app
    from assistant.keys import KeyStore

    keys = KeyStore(board_settings.data_dir / "keys.sqlite")
    tokens = {role: keys.create(f"b-{role}", role)[1] for role in ("admin", "investigator")}
    with TestClient(create_app(board_settings, engines=1)) as c:
        c.tokens = tokens  # type: ignore[attr-defined]
        yield c


def auth(client, role: str = "admin") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {client.tokens[role]}", "X-Case-Ref": "OP-BOARD"}


def test_ingest_builds_a_private_board_for_every_reader_view(synthetic_settings) -> None:  # type: ignore[no-untyped-def]
    assert {v.name for v in reader_views()} == {"rc", "um"}
    for view in reader_views():
        path = board_path(synthetic_settings, view)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        board = load_board(synthetic_settings, view)
        assert board.as_of == synthetic_settings.today and board.leads
    cleared = load_board(synthetic_settings, FULL)
    uncleared = load_board(synthetic_settings, UNCLEARED)
    assert len(uncleared.leads) < len(cleared.leads)  # restricted intelligence leads absent
    assert not any(c.kind == "intel_report" for x in uncleared.leads for c in x.evidence)


def test_first_page_over_the_api_names_people_with_readable_figures(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/v1/leads", params={"limit": 10}, headers=auth(client))
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["as_of"] and body["stale"] is None and len(body["items"]) == 10
    scores = [x["rank"]["score"] for x in body["items"]]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1
    for card in body["items"]:
        person = card["person"]
        assert person["name"] and not person["name"].startswith("person:")
        assert person["rank"] and person["unit"] and person["identifiers"]
        assert card["headline"].startswith(f"{person['rank']} {person['name']}")
        assert any(ch.isdigit() for ch in card["headline"])
        for figure in card["figures"]:
            assert not figure["value"].startswith(("{", "[")), figure
            assert "person:" not in figure["value"]
        parts = card["rank"]["contributions"]
        assert abs(sum(c["points"] for c in parts) - card["rank"]["score"]) < 0.01
        assert card["rank"]["peer_group"] and card["rank"]["peers"] > 0


def test_a_missing_board_is_a_503_and_the_cli_says_how_to_build(  # type: ignore[no-untyped-def]
        synthetic_settings, tmp_path) -> None:
    from assistant.api.app import create_app
    from assistant.cli import app
    from assistant.identity import os_user
    from assistant.keys import KeyStore

    bare = linked_dir(synthetic_settings, tmp_path, with_board=False)
    keys = KeyStore(bare.data_dir / "keys.sqlite")
    _, token = keys.create("b-admin", "admin")
    with TestClient(create_app(bare, engines=1)) as c:
        got = c.get("/v1/leads", headers={"Authorization": f"Bearer {token}",
                                          "X-Case-Ref": "OP-BOARD"})
    assert got.status_code == 503
    assert got.json()["error"]["code"] == "leads_board_not_built"
    assert "probity leads --build" in got.json()["error"]["message"]
    keys.grant(os_user(), "investigator")
    runner = CliRunner()
    args = ["leads", "--data-dir", str(bare.data_dir), "--case", "OP-CLI"]
    env = {"PROBITY_TODAY": str(bare.today)}
    refused = runner.invoke(app, args, env=env)
    assert refused.exit_code != 0 and "probity leads --build" in str(refused.exception)
    built = runner.invoke(app, ["leads", "--build", "--data-dir", str(bare.data_dir)], env=env)
    assert built.exit_code == 0, built.output
    assert "leads board rc" in built.output and "leads board um" in built.output
    listed = runner.invoke(app, [*args, "--limit", "2"], env=env)
    assert listed.exit_code == 0, listed.output
    first = load_board(bare, UNCLEARED).leads[0]
    assert first.headline in listed.output and "expected of peers" in listed.output


def test_rebuild_reruns_only_detectors_whose_inputs_changed(synthetic_settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(synthetic_settings.duckdb_path, tmp_path / "records.duckdb")
    settings = synthetic_settings.model_copy(update={"data_dir": tmp_path})
    con = duckdb.connect(str(settings.duckdb_path))
    try:
        first = build_boards(con, settings)
        assert set(first[0].runs.values()) == {"ran"}
        # Views share runs whose inputs cannot differ (no restricted rows in the roster).
        assert first[1].runs["overtime_absence"] == "shared"
        again = build_boards(con, settings)
        assert set(again[0].runs.values()) == {"kept"}
        assert [x.lead_id for x in again[0].leads] == [x.lead_id for x in first[0].leads]
        stricter = LeadsConfig.model_validate({"coaccused": {"min_complaints": 99}})
        third = build_boards(con, settings, config=stricter)
        assert {n for n, how in third[0].runs.items() if how == "ran"} == {"coaccused"}
        assert not any(x.detector == "coaccused" for x in third[0].leads)
        con.execute("DELETE FROM system_access WHERE record_id IN "
                    "(SELECT record_id FROM system_access ORDER BY record_id LIMIT 5)")
        fourth = build_boards(con, settings, config=stricter)
        ran = {n for n, how in fourth[0].runs.items() if how == "ran"}
        assert ran == {"repeated_search", "off_duty_access", "complainant_search",
                       "colleague_access"}
    finally:
        con.close()


def _force(con: duckdb.DuckDBPyConnection) -> None:
    """Two peer groups of ten constables; every one worked 100 shifts except pc-busy (400)."""
    con.execute("CREATE TABLE person (record_id VARCHAR, role_title VARCHAR, rank VARCHAR, "
                "unit VARCHAR, restricted BOOLEAN)")
    con.execute("CREATE TABLE person_ref (record_id VARCHAR, kind VARCHAR, person_id VARCHAR)")
    con.execute("CREATE TABLE duty_shift (record_id VARCHAR, shift_date DATE, duty_type VARCHAR, "
                "restricted BOOLEAN)")
    for unit in ("Response Team A", "CID North"):
        con.execute("INSERT INTO person SELECT 'pc-' || ? || '-' || i, 'Constable', 'PC', ?, "
                    "false FROM range(10) t(i)", [unit[:3], unit])
    con.execute("""INSERT INTO duty_shift SELECT 'd-' || p.record_id || '-' || n,
                          DATE '2025-06-01' - CAST(n % 300 AS INTEGER), 'on_duty', false
                   FROM person p, range(400) s(n)
                   WHERE n < CASE WHEN p.record_id = 'pc-Res-1' THEN 400 ELSE 100 END""")
    con.execute("INSERT INTO person_ref SELECT record_id, 'duty_shift', "
                "regexp_extract(record_id, '^d-(.*)-[0-9]+$', 1) FROM duty_shift")


def _lead(person: str, detector: str, records: int) -> Lead:
    from assistant.answers import Citation

    evidence = [Citation(n=i + 1, record_id=f"{person}-{detector}-{i}", kind="complaint",
                         source="x", field="summary", start=0, end=1, quote="x")
                for i in range(records)]
    return Lead(lead_id=f"{detector}-{person}", detector=detector, person_id=person,
                people=[person], score=1.0, explanation="x", evidence=evidence)


def test_ranking_is_peer_adjusted_by_group_and_exposure() -> None:
    con = duckdb.connect()
    _force(con)
    # Every Response constable has complaint-volume leads; in CID only pc-CID-0 does.
    leads = [_lead(f"pc-Res-{i}", "complaint_volume", 4) for i in range(10)]
    leads += [_lead("pc-CID-0", "complaint_volume", 4), _lead("pc-Res-2", "repeated_search", 6)]
    ranked = rank(con, leads, FULL, LeadsConfig(), date(2025, 6, 30))
    score = {lead.person_id: r for lead, r in ranked}
    assert ranked[0][0].person_id in ("pc-CID-0", "pc-Res-2")
    assert score["pc-CID-0"].score > score["pc-Res-0"].score  # same count, rarer among peers
    assert score["pc-Res-1"].score < score["pc-Res-0"].score  # same count, 4× the shifts
    assert score["pc-Res-2"].score > score["pc-Res-0"].score  # two detectors add up
    assert [c.detector for c in score["pc-Res-2"].contributions] == [
        "repeated_search", "complaint_volume"]
    assert score["pc-CID-0"].peer_group == "Constable · CID" and score["pc-CID-0"].peers == 10
    weighted = LeadsConfig.model_validate({"ranking": {"weights": {"complaint_volume": 0}}})
    zero = {x.person_id: r for x, r in rank(con, leads, FULL, weighted, date(2025, 6, 30))}
    assert zero["pc-CID-0"].score == 0 and zero["pc-Res-2"].score > 0


def _pair(board_settings):  # type: ignore[no-untyped-def]
    board = load_board(board_settings, FULL)
    return next(x for x in board.leads if x.detector == "coaccused")


def test_network_over_the_api_is_cleared_and_audited(client, board_settings) -> None:  # type: ignore[no-untyped-def]
    lead = _pair(board_settings)
    partner = lead.people[1]
    got = client.get(f"/v1/people/{lead.person_id}/network", headers=auth(client))
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["person"]["person_id"] == lead.person_id
    link = next(x for x in body["coaccused"] if x["person"]["person_id"] == partner)
    assert link["count"] >= 4 and link["person"]["name"]
    complaints = {c.record_id for c in lead.evidence if c.kind == "complaint"}
    assert complaints & set(link["records"])
    assert all(x["count"] >= 1 for x in body["cosearching"])
    uncleared = client.get(f"/v1/people/{lead.person_id}/network",
                           headers=auth(client, "investigator")).json()
    con = duckdb.connect(str(board_settings.duckdb_path), read_only=True)
    try:
        shown = [r for x in uncleared["coaccused"] + uncleared["cosearching"] for r in x["records"]]
        hidden = con.execute("SELECT count(*) FROM (SELECT record_id, restricted FROM complaint "
                             "UNION ALL SELECT record_id, restricted FROM system_access) "
                             "WHERE restricted AND record_id IN (SELECT unnest(?::VARCHAR[]))",
                             [shown]).fetchone()
    finally:
        con.close()
    assert hidden == (0,)
    assert all(x["subjects"] == [] for x in uncleared["cosearching"])
    missing = client.get("/v1/people/person:nobody/network", headers=auth(client))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    service = client.app.state.consultation
    _, entries = service.audit.entries(case_ref="OP-BOARD")
    assert any(e.endpoint == "network" and partner in e.returned for e in entries)


def test_network_on_the_command_line_names_colleagues(board_settings) -> None:  # type: ignore[no-untyped-def]
    from assistant.cli import app
    from assistant.identity import os_user
    from assistant.keys import KeyStore

    lead = _pair(board_settings)
    KeyStore(board_settings.data_dir / "keys.sqlite").grant(os_user(), "senior_investigator")
    result = CliRunner().invoke(app, ["network", lead.person_id, "--data-dir",
                                      str(board_settings.data_dir), "--case", "OP-NET"])
    assert result.exit_code == 0, result.output
    partner = next(o for o in lead.others)
    assert "Co-accused" in result.output and partner.name in result.output
    as_json = CliRunner().invoke(app, ["network", lead.person_id, "--json", "--data-dir",
                                       str(board_settings.data_dir), "--case", "OP-NET"])
    assert json.loads(as_json.output)["person"]["name"] == lead.person.name


def test_reading_a_board_never_computes_it(board_settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.consult import Consultation
    from assistant.leads import board, detect
    from assistant.leads.service import list_leads

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("leads computed on view")

    monkeypatch.setattr(detect, "detect_leads", refuse)
    monkeypatch.setattr(board, "detect_leads", refuse)
    service = Consultation(board_settings, engines=1, readers=1)
    try:
        page = list_leads(service, User(name="ivy", role="investigator"), "OP-X", limit=3)
    finally:
        service.close()
    assert page["total"] == len(load_board(board_settings, UNCLEARED).leads)
    with pytest.raises(BoardNotBuilt):
        load_board(board_settings.model_copy(update={"data_dir": board_settings.data_dir / "no"}),
                   FULL)


def test_ui_leads_page_shows_named_cards_with_figure_tables(board_settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from html import escape

    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.element_tree import Html

    from assistant.keys import KeyStore
    from ui import app as ui_app

    monkeypatch.setenv("PROBITY_DATA_DIR", str(board_settings.data_dir))
    monkeypatch.setenv("PROBITY_TODAY", str(board_settings.today))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    _, token = KeyStore(board_settings.data_dir / "keys.sqlite").create("ui-s", "senior_investigator")
    at = AppTest.from_file(ui_app.__file__, default_timeout=300).run()
    at.text_input(key="token").input(token)
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.text_input(key="case-input").input("OP-UI-BOARD")
    next(b for b in at.button if b.label == "Start").click().run()
    at.sidebar.radio[0].set_value("Leads").run()
    assert not at.exception and not at.error
    first = load_board(board_settings, FULL).leads[0]
    shown = "\n".join(h.value for h in at.get("html") if isinstance(h, Html))
    assert escape(first.person.title) in shown and escape(first.headline[:40]) in shown
    assert any(b.label == f"Profile: {first.person.title}" for b in at.button)
    tables = [t.value for t in at.table]
    assert any("Points" in list(t.columns) for t in tables)  # each detector's part of the score
    assert not any(j for j in at.json)  # figures are tables, not raw JSON


def test_a_review_decision_after_the_build_marks_the_board_stale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Answers use a review decision at once (resolution/overlay.py); a stored board cannot, so
    it says so until it is rebuilt."""
    from datetime import date, datetime

    from assistant.leads.board import Board
    from assistant.leads.service import staleness
    from assistant.resolution.decisions import DecisionStore, RawRef
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path, today=date(2025, 6, 1))
    board = Board(view="rc", as_of=settings.today, built_at=datetime.now().replace(microsecond=0),
                  config=config_for(settings).fingerprint(), seconds=0.0, leads=[])
    assert staleness(board, settings) is None
    assert not (tmp_path / "resolution.sqlite").exists()  # reading leads creates nothing
    DecisionStore(tmp_path).record(RawRef("complaint:x:1", "subject", "", "", "K Butler"),
                                   "person:x:1", "confirm", "admin")
    why = staleness(board, settings)
    assert why is not None and "1 review decision" in why and "probity leads --build" in why


def test_an_ingest_told_not_to_build_the_board_removes_the_old_one(  # type: ignore[no-untyped-def]
        synthetic_settings, synthetic_source, tmp_path):
    """`probity ingest --no-leads-board` (the dev-set and narrative evals' stores): no board is
    built, and a board from an earlier ingest is removed rather than served as current over
    records it never saw; the summary says how to build it."""
    from assistant.cli import app

    data = tmp_path / "data"
    shutil.copytree(synthetic_settings.data_dir, data)
    settings = synthetic_settings.model_copy(update={"data_dir": data})
    assert all(board_path(settings, v).is_file() for v in reader_views())
    result = CliRunner().invoke(app, ["ingest", "--mapping", "synthetic", "--source",
                                      str(synthetic_source), "--data-dir", str(data), "--quiet",
                                      "--no-leads-board"])
    assert result.exit_code == 0, result.output
    assert "leads board: not built (--no-leads-board; `probity leads --build`" in result.output
    assert "leads board rc" not in result.output
    for view in reader_views():
        assert not board_path(settings, view).exists()
        with pytest.raises(BoardNotBuilt):
            load_board(settings, view)
