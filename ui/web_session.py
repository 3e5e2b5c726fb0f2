"""Browser sessions that survive a refresh: a random token in the URL, only its hash on the server.

Streamlit forgets everything in `st.session_state` when the page is reloaded, which signed the
investigator out and lost the conversation. Signing in now issues a session token (32 random
bytes) that the page keeps in its URL (`?s=…`); the data dir's `ui_sessions.sqlite` (0600) keeps
sha256(token), who it is for, the API key it came from, when it expires and whether it was
revoked — so a copy of the file yields no usable session, signing out revokes it at once, and a
session made from an API key ends when that key is revoked. The workspace itself (case, page,
conversation and its answers) is saved per session, so a reload reopens it where it was.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assistant import sqlite_db
from assistant.answers import User
from assistant.keys import KeyStore

TTL = timedelta(hours=8)  # one working shift
SCHEMA = """
CREATE TABLE IF NOT EXISTS ui_session (
    token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, role TEXT NOT NULL, key_id TEXT,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT,
    state TEXT NOT NULL DEFAULT '{}'
);"""


@dataclass(frozen=True)
class WebSession:
    user: User
    key_id: str | None
    expires_at: datetime
    state: dict[str, Any]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class SessionStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "ui_sessions.sqlite"
        self.keys_path = data_dir / "keys.sqlite"
        with sqlite_db.connect(self.path) as con:
            con.executescript(SCHEMA)

    def issue(self, user: User, key_id: str | None, ttl: timedelta = TTL) -> str:
        """A new session for `user`; returns the token (kept by the browser, never stored)."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with sqlite_db.connect(self.path) as con:
            con.execute(
                "INSERT INTO ui_session (token_hash, user, role, key_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (_hash(token), user.name, user.role, key_id, now.isoformat(),
                 (now + ttl).isoformat()),
            )
        return token

    def resolve(self, token: str) -> WebSession | None:
        """The live session `token` opens, or None (unknown, expired, revoked, or its key
        revoked)."""
        if not token or len(token) > 100:
            return None
        with sqlite_db.connect(self.path) as con:
            row = con.execute(
                "SELECT user, role, key_id, expires_at, state FROM ui_session "
                "WHERE token_hash = ? AND revoked_at IS NULL",
                (_hash(token),),
            ).fetchone()
        if row is None:
            return None
        name, role, key_id, expires, state = row
        expires_at = datetime.fromisoformat(expires)
        if expires_at <= _now() or (key_id is not None and not self._key_live(key_id)):
            return None
        return WebSession(User(name=name, role=role), key_id, expires_at, json.loads(state))

    def _key_live(self, key_id: str) -> bool:
        return any(
            k.key_id == key_id and k.revoked_at is None for k in KeyStore(self.keys_path).list()
        )

    def revoke(self, token: str) -> None:
        with sqlite_db.connect(self.path) as con:
            con.execute(
                "UPDATE ui_session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                (_now().isoformat(), _hash(token)),
            )

    def save_state(self, token: str, state: dict[str, Any]) -> None:
        """The workspace to reopen on reload (JSON: case, page, conversation and its turns)."""
        with sqlite_db.connect(self.path) as con:
            con.execute(
                "UPDATE ui_session SET state = ? WHERE token_hash = ? AND revoked_at IS NULL",
                (json.dumps(state, default=str), _hash(token)),
            )
