"""Lead → case over HTTP, on the real synthetic force (tests/conftest.py `synthetic_settings`).

Accepting a lead records its review, opens (or attaches to) a case with an assignee and status,
pins the lead with its evidence and starts the decision log with the reason. A lead resting on
restricted records stays invisible to an uncleared assignee of the case it was accepted into.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from streamlit.testing.v1 import AppTest

from assistant.api.app import create_app
from assistant.audit import AuditLog
from assistant.keys import KeyStore
from assistant.settings import Settings

USERS = {"ann": "investigator", "sue": "senior_investigator"}


@pytest.fixture(scope="module")
def call(synthetic_settings: Settings, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[Any]:
    root: Path = tmp_path_factory.mktemp("cases-leads")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json", "leads"):
        if (synthetic_settings.data_dir / name).exists():
            (root / name).symlink_to(synthetic_settings.data_dir / name)
    settings = synthetic_settings.model_copy(update={"data_dir": root})
    store = KeyStore(root / "keys.sqlite")
    keys = {user: store.create(user, role)[1] for user, role in USERS.items()}
    with TestClient(create_app(settings)) as client:
        def request(who: str, method: str, path: str, **kw: Any) -> Any:
            headers = {"Authorization": f"Bearer {keys[who]}", "X-Case-Ref": "LEADS-BOARD"}
            return client.request(method, path, headers=headers, **kw)
        request.audit = AuditLog(root / "audit.sqlite")  # type: ignore[attr-defined]
        request.settings = settings  # type: ignore[attr-defined]
        yield request


def leads(call: Any, who: str) -> list[dict[str, Any]]:
    r = call(who, "GET", "/v1/leads", params={"limit": 200})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_accepting_a_lead_opens_a_case_with_assignee_status_and_reasoned_decision(call: Any
                                                                                   ) -> None:
    lead = leads(call, "ann")[0]
    assert call("ann", "POST", f"/v1/leads/{lead['lead_id']}/accept",
                json={"case_ref": "OP/LEAD-1", "reason": ""}).status_code == 422
    r = call("ann", "POST", f"/v1/leads/{lead['lead_id']}/accept",
             json={"case_ref": "OP/LEAD-1", "reason": "three complaints in a month",
                   "assignee": "sue"})
    assert r.status_code == 201, r.text
    case = r.json()
    assert (case["owner"], case["assignee"], case["status"]) == ("ann", "sue", "under assessment")
    [decision] = case["decisions"]
    assert decision["lead_id"] == lead["lead_id"] and "three complaints" in decision["reason"]
    [pin] = case["pins"]
    assert (pin["kind"], pin["target"]) == ("lead", lead["lead_id"])
    assert pin["citations"] == lead["evidence"]
    reviewed = next(x for x in leads(call, "ann") if x["lead_id"] == lead["lead_id"])
    assert reviewed["status"] == "accepted" and reviewed["review"]["case_ref"] == "OP/LEAD-1"
    # a second lead attaches to the same case; the log keeps both decisions
    other = leads(call, "ann")[1]
    again = call("sue", "POST", f"/v1/leads/{other['lead_id']}/accept",
                 json={"case_ref": "OP/LEAD-1", "reason": "same officer", "status": "referred"})
    assert again.status_code == 201, again.text
    assert [d["to_status"] for d in again.json()["decisions"]] == ["under assessment", "referred"]
    # sue's pin holds the lead's evidence as she saw it (complainants unmasked): not for ann
    mine = call("ann", "GET", "/v1/cases/OP/LEAD-1").json()
    assert [p["target"] for p in mine["pins"]] == [lead["lead_id"]] and mine["withheld"] == 1
    ends = [e.endpoint for e in call.audit.entries(case_ref="OP/LEAD-1")[1]]
    assert ends.count("leads.review") == 2 and ends.count("cases.accept_lead") == 2
    md = call("sue", "GET", "/v1/cases/OP/LEAD-1/export", params={"format": "md"}).text
    assert lead["lead_id"] in md and lead["evidence"][0]["quote"].split()[0] in md


def test_accepting_into_someone_elses_case_is_refused_and_records_nothing(call: Any) -> None:
    lead = leads(call, "ann")[2]
    assert call("sue", "POST", "/v1/cases", json={"case_ref": "SUE/OWN"}).status_code == 201
    r = call("ann", "POST", f"/v1/leads/{lead['lead_id']}/accept",
             json={"case_ref": "SUE/OWN", "reason": "mine"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert next(x for x in leads(call, "ann") if x["lead_id"] == lead["lead_id"])["status"] == (
        "open")
    assert call("sue", "GET", "/v1/cases/SUE/OWN").json()["pins"] == []


def test_a_restricted_lead_stays_hidden_from_an_uncleared_assignee(call: Any) -> None:
    visible = {x["lead_id"] for x in leads(call, "ann")}
    restricted = [x for x in leads(call, "sue") if x["lead_id"] not in visible]
    assert restricted, "the synthetic force plants leads on restricted intelligence"
    lead = restricted[0]
    r = call("sue", "POST", f"/v1/leads/{lead['lead_id']}/accept",
             json={"case_ref": "OP/HIDDEN", "reason": "intel strand", "assignee": "ann"})
    assert r.status_code == 201 and r.json()["pins"][0]["restricted"] is True
    seen = call("ann", "GET", "/v1/cases/OP/HIDDEN")
    assert seen.status_code == 200 and seen.json()["pins"] == [] and seen.json()["withheld"] == 1
    assert lead["lead_id"] not in seen.text and "intel strand" not in seen.text
    assert lead["explanation"][:40] not in seen.text  # not even as the case's title
    [decision] = seen.json()["decisions"]  # the trail stays: who, when, which status
    assert (decision["user"], decision["to_status"]) == ("sue", "under assessment")
    assert all(c["quote"] not in seen.text for c in lead["evidence"] if len(c["quote"]) > 12)
    doc = call("sue", "GET", "/v1/cases/OP/HIDDEN/export", params={"format": "md"})
    assert doc.headers["X-Protective-Marking"] == "OFFICIAL-SENSITIVE"
    assert call("ann", "GET", "/v1/cases/OP/HIDDEN/export").headers[
        "X-Protective-Marking"] == "OFFICIAL"


def test_the_case_page_accepts_a_lead_with_a_reason(call: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    settings: Settings = call.settings
    lead = leads(call, "ann")[3]
    assert call("ann", "POST", "/v1/cases", json={"case_ref": "UI/LEAD"}).status_code == 201
    monkeypatch.setenv("PROBITY_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PROBITY_TODAY", str(settings.today))  # lead windows end on that day
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    app = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
    at = AppTest.from_file(app, default_timeout=300).run()
    at.text_input(key="token").input(KeyStore(settings.data_dir / "keys.sqlite").create(
        "ann", "investigator")[1])
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.text_input(key="case-input").input("UI/LEAD")
    next(b for b in at.button if b.label == "Start").click().run()
    at.radio(key="page").set_value("Case").run()
    at.text_input(key="case-lead-id").input(lead["lead_id"])
    next(b for b in at.button if b.label == "Accept lead").click().run()
    assert any("reason" in e.value for e in at.error)  # refused without one
    at.text_input(key="case-lead-id").input(lead["lead_id"])
    at.text_area(key="case-lead-reason").input("pattern worth assessing")
    next(b for b in at.button if b.label == "Accept lead").click().run()
    assert not at.exception, at.exception
    assert any("accepted into UI/LEAD" in s.value for s in at.success)
    assert any(lead["lead_id"] in m.value for m in at.markdown)
    case = call("ann", "GET", "/v1/cases/UI/LEAD").json()
    assert case["status"] == "under assessment" and case["decisions"][0]["lead_id"] == (
        lead["lead_id"])
