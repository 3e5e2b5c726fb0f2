"""The consultation audit log (Data Protection Act 2018 s.62): append-only and HMAC-chained.

Entry n stores `prev_hash` (entry n-1's hash; 64 zeros for the first) and `hash` = HMAC-SHA256,
keyed with a secret, of the canonical JSON of all its other fields (sorted keys, no spaces, UTF-8).
Editing, inserting or deleting an entry breaks the chain at that point and `verify` names the
first broken entry; without the key nobody can recompute a chain that verifies (a plain sha256
chain could be rewritten and re-hashed end to end). The key (32 random bytes) is created with the
log at first start, in its own 0600 file beside it (`audit.key`), never inside `audit.sqlite`.
A key without its log means the log was deleted: the log is then never silently recreated
(`AuditMissing`). Truncating the newest entries or wiping the log leaves a chain that still
verifies on its own: `audit_anchors.py` records signed heads elsewhere to catch exactly that.
Writers in several processes (API, CLI, UI) serialise on SQLite's write lock: `BEGIN IMMEDIATE`,
read the last hash, insert, commit. Triggers refuse UPDATE and DELETE so no code path rewrites
history; the chain catches anyone who goes around them with raw SQL.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from assistant import sqlite_db

GENESIS = "0" * 64
Status = Literal["ok", "abstained", "denied", "not_found", "error"]
SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL,
    case_ref TEXT, endpoint TEXT NOT NULL, query TEXT NOT NULL, returned TEXT NOT NULL,
    cited TEXT NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
COLUMNS = (
    "seq",
    "at",
    "user",
    "role",
    "case_ref",
    "endpoint",
    "query",
    "returned",
    "cited",
    "status",
    "detail",
    "prev_hash",
    "hash",
)


class AuditEntry(BaseModel):
    seq: int
    at: str  # UTC, ISO 8601 with microseconds and a Z: sorts as text
    user: str
    role: str
    case_ref: str | None
    endpoint: str
    query: str
    returned: list[str]  # record ids shown to the user
    cited: list[str]  # record ids cited in an answer
    status: Status
    detail: str = ""
    prev_hash: str
    hash: str


class AuditMissing(FileNotFoundError):
    """The log (or its key) is gone while the other remains: deleted, not new."""


def entry_hash(fields: dict[str, Any], key: bytes) -> str:
    body = {k: v for k, v in fields.items() if k != "hash"}
    blob = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, blob.encode("utf-8"), hashlib.sha256).hexdigest()


def _create_key(path: Path) -> bytes:
    """A new key at `path`, or the one another process has just put there: written whole to a
    private temporary file, then linked into place (atomic, and refused if `path` exists)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(32))
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_bytes()


def _has_entries(path: Path) -> bool:
    with sqlite_db.connect(path) as con:
        table = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit'").fetchone()
        return bool(table and con.execute("SELECT 1 FROM audit LIMIT 1").fetchone())


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    fields = dict(zip(COLUMNS, row, strict=True))
    for name in ("returned", "cited"):
        fields[name] = json.loads(fields[name])
    return AuditEntry.model_validate(fields)


@dataclass
class Verification:
    entries: int
    head_hash: str  # record it elsewhere to detect later truncation of the log's tail
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


