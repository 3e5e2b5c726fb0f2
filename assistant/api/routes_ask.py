"""POST /v1/ask: a question answered from the records, with citations (same JSON as the CLI)."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import CaseRef, CurrentUser, Service, pick_case_ref
from assistant.api.schemas import AskRequest, AskResponse

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskResponse)
def ask(
    body: AskRequest, user: CurrentUser, service: Service, x_case_ref: CaseRef = None
) -> AskResponse:
    """Answer a question from the records the caller's role may see. Numbers are exact counts;
    every `[n]` marker is a verified span of a stored record. Audited."""
    answer = service.ask(user, pick_case_ref(x_case_ref, body.case_ref), body.question,
                         conversation_id=body.conversation_id)
    return AskResponse.model_validate(answer.model_dump())
