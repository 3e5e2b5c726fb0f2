"""`create_app(settings)`: the FastAPI application, its error handling and request limits.

Everything under `/v1`; OpenAPI at `/v1/openapi.json`, docs at `/v1/docs` — Swagger UI served
from the assets of the `fastapi-offline` wheel under `/v1/docs/static`, never a CDN (the API runs
on machines without internet access; tests/test_api_docs.py checks). Bodies over
`MAX_BODY_BYTES` are refused with 413 before they are read in full, whether or not the client
sent a Content-Length.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api import (
    errors,
    routes_ask,
    routes_audit,
    routes_cases,
    routes_health,
    routes_leads,
    routes_network,
    routes_people,
    routes_records,
    routes_resolution,
)
from assistant.api.errors import ErrorBody
from assistant.consult import ENGINES, Consultation
from assistant.keys import KeyStore
from assistant.settings import Settings

MAX_BODY_BYTES = 64 * 1024
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 413, 422, 500, 503)
}


class BodyLimit:
    """ASGI middleware: 413 for request bodies larger than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            response = errors.error_response(413, "payload_too_large", self.message())
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:  # chunked upload without a Content-Length
                raise HTTPException(413, self.message())
            return message

        await self.app(scope, limited, send)

    def message(self) -> str:
        return f"the request body is larger than {self.max_bytes:,} bytes"


def create_app(
    settings: Settings, engines: int = ENGINES, consultation: Consultation | None = None
) -> FastAPI:
    """The API over `settings.data_dir`; `engines` bounds concurrent engine work (see pool.py)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from assistant.masking.patterns import compiled

        compiled()  # masking's patterns, compiled once per process: not on the first request
        yield
        app.state.consultation.close()

    app = FastAPIOffline(
        title="Probity API",
        version="1",
        lifespan=lifespan,
        responses=ERRORS,
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
        static_url="/v1/docs/static",
        swagger_ui_oauth2_redirect_url="/v1/docs/oauth2-redirect",
        # Swagger UI's default validator badge loads from validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
        description="Grounded, cited answers over professional-standards records. "
        "Every consultation needs a bearer API key and a case reference (X-Case-Ref) "
        "and is written to a hash-chained audit log.",
    )
    app.state.consultation = consultation or Consultation(settings, engines=engines)
    app.state.keys = KeyStore(settings.data_dir / "keys.sqlite")
    errors.install(app)
    for module in (
        routes_ask,
        routes_records,
        routes_network,  # before routes_people, whose {person_id:path} would swallow /network
        routes_people,
        routes_leads,
        routes_audit,
        routes_health,
        routes_resolution,
        routes_cases,
    ):
        app.include_router(module.router, prefix="/v1")
    app.add_middleware(BodyLimit)
    return app
