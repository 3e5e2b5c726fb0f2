"""Grouped answers that read record ids only for the groups they show.

Why this exists: "which officers have the most complaints?" at 45,000 staff has 26,000 groups
(42,000 for sickness absences). `structured.group_records` hands every group's sorted ids to
Python — ~0.5 s of CPU a question, most of it lists the answer never shows. Here the grouping's
(group, record) rows are held in a temporary table for the one answer: group sizes, the total
and the shown groups' ids are each a query of it, so only the shown groups' ids leave DuckDB.
Labels are merged and blanks dropped exactly as `group_records` does (tests/test_group_rank.py
holds the two to the same groups, counts and ids).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb

from assistant.catalogue.link import field_words, normalise
from assistant.structured import Scope, group_records, group_sql, where_clause

IN_MEMORY_ROWS = 20_000  # records of the kind up to which a grouping is read whole (as before)
_DIGIT = re.compile(r"\d")  # str.isdecimal's characters, found in C


def _is_blank(text: str, blank: set[str], digit_free: bool) -> bool:
    """`normalise(text) in blank`, skipping the regexes when a digit settles it: normalise never
    drops a text's first digit, so a text with a digit is none of a digit-free set of words."""
    if digit_free and _DIGIT.search(text):
        return False
    return normalise(text) in blank


@dataclass
class RankedGroups:
    """Each group's size, largest first (ties by label), and its ids on request."""

    con: duckdb.DuckDBPyConnection
    table: str
    counts: list[tuple[str, int]]
    raw: dict[str, list[Any]]  # a label → the stored values merged under it
    dropped: list[Any]  # stored values that are blanks, not groups
    held: dict[str, list[str]] | None = None  # a small store's groups, ids and all, in memory

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, table: str, by: str) -> RankedGroups:
        rows = con.execute(f"SELECT g, count(*) FROM {table} "  # rows are distinct
                           "WHERE g IS NOT NULL GROUP BY g ORDER BY g").fetchall()
        blank = field_words(by) | {by}
        digit_free = not any(_DIGIT.search(word) for word in blank)
        label: dict[str, str] = {}
        raw: dict[str, list[Any]] = {}
        size: dict[str, int] = {}
        dropped: list[Any] = []
        for g, n in rows:
            text = str(g)
            if not text.strip() or _is_blank(text, blank, digit_free):
                dropped.append(g)  # "Beat", "District": a "Beat {beat}" template's blank
                continue
            key = label.setdefault(" ".join(text.lower().split()), text.strip())
            raw.setdefault(key, []).append(g)
            size[key] = n
        ranked = cls(con, table, [], raw, dropped)
        for key, values in raw.items():
            if len(values) > 1:  # labels differing only in case or spacing: a record counts once
                size[key] = ranked.total([key])
        ranked.counts = sorted(size.items(), key=lambda x: (-x[1], x[0]))
        return ranked

    def _values(self, keys: Sequence[str]) -> list[Any]:
        return [g for key in keys for g in self.raw[key]]

    def total(self, keys: Sequence[str]) -> int:
        """Records in any of these groups, each counted once."""
        if not keys:
            return 0
        if self.held is not None:
            return len({r for key in keys for r in self.held[key]})
        if len(keys) == len(self.raw) and set(keys) == set(self.raw):  # every group: say which
            # values are not one (usually none) rather than the 26,000 that are
            row = self.con.execute(
                f"SELECT count(DISTINCT record_id) FROM {self.table} WHERE g IS NOT NULL"
                + (" AND g NOT IN (SELECT unnest(?))" if self.dropped else ""),
                [self.dropped] if self.dropped else []).fetchone()
        else:
            row = self.con.execute(f"SELECT count(DISTINCT record_id) FROM {self.table} "
                                   "WHERE g IN (SELECT unnest(?))",
                                   [self._values(keys)]).fetchone()
        return int(row[0]) if row else 0

    def ids(self, keys: Sequence[str], first: dict[str, int] | None = None) -> dict[str, list[str]]:
        """Each group's record ids, sorted; only the `first[key]` of them where given (DuckDB
        keeps the smallest n per group: no list of 350,000 absences is built to be cut)."""
        if not keys:
            return {}
        if self.held is not None:
            return {k: self.held[k][:first[k]] if first and k in first else self.held[k]
                    for k in keys}
        tiers: dict[int | None, list[str]] = {}
        least = min(first.values()) if first else None
        for key in keys:  # two queries at most: the groups needing more, and the rest
            n = None if first is None or key not in first else first[key]
            tiers.setdefault(n if n is None or n == least else -1, []).append(key)
        if first and -1 in tiers:
            more = tiers.pop(-1)
            tiers[max(first[k] for k in more)] = more
        of: dict[Any, list[str]] = {}
        for n, tier in tiers.items():
            agg = "list_sort(list(record_id))" if n is None else f"min(record_id, {int(n)})"
            of.update(self.con.execute(
                f"SELECT g, {agg} FROM {self.table} WHERE g IN (SELECT unnest(?)) GROUP BY g",
                [self._values(tier)]).fetchall())
        out: dict[str, list[str]] = {}
        for key in keys:
            lists = [of[g] for g in self.raw[key]]
            ids = lists[0] if len(lists) == 1 else sorted({r for ids in lists for r in ids})
            out[key] = ids[:first[key]] if first and key in first else ids
        return out


def record_count(con: duckdb.DuckDBPyConnection, scope: Scope) -> int:
    """`find_records(con, scope).count` without reading (and sorting) up to 5,000 of the ids."""
    where, params, _ = where_clause(con, scope)
    row = con.execute(f"SELECT count(*) FROM {scope.kind} t WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


@contextmanager
def ranked_groups(con: duckdb.DuckDBPyConnection, scope: Scope, by: str,
                  field: str | None = None) -> Iterator[RankedGroups]:
    """The groups of `structured.group_records(con, scope, by, field)`, ids read on request,
    for as long as the block lasts (its temporary table is dropped after). A kind with few
    records is grouped by `group_records` itself, in one query: there the temporary table's
    extra statements cost more than every group's ids (10-20 ms a ranking at 300 staff)."""
    size = con.execute("SELECT estimated_size FROM duckdb_tables() WHERE table_name = ? "
                       "AND NOT temporary", [scope.kind]).fetchone()
    if size is not None and size[0] <= IN_MEMORY_ROWS:
        groups = group_records(con, scope, by, field)
        yield RankedGroups(con, "", [(g, n) for g, n, _ in groups], {g: [g] for g, _, _ in groups},
                           [], {g: ids for g, _, ids in groups})
        return
    sql, params, by = group_sql(con, scope, by, field)
    table = f"group_rank_{uuid.uuid4().hex}"
    # rows made distinct once (sizes are then plain counts); a grouping whose own select is
    # DISTINCT selects just (g, record_id) and is distinct already (a second pass: 40 ms at 45k)
    distinct = "" if sql.startswith("SELECT DISTINCT ") and "UNION" not in sql else "DISTINCT "
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT {distinct}g, record_id FROM ({sql})",
                params)
    try:
        yield RankedGroups.read(con, table, by)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {table}")
