"""Case work as consultations: every read and change goes through `Consultation._consult`.

That is where case references, roles and the audit log meet, so opening a case, adding a turn,
pin or note, deciding on it and exporting it each write one audit entry (endpoint `cases.*`, the
case reference as its purpose, the record ids shown or pinned) whatever the outcome. A case the
caller may not open is `NotFound` (hidden in the audit entry when it exists): see access.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant import views
from assistant.answers import Answer, User
from assistant.cases import access
from assistant.cases.models import (
    MAX_REASON,
    MAX_TEXT,
    STATUSES,
    CaseDetail,
    CaseSummary,
    Decision,
    Note,
    Pin,
)
from assistant.cases.store import CaseExists, CaseStore
from assistant.consult import Consultation, NotFound, Outcome, require_case_ref
from assistant.service import QuestionError

LIST_PURPOSE = "case list"


class CaseError(QuestionError):
    """A case change that cannot be made as asked (no reason, unknown status, too long, exists)."""


def store_for(service: Consultation) -> CaseStore:
    return CaseStore(service.settings.data_dir)


def _text(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value or len(value) > limit:
        raise CaseError(f"{what} must be 1–{limit} characters")
    return value


def _case(store: CaseStore, user: User, case_ref: str) -> CaseSummary:
    case = store.get(require_case_ref(case_ref))
    if case is None or not access.may_open(user, case):
        raise NotFound("case", hidden=case is not None)
    return case


def _change(service: Consultation, user: User, case_ref: str, endpoint: str, query: str,
            work: Callable[[CaseStore, CaseSummary], Outcome]) -> Any:
    store = store_for(service)
    return service._consult(user, case_ref, endpoint, query[:500],
                            lambda: work(store, _case(store, user, case_ref)))


def list_cases(service: Consultation, user: User) -> list[CaseSummary]:
    """The caller's cases (owned or assigned; every case for supervisors), newest first."""
    def work() -> Outcome:
        mine = [c for c in store_for(service).all() if access.may_open(user, c)]
        return Outcome(mine, [c.case_ref for c in mine])

    return service._consult(user, LIST_PURPOSE, "cases", "list", work)


def create_case(service: Consultation, user: User, case_ref: str, title: str = "",
                assignee: str | None = None) -> CaseSummary:
    def work() -> Outcome:
        if len(title) > 200:
            raise CaseError("a title is at most 200 characters")
        try:
            made = store_for(service).create(require_case_ref(case_ref), user.name,
                                             title.strip(), (assignee or "").strip() or None)
        except CaseExists as exc:
            raise CaseError(str(exc)) from exc
        return Outcome(made)

    return service._consult(user, case_ref, "cases.create", f"{title} assignee={assignee}", work)


def show_case(service: Consultation, user: User, case_ref: str) -> CaseDetail:
    def work(store: CaseStore, case: CaseSummary) -> Outcome:
        detail = store.detail(case.case_ref)
        assert detail is not None
        seen = access.as_seen_by(detail, user)
        pinned = [p.target for p in seen.pins]
        cited = [c.record_id for t in seen.turns for c in t.citations]
        cited += [c.record_id for p in seen.pins for c in p.citations]
        return Outcome(seen, list(dict.fromkeys([*pinned, *cited])), cited)

    return _change(service, user, case_ref, "cases.show", case_ref, work)


def add_note(service: Consultation, user: User, case_ref: str, text: str,
             shareable: bool = False) -> Note:
    """A note by a user cleared for restricted records is withheld from uncleared readers unless
    its author marks it `shareable` (it may describe restricted material)."""
    def work(store: CaseStore, case: CaseSummary) -> Outcome:
        note = store.add_note(case.case_ref, _text(text, "a note", MAX_TEXT), user.name,
                              restricted=user.cleared_for_restricted and not shareable)
        return Outcome(note)

    return _change(service, user, case_ref, "cases.note", text, work)


def add_pin(service: Consultation, user: User, case_ref: str, target: str,
            label: str = "") -> Pin:
    """Pin a record or person the caller can see (else NotFound, as for viewing it)."""
    def work(store: CaseStore, case: CaseSummary) -> Outcome:
        with service.readers.lend() as con:
            view = views.record_view(con, target, user)
            if view is None:
                raise NotFound("record", hidden=views.exists(con, target))
        kind = "person" if target.startswith("person:") else "record"
        pin = store.add_pin(case.case_ref, kind, target, label.strip()[:200] or target,
                            user.name, restricted=bool(view["restricted"]))
        return Outcome(pin, [target])

    return _change(service, user, case_ref, "cases.pin", target, work)


def change_status(service: Consultation, user: User, case_ref: str, status: str,
                  reason: str, assignee: str | None = None, shareable: bool = False) -> Decision:
    """Every decision — "no further action" included — records who, when and why. A cleared
    user's reason is withheld from uncleared readers unless marked `shareable`."""
    def work(store: CaseStore, case: CaseSummary) -> Outcome:
        if status not in STATUSES:
            raise CaseError(f"status must be one of: {', '.join(STATUSES)}")
        why = _text(reason, "a decision's reason", MAX_REASON)
        return Outcome(store.decide(
            case.case_ref, user.name, status, why, assignee=(assignee or "").strip() or None,
            restricted=user.cleared_for_restricted and not shareable))

    return _change(service, user, case_ref, "cases.status", f"{status}: {reason}", work)


