"""Consultations: the one place where purpose, access rules and the audit log meet.

The API and the Streamlit UI both go through `Consultation`. Every call names the user and the
case it is for, is checked against the user's role, reads the store through an engine lent by the
pool, and appends exactly one audit entry whatever the outcome (ok, abstained, denied, not_found,
error). The entry is written before anything is returned: if the log cannot be written, nothing
is shown ("no audit, no answer").
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from assistant import permissions, profiles, store, views
from assistant.answers import Answer, User
from assistant.audit import AuditEntry, AuditLog, Status
from assistant.pool import EnginePool, Pool
from assistant.resolution import overlay
from assistant.service import MAX_QUESTION_CHARS, QuestionError, StoreMissing
from assistant.settings import Settings

log = logging.getLogger("probity.index")
MAX_CASE_REF = 100
MAX_QUERY = 200
# Concurrent answer engines. Answering is CPU-bound, so engines beyond the core count add no
# throughput (bench/results/load_api.json compares 1, 2 and 4); two keep one long question from
# blocking the rest.
ENGINES = min(8, max(2, os.cpu_count() or 2))


class MissingCaseRef(ValueError):
    """No (usable) case reference: every consultation must say what it is for."""


class AccessDenied(PermissionError):
    """The user's role does not allow this consultation."""


class NotFound(LookupError):
    """No such record or person — or one the user may not know exists (the same to them; only
    the audit entry, which auditors read, records that it was `hidden`)."""

    def __init__(self, what: str, hidden: bool = False) -> None:
        super().__init__(f"{what} not found")
        self.hidden = hidden


class QuestionTooLong(QuestionError):
    """A question (or search) longer than the limit."""


@dataclass
class Outcome:
    """What a consultation returns, and what its audit entry records about it."""

    result: Any
    returned: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    status: Status = "ok"
    detail: str = ""  # e.g. which planner made an answer's plan (the LLM planner is optional)


def normalise_case_ref(case_ref: str | None) -> str | None:
    """What the audit entry keeps of a case reference, valid or not: NFC, control and format
    characters replaced by U+FFFD, at most MAX_CASE_REF characters (+ "…" when cut) — so a
    denied request cannot park 16 KB or terminal escapes in the log."""
    if case_ref is None:
        return None
    ref = unicodedata.normalize("NFC", case_ref).strip()
    ref = "".join("\ufffd" if unicodedata.category(ch)[0] == "C" else ch for ch in ref)
    if len(ref) > MAX_CASE_REF:
        ref = ref[:MAX_CASE_REF] + "…"
    return ref or None


def require_case_ref(case_ref: str | None) -> str:
    ref = unicodedata.normalize("NFC", case_ref or "").strip()
    if not ref:
        raise MissingCaseRef("a case reference is required for every consultation")
    if len(ref) > MAX_CASE_REF or not ref.isprintable():
        raise MissingCaseRef(
            f"the case reference must be printable, at most {MAX_CASE_REF} characters"
        )
    return ref


def warn_if_index_incomplete(settings: Settings) -> None:
    """At start: say at once when narrative answers will fail (they fail loudly too)."""
    from assistant import manifest

    try:
        con = open_reader(settings)
    except duckdb.Error:  # an ingest holds the store: the engines check again when they load
        return
    try:
        if found := manifest.problems(settings, con):
            log.warning("the narrative index is incomplete: %s; %s", "; ".join(found),
                        manifest.REPAIR)
    finally:
        con.close()


