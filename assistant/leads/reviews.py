"""Review decisions on leads, kept in `leads.sqlite` in the data dir.

A decision is a row, never an update: accepting a lead that was dismissed last week appends a new
row, so the history of who decided what, when, for which case and why is kept in full (and each
decision is also in the hash-chained audit log). The latest row is the lead's status. Triggers
refuse UPDATE and DELETE, as in the audit log.

A review is stored with its writer's clearance: a senior investigator's reason may describe
restricted intelligence, so `as_seen_by` shows an uncleared user only that the lead was reviewed,
the decision and when — not the reason (unless marked shareable), reviewer, role or case.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from assistant import sqlite_db
from assistant.answers import User
from assistant.leads.models import Decision, Review

SCHEMA = """
CREATE TABLE IF NOT EXISTS lead_review (
    seq INTEGER PRIMARY KEY, lead_id TEXT NOT NULL, decision TEXT NOT NULL,
    reason TEXT NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL, case_ref TEXT NOT NULL,
    at TEXT NOT NULL, cleared INTEGER NOT NULL DEFAULT 0, shareable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS lead_review_lead ON lead_review (lead_id, seq);
CREATE TRIGGER IF NOT EXISTS lead_review_no_update BEFORE UPDATE ON lead_review
BEGIN SELECT RAISE(ABORT, 'lead reviews are append-only'); END;
CREATE TRIGGER IF NOT EXISTS lead_review_no_delete BEFORE DELETE ON lead_review
BEGIN SELECT RAISE(ABORT, 'lead reviews are append-only'); END;
"""
FIELDS = "decision, reason, user, role, case_ref, at, cleared, shareable"
ADDED = {"cleared": "INTEGER NOT NULL DEFAULT 0", "shareable": "INTEGER NOT NULL DEFAULT 0"}


def as_seen_by(review: Review, user: User) -> Review:
    """The review as `user` may see it."""
    if not review.cleared or user.cleared_for_restricted:
        return review
    return Review(decision=review.decision, at=review.at, cleared=True,
                  shareable=review.shareable, withheld=True,
                  reason=review.reason if review.shareable else None,
                  user=None, role=None, case_ref=None)


class LeadReviews:
    def __init__(self, path: Path) -> None:
        self.path = path
        with sqlite_db.connect(path) as con:
            con.executescript(SCHEMA)
            have = {row[1] for row in con.execute("PRAGMA table_info(lead_review)")}
            for name, spec in ADDED.items():  # reviews.sqlite files from before clearances
                if name not in have:
                    con.execute(f"ALTER TABLE lead_review ADD COLUMN {name} {spec}")

    def record(self, lead_id: str, decision: Decision, reason: str, *, user: User,
               case_ref: str, shareable: bool = False) -> Review:
        review = Review(decision=decision, reason=reason, user=user.name, role=user.role,
                        case_ref=case_ref,
                        at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                        cleared=user.cleared_for_restricted, shareable=shareable)
        values = review.model_dump(include=set(FIELDS.split(", ")))
        with sqlite_db.connect(self.path) as con, sqlite_db.write_transaction(con):
            con.execute(f"INSERT INTO lead_review (lead_id, {FIELDS}) VALUES "
                        f"(?, {', '.join('?' * len(values))})",
                        [lead_id, *(values[f] for f in FIELDS.split(", "))])
        return review

    def latest(self) -> dict[str, Review]:
        """Each reviewed lead's most recent decision."""
        with sqlite_db.connect(self.path) as con:
            rows = con.execute(
                f"""SELECT lead_id, {FIELDS} FROM lead_review r WHERE seq =
                      (SELECT max(seq) FROM lead_review x WHERE x.lead_id = r.lead_id)""")
            return {row[0]: Review(**dict(zip(FIELDS.split(", "), row[1:], strict=True)))
                    for row in rows.fetchall()}

    def history(self, lead_id: str) -> list[Review]:
        with sqlite_db.connect(self.path) as con:
            rows = con.execute(f"SELECT {FIELDS} FROM lead_review WHERE lead_id = ? ORDER BY seq",
                               [lead_id]).fetchall()
        return [Review(**dict(zip(FIELDS.split(", "), row, strict=True))) for row in rows]
