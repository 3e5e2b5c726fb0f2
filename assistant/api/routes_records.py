"""GET /v1/records/{record_id}: one record with its provenance, as the caller may see it."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import CaseRef, CurrentUser, Service
from assistant.api.schemas import RecordView

router = APIRouter(tags=["records"])


@router.get("/records/{record_id:path}", response_model=RecordView)
def get_record(
    record_id: str, user: CurrentUser, service: Service, x_case_ref: CaseRef = None
) -> RecordView:
    """A record's fields, provenance (mapping/file/row), people and linked records. Complainant
    details are masked for roles that don't see them; a record the caller may not see is a 404
    exactly like a missing one. Audited."""
    return RecordView.model_validate(service.view_record(user, x_case_ref, record_id))
