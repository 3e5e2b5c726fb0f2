"""The HTTP API, run for real: uvicorn on a free loopback port, httpx, a real ingested store.

The store (conftest `api_store`) is a slice of the Philadelphia data plus "Testshire", whose last
rows are restricted; `api_control_store` is the same sources without them. The red-team tests
require an investigator's view of the two to be identical, byte for byte (apart from timings and
ingest times): then nothing an investigator receives depends on the restricted records.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.deps import get_consultation
from assistant.audit import AuditLog
from assistant.identity import os_user
from assistant.keys import ROLES, KeyStore
from assistant.settings import Settings

CASE = {"X-Case-Ref": "PSD/2024/0042"}


@dataclass
class Server:
    url: str
    settings: Settings
    keys: dict[str, str]  # role -> bearer key (plus "revoked")

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120)

    def call(
        self,
        method: str,
        path: str,
        role: str | None = "investigator",
        headers: dict[str, str] | None = None,
        **kw: Any,
    ) -> httpx.Response:
        auth = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        with self.client() as client:
            return client.request(method, path, headers={**auth, **(headers or {})}, **kw)

    def audit(self) -> AuditLog:
        return AuditLog(self.settings.data_dir / "audit.sqlite")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(settings: Settings) -> Iterator[Server]:
    """uvicorn in a thread of this process (so it shares the embedding model with the fixture)."""
    store = KeyStore(settings.data_dir / "keys.sqlite")
    keys = {role: store.create(f"test-{role}", role)[1] for role in ROLES}
    revoked, keys["revoked"] = store.create("test-revoked", "admin")
    store.revoke(revoked.key_id)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", settings, keys)
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def api(api_store: Settings) -> Iterator[Server]:
    yield from serve(api_store)


@pytest.fixture(scope="module")
def control(api_control_store: Settings) -> Iterator[Server]:
    yield from serve(api_control_store)


def error_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert the one error shape; return its `error` object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code, body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body["error"]


# Happy paths ------------------------------------------------------------------------------------


def test_health_needs_no_key_and_reveals_no_data(api: Server) -> None:
    r = api.call("GET", "/v1/health", role=None)
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["store"] == "ok" and body["index"] == "ok"
    assert body["model"] in ("available", "loaded") and body["audit"] == "ok"
    assert str(api.settings.data_dir) not in r.text


def test_openapi_documents_every_endpoint_and_bearer_auth(api: Server) -> None:
    spec = api.call("GET", "/v1/openapi.json", role=None).json()
    assert {
        "/v1/ask",
        "/v1/records/{record_id}",
        "/v1/people",
        "/v1/people/{person_id}",
        "/v1/audit",
        "/v1/health",
    } <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "ErrorBody" in spec["components"]["schemas"]


def test_ask_returns_exactly_the_cli_json(api: Server) -> None:
    question = "How many complaints against Harriet Vane?"
    r = api.call("POST", "/v1/ask", json={"question": question}, headers=CASE)
    assert r.status_code == 200, r.text
    body = r.json()
    KeyStore(api.settings.data_dir / "keys.sqlite").grant(os_user(), "investigator")
    cli = subprocess.run(
        [
            "probity",
            "ask",
            question,
            "--json",
            "--case",
            "X",
            "--data-dir",
            str(api.settings.data_dir),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PROBITY_TODAY": "2024-06-30"},
    )
    expected = json.loads(cli.stdout)
    assert list(body) == list(expected)
    assert {k: v for k, v in body.items() if k != "timings_ms"} == {
        k: v for k, v in expected.items() if k != "timings_ms"
    }
    assert body["answer"].startswith("2 complaints against PC Harriet Vane")
    assert {"complaint:ts:TS-1", "complaint:ts:TS-2"} <= {c["record_id"] for c in body["citations"]}


def test_case_ref_from_header_or_body_and_they_must_agree(api: Server) -> None:
    q = {"question": "How many complaints in 2019?"}
    assert api.call("POST", "/v1/ask", json={**q, "case_ref": "OP-1"}).status_code == 200
    assert (
        api.call(
            "POST", "/v1/ask", json={**q, "case_ref": "OP-1"}, headers={"X-Case-Ref": "OP-1"}
        ).status_code
        == 200
    )
    error_of(
        api.call("POST", "/v1/ask", json={**q, "case_ref": "OP-1"}, headers={"X-Case-Ref": "OP-2"}),
        400,
        "case_ref_conflict",
    )
    consultations: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", "/v1/ask", {"json": q}),
        ("GET", "/v1/records/complaint:ts:TS-1", {}),
        ("GET", "/v1/people/person:ts:200001", {}),
        ("GET", "/v1/people", {"params": {"query": "Vane"}}),
    ]
    for method, path, kw in consultations:
        error_of(api.call(method, path, **kw), 400, "case_ref_required")
        error_of(api.call(method, path, headers={"X-Case-Ref": ""}, **kw), 400, "case_ref_required")


def test_record_view_has_provenance_and_masks_complainants_by_role(api: Server) -> None:
    inv = api.call("GET", "/v1/records/complaint:ts:TS-1", headers=CASE).json()
    senior = api.call(
        "GET", "/v1/records/complaint:ts:TS-1", "senior_investigator", headers=CASE
    ).json()
    assert inv["provenance"] == {"mapping": "testshire", "file": "complaints.csv", "row": 1}
    assert senior["fields"]["complainant"] == "Margaret Okafor" and not senior["redacted"]
    assert inv["redacted"] and set(inv["fields"]["complainant"]) <= {"█", " "}
    narrative = inv["fields"]["narrative"]
    assert "Okafor" not in narrative and "54/B/F" not in narrative
    assert len(narrative) == len(senior["fields"]["narrative"])  # offsets still line up
    assert inv["people"][0]["person_id"] == "person:ts:200001"
    allegation = api.call(
        "GET", "/v1/records/allegation:ppd:19-0007-91294595-Departmental Violation", headers=CASE
    ).json()
    assert allegation["related"] == [
        {"record_id": "complaint:ppd:19-0007", "kind": "complaint", "relation": "complaint"}
    ]


def test_people_search_by_name_and_identifier_and_profile_paging(api: Server) -> None:
    for query in ("Harriet Vane", "Vane", "4101", "PC 4101", "200001"):
        page = api.call("GET", "/v1/people", params={"query": query}, headers=CASE).json()
        assert page["items"][0]["person_id"] == "person:ts:200001", (query, page)
    profile = api.call("GET", "/v1/people/person:ts:200001", headers=CASE).json()
    assert {"scheme": "collar", "value": "4101"} in profile["identifiers"]
    assert profile["counts"]["by_kind"] == {"complaint": 2}
    assert profile["counts"]["by_year"] == {"2023": 2}
    assert profile["postings"][0]["unit"] == "Northtown"
    assert [i["record_id"] for i in profile["timeline"]["items"]] == [
        "complaint:ts:TS-2",
        "complaint:ts:TS-1",
    ]
    paged = api.call(
        "GET", "/v1/people/person:ts:200001", params={"limit": 1, "offset": 1}, headers=CASE
    ).json()["timeline"]
    assert (paged["total"], paged["limit"], paged["offset"]) == (2, 1, 1)
    assert [i["record_id"] for i in paged["items"]] == ["complaint:ts:TS-1"]


# Auth --------------------------------------------------------------------------------------------


def test_keys_and_roles(api: Server) -> None:
    ask = {"json": {"question": "How many complaints in 2019?"}, "headers": CASE}
    r = api.call("POST", "/v1/ask", role=None, **ask)
    assert error_of(r, 401, "unauthenticated") and r.headers["www-authenticate"] == "Bearer"
    error_of(
        api.call(
            "POST",
            "/v1/ask",
            role=None,
            **{**ask, "headers": {**CASE, "Authorization": "Bearer prb_000000000000_" + "x" * 43}},
        ),
        401,
        "invalid_key",
    )
    error_of(api.call("POST", "/v1/ask", role="revoked", **ask), 401, "invalid_key")
    error_of(api.call("POST", "/v1/ask", role="auditor", **ask), 403, "forbidden")
    error_of(
        api.call("GET", "/v1/records/complaint:ts:TS-1", role="auditor", headers=CASE),
        403,
        "forbidden",
    )
    for role in ("investigator", "senior_investigator", "admin"):
        error_of(api.call("GET", "/v1/audit", role=role), 403, "forbidden")
        assert api.call("POST", "/v1/ask", role=role, **ask).status_code == 200
    assert api.call("GET", "/v1/audit", role="auditor").status_code == 200


# Audit -------------------------------------------------------------------------------------------


def test_every_consultation_writes_one_audit_entry_with_what_was_shown(api: Server) -> None:
    log = api.audit()
    before, _ = log.entries()
    case = {"X-Case-Ref": "AUDIT-TEST-1"}
    calls = [
        (
            "POST",
            "/v1/ask",
            "investigator",
            {"json": {"question": "How many complaints against Harriet Vane?"}},
            "ok",
        ),
        (
            "POST",
            "/v1/ask",
            "investigator",
            {"json": {"question": "What is the weather on Mars?"}},
            "abstained",
        ),
        ("POST", "/v1/ask", "auditor", {"json": {"question": "How many complaints?"}}, "denied"),
        ("POST", "/v1/ask", "investigator", {"json": {"question": "   "}}, "error"),
        ("GET", "/v1/records/complaint:ts:TS-1", "investigator", {}, "ok"),
        ("GET", "/v1/records/complaint:ts:NOPE", "investigator", {}, "not_found"),
        ("GET", "/v1/records/complaint:ts:TS-3", "investigator", {}, "denied"),
        ("GET", "/v1/people/person:ts:200001", "investigator", {}, "ok"),
        ("GET", "/v1/people", "investigator", {"params": {"query": "Vane"}}, "ok"),
    ]
    for method, path, role, kw, _ in calls:
        api.call(method, path, role, headers=case, **kw)
    api.call("GET", "/v1/records/complaint:ts:TS-1")  # no case reference: refused, and logged
    total, entries = log.entries(offset=before)
    assert total - before == len(calls) + 1
    assert [e.status for e in entries[:-1]] == [c[-1] for c in calls]
    assert entries[-1].status == "denied" and entries[-1].case_ref is None
    ask = entries[0]
    assert (ask.user, ask.role, ask.case_ref, ask.endpoint) == (
        "test-investigator",
        "investigator",
        "AUDIT-TEST-1",
        "ask",
    )
    assert ask.query == "How many complaints against Harriet Vane?"
    assert {"complaint:ts:TS-1", "complaint:ts:TS-2"} <= set(ask.cited)
    assert set(ask.returned) >= set(ask.cited)
    assert entries[4].returned == ["complaint:ts:TS-1"]
    assert entries[7].returned == ["person:ts:200001", "complaint:ts:TS-2", "complaint:ts:TS-1"]
    assert entries[8].returned == ["person:ts:200001"]
    assert log.verify().ok


def test_auditors_read_the_log_paged_and_filtered_and_are_logged_doing_so(api: Server) -> None:
    api.call("GET", "/v1/people", params={"query": "Wimsey"}, headers={"X-Case-Ref": "FILTER-ME"})
    page = api.call("GET", "/v1/audit", "auditor", params={"case_ref": "FILTER-ME"}).json()
    assert page["total"] == 1 and page["items"][0]["query"] == "Wimsey"
    assert set(page["items"][0]) >= {
        "seq",
        "at",
        "user",
        "role",
        "case_ref",
        "endpoint",
        "query",
        "returned",
        "cited",
        "status",
        "prev_hash",
        "hash",
    }
    first = api.call("GET", "/v1/audit", "auditor", params={"limit": 2, "offset": 1}).json()
    assert (first["limit"], first["offset"], len(first["items"])) == (2, 1, 2)
    assert [e["seq"] for e in first["items"]] == [2, 3]
    _, entries = api.audit().entries()
    assert (entries[-1].endpoint, entries[-1].role, entries[-1].case_ref) == (
        "audit",
        "auditor",
        "audit review",
    )


# One error shape -------------------------------------------------------------------------------


def test_error_shape_for_every_status(api: Server) -> None:
    ask = "/v1/ask"
    error_of(api.call("POST", ask, json={"question": "x"}), 400, "case_ref_required")
    error_of(
        api.call(
            "POST",
            ask,
            content=b'{"question": ',
            headers={**CASE, "Content-Type": "application/json"},
        ),
        400,
        "malformed_json",
    )
    error_of(api.call("POST", ask, json={"question": "   "}, headers=CASE), 400, "bad_question")
    error_of(api.call("POST", ask, role=None, json={"question": "x"}), 401, "unauthenticated")
    error_of(api.call("GET", "/v1/audit"), 403, "forbidden")
    missing = error_of(
        api.call("GET", "/v1/records/complaint:ts:NOPE", headers=CASE), 404, "not_found"
    )
    assert missing["message"] == "record not found"
    error_of(api.call("GET", "/v1/records/not-a-record-id", headers=CASE), 404, "not_found")
    error_of(api.call("GET", "/v1/nowhere"), 404, "not_found")
    error_of(api.call("GET", ask), 405, "method_not_allowed")
    error_of(
        api.call("POST", ask, json={"question": "x" * 2001}, headers=CASE), 413, "question_too_long"
    )
    error_of(
        api.call("POST", ask, json={"question": "x" * 70_000}, headers=CASE),
        413,
        "payload_too_large",
    )
    chunks = (b'{"question": "' + b"x" * 8192 for _ in range(10))
    error_of(
        api.call("POST", ask, content=chunks, headers={**CASE, "Content-Type": "application/json"}),
        413,
        "payload_too_large",
    )
    bad = error_of(api.call("POST", ask, json={"query": "x"}, headers=CASE), 422, "invalid_request")
    assert {tuple(p["loc"]) for p in bad["detail"]} == {("body", "question"), ("body", "query")}
    error_of(api.call("POST", ask, json={"question": 5}, headers=CASE), 422, "invalid_request")
    error_of(
        api.call("GET", "/v1/people", params={"query": "Vane", "limit": 0}, headers=CASE),
        422,
        "invalid_request",
    )
    error_of(api.call("GET", "/v1/people", headers=CASE), 422, "invalid_request")


class Broken:
    """A service whose every consultation hits an unexpected bug."""

    def ask(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("password=hunter2 in /srv/secret/path.py line 7")


def test_unexpected_errors_are_a_500_in_the_same_shape_without_internals(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(data_dir=tmp_path)
    app = create_app(settings)
    app.dependency_overrides[get_consultation] = Broken
    key = KeyStore(tmp_path / "keys.sqlite").create("x", "investigator")[1]
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post(
            "/v1/ask", json={"question": "q"}, headers={**CASE, "Authorization": f"Bearer {key}"}
        )
    error = error_of(r, 500, "internal_error")  # type: ignore[arg-type]
    assert "hunter2" not in r.text and "secret" not in r.text and "RuntimeError" not in r.text
    assert error["detail"]["error_id"] in caplog.text and "hunter2" in caplog.text


def test_no_store_is_a_503_in_the_same_shape(tmp_path: Any) -> None:
    app = create_app(Settings(data_dir=tmp_path))
    key = KeyStore(tmp_path / "keys.sqlite").create("x", "investigator")[1]
    with TestClient(app) as client:
        r = client.post(
            "/v1/ask",
            json={"question": "How many complaints?"},
            headers={**CASE, "Authorization": f"Bearer {key}"},
        )
        health = client.get("/v1/health")
    error_of(r, 503, "store_missing")  # type: ignore[arg-type]
    assert health.status_code == 503 and health.json()["status"] == "degraded"


# Red team: nothing an investigator receives depends on a restricted record -----------------------

PROBES = [
    ("ask", "Did PC Vane accept cash from a nightclub owner?"),  # direct
    ("ask", "Zanzibar nightclub licensing raids"),  # the restricted record's own words
    ("ask", "Which officers were paid to warn venues about police raids?"),  # paraphrase
    ("ask", "How many complaints against Harriet Vane?"),  # count
    ("ask", "How many complaints per year against Harriet Vane?"),
    ("ask", "How many complaints by category in 2023?"),
    ("ask", "List the complaints received in August 2023"),
    ("ask", "Tell me about PC Harriet Vane"),  # profile
    ("ask", "How many corruption complaints are there?"),
    ("ask", "Tell me about PC Mervyn Bunter"),
    ("ask", "How many complaints against collar 4103?"),
    ("record", "complaint:ts:TS-3"),  # 404, identical to a record that was never there
    ("record", "complaint:ts:TS-5"),
    ("record", "person:ts:200003"),
    ("person", "person:ts:200001"),  # counts, postings, timeline
    ("person", "person:ts:200003"),
    ("people", "Vane"),
    ("people", "Bunter"),
    ("people", "Mervyn Bunter"),
    ("people", "4103"),
    ("people", "200003"),
]


def investigator_sees(server: Server, probe: tuple[str, str]) -> tuple[int, Any]:
    kind, arg = probe
    if kind == "ask":
        r = server.call("POST", "/v1/ask", json={"question": arg}, headers=CASE)
    elif kind == "people":
        r = server.call("GET", "/v1/people", params={"query": arg}, headers=CASE)
    else:
        r = server.call(
            "GET", f"/v1/{'records' if kind == 'record' else 'people'}/{arg}", headers=CASE
        )
    body = r.json()
    body.pop("timings_ms", None)
    body.pop("ingested_at", None)
    return r.status_code, body


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: f"{p[0]}:{p[1]}")
def test_redteam_investigator_cannot_tell_restricted_records_exist(
    api: Server, control: Server, probe: tuple[str, str]
) -> None:
    seen, without = investigator_sees(api, probe), investigator_sees(control, probe)
    assert seen == without
    assert not any(s in json.dumps(seen[1]) for s in ("TS-3", "TS-5", "Achterberg", "Pym"))


def test_redteam_restricted_is_identical_to_missing_and_visible_when_cleared(api: Server) -> None:
    hidden = api.call("GET", "/v1/records/complaint:ts:TS-3", headers=CASE)
    missing = api.call("GET", "/v1/records/complaint:ts:NO-SUCH", headers=CASE)
    assert (
        (hidden.status_code, hidden.content)
        == (missing.status_code, missing.content)
        == (404, missing.content)
    )
    assert hidden.headers.items() - missing.headers.items() <= {("date", hidden.headers["date"])}
    # Positive control: the restricted rows are really there for a cleared role, so the red-team
    # comparisons above are not vacuous.
    senior = "senior_investigator"
    record = api.call("GET", "/v1/records/complaint:ts:TS-3", senior, headers=CASE).json()
    assert record["restricted"] and "Zanzibar" in record["fields"]["narrative"]
    profile = api.call("GET", "/v1/people/person:ts:200001", senior, headers=CASE).json()
    assert profile["counts"]["by_kind"] == {"complaint": 3}
    assert profile["timeline"]["items"][0]["record_id"] == "complaint:ts:TS-3"
    found = api.call("GET", "/v1/people", senior, params={"query": "4103"}, headers=CASE).json()
    assert [p["person_id"] for p in found["items"]] == ["person:ts:200003"]
    answer = api.call(
        "POST",
        "/v1/ask",
        senior,
        json={"question": "Zanzibar nightclub licensing raids"},
        headers=CASE,
    ).json()
    assert "complaint:ts:TS-3" in {c["record_id"] for c in answer["citations"]}


# Concurrency and the serve command ----------------------------------------------------------------


def test_concurrent_requests_all_succeed_and_each_is_audited_once(api: Server) -> None:
    questions = [
        "How many complaints in 2019?",
        "Tell me about PC Harriet Vane",
        "Were any complainants pushed against a wall?",
        "List complaints about verbal abuse in 2019",
        "How many complaints by category in 2019?",
    ]
    log = api.audit()
    before, _ = log.entries()
    case = {"X-Case-Ref": "CONCURRENCY-1"}
    with ThreadPoolExecutor(max_workers=20) as pool:
        asks = [
            pool.submit(api.call, "POST", "/v1/ask", json={"question": q}, headers=case)
            for q in questions * 3
        ]
        views = [
            pool.submit(api.call, "GET", f"/v1/records/complaint:ts:TS-{n}", headers=case)
            for n in (1, 2, 4) * 2
        ]
        responses = [f.result() for f in asks + views]
    assert [r.status_code for r in responses] == [200] * len(responses)
    total, _ = log.entries(case_ref="CONCURRENCY-1")
    assert total == len(responses) and log.entries()[0] == before + len(responses)
    assert log.verify().ok


def test_probity_serve_starts_uvicorn_on_loopback(api_store: Settings) -> None:
    port = free_port()
    proc = subprocess.Popen(
        ["probity", "serve", "--port", str(port), "--data-dir", str(api_store.data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.25)
        assert r.status_code == 200 and r.json()["store"] == "ok"
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "Uvicorn running on http://127.0.0.1:" in output


# Red team on the synthetic force (slow: builds a 150-person store) -------------------------------


@pytest.fixture(scope="module")
def synthetic(api_synthetic_store: Settings) -> Iterator[Server]:
    yield from serve(api_synthetic_store)


def restricted_records(settings: Settings) -> dict[str, tuple[str, list[str]]]:
    """record id -> (narrative text or "", resolved subjects) for every restricted record."""
    import duckdb

    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
    out: dict[str, tuple[str, list[str]]] = {}
    for kind, text in (
        ("complaint", "narrative"),
        ("allegation", "NULL"),
        ("conduct_case", "description"),
        ("intel_report", "text"),
    ):
        rows = con.execute(f"SELECT record_id, {text} FROM {kind} WHERE restricted").fetchall()
        for rid, body in rows:
            people = con.execute(
                "SELECT DISTINCT person_id FROM person_ref WHERE record_id = ? "
                "AND person_id IS NOT NULL",
                [rid],
            ).fetchall()
            out[rid] = (body or "", [p for (p,) in people])
    con.close()
    return out


@pytest.mark.slow
def test_redteam_synthetic_restricted_records_never_reach_an_investigator(
    synthetic: Server,
) -> None:
    hidden = restricted_records(synthetic.settings)
    assert len(hidden) > 10
    missing = synthetic.call("GET", "/v1/records/complaint:nope:0", headers=CASE)
    subjects: set[str] = set()
    for rid, (text, people) in hidden.items():
        r = synthetic.call("GET", f"/v1/records/{rid}", headers=CASE)
        assert (r.status_code, r.content) == (404, missing.content), rid
        assert (
            synthetic.call(
                "GET", f"/v1/records/{rid}", "senior_investigator", headers=CASE
            ).status_code
            == 200
        )
        subjects.update(people)
        if text:  # ask in the record's own words, and in a few of them
            for question in (text.split(". ")[0], " ".join(text.split()[3:12])):
                answer = synthetic.call(
                    "POST", "/v1/ask", json={"question": question}, headers=CASE
                ).json()
                shown = {c["record_id"] for c in answer["citations"]} | {
                    e["record_id"] for e in answer["evidence"]
                }
                assert not shown & set(hidden), (question, shown & set(hidden))
    for pid in subjects:
        seen, everything = (
            timeline(synthetic, pid, "investigator"),
            timeline(synthetic, pid, "senior_investigator"),
        )
        assert seen == [r for r in everything if r not in hidden], pid
        assert len(everything) > len(seen)  # the senior's view really holds restricted records


def timeline(server: Server, person_id: str, role: str) -> list[str]:
    """Every record id on a person's timeline, page by page; checks the counts agree."""
    ids: list[str] = []
    while True:
        profile = server.call(
            "GET",
            f"/v1/people/{person_id}",
            role,
            headers=CASE,
            params={"limit": 200, "offset": len(ids)},
        ).json()
        page = [i["record_id"] for i in profile["timeline"]["items"]]
        ids += page
        if not page or len(ids) >= profile["timeline"]["total"]:
            assert len(ids) == profile["counts"]["total"] == profile["timeline"]["total"]
            return ids
