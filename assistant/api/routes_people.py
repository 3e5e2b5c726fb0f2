"""GET /v1/people (search) and GET /v1/people/{person_id} (profile and timeline)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import CaseRef, CurrentUser, Limit, Offset, Service
from assistant.api.schemas import Page, PersonHit, Profile

router = APIRouter(tags=["people"])


@router.get("/people", response_model=Page[PersonHit])
def search_people(
    query: Annotated[str, Query(description="A name or an identifier (collar, payroll, …).")],
    user: CurrentUser,
    service: Service,
    x_case_ref: CaseRef = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[PersonHit]:
    """People matching a name or identifier, best first. Audited."""
    page = service.search_people(user, x_case_ref, query, limit, offset)
    return Page[PersonHit].model_validate(page)


@router.get("/people/{person_id:path}", response_model=Profile)
def person_profile(
    person_id: str,
    user: CurrentUser,
    service: Service,
    x_case_ref: CaseRef = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Profile:
    """A person's identifiers, postings, record counts by kind, category and year, and a
    timeline of their records (newest first; `limit`/`offset` page the timeline). Audited."""
    return Profile.model_validate(
        service.person_profile(user, x_case_ref, person_id, limit, offset)
    )
