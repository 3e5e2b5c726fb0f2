"""GET/POST /v1/resolution: the review queue of uncertain person links (issue #20).

Senior investigators and admins only (the queue names people in records of every handling
level); every call is audited like any consultation. A POSTed decision is recorded in the data
dir's `resolution.sqlite` and audited at once; the server holds the store read-only, so the
decision reaches the stored links — and so answers and leads — at the next `probity ingest` or
`probity people review apply` (the response says `applied: false`).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from assistant.answers import User
from assistant.api.deps import CaseRef, CurrentUser, Limit, Offset, Service
from assistant.api.schemas import Page
from assistant.consult import NotFound, Outcome
from assistant.resolution.decisions import DecisionStore
from assistant.resolution.queue import (
    UnknownReference,
    check_decision,
    review_count,
    review_items,
)
from assistant.service import QuestionError

router = APIRouter(tags=["resolution"])


class ReviewItemOut(BaseModel):
    ref_id: str = Field(description="<record_id>#<n>: the reference to decide on.")
    record_id: str
    kind: str
    role: str
    written: str = Field(description="The reference as written: rank, identifier, name.")
    scheme: str | None
    unit: str | None
    person_id: str | None = Field(description="Its current link, if any.")
    method: str
    confidence: float
    candidates: list[str] = Field(description="The people an ambiguous reference may be.")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref_id: str = Field(max_length=300)
    person_id: str = Field(max_length=200)
    verdict: Literal["confirm", "reject"]


class DecisionOut(BaseModel):
    ref_id: str
    person_id: str
    verdict: Literal["confirm", "reject"]
    at: str
    applied: bool = Field(description="Whether the stored links already reflect it.")
    note: str


def _reviewer(user: User) -> bool:
    return user.role in ("admin", "senior_investigator")


@router.get("/resolution", response_model=Page[ReviewItemOut])
def review_queue(user: CurrentUser, service: Service, x_case_ref: CaseRef = None,
                 limit: Limit = 50, offset: Offset = 0) -> Page[ReviewItemOut]:
    """Ambiguous and low-confidence person links, least confident first. Audited."""

    def work() -> Outcome:
        with service.readers.lend() as con:
            items, total = review_items(con, limit, offset), review_count(con)
        out = [ReviewItemOut(
            ref_id=i.ref_id, record_id=i.ref.record_id, kind=i.kind, role=i.ref.role,
            written=" ".join(p for p in (i.rank, i.ref.value, i.ref.name) if p),
            scheme=i.ref.scheme or None, unit=i.unit, person_id=i.person_id, method=i.method,
            confidence=i.confidence, candidates=i.candidates) for i in items]
        page = Page[ReviewItemOut](total=total, limit=limit, offset=offset, items=out)
        return Outcome(page, [i.ref.record_id for i in items])

    result: Page[ReviewItemOut] = service._consult(
        user, x_case_ref, "resolution", f"queue limit={limit} offset={offset}", work, _reviewer)
    return result


@router.post("/resolution", response_model=DecisionOut)
def decide(body: DecisionIn, user: CurrentUser, service: Service,
           x_case_ref: CaseRef = None) -> DecisionOut:
    """Confirm or reject one link or candidate. Audited; kept across re-ingest."""

    def work() -> Outcome:
        with service.readers.lend() as con:
            try:
                ref = check_decision(con, body.ref_id, body.person_id)
            except UnknownReference as exc:
                raise NotFound("person reference") from exc
            except ValueError as exc:
                raise QuestionError(str(exc)) from exc
        made = DecisionStore(service.settings.data_dir).record(
            ref, body.person_id, body.verdict, user.name)
        out = DecisionOut(ref_id=body.ref_id, person_id=body.person_id, verdict=body.verdict,
                          at=made.at, applied=False,
                          note="recorded; the stored links change at the next `probity ingest` "
                               "or `probity people review apply`")
        return Outcome(out, [ref.record_id, body.person_id])

    query = f"{body.verdict} {body.ref_id} {body.person_id}"
    result: DecisionOut = service._consult(
        user, x_case_ref, "resolution", query, work, _reviewer)
    return result
