"""Cases over HTTP (FastAPI TestClient on a real ingested store, tests/conftest.py `api_store`).

The leak attempts come first: another investigator, an auditor and an uncleared assignee try to
reach a case or a restricted record through it. Then the working paths: asking in a case keeps
the turn, decisions need reasons, every change is audited, and the case file export (md, html,
pdf — the PDF opened with pypdf) holds answers, pins, notes, decisions, citations, the audit head
and a protective marking derived from what it includes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from assistant.api.app import create_app
from assistant.audit import AuditLog
from assistant.keys import KeyStore
from assistant.settings import Settings

USERS = {"ann": "investigator", "bob": "investigator", "sue": "senior_investigator",
         "aud": "auditor", "adm": "admin"}
RESTRICTED = "complaint:ts:TS-3"  # "Zanzibar nightclub": restricted in the api store
VISIBLE = "complaint:ts:TS-1"


class Api:
    def __init__(self, client: TestClient, keys: dict[str, str], settings: Settings) -> None:
        self.client, self.keys, self.settings = client, keys, settings

    def __call__(self, who: str, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.keys[who]}", **kw.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kw)

    def audit(self) -> AuditLog:
        return AuditLog(self.settings.data_dir / "audit.sqlite")


@pytest.fixture(scope="module")
def api(api_store: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The api store seen from a data dir of its own (cases, keys and audit written here)."""
    root: Path = tmp_path_factory.mktemp("cases-api")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json"):
        if (api_store.data_dir / name).exists():
            (root / name).symlink_to(api_store.data_dir / name)
    settings = api_store.model_copy(update={"data_dir": root})
    store = KeyStore(root / "keys.sqlite")
    keys = {user: store.create(user, role)[1] for user, role in USERS.items()}
    with TestClient(create_app(settings)) as client:
        yield Api(client, keys, settings)


