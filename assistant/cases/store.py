"""`cases.sqlite` in the data dir: cases and their turns, pins, notes and decision log.

Plain storage, no access rules (those are in access.py and service.py, which alone call this).
Items are append-only: a decision log that could be edited would not be an auditable trail, so
only a case's status, assignee and updated time change, and each status change is a decision row
with its reason written in the same transaction. The file is created 0600 (sqlite_db.connect).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.answers import Citation
from assistant.cases.models import CaseDetail, CaseSummary, Decision, Note, Pin, Turn
from assistant.sqlite_db import connect, write_transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    case_ref TEXT PRIMARY KEY, title TEXT NOT NULL, owner TEXT NOT NULL, assignee TEXT,
    status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS turn (
    case_ref TEXT NOT NULL, n INTEGER NOT NULL, user TEXT NOT NULL, at TEXT NOT NULL,
    conversation_id TEXT, question TEXT NOT NULL, interpretation TEXT NOT NULL,
    unapplied TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL,
    restricted INTEGER NOT NULL, PRIMARY KEY (case_ref, n));
CREATE TABLE IF NOT EXISTS pin (
    case_ref TEXT NOT NULL, n INTEGER NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL,
    label TEXT NOT NULL, citations TEXT NOT NULL, user TEXT NOT NULL, at TEXT NOT NULL,
    restricted INTEGER NOT NULL, PRIMARY KEY (case_ref, n));
CREATE TABLE IF NOT EXISTS note (
    case_ref TEXT NOT NULL, n INTEGER NOT NULL, user TEXT NOT NULL, at TEXT NOT NULL,
    text TEXT NOT NULL, restricted INTEGER NOT NULL, PRIMARY KEY (case_ref, n));
CREATE TABLE IF NOT EXISTS decision (
    case_ref TEXT NOT NULL, n INTEGER NOT NULL, user TEXT NOT NULL, at TEXT NOT NULL,
    from_status TEXT, to_status TEXT NOT NULL, reason TEXT NOT NULL, lead_id TEXT,
    restricted INTEGER NOT NULL, PRIMARY KEY (case_ref, n));
"""
CASE_COLUMNS = "case_ref, title, owner, assignee, status, created_at, updated_at"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class CaseExists(ValueError):
    """A case with that reference already exists."""


