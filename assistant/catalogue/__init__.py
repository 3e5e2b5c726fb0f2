"""The data's own vocabulary: every record kind's categorical fields and their distinct values.

Why: categories, districts, systems, statuses… differ from force to force; a lexicon written for
one export drops the filters of the next ("complaints in district 12" became every complaint).
The catalogue is built from the store at the end of ingest (table `catalogue`), loaded once per
engine, and linked to questions by `CatalogueBinder`, so a filter on any categorical field of any
kind works for a new force's export with no code change.

Fields come only from the fixed record model (never from question text); a field counts as
categorical when it is a text field that is not narrative, identity or free text and has at most
`MAX_VALUES` distinct values.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import UnionType
from typing import Union, get_args, get_origin

import duckdb

from assistant.records import RECORD_KINDS

MAX_VALUES = 400  # more distinct values than this: an identifier or free text, not a category
NOT_CATEGORICAL = {"record_id", "force", "content_hash", "reference", "name", "given_name",
                   "family_name", "complainant", "subject_searched", "linked_case_ref",
                   "counterparty", "start_time", "end_time", "complaint_id", "location",
                   # a document's metadata is free text, not a category (its file_type is one)
                   "path", "title", "author", "subject", "sender", "recipients", "sha256", "pages",
                   # a membership list's member is a person's identity, not a category
                   "member_name", "member_address", "member_postcode"}


def _text_fields(kind: str) -> list[str]:
    model = RECORD_KINDS[kind]
    out = []
    for name, info in model.model_fields.items():
        optional = get_origin(info.annotation) in (Union, UnionType)
        types = set(get_args(info.annotation)) if optional else {info.annotation}
        if types <= {str, type(None)} and name not in NOT_CATEGORICAL and name not in model.narrative_fields:
            out.append(name)
    return out


CANDIDATE_FIELDS: dict[str, list[str]] = {k: _text_fields(k) for k in RECORD_KINDS}


@dataclass(frozen=True)
class Entry:
    kind: str
    field: str
    value: str
    n: int  # every record
    n_open: int  # records an uncleared user may see


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int, int]]:
    rows: list[tuple[str, str, str, int, int]] = []
    for kind, fields in CANDIDATE_FIELDS.items():
        for name in fields:  # names from the record model only
            (distinct,) = con.execute(
                f"SELECT count(DISTINCT {name}) FROM {kind}").fetchone() or (0,)
            if not 0 < distinct <= MAX_VALUES:
                continue
            rows += [(kind, name, str(v), int(n), int(n_open)) for v, n, n_open in con.execute(
                f"SELECT {name}, count(*), count(*) FILTER (WHERE NOT restricted) FROM {kind} "
                f"WHERE {name} IS NOT NULL AND trim({name}) <> '' GROUP BY 1").fetchall()]
    return rows


def build(con: duckdb.DuckDBPyConnection, aliases: dict[str, list[str]] | None = None) -> int:
    """(Re)build the `catalogue` table from the records and add the mappings' `aliases:` (kept
    across ingest runs, as each run may bring another mapping); returns the number of values."""
    rows = _rows(con)
    con.execute("CREATE OR REPLACE TABLE catalogue (kind VARCHAR, field VARCHAR, value VARCHAR, "
                "n BIGINT, n_open BIGINT)")
    if rows:
        con.executemany("INSERT INTO catalogue VALUES (?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TABLE IF NOT EXISTS catalogue_alias (value VARCHAR, alias VARCHAR, "
                "PRIMARY KEY (value, alias))")
    pairs = [(v, a) for v, words in (aliases or {}).items() for a in words]
    if pairs:
        con.executemany("INSERT OR IGNORE INTO catalogue_alias VALUES (?, ?)", pairs)
    return len(rows)


def load_aliases(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The mappings' other words for stored values ({} for a store without any)."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'catalogue_alias'").fetchone()
    out: dict[str, list[str]] = {}
    if exists and exists[0]:
        for value, alias in con.execute("SELECT value, alias FROM catalogue_alias").fetchall():
            out.setdefault(value, []).append(alias)
    return out


def load(con: duckdb.DuckDBPyConnection) -> list[Entry]:
    """The catalogue as stored; a store ingested before it existed gets it computed once."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'catalogue'").fetchone()
    rows = (con.execute("SELECT kind, field, value, n, n_open FROM catalogue").fetchall()
            if exists and exists[0] else _rows(con))
    return [Entry(*r) for r in rows if r[1] in CANDIDATE_FIELDS.get(r[0], ())]
