"""Review decisions, stored apart from the record store.

The API and UI hold the DuckDB store read-only, so a decision cannot be written there while they
run; it goes to `resolution.sqlite` in the data dir (shared between processes like the audit log)
and is applied to the store by `apply_decisions` — at every ingest, and at once by the CLI when the
store is free. A decision names the reference by what was written (record, role, scheme, value,
name), not by its position, so it still finds the reference after the record is re-ingested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from assistant import sqlite_db

Verdict = Literal["confirm", "reject"]
FILE_NAME = "resolution.sqlite"  # in the data dir
SCHEMA = """
CREATE TABLE IF NOT EXISTS decision (
    record_id TEXT NOT NULL, role TEXT NOT NULL, scheme TEXT NOT NULL, value TEXT NOT NULL,
    name TEXT NOT NULL, person_id TEXT NOT NULL, verdict TEXT NOT NULL, user TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (record_id, role, scheme, value, name, person_id)
);
"""


@dataclass(frozen=True)
class RawRef:
    """A reference as written in its record ('' for a part it does not have)."""

    record_id: str
    role: str
    scheme: str
    value: str
    name: str


@dataclass(frozen=True)
class Decision:
    ref: RawRef
    person_id: str
    verdict: Verdict
    user: str
    at: str


class DecisionStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME
        with sqlite_db.connect(self.path) as con:
            con.executescript(SCHEMA)

    def record(self, ref: RawRef, person_id: str, verdict: Verdict, user: str) -> Decision:
        """The latest decision on (reference, person) wins; confirming one person for a
        reference withdraws any earlier confirmation of another."""
        at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        key = (ref.record_id, ref.role, ref.scheme, ref.value, ref.name)
        with sqlite_db.connect(self.path) as con, sqlite_db.write_transaction(con):
            if verdict == "confirm":
                con.execute(
                    """DELETE FROM decision WHERE record_id = ? AND role = ? AND scheme = ?
                       AND value = ? AND name = ? AND verdict = 'confirm'""", key)
            con.execute("INSERT OR REPLACE INTO decision VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [*key, person_id, verdict, user, at])
        return Decision(ref, person_id, verdict, user, at)

    def all(self) -> list[Decision]:
        with sqlite_db.connect(self.path) as con:
            rows = con.execute("SELECT * FROM decision ORDER BY at").fetchall()
        return [Decision(RawRef(*r[:5]), r[5], r[6], r[7], r[8]) for r in rows]
