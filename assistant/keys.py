"""API keys: bearer tokens for case-management tools, stored only as SHA-256 hashes.

A key reads `prb_<key_id>_<secret>`: the id is public (listed, used to revoke, written to logs)
and the secret is 32 random bytes. Only sha256(key) is stored, so a copy of the data dir yields
no usable key; with 256 bits of entropy a plain hash is enough (no salt or slow KDF is needed to
resist guessing). Each key carries one user and one role; revoking is immediate and permanent.

The same file holds the CLI's local grants (`probity keys grant --user U --role R`): the role an
OS account acts in on the command line (see identity.py). Only someone who can write this 0600
file — the service account — can grant.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

from assistant import sqlite_db
from assistant.answers import User

ROLES: tuple[str, ...] = get_args(User.model_fields["role"].annotation)
KEY_FORMAT = re.compile(r"^prb_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")
SCHEMA = """
CREATE TABLE IF NOT EXISTS api_key (
    key_id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, user TEXT NOT NULL,
    role TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS cli_grant (
    user TEXT PRIMARY KEY, role TEXT NOT NULL, granted_at TEXT NOT NULL
);"""


class KeyStoreError(ValueError):
    """A key operation that cannot be done (unknown role, unknown key id)."""


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    user: str
    role: str
    created_at: str
    revoked_at: str | None = None

    def as_user(self) -> User:
        return User(name=self.user, role=self.role)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _checked(user: str, role: str) -> str:
    user = user.strip()
    if not user or len(user) > 100:
        raise KeyStoreError("--user must be 1 to 100 characters")
    if role not in ROLES:
        raise KeyStoreError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return user


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class KeyStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        with sqlite_db.connect(path) as con:
            con.executescript(SCHEMA)

    def create(self, user: str, role: str) -> tuple[ApiKey, str]:
        """A new key for `user` in `role`; returns its record and the key itself (shown once)."""
        user = _checked(user, role)
        key_id = secrets.token_hex(6)
        token = f"prb_{key_id}_{secrets.token_urlsafe(32)}"
        key = ApiKey(key_id, user, role, _now())
        with sqlite_db.connect(self.path) as con:
            con.execute(
                "INSERT INTO api_key VALUES (?, ?, ?, ?, ?, NULL)",
                (key_id, _hash(token), user, role, key.created_at),
            )
        return key, token

    def list(self) -> list[ApiKey]:
        with sqlite_db.connect(self.path) as con:
            rows = con.execute(
                "SELECT key_id, user, role, created_at, revoked_at FROM api_key "
                "ORDER BY created_at, key_id"
            ).fetchall()
        return [ApiKey(*row) for row in rows]

    def revoke(self, key_id: str) -> ApiKey:
        with sqlite_db.connect(self.path) as con:
            con.execute(
                "UPDATE api_key SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
                (_now(), key_id),
            )
            row = con.execute(
                "SELECT key_id, user, role, created_at, revoked_at FROM api_key WHERE key_id = ?",
                (key_id,),
            ).fetchone()
        if row is None:
            raise KeyStoreError(f"no API key with id {key_id!r} (see `probity keys list`)")
        return ApiKey(*row)

    def authenticate(self, token: str) -> ApiKey | None:
        """The live key `token` is, or None (malformed, unknown or revoked)."""
        if not KEY_FORMAT.match(token):
            return None
        with sqlite_db.connect(self.path) as con:
            row = con.execute(
                "SELECT key_id, user, role, created_at, revoked_at FROM api_key "
                "WHERE key_hash = ? AND revoked_at IS NULL",
                (_hash(token),),
            ).fetchone()
        return ApiKey(*row) if row else None

    def grant(self, user: str, role: str) -> str:
        """Let OS account `user` use the CLI in `role` (replacing any earlier grant)."""
        user = _checked(user, role)
        with sqlite_db.connect(self.path) as con:
            con.execute("INSERT OR REPLACE INTO cli_grant VALUES (?, ?, ?)", (user, role, _now()))
        return user

    def has_grants(self) -> bool:
        with sqlite_db.connect(self.path) as con:
            return con.execute("SELECT count(*) FROM cli_grant").fetchone()[0] > 0

    def granted_role(self, user: str) -> str | None:
        with sqlite_db.connect(self.path) as con:
            row = con.execute("SELECT role FROM cli_grant WHERE user = ?", (user,)).fetchone()
        return row[0] if row else None
