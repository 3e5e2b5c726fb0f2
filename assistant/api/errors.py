"""One JSON error shape for every failure: `{"error": {"code", "message", "detail"}}`.

Case-management tools branch on `code`; people read `message`. Service-layer exceptions map to
statuses here, so routes never build error responses. Anything unexpected becomes a 500 with an
error id that is also written to the server log (with the traceback) — never sent to the client.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from assistant.consult import AccessDenied, MissingCaseRef, NotFound, QuestionTooLong
from assistant.errors import IndexUnavailable
from assistant.leads.board import BoardNotBuilt
from assistant.manifest import IndexIncomplete
from assistant.pool import PoolBusy
from assistant.service import QuestionError, StoreMissing
from assistant.understand.dates import DateRangeError

log = logging.getLogger("probity.api")

# Service exception -> (status, code). Looked up along the exception's MRO, most specific first.
MAPPED: dict[type[Exception], tuple[int, str]] = {
    MissingCaseRef: (400, "case_ref_required"),
    QuestionTooLong: (413, "question_too_long"),
    QuestionError: (400, "bad_question"),
    DateRangeError: (400, "bad_date_range"),
    AccessDenied: (403, "forbidden"),
    NotFound: (404, "not_found"),
    StoreMissing: (503, "store_missing"),
    PoolBusy: (503, "busy"),
    IndexUnavailable: (503, "index_unavailable"),
    IndexIncomplete: (503, "index_incomplete"),
    BoardNotBuilt: (503, "leads_board_not_built"),
}
HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


class ErrorInfo(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    error: ErrorInfo


class ApiError(Exception):
    """An HTTP-level failure raised by API code (auth, conflicting case references)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail
        self.headers = headers


def error_response(
    status: int,
    code: str,
    message: str,
    detail: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=ErrorInfo(code=code, message=message, detail=detail))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.detail, exc.headers)


async def _mapped(request: Request, exc: Exception) -> JSONResponse:
    status, code = next(MAPPED[c] for c in type(exc).__mro__ if c in MAPPED)
    if isinstance(exc, IndexUnavailable) and not isinstance(exc, IndexIncomplete):  # the server's address is for the log, not the caller
        log.error("narrative index unavailable on %s %s: %s", request.method, request.url.path, exc)
        return error_response(status, code, "the narrative index is unavailable; try again later")
    return error_response(status, code, str(exc))


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]  # the offending input is not echoed back
    if any(p["type"] == "json_invalid" for p in problems):
        return error_response(400, "malformed_json", "the request body is not valid JSON", problems)
    return error_response(422, "invalid_request", "the request does not match the API", problems)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    error_id = uuid.uuid4().hex[:12]
    log.error(
        "unhandled error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc
    )
    return error_response(
        500,
        "internal_error",
        "internal error: the server log has the details",
        {"error_id": error_id},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    for exc_type in MAPPED:
        app.add_exception_handler(exc_type, _mapped)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Exception, _unexpected)