def error_code(r: httpx.Response, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    return str(body["error"]["code"])


def new_case(api: Api, who: str, ref: str, **extra: Any) -> dict[str, Any]:
    r = api(who, "POST", "/v1/cases", json={"case_ref": ref, **extra})
    assert r.status_code == 201, r.text
    return dict(r.json())


# Leak attempts ----------------------------------------------------------------------------------


def test_another_investigator_cannot_tell_a_case_exists(api: Api) -> None:
    new_case(api, "ann", "ANN/1", title="Ann's case")
    assert api("ann", "POST", "/v1/cases/ANN/1/notes", json={"text": "private"}).status_code == 201
    for method, path, kw in (("GET", "/v1/cases/ANN/1", {}),
                             ("GET", "/v1/cases/ANN/1/export", {}),
                             ("POST", "/v1/cases/ANN/1/notes", {"json": {"text": "x"}}),
                             ("POST", "/v1/cases/ANN/1/pins", {"json": {"target": VISIBLE}}),
                             ("POST", "/v1/cases/ANN/1/status",
                              {"json": {"status": "closed", "reason": "mine now"}})):
        mine = api("bob", method, path, **kw)
        missing = api("bob", method, path.replace("ANN/1", "NOPE/9"), **kw)
        assert error_code(mine, 404) == error_code(missing, 404) == "not_found"
        assert mine.json()["error"]["message"] == missing.json()["error"]["message"]
        assert "private" not in mine.text
    assert "ANN/1" not in api("bob", "GET", "/v1/cases").text
    detail = api("ann", "GET", "/v1/cases/ANN/1").json()
    assert [n["text"] for n in detail["notes"]] == ["private"]  # bob added nothing
    denied = api.audit().entries(case_ref="ANN/1", user="bob")[1]
    assert denied and {e.status for e in denied} == {"denied"}  # hidden, and audited as such


def test_auditors_see_no_case_content(api: Api) -> None:
    new_case(api, "ann", "ANN/AUD")
    assert error_code(api("aud", "GET", "/v1/cases/ANN/AUD"), 403) == "forbidden"
    assert error_code(api("aud", "GET", "/v1/cases"), 403) == "forbidden"


def test_an_uncleared_assignee_never_sees_a_restricted_record_through_the_case(api: Api) -> None:
    new_case(api, "sue", "OP/ZED", assignee="ann")
    r = api("sue", "POST", "/v1/cases/OP/ZED/pins", json={"target": RESTRICTED, "label": "TS-3"})
    assert r.status_code == 201 and r.json()["restricted"] is True
    api("sue", "POST", "/v1/cases/OP/ZED/pins", json={"target": VISIBLE})
    api("sue", "POST", "/v1/cases/OP/ZED/notes", json={"text": "Zanzibar cash: see TS-3"})
    api("sue", "POST", "/v1/cases/OP/ZED/notes",
        json={"text": "Assigned to Ann for the incivility strand", "shareable": True})
    turn = api("sue", "POST", "/v1/cases/OP/ZED/turns",
               json={"question": "Who accepted cash from the Zanzibar nightclub?"})
    assert turn.status_code == 201, turn.text
    assert RESTRICTED in {c["record_id"] for c in turn.json()["answer"]["citations"]}

    seen = api("ann", "GET", "/v1/cases/OP/ZED")
    assert seen.status_code == 200
    body = seen.json()
    assert [p["target"] for p in body["pins"]] == [VISIBLE]
    assert [n["text"] for n in body["notes"]] == ["Assigned to Ann for the incivility strand"]
    assert body["turns"] == [] and body["withheld"] == 3
    for word in ("TS-3", "Zanzibar", "cash"):
        assert word not in seen.text
    for fmt in ("md", "html"):
        doc = api("ann", "GET", "/v1/cases/OP/ZED/export", params={"format": fmt})
        assert doc.headers["X-Protective-Marking"] == "OFFICIAL"
        assert "Zanzibar" not in doc.text and "TS-3" not in doc.text and VISIBLE in doc.text
    full = api("sue", "GET", "/v1/cases/OP/ZED").json()  # positive control: it is all there
    assert len(full["pins"]) == 2 and len(full["turns"]) == 1 and full["withheld"] == 0
    doc = api("sue", "GET", "/v1/cases/OP/ZED/export", params={"format": "md"})
    assert doc.headers["X-Protective-Marking"] == "OFFICIAL-SENSITIVE"
    assert "Zanzibar" in doc.text and "[RESTRICTED]" in doc.text


def test_a_cleared_readers_answer_never_shows_complainants_to_an_uncleared_assignee(
        api: Api) -> None:
    """Masking is by reader: a senior investigator's answer names complainants (she may see
    them); kept in a case, it must not hand those names to an investigator assigned to it."""
    new_case(api, "sue", "OP/OKA", assignee="ann")
    turn = api("sue", "POST", "/v1/cases/OP/OKA/turns",
               json={"question": "Was anyone rude at the Northtown front counter?"})
    assert turn.status_code == 201, turn.text
    assert "Okafor" in turn.json()["answer"]["answer"]  # the senior sees the complainant
    seen = api("ann", "GET", "/v1/cases/OP/OKA")
    assert seen.status_code == 200 and "Okafor" not in seen.text
    assert seen.json()["turns"] == [] and seen.json()["withheld"] == 1
    doc = api("ann", "GET", "/v1/cases/OP/OKA/export", params={"format": "md"})
    assert "Okafor" not in doc.text


def test_an_investigator_cannot_pin_a_restricted_record(api: Api) -> None:
    new_case(api, "ann", "ANN/PIN")
    hidden = api("ann", "POST", "/v1/cases/ANN/PIN/pins", json={"target": RESTRICTED})
    missing = api("ann", "POST", "/v1/cases/ANN/PIN/pins", json={"target": "complaint:ts:NOPE"})
    assert error_code(hidden, 404) == error_code(missing, 404) == "not_found"
    assert hidden.json() == missing.json() | {"error": hidden.json()["error"]}
    assert hidden.json()["error"]["message"] == missing.json()["error"]["message"]


def test_asking_in_someone_elses_case_keeps_nothing_there(api: Api) -> None:
    new_case(api, "ann", "ANN/ASK")
    r = api("bob", "POST", "/v1/ask", json={"question": "How many complaints against Harriet "
                                            "Vane?"}, headers={"X-Case-Ref": "ANN/ASK"})
    assert r.status_code == 200 and "X-Case-Turn" not in r.headers
    assert api("ann", "GET", "/v1/cases/ANN/ASK").json()["turns"] == []


# Working paths ----------------------------------------------------------------------------------


def test_asking_with_a_case_ref_keeps_the_turn_and_lists_the_case(api: Api) -> None:
    q = "How many complaints against Harriet Vane?"
    r = api("bob", "POST", "/v1/ask", json={"question": q, "conversation_id": "c-1"},
            headers={"X-Case-Ref": "BOB/NEW"})
    assert r.status_code == 200 and r.headers["X-Case-Turn"] == "1"
    again = api("bob", "POST", "/v1/ask", json={"question": "and in 2023?",
                                                "conversation_id": "c-1", "case_ref": "BOB/NEW"})
    assert again.headers["X-Case-Turn"] == "2"
    case = api("bob", "GET", "/v1/cases/BOB/NEW").json()
    assert case["owner"] == "bob" and case["status"] == "open"
    first = case["turns"][0]
    assert (first["question"], first["conversation_id"], first["user"]) == (q, "c-1", "bob")
    assert first["answer"] == r.json()["answer"]
    assert first["interpretation"] == r.json()["interpretation"]
    assert first["citations"] == r.json()["citations"] and first["citations"]
    assert "BOB/NEW" in [c["case_ref"] for c in api("bob", "GET", "/v1/cases").json()["items"]]
    # supervisors see every case; an admin too
    assert "BOB/NEW" in api("adm", "GET", "/v1/cases").text


def test_every_decision_needs_a_reason_and_is_logged(api: Api) -> None:
    new_case(api, "ann", "ANN/DEC")
    no_reason = api("ann", "POST", "/v1/cases/ANN/DEC/status",
                    json={"status": "no further action", "reason": "  "})
    assert error_code(no_reason, 422) == "invalid_request"
    bad = api("ann", "POST", "/v1/cases/ANN/DEC/status", json={"status": "shelved",
                                                               "reason": "x"})
    assert error_code(bad, 422) == "invalid_request"
    for status, reason in (("under assessment", "two similar complaints"),
                           ("no further action", "complainant withdrew; no corroboration")):
        r = api("ann", "POST", "/v1/cases/ANN/DEC/status",
                json={"status": status, "reason": reason, "assignee": "bob"})
        assert r.status_code == 201, r.text
    case = api("ann", "GET", "/v1/cases/ANN/DEC").json()
    assert case["status"] == "no further action" and case["assignee"] == "bob"
    assert [(d["from_status"], d["to_status"], d["reason"]) for d in case["decisions"]] == [
        ("open", "under assessment", "two similar complaints"),
        ("under assessment", "no further action", "complainant withdrew; no corroboration")]
    assert api("bob", "GET", "/v1/cases/ANN/DEC").status_code == 200  # the assignee may open it
    made = [e.endpoint for e in api.audit().entries(case_ref="ANN/DEC")[1]]
    # malformed requests (422) are refused before any consultation; each decision is an entry
    assert made.count("cases.status") == 2 and "cases.create" in made
    assert api.audit().verify().ok


def test_a_taken_reference_and_bad_input_are_clear_errors(api: Api) -> None:
    new_case(api, "ann", "ANN/DUP")
    assert error_code(api("bob", "POST", "/v1/cases", json={"case_ref": "ANN/DUP"}), 400) == (
        "bad_case_change")
    assert error_code(api("ann", "POST", "/v1/cases", json={"case_ref": "   "}), 422)
    assert error_code(api("ann", "GET", "/v1/cases/ANN/DUP/export",
                          params={"format": "docx"}), 422) == "invalid_request"


def test_case_file_export_holds_everything_with_its_marking_and_audit_head(api: Api) -> None:
    new_case(api, "ann", "ANN/EXP", title="Vane conduct")
    turn = api("ann", "POST", "/v1/cases/ANN/EXP/turns",
               json={"question": "How many complaints against Harriet Vane?"}).json()
    quote = turn["answer"]["citations"][0]["quote"]
    api("ann", "POST", "/v1/cases/ANN/EXP/pins", json={"target": "person:ts:200001",
                                                        "label": "PC Harriet Vane"})
    api("ann", "POST", "/v1/cases/ANN/EXP/notes", json={"text": "Speak to the front counter"})
    api("ann", "POST", "/v1/cases/ANN/EXP/status",
        json={"status": "referred", "reason": "pattern of incivility"})
    texts = {}
    for fmt in ("md", "html", "pdf"):
        r = api("ann", "GET", "/v1/cases/ANN/EXP/export", params={"format": fmt})
        assert r.status_code == 200 and r.headers["X-Protective-Marking"] == "OFFICIAL"
        entry = api.audit().entries(case_ref="ANN/EXP")[1][-1]
        assert entry.endpoint == "cases.export" and entry.query == fmt
        if fmt == "pdf":
            assert r.headers["content-type"] == "application/pdf"
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
        else:
            text = r.text
        # the head written into the file is the entry just before the export's own
        assert entry.prev_hash in text.replace("\n", "")
        texts[fmt] = " ".join(text.split())
    for text in texts.values():
        for needle in ("Case file ANN/EXP", "Vane conduct", "OFFICIAL", "How many complaints",
                       "person:ts:200001", "PC Harriet Vane", "Speak to the front counter",
                       "referred", "pattern of incivility", VISIBLE, quote.split()[0]):
            assert needle in text, (needle, text[:400])
    assert texts["md"].startswith("**OFFICIAL**")
