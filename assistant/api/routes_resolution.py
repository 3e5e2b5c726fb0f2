"""GET/POST /v1/resolution: the review queue of uncertain person links (issue #20).

`GET /v1/resolution/report` gives the resolution report (per source and scheme). Senior
investigators and admins only (the queue names people in records of every handling
level); every call is audited like any consultation. A POSTed decision is recorded in the data
dir's `resolution.sqlite` and audited at once; the server holds the store read-only, so the
decision reaches the stored links — and so answers and leads — at the next `probity ingest` or
`probity people review apply` (the response says `applied: false`).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import CaseRef, CurrentUser, Limit, Offset, Service
from assistant.api.schemas import Page, SchemeCountsOut
from assistant.resolution import service as queue

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
    applied: bool = Field(description="Whether answers already reflect it (they do at once: a "
                                      "read-only server overlays decisions on the stored links).")
    note: str


@router.get("/resolution", response_model=Page[ReviewItemOut])
def review_queue(user: CurrentUser, service: Service, x_case_ref: CaseRef = None,
                 limit: Limit = 50, offset: Offset = 0) -> Page[ReviewItemOut]:
    """Ambiguous and low-confidence person links, least confident first. Audited."""
    page = queue.review_queue(service, user, x_case_ref, limit, offset)
    items = [ReviewItemOut(
        ref_id=i.ref_id, record_id=i.ref.record_id, kind=i.kind, role=i.ref.role,
        written=" ".join(p for p in (i.rank, i.ref.value, i.ref.name) if p),
        scheme=i.ref.scheme or None, unit=i.unit, person_id=i.person_id, method=i.method,
        confidence=i.confidence, candidates=i.candidates) for i in page.items]
    return Page[ReviewItemOut](total=page.total, limit=limit, offset=offset, items=items)


@router.get("/resolution/report", response_model=list[SchemeCountsOut])
def resolution_report(user: CurrentUser, service: Service,
                      x_case_ref: CaseRef = None) -> list[SchemeCountsOut]:
    """The resolution report: references resolved / ambiguous / unresolved per source and
    scheme (the same figures as the ingest summary). Audited."""
    return [SchemeCountsOut.model_validate(c.as_dict())
            for c in queue.resolution_report(service, user, x_case_ref)]


@router.post("/resolution", response_model=DecisionOut)
def decide(body: DecisionIn, user: CurrentUser, service: Service,
           x_case_ref: CaseRef = None) -> DecisionOut:
    """Confirm or reject one link or candidate. Audited; kept across re-ingest."""
    made = queue.decide(service, user, x_case_ref, body.ref_id, body.person_id, body.verdict)
    return DecisionOut(ref_id=body.ref_id, person_id=made.person_id, verdict=made.verdict,
                       at=made.at, applied=True, note=queue.APPLIED)
