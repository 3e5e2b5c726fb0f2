"""V7 attacks, on the real API over HTTP: absurd date ranges and hostile case references.

"in the last 999999 days" used to reach `date - relativedelta` and end as a 500 (OverflowError);
a 16 KB case reference on a denied request was stored whole, and UTF-8 in X-Case-Ref was stored
as Latin-1 mojibake.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_api import CASE, Server, error_of, serve

from assistant.settings import Settings


@pytest.fixture(scope="module")
def api(api_store: Settings) -> Iterator[Server]:
    yield from serve(api_store)


@pytest.mark.parametrize(
    "question",
    [
        "How many complaints in the last 999999 days?",
        "How many complaints against Harriet Vane in the last 2100 years?",
        "List complaints in the past 99999999999999999999 weeks",
    ],
)
def test_absurd_date_ranges_are_a_clear_400_not_a_500(api: Server, question: str) -> None:
    r = api.call("POST", "/v1/ask", json={"question": question}, headers=CASE)
    error = error_of(r, 400, "bad_date_range")
    assert "shorter period" in error["message"]
    last = api.audit().entries()[1][-1]
    assert last.endpoint == "ask" and last.status == "error"


def test_a_sane_rolling_period_still_answers(api: Server) -> None:
    r = api.call(
        "POST", "/v1/ask", json={"question": "How many complaints in the last 2 years?"},
        headers=CASE,
    )
    assert r.status_code == 200, r.text


def test_an_overlong_case_ref_on_a_denied_request_is_stored_cut(api: Server) -> None:
    r = api.call("GET", "/v1/records/complaint:ts:TS-1", headers={"X-Case-Ref": "A" * 16000})
    error_of(r, 400, "case_ref_required")
    last = api.audit().entries()[1][-1]
    assert last.status == "denied"
    assert last.case_ref == "A" * 100 + "…"


def test_control_characters_in_a_case_ref_are_neutralised_before_storing(api: Server) -> None:
    body = {"question": "How many complaints?", "case_ref": "OP-1\x1b[2J\u202e"}
    r = api.call("POST", "/v1/ask", json=body)
    error_of(r, 400, "case_ref_required")
    last = api.audit().entries()[1][-1]
    assert last.case_ref == "OP-1\ufffd[2J\ufffd"


def test_a_utf8_case_ref_is_stored_as_typed_not_as_mojibake(api: Server) -> None:
    typed = "Opération Été/2024"
    with api.client() as client:
        r = client.get(
            "/v1/records/complaint:ts:TS-1",
            headers=[
                ("Authorization", f"Bearer {api.keys['investigator']}"),
                ("X-Case-Ref", typed.encode("utf-8")),  # type: ignore[list-item]
            ],
        )
    assert r.status_code == 200, r.text
    last = api.audit().entries()[1][-1]
    assert last.case_ref == typed
