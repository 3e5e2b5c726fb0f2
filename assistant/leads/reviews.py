"""Review decisions on leads, kept in `leads.sqlite` in the data dir.

A decision is a row, never an update: accepting a lead that was dismissed last week appends a new
row, so the history of who decided what, when, for which case and why is kept in full (and each
decision is also in the hash-chained audit log). The latest row is the lead's status. Triggers
refuse UPDATE and DELETE, as in the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from assistant import sqlite_db
from assistant.leads.models import Decision, Review

SCHEMA = """
CREATE TABLE IF NOT EXISTS lead_review (
    seq INTEGER PRIMARY KEY, lead_id TEXT NOT NULL, decision TEXT NOT NULL,
    reason TEXT NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL, case_ref TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS lead_review_lead ON lead_review (lead_id, seq);
CREATE TRIGGER IF NOT EXISTS lead_review_no_update BEFORE UPDATE ON lead_review
BEGIN SELECT RAISE(ABORT, 'lead reviews are append-only'); END;
CREATE TRIGGER IF NOT EXISTS lead_review_no_delete BEFORE DELETE ON lead_review
BEGIN SELECT RAISE(ABORT, 'lead reviews are append-only'); END;
"""
FIELDS = "decision, reason, user, role, case_ref, at"


class LeadReviews:
    def __init__(self, path: Path) -> None:
        self.path = path
        with sqlite_db.connect(path) as con:
            con.executescript(SCHEMA)

    def record(self, lead_id: str, decision: Decision, reason: str, *, user: str, role: str,
               case_ref: str) -> Review:
        review = Review(decision=decision, reason=reason, user=user, role=role,
                        case_ref=case_ref,
                        at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        with sqlite_db.connect(self.path) as con, sqlite_db.write_transaction(con):
            con.execute(f"INSERT INTO lead_review (lead_id, {FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [lead_id, *review.model_dump().values()])
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
