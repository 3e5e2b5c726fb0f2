"""What a user may see of one record: its fields, provenance, people and links, as a plain dict.

The API and the UI both show records through `record_view`, so clearance and redaction are applied
once. A restricted record is simply absent for an uncleared user (None, like a missing id), and so
is an allegation whose complaint is restricted: the allegation would otherwise point at it.
Complainant details are masked with the same length-preserving `Redactor` answers use, so a
citation's offsets line up with the record view the user opens from it.
"""

from __future__ import annotations

from typing import Any

import duckdb

from assistant.answers import User
from assistant.citations import kind_of
from assistant.records import RECORD_KINDS, record_fields
from assistant.redaction import Redactor, mask


def visible_clause(kind: str, cleared: bool) -> str:
    """SQL over alias `t` (a row of `kind`): true when the record exists for this user."""
    if cleared:
        return "true"
    clause = "NOT t.restricted"
    if kind == "allegation":
        clause += (
            " AND NOT EXISTS (SELECT 1 FROM complaint c "
            "WHERE c.record_id = t.complaint_id AND c.restricted)"
        )
    return clause


def exists(con: duckdb.DuckDBPyConnection, record_id: str) -> bool:
    """Whether the record is stored at all (for the audit entry only; never shown to a user)."""
    try:
        kind = kind_of(record_id)
    except ValueError:
        return False
    row = con.execute(f"SELECT 1 FROM {kind} WHERE record_id = ?", [record_id]).fetchone()
    return row is not None


def _people(
    con: duckdb.DuckDBPyConnection, record_id: str, redact: bool
) -> tuple[list[dict[str, Any]], bool]:
    """The record's person references, complainants masked when `redact`; and whether any was."""
    cur = con.execute(
        """SELECT role, scheme, value, name, unit, rank, person_id, method, confidence
           FROM person_ref WHERE record_id = ? ORDER BY idx""",
        [record_id],
    )
    names = [d[0] for d in cur.description]
    people = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    masked = False
    for ref in people:
        if redact and "complainant" in (ref["role"] or "").lower():
            for key in ("name", "value"):
                if ref[key]:
                    ref[key], masked = mask(ref[key], [(0, len(ref[key]))]), True
    return people, masked


def _related(
    con: duckdb.DuckDBPyConnection, kind: str, data: dict[str, Any], cleared: bool
) -> list[dict[str, str]]:
    if kind == "complaint":
        rows = con.execute(
            f"""SELECT record_id FROM allegation t WHERE complaint_id = ?
                AND {visible_clause("allegation", cleared)} ORDER BY record_id""",
            [data["record_id"]],
        ).fetchall()
        return [{"record_id": r, "kind": "allegation", "relation": "allegation"} for (r,) in rows]
    if kind == "allegation" and data.get("complaint_id"):
        return [{"record_id": data["complaint_id"], "kind": "complaint", "relation": "complaint"}]
    return []


def record_view(
    con: duckdb.DuckDBPyConnection, record_id: str, user: User
) -> dict[str, Any] | None:
    """The record as `user` may see it, or None when it doesn't exist for them."""
    try:
        kind = kind_of(record_id)
    except ValueError:
        return None
    cleared = user.cleared_for_restricted
    cur = con.execute(
        f"SELECT * FROM {kind} t WHERE t.record_id = ? AND {visible_clause(kind, cleared)}",
        [record_id],
    )
    row = cur.fetchone()
    if row is None:
        return None
    data = dict(zip([d[0] for d in cur.description], row, strict=True))
    redactor = Redactor(con, active=not user.sees_complainant_details)
    names = record_fields(RECORD_KINDS[kind])
    # The whole stored fields were just read: masked as they are, not read again field by field.
    texts = redactor.texts(
        {(record_id, n): v for n in names if isinstance(v := data.get(n), str)}
    )
    fields: dict[str, Any] = {n: texts.get((record_id, n), data.get(n)) for n in names}
    people, masked = _people(con, record_id, redactor.active)
    return {
        "record_id": record_id,
        "kind": kind,
        "force": data["force"],
        "restricted": bool(data["restricted"]),
        "redacted": masked or any(fields[n] != data.get(n) for n in fields),
        "fields": fields,
        "provenance": {
            "mapping": data["source_mapping"],
            "file": data["source_file"],
            "row": data["source_row"],
        },
        "content_hash": data["content_hash"],
        "ingested_at": data["ingested_at"],
        "people": people,
        "related": _related(con, kind, data, cleared),
    }
