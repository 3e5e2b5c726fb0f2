"""The leads board as consultations: listing leads and recording review decisions.

Both go through `Consultation._consult`, the one place where case references, roles and the audit
log meet, so viewing leads is audited like asking a question (endpoint `leads`, the record ids
shown) and a review decision is audited too (endpoint `leads.review`, with the decision and its
reason). The reader sees the leads of their view (restricted records and people absent for the
uncleared; see context.py) with complainant details masked in quotes as in answers.

Leads are read from the board stored at the end of ingest (`board.py`), never computed here: a
missing board raises `BoardNotBuilt` (the API's 503 `leads_board_not_built`), and a board built
with other settings or for an earlier day is served marked `stale`, with how to rebuild it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date
from typing import Any

import duckdb

from assistant.answers import User
from assistant.consult import Consultation, NotFound, Outcome
from assistant.leads.board import Board, BoardNotBuilt, load_board
from assistant.leads.cards import Card
from assistant.leads.config import config_for
from assistant.leads.context import FULL, View
from assistant.leads.models import STATUS_OF, Decision, Lead, Status
from assistant.leads.reviews import LeadReviews, as_seen_by
from assistant.redaction import Redactor
from assistant.resolution.decisions import FILE_NAME as DECISIONS
from assistant.resolution.decisions import DecisionStore
from assistant.service import QuestionError
from assistant.settings import Settings

MAX_REASON = 1000


class ReviewError(QuestionError):
    """A review decision that cannot be recorded as given (no reason, or too long a one)."""


def reviews_for(settings: Settings) -> LeadReviews:
    return LeadReviews(settings.data_dir / "leads.sqlite")


def staleness(board: Board, settings: Settings) -> str | None:
    """Why a stored board may be out of date, or None."""
    if board.config != config_for(settings).fingerprint():
        return "built with other leads settings; run `probity leads --build`"
    if board.as_of != (settings.today or date.today()):
        return (f"as of {board.as_of:%-d %b %Y} (the last ingest); run `probity leads --build` "
                "for today's")
    built = board.built_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    decided = settings.data_dir / DECISIONS
    later = [d for d in DecisionStore(settings.data_dir).all() if d.at > built] if (
        decided.is_file()) else []
    if later:
        return (f"{len(later)} review decision(s) on person links since it was built; answers "
                "use them already, and the board is being rebuilt with them (a server rebuilds "
                "it in the background; else `probity leads --build` or the next ingest)")
    return None


def leads_for(con: duckdb.DuckDBPyConnection, settings: Settings, user: User, *,
              detector: str | None = None, person: str | None = None,
              status: Status | None = None, board: Board | None = None,
              page: slice = slice(None)) -> tuple[int, list[Card]]:
    """How many of the user's leads from the stored board match the filters, and the `page` of
    them with review status and quotes as the user may see them (only the page is masked)."""
    board = board if board is not None else load_board(settings, View.of(user))
    reviews = reviews_for(settings).latest()
    redactor = Redactor(con, active=not user.sees_complainant_details)
    out = []
    for lead in board.leads:
        review = reviews.get(lead.lead_id)
        lead.review = as_seen_by(review, user) if review else None
        lead.status = STATUS_OF[review.decision] if review else "open"
        if ((detector and lead.detector != detector) or (person and person not in lead.people)
                or (status and lead.status != status)):
            continue
        out.append(lead)
    chosen = out[page]
    # What masking every quote needs, read in one query per kind rather than per citation.
    redactor.prefetch([(c.record_id, c.field) for lead in chosen for c in lead.evidence])
    for lead in chosen:
        for c in lead.evidence:
            c.quote = redactor.text(c.record_id, c.field, c.quote, offset=c.start)
    return len(out), chosen


def shown(leads: Sequence[Lead]) -> list[str]:
    """Record ids a page of leads shows (people, then evidence), for the audit entry."""
    ids = [p for lead in leads for p in lead.people]
    ids += [c.record_id for lead in leads for c in lead.evidence]
    return list(dict.fromkeys(ids))


def list_leads(service: Consultation, user: User, case_ref: str | None, *,
               detector: str | None = None, person: str | None = None,
               status: Status | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    filters = {"detector": detector, "person": person, "status": status}
    query = " ".join(f"{k}={v}" for k, v in filters.items() if v) or "all leads"

    def work() -> Outcome:
        board = load_board(service.settings, View.of(user))
        with service.readers.lend() as con:
            total, page = leads_for(con, service.settings, user, board=board,
                                    page=slice(offset, offset + limit),
                                    **filters)  # type: ignore[arg-type]
        ids = shown(page)
        return Outcome({"total": total, "limit": limit, "offset": offset, "items": page,
                        "as_of": board.as_of, "built_at": board.built_at,
                        "stale": staleness(board, service.settings),
                        "cannot_run": board.cannot_run},
                       ids, [c.record_id for lead in page for c in lead.evidence])

    return service._consult(user, case_ref, "leads", f"{query} offset={offset}", work)


def review_lead(service: Consultation, user: User, case_ref: str | None, lead_id: str,
                decision: Decision, reason: str, shareable: bool = False) -> Card:
    """Record `user`'s decision on a lead they can see; returns the lead with its new status."""
    reason = reason.strip()

    def work() -> Outcome:
        if not reason or len(reason) > MAX_REASON:
            raise ReviewError(f"a review needs a reason (1–{MAX_REASON} characters)")
        with service.readers.lend() as con:
            mine = [x for x in leads_for(con, service.settings, user)[1] if x.lead_id == lead_id]
            if not mine:
                try:
                    hidden = any(x.lead_id == lead_id
                                 for x in load_board(service.settings, FULL).leads)
                except BoardNotBuilt:
                    hidden = False
                raise NotFound("lead", hidden=hidden)
        lead = mine[0]
        lead.review = reviews_for(service.settings).record(
            lead_id, decision, reason, user=user, case_ref=(case_ref or "").strip(),
            shareable=shareable)
        lead.status = STATUS_OF[decision]
        return Outcome(lead, shown([lead]), [c.record_id for c in lead.evidence])

    return service._consult(user, case_ref, "leads.review",
                            f"{decision} {lead_id}: {reason}"[:500], work)