def open_reader(settings: Settings) -> duckdb.DuckDBPyConnection:
    if not settings.duckdb_path.is_file():
        raise StoreMissing(f"no records in {settings.data_dir}: run `probity ingest` first")
    con = store.connect(
        settings.duckdb_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    overlay.refresh(con, settings.data_dir)
    return con


class Consultation:
    """`pool` lends `engines` answer engines; `readers` are plain store connections for record
    views, profiles and searches, so those never queue behind questions."""

    def __init__(
        self,
        settings: Settings,
        engines: int = ENGINES,
        readers: int = 4,
        audit: AuditLog | None = None,
    ) -> None:
        self.settings = settings
        permissions.restrict(settings.data_dir)
        permissions.check(settings.data_dir)
        if settings.duckdb_path.is_file():
            warn_if_index_incomplete(settings)
        self.pool = EnginePool(settings, engines)
        self.readers: Pool[duckdb.DuckDBPyConnection] = Pool(
            lambda: open_reader(settings), lambda con: con.close(), readers,
            on_lend=lambda con: overlay.refresh(con, settings.data_dir),
        )
        self.audit = audit or AuditLog(settings.data_dir / "audit.sqlite")

    @property
    def semantic_ready(self) -> bool:
        """Whether an engine has loaded its retriever (embedding model and indexes) yet."""
        return any("retriever" in vars(engine) for engine in self.pool.opened)

    def close(self) -> None:
        self.pool.close()
        self.readers.close()

    def _consult(
        self,
        user: User,
        case_ref: str | None,
        endpoint: str,
        query: str,
        work: Callable[[], Outcome],
        allowed: Callable[[User], bool] | None = None,
    ) -> Any:
        allowed = allowed or (lambda u: u.sees_record_content)
        entry: dict[str, Any] = {
            "user": user.name,
            "role": user.role,
            "endpoint": endpoint,
            "query": query,
            "case_ref": normalise_case_ref(case_ref),
        }
        try:
            require_case_ref(case_ref)
            if not allowed(user):
                raise AccessDenied(f"the {user.role} role may not use {endpoint}")
            outcome = work()
        except (MissingCaseRef, AccessDenied) as exc:
            self.audit.append(**entry, status="denied", detail=str(exc))
            raise
        except NotFound as exc:
            detail = "restricted: hidden from this role" if exc.hidden else str(exc)
            self.audit.append(
                **entry, status="denied" if exc.hidden else "not_found", detail=detail
            )
            raise
        except Exception as exc:
            self.audit.append(**entry, status="error", detail=f"{type(exc).__name__}: {exc}"[:500])
            raise
        self.audit.append(
            **entry, status=outcome.status, returned=outcome.returned, cited=outcome.cited,
            detail=outcome.detail,
        )
        return outcome.result

    def ask(self, user: User, case_ref: str | None, question: str,
            conversation_id: str | None = None) -> Answer:
        def work() -> Outcome:
            if len(question.strip()) > MAX_QUESTION_CHARS:
                raise QuestionTooLong(
                    f"the question is longer than {MAX_QUESTION_CHARS} characters"
                )
            with self.pool.engine() as engine:
                answer = engine.answer(question, user, case_ref, conversation_id)
            cited = [c.record_id for c in answer.citations]
            shown = list(dict.fromkeys([*cited, *(e.record_id for e in answer.evidence)]))
            return Outcome(answer, shown, cited, "abstained" if answer.abstained else "ok",
                           "" if answer.planner == "deterministic" else f"planner: {answer.planner}")

        return self._consult(user, case_ref, "ask", question[:MAX_QUESTION_CHARS], work)

    def view_record(self, user: User, case_ref: str | None, record_id: str) -> dict[str, Any]:
        def work() -> Outcome:
            with self.readers.lend() as con:
                view = views.record_view(con, record_id, user)
                if view is None:
                    raise NotFound("record", hidden=views.exists(con, record_id))
            return Outcome(view, [record_id, *(r["record_id"] for r in view["related"])])

        return self._consult(user, case_ref, "record", record_id[:MAX_QUERY], work)

    def person_profile(
        self, user: User, case_ref: str | None, person_id: str, limit: int = 50, offset: int = 0
    ) -> dict[str, Any]:
        def work() -> Outcome:
            with self.readers.lend() as con:
                profile = profiles.person_profile(con, person_id, user, limit, offset)
                if profile is None:
                    hidden = bool(profiles.visible_people(con, [person_id], cleared=True))
                    raise NotFound("person", hidden=hidden)
            shown = [r["record_id"] for r in profile["timeline"]["items"]]
            return Outcome(profile, [person_id, *shown])

        return self._consult(user, case_ref, "person", person_id[:MAX_QUERY], work)

    def search_people(
        self, user: User, case_ref: str | None, query: str, limit: int = 20, offset: int = 0
    ) -> dict[str, Any]:
        def work() -> Outcome:
            if not query.strip():
                raise QuestionError("the search is empty")
            if len(query) > MAX_QUERY:
                raise QuestionTooLong(f"the search is longer than {MAX_QUERY} characters")
            with self.readers.lend() as con:
                page = profiles.search_people(con, query, user, limit, offset)
            return Outcome(page, [p["person_id"] for p in page["items"]])

        return self._consult(user, case_ref, "people", query[:MAX_QUERY], work)

    def read_audit(
        self,
        user: User,
        case_ref: str | None,
        *,
        since: str | None = None,
        until: str | None = None,
        of_user: str | None = None,
        of_case: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[AuditEntry]]:
        """Auditors review the log; their reading is itself logged. A case reference is optional
        here (an audit review is its own purpose): 'audit review' is recorded when none is given."""
        filters = {"since": since, "until": until, "user": of_user, "case_ref": of_case}

        def work() -> Outcome:
            return Outcome(self.audit.entries(limit=limit, offset=offset, **filters))

        query = " ".join(f"{k}={v}" for k, v in filters.items() if v is not None)
        return self._consult(
            user,
            case_ref or "audit review",
            "audit",
            query,
            work,
            allowed=lambda u: u.role == "auditor",
        )
