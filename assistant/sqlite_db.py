"""SQLite files in the data dir (API keys, audit log), opened for sharing between processes.

API workers, the CLI and the UI all write to these files at once. WAL lets readers proceed while
one writer holds the lock; the busy timeout makes a second writer wait its turn instead of failing;
`synchronous=FULL` makes every committed audit entry durable before the caller is answered.
Files are created owner-only: they hold key hashes and the record of who looked at what.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 30.0


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """An autocommit connection; callers open transactions explicitly (`BEGIN IMMEDIATE`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        yield con
    finally:
        con.close()


@contextmanager
def write_transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE` takes the write lock up front, so a read inside the transaction (e.g.
    the last audit hash) cannot be invalidated by another writer before the insert using it."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