def save_turn(service: Consultation, user: User, case_ref: str, answer: Answer,
              question: str) -> int:
    """Keep an answered question in its case, opening the case for the caller when the reference
    is new. Returns the turn number; NotFound when the case is someone else's that the caller may
    not open (nothing is saved). No audit entry of its own: the answer's `ask` entry (same user,
    case reference, question and citations) already records this consultation, and the log keeps
    one entry per consultation."""
    store = store_for(service)
    ref = require_case_ref(case_ref)
    store.open_if_new(ref, user.name)
    case = _case(store, user, ref)
    ids = [c.record_id for c in answer.citations] + [e.record_id for e in answer.evidence]
    with service.readers.lend() as con:
        restricted = bool(access.restricted_ids(con, ids))
    # An answer is kept as its asker saw it: one who sees complainant details saw them unmasked,
    # so the turn is withheld from readers who don't (masking is per reader, not per record).
    restricted = restricted or user.sees_complainant_details
    return store.add_turn(case.case_ref, {
        "user": user.name, "conversation_id": answer.conversation_id,
        "question": question, "interpretation": answer.interpretation,
        "unapplied": answer.unapplied, "answer": answer.answer,
        "citations": answer.citations, "restricted": int(restricted)}).n


def accept_lead(service: Consultation, user: User, lead_id: str, case_ref: str, reason: str,
                assignee: str | None = None, status: str = "under assessment",
                shareable: bool = False) -> CaseDetail:
    """Accept a lead the caller can see into a case: the lead's review is recorded (leads
    service), the case is opened if new (owned by the caller) or must be one they may open, the
    lead and its evidence are pinned, and the decision — with its reason — starts or extends the
    case's decision log, setting its status and assignee."""
    from assistant.leads.service import review_lead

    why = _text(reason, "a decision's reason", MAX_REASON)
    if status not in STATUSES:
        raise CaseError(f"status must be one of: {', '.join(STATUSES)}")
    store = store_for(service)
    ref = require_case_ref(case_ref)
    existing = store.get(ref)
    if existing is not None and not access.may_open(user, existing):
        _change(service, user, ref, "cases.accept_lead", lead_id, lambda s, c: Outcome(None))
    lead = review_lead(service, user, ref, lead_id, "accept", why)

    def work() -> Outcome:
        ids = [*lead.people, *(c.record_id for c in lead.evidence)]
        with service.readers.lend() as con:
            restricted = bool(access.restricted_ids(con, ids))
        # a case's title is shown to every reader: a restricted lead's explanation is not one
        store.open_if_new(ref, user.name, title="" if restricted else lead.explanation[:200])
        case = _case(store, user, ref)
        # the pin keeps the evidence as the accepting reader saw it: quotes unmasked for one who
        # sees complainant details, so it is withheld from readers who do not
        store.add_pin(case.case_ref, "lead", lead.lead_id, lead.explanation[:200], user.name,
                      restricted or user.sees_complainant_details, citations=lead.evidence)
        store.decide(case.case_ref, user.name, status, f"Accepted lead {lead.lead_id}: {why}",
                     lead_id=lead.lead_id, assignee=(assignee or "").strip() or None,
                     restricted=restricted or (user.cleared_for_restricted and not shareable))
        detail = store.detail(case.case_ref)
        assert detail is not None
        return Outcome(access.as_seen_by(detail, user), ids, [c.record_id for c in lead.evidence])

    return service._consult(user, ref, "cases.accept_lead", f"{lead_id}: {why}", work)


def export_case(service: Consultation, user: User, case_ref: str, fmt: str) -> tuple[bytes, str]:
    """The case file as the caller may see it, in `fmt` (md, html or pdf); and its marking.
    The audit head recorded in it is the log's newest entry before this export's own."""
    from assistant.cases import casefile, export
    from assistant.cases.store import now

    def work(store: CaseStore, case: CaseSummary) -> Outcome:
        if fmt not in export.MEDIA_TYPES:
            raise CaseError("format must be md, html or pdf")
        detail = store.detail(case.case_ref)
        assert detail is not None
        seen = access.as_seen_by(detail, user)
        doc = casefile.build(seen, user.name, now(), service.audit.head())
        cited = [c.record_id for t in seen.turns for c in t.citations]
        cited += [c.record_id for p in seen.pins for c in p.citations]
        shown = list(dict.fromkeys([*(p.target for p in seen.pins), *cited]))
        return Outcome((export.render(doc, fmt), doc.marking), shown, cited)  # type: ignore[arg-type]

    result: tuple[bytes, str] = _change(service, user, case_ref, "cases.export", fmt, work)
    return result
