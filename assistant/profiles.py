"""People as a user may see them: search by name or identifier, and a profile with a timeline.

A person's records are found with the answer engine's own scope (`where_clause`), so a profile's
counts agree with what `ask` counts, and then narrowed by `visible_clause`: restricted records are
absent from the counts, postings and timeline of an uncleared user, not merely hidden.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any, NamedTuple

import duckdb

from assistant.answering import headlines
from assistant.answers import User
from assistant.facts import record_facts
from assistant.people import StoreDirectory
from assistant.records import RECORD_KINDS
from assistant.redaction import Redactor
from assistant.structured import CATEGORY_COLUMN, Scope, where_clause
from assistant.understand.taxonomy import canonical_category
from assistant.views import visible_clause


class Linked(NamedTuple):
    record_id: str
    kind: str
    day: date | None
    category: str | None


def visible_people(
    con: duckdb.DuckDBPyConnection, person_ids: list[str], cleared: bool
) -> set[str]:
    rows = con.execute(
        f"""SELECT record_id FROM person t WHERE {visible_clause("person", cleared)}
                           AND record_id IN (SELECT unnest(?::VARCHAR[]))""",
        [person_ids],
    )
    return {r for (r,) in rows.fetchall()}


def linked_records(con: duckdb.DuckDBPyConnection, person_id: str, cleared: bool) -> list[Linked]:
    """Every record about `person_id` that exists for the user, newest first."""
    out: list[Linked] = []
    for kind, model in RECORD_KINDS.items():
        if kind == "person":
            continue
        where, params, _ = where_clause(
            con, Scope(kind=kind, cleared=cleared, person_ids=(person_id,))
        )
        day = f"t.{model.date_field}" if model.date_field else "NULL"
        category = f"t.{CATEGORY_COLUMN[kind]}" if kind in CATEGORY_COLUMN else "NULL"
        rows = con.execute(
            f"SELECT record_id, {day}, {category} FROM {kind} t WHERE {where} "
            f"AND {visible_clause(kind, cleared)}",
            params,
        ).fetchall()
        for record_id, value, cat in rows:
            value = value.date() if isinstance(value, datetime) else value
            out.append(Linked(record_id, kind, value, canonical_category(cat) or cat))
    return sorted(
        out, key=lambda r: (r.day is not None, r.day or date.min, r.record_id), reverse=True
    )


def _postings(
    con: duckdb.DuckDBPyConnection, person_id: str, records: list[Linked]
) -> list[dict[str, Any]]:
    """Unit and rank as each visible record gave them, with the dates they were seen."""
    days = {r.record_id: r.day for r in records}
    rows = con.execute(
        "SELECT record_id, unit, rank FROM person_ref WHERE person_id = ?", [person_id]
    ).fetchall()
    seen: dict[tuple[str | None, str | None], list[date | None]] = {}
    for record_id, unit, rank in rows:
        if record_id in days and (unit or rank):
            seen.setdefault((unit, rank), []).append(days[record_id])
    postings = []
    for (unit, rank), when in seen.items():
        dated = sorted(d for d in when if d)
        postings.append(
            {
                "unit": unit,
                "rank": rank,
                "records": len(when),
                "first_seen": dated[0] if dated else None,
                "last_seen": dated[-1] if dated else None,
            }
        )
    return sorted(postings, key=lambda p: (p["first_seen"] or date.max, p["unit"] or ""))


def _by_category(records: list[Linked]) -> dict[str, dict[str, int]]:
    """Per kind, records per category (a complaint category and a duty type never mix)."""
    counts: dict[str, Counter[str]] = {}
    for r in records:
        if r.category:
            counts.setdefault(r.kind, Counter())[r.category] += 1
    return {kind: dict(c.most_common()) for kind, c in counts.items()}


def _by_month(records: list[Linked]) -> list[dict[str, Any]]:
    """Records per month, kind and category over the whole history (the profile timeline draws
    every month from this, not from the page of timeline items loaded)."""
    counts = Counter((r.day.strftime("%Y-%m"), r.kind, r.category) for r in records if r.day)
    return [{"month": m, "kind": k, "category": c, "records": n}
            for (m, k, c), n in sorted(counts.items(), key=lambda x: (x[0][0], x[0][1],
                                                                      x[0][2] or ""))]


def _timeline(
    con: duckdb.DuckDBPyConnection, page: list[Linked], redactor: Redactor
) -> list[dict[str, Any]]:
    ids = [r.record_id for r in page]
    facts, heads = record_facts(con, ids), headlines(con, ids, redactor)
    return [
        {
            "record_id": r.record_id,
            "kind": r.kind,
            "date": r.day,
            "category": r.category,
            "label": facts[r.record_id].label if r.record_id in facts else r.record_id,
            "headline": heads[r.record_id][3] if r.record_id in heads else None,
            "source": facts[r.record_id].ref.source if r.record_id in facts else None,
        }
        for r in page
    ]


def _resolution(con: duckdb.DuckDBPyConnection, person_id: str, cleared: bool) -> list[dict[str, Any]]:
    """How each system's references reached this person: per source and scheme, by which method
    (exact identifier, normalised identifier, name in context), how many, and how confidently."""
    # A reference on a restricted record is itself restricted: it would reveal the record.
    visible = "" if cleared else " AND (" + " OR ".join(
        f"(r.kind = '{kind}' AND EXISTS (SELECT 1 FROM {kind} t "
        f"WHERE t.record_id = r.record_id AND NOT t.restricted))"
        for kind in RECORD_KINDS
    ) + ")"
    rows = con.execute(
        f"""SELECT r.mapping, r.kind, coalesce(r.scheme, 'name') AS scheme, r.method, count(*),
                   min(r.confidence)
            FROM person_ref r WHERE r.person_id = ?{visible}
            GROUP BY ALL ORDER BY r.mapping, r.kind, scheme, r.method""",
        [person_id],
    ).fetchall()
    return [{"source": m, "kind": k, "scheme": s, "method": meth, "references": n,
             "lowest_confidence": round(c, 2)} for m, k, s, meth, n, c in rows]


def person_profile(
    con: duckdb.DuckDBPyConnection, person_id: str, user: User, limit: int = 50, offset: int = 0
) -> dict[str, Any] | None:
    cleared = user.cleared_for_restricted
    if not visible_people(con, [person_id], cleared):
        return None
    person = StoreDirectory(con, cleared).describe([person_id])[person_id]
    row = (
        con.execute(
            "SELECT district, role_title, start_date, leave_date FROM person WHERE record_id = ?",
            [person_id],
        ).fetchone()
        or (None,) * 4
    )
    identifiers = con.execute(
        "SELECT DISTINCT scheme, value FROM person_identifier "
        "WHERE person_id = ? ORDER BY scheme, value",
        [person_id],
    ).fetchall()
    records = linked_records(con, person_id, cleared)
    redactor = Redactor(con, active=not user.sees_complainant_details)
    return {
        "person_id": person_id,
        "name": person["name"],
        "rank": person["rank"],
        "unit": person["unit"],
        "force": person["force"],
        "district": row[0],
        "role_title": row[1],
        "start_date": row[2],
        "leave_date": row[3],
        "identifiers": [{"scheme": s, "value": v} for s, v in identifiers],
        "resolution": _resolution(con, person_id, cleared),
        "postings": _postings(con, person_id, records),
        "counts": {
            "total": len(records),
            "by_kind": dict(Counter(r.kind for r in records).most_common()),
            "by_category": _by_category(records),
            "by_year": dict(sorted(Counter(str(r.day.year) for r in records if r.day).items())),
            "by_month": _by_month(records),
        },
        "timeline": {
            "total": len(records),
            "limit": limit,
            "offset": offset,
            "items": _timeline(con, records[offset : offset + limit], redactor),
        },
    }


def search_people(
    con: duckdb.DuckDBPyConnection, query: str, user: User, limit: int = 20, offset: int = 0
) -> dict[str, Any]:
    """People whose identifier or name matches `query`, best first; only people the user may see."""
    directory = StoreDirectory(con, user.cleared_for_restricted)
    scores: dict[str, tuple[float, str]] = {}
    for pid, score in directory.find_by_name(query):
        scores[pid] = (round(score, 3), "name")
    for token in {query.strip(), *query.split()}:
        for pid in directory.find_by_identifier(token):
            scores[pid] = (1.0, "identifier")
    shown = visible_people(con, list(scores), user.cleared_for_restricted)
    ranked = sorted(shown, key=lambda p: (-scores[p][0], p))
    page = ranked[offset : offset + limit]
    people = directory.describe(page)
    items = [
        {
            "person_id": pid,
            **people[pid],
            "identifiers": [
                {"scheme": s, "value": v} for s, v in sorted(people[pid]["identifiers"].items())
            ],
            "match": scores[pid][1],
            "score": scores[pid][0],
        }
        for pid in page
    ]
    return {"total": len(ranked), "limit": limit, "offset": offset, "items": items}
