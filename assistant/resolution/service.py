"""The review queue as consultations: one audited path for the API and the workspace page.

Both go through `Consultation._consult`, so a review is logged like any other consultation (user,
role, case reference, what was shown) and refused the same way: only senior investigators and
admins review links (the queue names people in records of every handling level).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answers import User
from assistant.consult import Consultation, NotFound, Outcome
from assistant.leads.rebuild import rebuilder_for
from assistant.resolution.decisions import Decision, DecisionStore, Verdict
from assistant.resolution.queue import (
    ReviewItem,
    UnknownReference,
    check_decision,
    review_count,
    review_items,
)
from assistant.resolution.report import SchemeCounts, resolution_counts
from assistant.service import QuestionError

ENDPOINT = "resolution"
APPLIED = ("recorded and applied to answers at once; the leads board is rebuilt in the background "
           "(shown as out of date until then); the stored links are rewritten at the next "
           "`probity ingest` or `probity people review apply`")


@dataclass
class QueuePage:
    total: int
    items: list[ReviewItem]


def may_review(user: User) -> bool:
    return user.role in ("admin", "senior_investigator")


def review_queue(service: Consultation, user: User, case_ref: str | None, limit: int = 50,
                 offset: int = 0) -> QueuePage:
    def work() -> Outcome:
        with service.readers.lend() as con:
            page = QueuePage(review_count(con), review_items(con, limit, offset))
        return Outcome(page, [i.ref.record_id for i in page.items])

    page: QueuePage = service._consult(
        user, case_ref, ENDPOINT, f"queue limit={limit} offset={offset}", work, may_review)
    return page


def resolution_report(service: Consultation, user: User,
                      case_ref: str | None) -> list[SchemeCounts]:
    """Per source and identifier scheme: resolved, ambiguous and unresolved references."""

    def work() -> Outcome:
        with service.readers.lend() as con:
            return Outcome(resolution_counts(con))

    counts: list[SchemeCounts] = service._consult(
        user, case_ref, ENDPOINT, "report", work, may_review)
    return counts


def decide(service: Consultation, user: User, case_ref: str | None, ref_id: str,
           person_id: str, verdict: Verdict) -> Decision:
    """Record one decision (refused when the reference does not exist, or the person is neither
    its link nor a candidate)."""

    def work() -> Outcome:
        with service.readers.lend() as con:
            try:
                ref = check_decision(con, ref_id, person_id)
            except UnknownReference as exc:
                raise NotFound("person reference") from exc
            except ValueError as exc:
                raise QuestionError(str(exc)) from exc
        made = DecisionStore(service.settings.data_dir).record(ref, person_id, verdict, user.name)
        rebuilder_for(service.settings).request()  # leads follow the decision, in the background
        return Outcome(made, [ref.record_id, person_id])

    made: Decision = service._consult(
        user, case_ref, ENDPOINT, f"{verdict} {ref_id} {person_id}", work, may_review)
    return made
