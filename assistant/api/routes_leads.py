"""GET /v1/leads (the leads board) and POST /v1/leads/{lead_id}/review (accept or dismiss).

Leads are suggestions for human review, never findings. Listing and reviewing are consultations:
both need X-Case-Ref and both are audited; a review also needs a reason, which is kept with the
decision and written to the audit log. The board is read from storage (built at the end of
ingest); when it has not been built the answer is 503 `leads_board_not_built`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import CaseRef, CurrentUser, Limit, Offset, Service, pick_case_ref
from assistant.api.schemas import Page
from assistant.leads import service as leads
from assistant.leads.cards import Card
from assistant.leads.detect import DETECTORS
from assistant.leads.models import Decision, Status

router = APIRouter(tags=["leads"])
if TYPE_CHECKING:  # the detector names are only known at run time
    DetectorName = str
else:
    DetectorName = Literal[tuple(DETECTORS)]


class BoardPage(Page[Card]):
    """A page of the stored leads board, strongest person first."""

    as_of: date = Field(description="The date the board's windows end on.")
    built_at: datetime
    stale: str | None = Field(None, description="Why the board may be out of date, if it may.")
    cannot_run: dict[str, str] = Field(
        default_factory=dict, description="Detector → why it could not run on this store (its "
        "input is absent): no leads from it means it could not look, not nothing found.")


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    decision: Decision = Field(description="accept or dismiss")
    reason: str = Field(
        min_length=1,
        max_length=leads.MAX_REASON,
        description="Why (required; kept with the decision and audited).",
    )
    case_ref: str | None = Field(None, description="Alternative to the X-Case-Ref header.")
    shareable: bool = Field(
        False,
        description="Let users not cleared for restricted records read the reason (a cleared "
        "reviewer's reason is otherwise withheld from them).",
    )


@router.get("/leads", response_model=BoardPage)
def list_leads(
    user: CurrentUser,
    service: Service,
    x_case_ref: CaseRef = None,
    detector: Annotated[DetectorName | None, Query()] = None,
    person: Annotated[str | None, Query(description="A person id.")] = None,
    status: Annotated[Status | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> BoardPage:
    """Leads you may see, from the board built at ingest, ranked by the person's peer-adjusted
    score; each card names the person and carries its figures, evidence and review status.
    Audited. 503 `leads_board_not_built` when the board has not been built."""
    page = leads.list_leads(
        service,
        user,
        x_case_ref,
        detector=detector,
        person=person,
        status=status,
        limit=limit,
        offset=offset,
    )
    return BoardPage.model_validate(page)


@router.post("/leads/{lead_id}/review", response_model=Card)
def review_lead(
    lead_id: str,
    body: ReviewRequest,
    user: CurrentUser,
    service: Service,
    x_case_ref: CaseRef = None,
) -> Card:
    """Accept or dismiss a lead, with a reason. The decision persists and is audited."""
    case_ref = pick_case_ref(x_case_ref, body.case_ref)
    return leads.review_lead(
        service, user, case_ref, lead_id, body.decision, body.reason, body.shareable
    )