class AuditLog:
    """`path` is audit.sqlite; its key is `key_path` (default: audit.key beside it). A new log and
    key are created only when neither exists."""

    def __init__(self, path: Path, key_path: Path | None = None, *, create: bool = True) -> None:
        self.path = path
        self.key_path = key_path or path.with_name("audit.key")
        if not create and not path.is_file():
            raise AuditMissing(f"there is no audit log at {path}")
        if self.key_path.is_file():
            if not path.is_file():
                raise AuditMissing(
                    f"the audit log {path} is missing but its key exists: it was deleted "
                    "(restore it from backup; it is never recreated empty)"
                )
            self.key = self.key_path.read_bytes()
        elif path.is_file() and _has_entries(path):
            raise AuditMissing(
                f"the audit log's key {self.key_path} is missing: its entries cannot be "
                "verified (restore the key from backup)"
            )
        else:  # first start: the log first, then its key (so a key never precedes its log)
            with sqlite_db.connect(path) as con:
                con.executescript(SCHEMA)
            self.key = _create_key(self.key_path)
        with sqlite_db.connect(path) as con:
            con.executescript(SCHEMA)

    def append(
        self,
        *,
        user: str,
        role: str,
        case_ref: str | None,
        endpoint: str,
        query: str,
        status: Status,
        returned: list[str] | None = None,
        cited: list[str] | None = None,
        detail: str = "",
    ) -> AuditEntry:
        with sqlite_db.connect(self.path) as con, sqlite_db.write_transaction(con):
            last = con.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
            fields: dict[str, Any] = {
                "seq": seq,
                "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "user": user,
                "role": role,
                "case_ref": case_ref,
                "endpoint": endpoint,
                "query": query,
                "returned": list(returned or []),
                "cited": sorted(set(cited or [])),
                "status": status,
                "detail": detail,
                "prev_hash": prev,
            }
            fields["hash"] = entry_hash(fields, self.key)
            stored = {
                **fields,
                "returned": json.dumps(fields["returned"]),
                "cited": json.dumps(fields["cited"]),
            }
            con.execute(
                f"INSERT INTO audit VALUES ({', '.join('?' * len(COLUMNS))})",
                [stored[c] for c in COLUMNS],
            )
        return AuditEntry.model_validate(fields)

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the newest entry; (0, GENESIS) for an empty log."""
        with sqlite_db.connect(self.path) as con:
            row = con.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return (int(row[0]), row[1]) if row else (0, GENESIS)

    def hash_of(self, seq: int) -> str | None:
        with sqlite_db.connect(self.path) as con:
            row = con.execute("SELECT hash FROM audit WHERE seq = ?", [seq]).fetchone()
        return row[0] if row else None

    def entries(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        user: str | None = None,
        case_ref: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[int, list[AuditEntry]]:
        """(total matching, the page) oldest first; `since`/`until` are ISO dates or times (UTC),
        `until` exclusive."""
        where, params = ["true"], []
        for clause, value in (
            ("at >= ?", since),
            ("at < ?", until),
            ("user = ?", user),
            ("case_ref = ?", case_ref),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        sql = " AND ".join(where)
        with sqlite_db.connect(self.path) as con:
            (total,) = con.execute(f"SELECT count(*) FROM audit WHERE {sql}", params).fetchone()
            rows = con.execute(
                f"SELECT * FROM audit WHERE {sql} ORDER BY seq LIMIT ? OFFSET ?",
                [*params, -1 if limit is None else limit, offset],
            ).fetchall()
        return int(total), [_entry(row) for row in rows]

    def iter_rows(self) -> Iterator[tuple[Any, ...]]:
        with sqlite_db.connect(self.path) as con:
            yield from con.execute("SELECT * FROM audit ORDER BY seq")

    def verify(self) -> Verification:
        """Walk the chain from the first entry; stop at the first entry that doesn't hold."""
        prev, n = GENESIS, 0
        for row in self.iter_rows():
            n += 1
            seq, stored_prev, stored_hash = row[0], row[-2], row[-1]
            if seq != n:
                return Verification(
                    n - 1,
                    prev,
                    seq,
                    f"expected entry {n} next, found {seq} (entries missing or inserted)",
                )
            if stored_prev != prev:
                return Verification(
                    n - 1,
                    prev,
                    seq,
                    f"prev_hash does not match entry {seq - 1}'s hash (one of the two was altered)",
                )
            try:
                fields = _entry(row).model_dump()
            except ValueError as exc:
                return Verification(n - 1, prev, seq, f"unreadable entry: {exc}")
            if not hmac.compare_digest(entry_hash(fields, self.key), stored_hash):
                return Verification(n - 1, prev, seq, "content does not match its hash (edited)")
            prev = stored_hash
        return Verification(n, prev)
