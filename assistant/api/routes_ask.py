"""POST /v1/ask: a question answered from the records, with citations (same JSON as the CLI)."""

from __future__ import annotations

from contextlib import suppress

from fastapi import APIRouter, Response

from assistant.api.deps import CaseRef, CurrentUser, Service, pick_case_ref
from assistant.api.schemas import AskRequest, AskResponse
from assistant.cases import service as cases
from assistant.consult import NotFound

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskResponse)
def ask(
    body: AskRequest, user: CurrentUser, service: Service, response: Response,
    x_case_ref: CaseRef = None
) -> AskResponse:
    """Answer a question from the records the caller's role may see. Numbers are exact counts;
    every `[n]` marker is a verified span of a stored record. Audited."""
    case_ref = pick_case_ref(x_case_ref, body.case_ref)
    answer = service.ask(user, case_ref, body.question, conversation_id=body.conversation_id)
    if case_ref:  # the turn is kept in its case (assistant/cases); X-Case-Turn says which
        with suppress(NotFound):  # a case that is someone else's keeps nothing of this
            response.headers["X-Case-Turn"] = str(
                cases.save_turn(service, user, case_ref, answer, body.question))
    return AskResponse.model_validate(answer.model_dump())
