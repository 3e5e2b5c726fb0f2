"""Conversations: each turn's question and plan, kept in the data dir (conversations.sqlite).

Why: a follow-up ("how many of his complaints were upheld?", "and in 2022?") was answered
force-wide because nothing remembered the previous question. The previous plan is stored here
and `understand.followup` binds pronouns and ellipsis to it. A conversation belongs to the user
who started it: the same id used by someone else is a different conversation, so a plan
resolved under one user's clearance never reaches another. The workspace issue builds on this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from assistant.sqlite_db import connect, write_transaction
from assistant.understand.models import PersonMention, QueryPlan

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}")
SCHEMA = """CREATE TABLE IF NOT EXISTS turn (
    conversation_id TEXT NOT NULL, user TEXT NOT NULL, n INTEGER NOT NULL, at TEXT NOT NULL,
    question TEXT NOT NULL, plan TEXT NOT NULL, PRIMARY KEY (conversation_id, user, n))"""


class ConversationIdError(ValueError):
    """A conversation id that is not 1–64 letters, digits, '_', '.', ':' or '-'."""


def check_id(conversation_id: str) -> str:
    if not ID_RE.fullmatch(conversation_id):
        raise ConversationIdError(
            "conversation_id must be 1–64 letters, digits, '_', '.', ':' or '-'")
    return conversation_id


class Conversations:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "conversations.sqlite"

    def last_plan(self, conversation_id: str, user: str) -> QueryPlan | None:
        if not self.path.exists():
            return None
        with connect(self.path) as con:
            con.execute(SCHEMA)
            row = con.execute(
                "SELECT plan FROM turn WHERE conversation_id = ? AND user = ? "
                "ORDER BY n DESC LIMIT 1", [check_id(conversation_id), user]).fetchone()
        return QueryPlan.model_validate_json(row[0]) if row else None

    def append(self, conversation_id: str, user: str, plan: QueryPlan) -> int:
        """Store a turn; returns its number (1 for a conversation's first question)."""
        with connect(self.path) as con:
            con.execute(SCHEMA)
            with write_transaction(con):
                (n,) = con.execute(
                    "SELECT coalesce(max(n), 0) + 1 FROM turn WHERE conversation_id = ? "
                    "AND user = ?", [check_id(conversation_id), user]).fetchone()
                con.execute("INSERT INTO turn VALUES (?, ?, ?, ?, ?, ?)",
                            [conversation_id, user, n, datetime.now(UTC).isoformat(),
                             plan.question, plan.model_dump_json()])
        return int(n)


def with_answer_people(plan: QueryPlan, cited: Sequence[str],
                       names: Callable[[list[str]], dict[str, str]]) -> QueryPlan:
    """`plan` as a conversation keeps it: when the question named no one but its answer ranked
    or listed people ("who has had the most absences?"), the first person the answer cites is
    kept, so a follow-up's "her absences" means that person (`understand.followup`)."""
    if any(m.role == "officer" for m in plan.people):
        return plan
    people = plan.group_by == "person" or plan.kinds == ["person"] or any(
        c.element.startswith("join: ") for c in plan.claims)
    first = next((r for r in cited if r.startswith("person:")), None)
    if not people or first is None:
        return plan
    name = names([first]).get(first, first)
    top = PersonMention(text=name, start=0, end=0, person_ids=[first])
    return plan.model_copy(update={"answer_people": [top]})
