"""Cases over the API: list, open, show, add turns/pins/notes, decide, accept leads, export.

Thin routes over assistant/cases/service.py (every call audited there). The case reference is
part of the path (`PSD/2024/0042` is fine: the route takes the rest of the path) and is also the
consultation's purpose. Who may open a case: its owner, its assignee, senior investigators and
admins (assistant/cases/access.py); anyone else gets 404, as for a case that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import CurrentUser, Service
from assistant.api.errors import ApiError
from assistant.api.schemas import AskResponse
from assistant.cases import service as cases
from assistant.cases.export import MEDIA_TYPES
from assistant.cases.models import (
    MAX_REASON,
    MAX_TEXT,
    CaseDetail,
    CaseStatus,
    CaseSummary,
    Decision,
    Note,
    Pin,
)

router = APIRouter(tags=["cases"])
T = TypeVar("T")


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NewCase(Body):
    case_ref: str = Field(min_length=1, max_length=100)
    title: str = Field("", max_length=200)
    assignee: str | None = Field(None, max_length=100)


class NewNote(Body):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    shareable: bool = Field(False, description="Let readers not cleared for restricted records "
                            "read a note written by a cleared user.")


class NewPin(Body):
    target: str = Field(min_length=1, max_length=200, description="A record or person id.")
    label: str = Field("", max_length=200)


class NewTurn(Body):
    question: str = Field(min_length=1)
    conversation_id: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}$")


class TurnSaved(BaseModel):
    turn: int
    answer: AskResponse


class StatusChange(Body):
    status: CaseStatus
    reason: str = Field(min_length=1, max_length=MAX_REASON,
                        description="Why (required for every decision, 'no further action' too).")
    assignee: str | None = Field(None, max_length=100)
    shareable: bool = Field(False, description="Let readers not cleared for restricted records "
                            "read the reason a cleared user gives (withheld otherwise).")


class LeadAccept(Body):
    case_ref: str = Field(min_length=1, max_length=100, description="An existing case, or a "
                          "new reference to open one.")
    reason: str = Field(min_length=1, max_length=MAX_REASON)
    assignee: str | None = Field(None, max_length=100)
    status: CaseStatus = "under assessment"
    shareable: bool = Field(False, description="Let readers not cleared for restricted records "
                            "read the reason a cleared user gives (withheld otherwise).")


class CaseList(BaseModel):
    items: list[CaseSummary]


def run(call: Callable[[], T]) -> T:
    try:
        return call()
    except cases.CaseError as exc:
        raise ApiError(400, "bad_case_change", str(exc)) from exc


@router.get("/cases", response_model=CaseList)
def list_cases(user: CurrentUser, service: Service) -> CaseList:
    """Your cases: owned or assigned to you (every case for senior investigators and admins)."""
    return CaseList(items=cases.list_cases(service, user))


@router.post("/cases", response_model=CaseSummary, status_code=201)
def create_case(body: NewCase, user: CurrentUser, service: Service) -> CaseSummary:
    """Open a case; you are its owner. 400 if the reference is taken."""
    return run(lambda: cases.create_case(service, user, body.case_ref, body.title, body.assignee))


@router.get("/cases/{case_ref:path}/export")
def export_case(case_ref: str, user: CurrentUser, service: Service,
                format: Annotated[Literal["md", "html", "pdf"], Query()] = "md") -> Response:
    """The case file (answers, leads, pins, notes, decisions, citations, audit head) as you may
    see it; `X-Protective-Marking` is OFFICIAL-SENSITIVE when it includes restricted items."""
    data, marking = run(lambda: cases.export_case(service, user, case_ref, format))
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in case_ref)
    return Response(data, media_type=MEDIA_TYPES[format], headers={
        "X-Protective-Marking": marking,
        "Content-Disposition": f'attachment; filename="case-{name}.{format}"'})


@router.post("/cases/{case_ref:path}/notes", response_model=Note, status_code=201)
def add_note(case_ref: str, body: NewNote, user: CurrentUser, service: Service) -> Note:
    return run(lambda: cases.add_note(service, user, case_ref, body.text, body.shareable))


@router.post("/cases/{case_ref:path}/pins", response_model=Pin, status_code=201)
def add_pin(case_ref: str, body: NewPin, user: CurrentUser, service: Service) -> Pin:
    """Pin a record or person you can see (404 otherwise, as when viewing it)."""
    return run(lambda: cases.add_pin(service, user, case_ref, body.target, body.label))


@router.post("/cases/{case_ref:path}/turns", response_model=TurnSaved, status_code=201)
def add_turn(case_ref: str, body: NewTurn, user: CurrentUser, service: Service) -> TurnSaved:
    """Ask a question in this case and keep the answer in it (same answer as POST /v1/ask)."""
    cases.show_case(service, user, case_ref)  # 404 before any work when it is not yours
    answer = service.ask(user, case_ref, body.question, conversation_id=body.conversation_id)
    n = cases.save_turn(service, user, case_ref, answer, body.question)
    return TurnSaved(turn=n, answer=AskResponse.model_validate(answer.model_dump()))


@router.post("/cases/{case_ref:path}/status", response_model=Decision, status_code=201)
def change_status(case_ref: str, body: StatusChange, user: CurrentUser,
                  service: Service) -> Decision:
    """Record a decision (status, reason, optionally a new assignee) in the decision log."""
    return run(lambda: cases.change_status(service, user, case_ref, body.status, body.reason,
                                           body.assignee, body.shareable))


@router.get("/cases/{case_ref:path}", response_model=CaseDetail)
def show_case(case_ref: str, user: CurrentUser, service: Service) -> CaseDetail:
    """The case's turns, pins, notes and decisions; restricted items withheld (and counted) for
    readers not cleared for them."""
    return cases.show_case(service, user, case_ref)


@router.post("/leads/{lead_id}/accept", response_model=CaseDetail, status_code=201)
def accept_lead(lead_id: str, body: LeadAccept, user: CurrentUser,
                service: Service) -> CaseDetail:
    """Accept a lead into a case (opened if new) with an assignee, status and reason: the lead's
    review is recorded, the lead pinned with its evidence, the decision logged."""
    return run(lambda: cases.accept_lead(service, user, lead_id, body.case_ref, body.reason,
                                         body.assignee, body.status, body.shareable))