def _rows(con: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _next(con: sqlite3.Connection, table: str, case_ref: str) -> int:
    (n,) = con.execute(
        f"SELECT coalesce(max(n), 0) + 1 FROM {table} WHERE case_ref = ?", [case_ref]).fetchone()
    return int(n)


class CaseStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "cases.sqlite"
        with connect(self.path) as con:
            con.executescript(SCHEMA)

    def create(self, case_ref: str, owner: str, title: str = "",
               assignee: str | None = None) -> CaseSummary:
        at = now()
        with connect(self.path) as con, write_transaction(con):
            if con.execute("SELECT 1 FROM cases WHERE case_ref = ?", [case_ref]).fetchone():
                raise CaseExists(f"case {case_ref!r} already exists")
            con.execute(f"INSERT INTO cases ({CASE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [case_ref, title, owner, assignee, "open", at, at])
        return CaseSummary(case_ref=case_ref, title=title, owner=owner, assignee=assignee,
                           created_at=at, updated_at=at)

    def open_if_new(self, case_ref: str, owner: str, title: str = "") -> None:
        """Open the case for `owner` unless it exists (whoever's it is)."""
        at = now()
        with connect(self.path) as con, write_transaction(con):
            con.execute(f"INSERT OR IGNORE INTO cases ({CASE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [case_ref, title, owner, None, "open", at, at])

    def get(self, case_ref: str) -> CaseSummary | None:
        with connect(self.path) as con:
            rows = _rows(con, f"SELECT {CASE_COLUMNS} FROM cases WHERE case_ref = ?", [case_ref])
        return CaseSummary.model_validate(rows[0]) if rows else None

    def all(self) -> list[CaseSummary]:
        with connect(self.path) as con:
            rows = _rows(con, f"SELECT {CASE_COLUMNS} FROM cases ORDER BY updated_at DESC", [])
        return [CaseSummary.model_validate(r) for r in rows]

    def detail(self, case_ref: str) -> CaseDetail | None:
        summary = self.get(case_ref)
        if summary is None:
            return None
        with connect(self.path) as con:
            def items(table: str) -> list[dict[str, Any]]:
                return _rows(con, f"SELECT * FROM {table} WHERE case_ref = ? ORDER BY n",
                             [case_ref])

            turns = [Turn(**{**r, "unapplied": json.loads(r["unapplied"]),
                             "citations": [Citation(**c) for c in json.loads(r["citations"])]})
                     for r in items("turn")]
            pins = [Pin(**{**r, "citations": json.loads(r["citations"])}) for r in items("pin")]
            notes = [Note(**r) for r in items("note")]
            decisions = [Decision(**r) for r in items("decision")]
        return CaseDetail(**summary.model_dump(), turns=turns, pins=pins, notes=notes,
                          decisions=decisions)

    def _append(self, table: str, case_ref: str, values: dict[str, Any]) -> dict[str, Any]:
        """Insert one item numbered after the case's last; touches the case's updated time."""
        with connect(self.path) as con, write_transaction(con):
            row = {"case_ref": case_ref, "n": _next(con, table, case_ref), "at": now(), **values}
            con.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                        f"({', '.join('?' * len(row))})", list(row.values()))
            con.execute("UPDATE cases SET updated_at = ? WHERE case_ref = ?", [row["at"], case_ref])
        return row

    def add_turn(self, case_ref: str, turn: dict[str, Any]) -> Turn:
        stored = {"conversation_id": None, "interpretation": "", "restricted": 0, **turn,
                  "unapplied": json.dumps(turn.get("unapplied", [])),
                  "citations": json.dumps([Citation.model_validate(c).model_dump()
                                           for c in turn.get("citations", [])])}
        row = self._append("turn", case_ref, stored)
        return Turn(**{**row, "unapplied": turn.get("unapplied", []),
                       "citations": turn.get("citations", [])})

    def add_pin(self, case_ref: str, kind: str, target: str, label: str, user: str,
                restricted: bool, citations: list[Citation] | None = None) -> Pin:
        cites = [c.model_dump() for c in citations or []]
        row = self._append("pin", case_ref, {
            "kind": kind, "target": target, "label": label, "citations": json.dumps(cites),
            "user": user, "restricted": int(restricted)})
        return Pin(**{**row, "citations": cites})

    def add_note(self, case_ref: str, text: str, user: str, restricted: bool) -> Note:
        return Note(**self._append("note", case_ref, {
            "text": text, "user": user, "restricted": int(restricted)}))

    def decide(self, case_ref: str, user: str, to_status: str, reason: str,
               lead_id: str | None = None, assignee: str | None = None,
               restricted: bool = False) -> Decision:
        """Record a decision and apply it (status, and the assignee when one is given)."""
        with connect(self.path) as con, write_transaction(con):
            (current,) = con.execute("SELECT status FROM cases WHERE case_ref = ?",
                                     [case_ref]).fetchone()
            row = {"case_ref": case_ref, "n": _next(con, "decision", case_ref), "user": user,
                   "at": now(), "from_status": current, "to_status": to_status,
                   "reason": reason, "lead_id": lead_id, "restricted": int(restricted)}
            con.execute(f"INSERT INTO decision ({', '.join(row)}) VALUES "
                        f"({', '.join('?' * len(row))})", list(row.values()))
            con.execute("UPDATE cases SET status = ?, updated_at = ?, "
                        "assignee = coalesce(?, assignee) WHERE case_ref = ?",
                        [to_status, row["at"], assignee, case_ref])
        return Decision(**row)
