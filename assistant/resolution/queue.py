"""What needs review, and applying decisions to the record store.

In the queue: references left ambiguous (no person, candidates kept) and links made with
confidence below `LOW_CONFIDENCE` (name-only matches: a surname alone scores 0.85 at best).
Identifier matches (1.0, 0.97) and reviewed links are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from assistant.resolution.decisions import Decision, RawRef

LOW_CONFIDENCE = 0.9
REVIEWED = "reviewed"  # person_ref.method of a confirmed link
REJECTED = "rejected"  # … of a reference whose only link was rejected


@dataclass
class ReviewItem:
    ref_id: str  # "<record_id>#<idx>"
    ref: RawRef
    kind: str
    rank: str | None
    unit: str | None
    person_id: str | None
    method: str
    confidence: float
    candidates: list[str] = field(default_factory=list)


def raw_ref(record_id: str, role: str, scheme: str | None, value: str | None,
            name: str | None) -> RawRef:
    return RawRef(record_id, role or "", scheme or "", value or "", name or "")


def review_items(con: duckdb.DuckDBPyConnection, limit: int = 100,
                 offset: int = 0) -> list[ReviewItem]:
    rows = con.execute(
        f"""SELECT r.record_id, r.idx, r.kind, r.role, r.scheme, r.value, r.name, r.rank,
                   r.unit, r.person_id, r.method, r.confidence,
                   list(k.person_id ORDER BY k.person_id) FILTER (WHERE k.person_id IS NOT NULL)
            FROM person_ref r LEFT JOIN person_ref_candidate k USING (record_id, idx)
            WHERE (r.person_id IS NULL AND k.person_id IS NOT NULL)
               OR (r.person_id IS NOT NULL AND r.confidence < {LOW_CONFIDENCE}
                   AND r.method <> '{REVIEWED}')
            GROUP BY ALL ORDER BY r.confidence, r.record_id, r.idx LIMIT ? OFFSET ?""",
        [limit, offset]).fetchall()
    return [ReviewItem(f"{rid}#{idx}", raw_ref(rid, role, scheme, value, name), kind, rank, unit,
                       pid, method, float(conf or 0), list(cands or []))
            for rid, idx, kind, role, scheme, value, name, rank, unit, pid, method, conf, cands
            in rows]


def find_ref(con: duckdb.DuckDBPyConnection, ref_id: str) -> tuple[RawRef, list[str]] | None:
    """The raw reference `<record_id>#<idx>` and the people it may be linked to (its current
    link and its candidates); None when there is no such reference."""
    record_id, _, idx = ref_id.rpartition("#")
    if not record_id or not idx.isdigit():
        return None
    row = con.execute(
        """SELECT role, scheme, value, name, person_id FROM person_ref
           WHERE record_id = ? AND idx = ?""", [record_id, int(idx)]).fetchone()
    if row is None:
        return None
    people = [p for (p,) in con.execute(
        "SELECT person_id FROM person_ref_candidate WHERE record_id = ? AND idx = ?",
        [record_id, int(idx)]).fetchall()]
    return raw_ref(record_id, *row[:4]), ([row[4]] if row[4] else []) + people


class UnknownReference(LookupError, ValueError):
    """No person reference has that id (a ValueError too: the CLI prints it as one line)."""


def check_decision(con: duckdb.DuckDBPyConnection, ref_id: str, person_id: str) -> RawRef:
    """The raw reference a decision is about; raises UnknownReference, or ValueError when the
    person is neither its link nor one of its candidates (a typo must not link anyone)."""
    found = find_ref(con, ref_id)
    if found is None:
        raise UnknownReference(
            f"{ref_id}: no such person reference (see `probity people review list`)")
    ref, options = found
    if person_id not in options:
        shown = ", ".join(options) or "none"
        raise ValueError(f"{person_id} is not linked to or a candidate for {ref_id} ({shown})")
    return ref


def review_count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(
        f"""SELECT count(*) FROM person_ref r
            WHERE (r.person_id IS NULL AND EXISTS (SELECT 1 FROM person_ref_candidate k
                                                   WHERE k.record_id = r.record_id
                                                     AND k.idx = r.idx))
               OR (r.person_id IS NOT NULL AND r.confidence < {LOW_CONFIDENCE}
                   AND r.method <> '{REVIEWED}')""").fetchone()
    return int(row[0]) if row else 0


_MATCH = """record_id = ? AND role = ? AND coalesce(scheme, '') = ? AND coalesce(value, '') = ?
            AND coalesce(name, '') = ?"""


def apply_decisions(con: duckdb.DuckDBPyConnection, decisions: list[Decision],
                    refs: str = "person_ref", candidates: str = "person_ref_candidate") -> int:
    """Apply every decision, oldest first, to the `refs` and `candidates` tables (the store's, or
    a read-only connection's temporary copies: see overlay.py); returns how many references
    changed. A confirmed person becomes the link (method `reviewed`, confidence 1) and the
    candidates go; a rejected person is unlinked (method `rejected`) or dropped from the
    candidates."""
    changed = 0
    for d in decisions:
        key = [d.ref.record_id, d.ref.role, d.ref.scheme, d.ref.value, d.ref.name]
        if d.verdict == "confirm":
            hit = con.execute(
                f"""UPDATE {refs} SET person_id = ?, method = '{REVIEWED}', confidence = 1.0
                    WHERE {_MATCH} RETURNING idx""", [d.person_id, *key]).fetchall()
            for (idx,) in hit:
                con.execute(f"DELETE FROM {candidates} WHERE record_id = ? AND idx = ?",
                            [d.ref.record_id, idx])
        else:
            hit = con.execute(
                f"""UPDATE {refs} SET person_id = NULL, method = '{REJECTED}', confidence = 0
                    WHERE {_MATCH} AND person_id = ? RETURNING idx""",
                [*key, d.person_id]).fetchall()
            hit += con.execute(
                f"""DELETE FROM {candidates} WHERE person_id = ? AND record_id = ?
                      AND idx IN (SELECT idx FROM {refs} WHERE {_MATCH}) RETURNING idx""",
                [d.person_id, d.ref.record_id, *key]).fetchall()
        changed += len(hit)
    return changed
