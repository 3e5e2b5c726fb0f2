"""GET /v1/health: is the service ready? No authentication is needed, so without a key it says
nothing about the data — no counts, paths or names — only whether store, index, model and audit
log are usable. The index is `incomplete` when it differs from the manifest its last ingest wrote
(see manifest.py). Answers 200 when everything is ready and 503 (same body shape) when something
is not. With a senior investigator's or an admin's key it adds the resolution report (references
resolved / ambiguous / unresolved per source and scheme), audited like the report endpoint; the
case reference is the `X-Case-Ref` header or, for a monitoring probe, `health check`."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response

from assistant.api.deps import CaseRef, OptionalUser, Service
from assistant.api.schemas import Health, SchemeCountsOut
from assistant.consult import Consultation
from assistant.resolution import service as queue

router = APIRouter(tags=["health"])
HEALTH_PURPOSE = "health check"  # the audit's case reference when a probe sends none
HEARTBEAT_TIMEOUT_S = 2.0


def chroma_ready(chroma_url: str) -> bool:
    """Whether the Chroma server of PROBITY_CHROMA_URL answers its heartbeat."""
    from assistant.errors import IndexUnavailable
    from assistant.index.vector import heartbeat

    try:
        heartbeat(chroma_url, timeout=HEARTBEAT_TIMEOUT_S)
    except (IndexUnavailable, ValueError):
        return False
    return True


def index_whole(service: Consultation) -> bool:
    """Whether the narrative index matches the manifest its last ingest wrote (no details here:
    an authenticated narrative question gets them, as a 503 `index_incomplete`)."""
    from assistant import manifest

    with service.readers.lend() as con:
        return not manifest.problems(service.settings, con)


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(service: Service, response: Response, user: OptionalUser,
           x_case_ref: CaseRef = None) -> Health:
    settings = service.settings
    store = "ok" if settings.duckdb_path.is_file() else "missing"
    chroma = chroma_ready(settings.chroma_url) if settings.chroma_url else (
        settings.chroma_path.exists())
    parts = [settings.bm25_path.exists(), chroma]
    index = "ok" if all(parts) else "partial" if any(parts) else "missing"
    if index == "ok" and store == "ok" and not index_whole(service):
        index = "incomplete"
    model_path = settings.embedding_model_path
    if service.semantic_ready:
        model = "loaded"
    elif model_path and (Path(model_path) / "modules.json").is_file():
        model = "available"
    else:
        model = "missing"
    try:
        service.audit.head()
        audit = "ok"
    except Exception:
        audit = "error"
    ready = store == "ok" and index == "ok" and model != "missing" and audit == "ok"
    response.status_code = 200 if ready else 503
    resolution = None
    if user is not None and store == "ok" and queue.may_review(user):
        resolution = [SchemeCountsOut.model_validate(c.as_dict()) for c in queue.resolution_report(
            service, user, x_case_ref or HEALTH_PURPOSE)]
    return Health(
        status="ok" if ready else "degraded", store=store, index=index, model=model, audit=audit,
        resolution=resolution,
    )
