"""GET /v1/audit: the consultation log, for auditors only (their reading is itself logged)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import CaseRef, CurrentUser, Offset, Service
from assistant.api.schemas import Page
from assistant.audit import AuditEntry

router = APIRouter(tags=["audit"])
When = Query(pattern=r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$", description="UTC date or time")


@router.get("/audit", response_model=Page[AuditEntry])
def read_audit(
    user: CurrentUser,
    service: Service,
    x_case_ref: CaseRef = None,
    since: Annotated[str | None, When] = None,
    until: Annotated[str | None, When] = None,
    of_user: Annotated[str | None, Query(alias="user")] = None,
    case_ref: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> Page[AuditEntry]:
    """Audit entries oldest first, filtered by time (`since` inclusive, `until` exclusive),
    user and case reference."""
    total, items = service.read_audit(
        user,
        x_case_ref,
        since=since,
        until=until,
        of_user=of_user,
        of_case=case_ref,
        limit=limit,
        offset=offset,
    )
    return Page[AuditEntry](total=total, limit=limit, offset=offset, items=items)
