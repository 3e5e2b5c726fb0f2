"""Whole-table reads made once per read-only store connection, not once per question.

Why this exists: an answer engine holds its store open read-only for the engine's life, and
DuckDB lets no process write the file meanwhile (a re-ingest runs with the engines closed; the
next engine opens a new connection). Yet every question re-ran queries that read whole tables
for values which therefore cannot change while the engine lives: the distinct police systems
and units a join question may name (a scan of `system_access`, 10.4M rows at 45,000 staff, for
every question asked), the stored category and finding labels (complaints and allegations,
scanned twice for a category question), staff names (the person table, two or three reads an
answer). `rows(con, sql)` runs such a query once for a connection the engine registered with
`hold` and hands back the same rows after; on any other connection — an ingest's, a writable
one — it runs the query every time, exactly as before.

What review decisions change per lend is different: `person_ref` and `person_ref_candidate` are
shadowed by temporary views when a decision is pending (resolution/overlay.py), so `rows`
refuses a query naming them rather than serve it stale; a value derived from whether the views
exist (`person_links.usable`) is kept with `overlaid=True` and forgotten whenever the overlay
changes them (`overlay_changed`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import duckdb

T = TypeVar("T")
_OVERLAID = re.compile(r"\bperson_ref(?:_candidate)?\b")
Memo = dict[tuple[bool, object], Any]  # (overlaid, key) → value
_HELD: WeakKeyDictionary[duckdb.DuckDBPyConnection, Memo] = WeakKeyDictionary()


def hold(con: duckdb.DuckDBPyConnection) -> None:
    """Register a read-only connection: its store's records cannot change while it is open."""
    _HELD.setdefault(con, {})


def _memo(con: duckdb.DuckDBPyConnection) -> Memo | None:
    try:
        return _HELD.get(con)
    except TypeError:  # no weak reference to it (a stand-in such as None): never held
        return None


def held(con: duckdb.DuckDBPyConnection) -> bool:
    return _memo(con) is not None


def kept(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """What is held for `con` (for the engine pool: a change is frozen out of the GC)."""
    return tuple(sorted(map(repr, _memo(con) or {})))


def once(con: duckdb.DuckDBPyConnection, key: object, compute: Callable[[], T],
         overlaid: bool = False) -> T:
    """`compute()` once per held connection and `key`; on any other connection, every call.
    `overlaid`: the value depends on the review overlay's views (kept until they change)."""
    memo = _memo(con)
    if memo is None:
        return compute()
    held_key = (overlaid, key)
    if held_key not in memo:
        memo[held_key] = compute()
    return memo[held_key]


def overlay_changed(con: duckdb.DuckDBPyConnection) -> None:
    """The review overlay rebuilt or dropped its views on `con`: forget what depended on them."""
    memo = _memo(con) or {}
    for key in [k for k in memo if k[0]]:
        del memo[key]


def rows(con: duckdb.DuckDBPyConnection, sql: str,
         params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """`con.execute(sql, params).fetchall()`, read once per held connection (a fresh list each
    call: callers may change it). A query of the review-overlaid links is refused."""
    if _OVERLAID.search(sql):
        raise ValueError("person links change with review decisions: not read once")
    found: list[tuple[Any, ...]] = once(
        con, ("rows", sql, tuple(params)), lambda: con.execute(sql, list(params)).fetchall())
    return list(found)
