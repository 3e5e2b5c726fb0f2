"""The record store: DuckDB tables generated from the canonical models in records.py.

One table per record kind (named after the kind) with the shared provenance columns, plus:
`person_ref` (every person reference, raw and resolved), `person_ref_candidate` (the few people
an ambiguous reference could be, see ingestion/resolve.py), `person_identifier` (the identifier
crosswalk), `chunk` (narrative spans with offsets), `quarantine` (rows that could not be stored,
with reason and raw content), `ingest_run` (per-entry ingest history) and `store_meta` (this
store's random `store_id`, which binds a Chroma server collection to the store that filled it).
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from assistant.records import RECORD_KINDS, Record, record_fields

_SCALAR_TYPES: dict[Any, str] = {
    str: "VARCHAR",
    int: "BIGINT",
    float: "DOUBLE",
    bool: "BOOLEAN",
    date: "DATE",
    datetime: "TIMESTAMP",
}

SHARED_COLUMNS = [
    ("record_id", "VARCHAR NOT NULL"),
    ("force", "VARCHAR NOT NULL"),
    ("source_mapping", "VARCHAR NOT NULL"),
    ("source_file", "VARCHAR NOT NULL"),
    ("source_row", "BIGINT NOT NULL"),
    ("restricted", "BOOLEAN NOT NULL"),
    ("content_hash", "VARCHAR NOT NULL"),
    ("ingested_at", "TIMESTAMP NOT NULL"),
]

# The few people an ambiguous reference could be (ingestion/resolve.py); also the shape of the
# empty stand-in a read-only store from before this table gets (`_stand_in_for_missing_tables`).
PERSON_REF_CANDIDATE_COLUMNS = (
    "record_id VARCHAR NOT NULL, idx INTEGER, person_id VARCHAR NOT NULL, candidates INTEGER NOT NULL"
)

SUPPORT_TABLES = f"""
CREATE TABLE IF NOT EXISTS person_ref (
    record_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, force VARCHAR NOT NULL,
    mapping VARCHAR NOT NULL, idx INTEGER, role VARCHAR, scheme VARCHAR, value VARCHAR, name VARCHAR, unit VARCHAR, rank VARCHAR,
    person_id VARCHAR, method VARCHAR DEFAULT 'unresolved', confidence DOUBLE DEFAULT 0
);
CREATE TABLE IF NOT EXISTS person_ref_candidate ({PERSON_REF_CANDIDATE_COLUMNS});
CREATE TABLE IF NOT EXISTS person_identifier (
    person_id VARCHAR NOT NULL, force VARCHAR NOT NULL, scheme VARCHAR NOT NULL,
    value VARCHAR NOT NULL, norm_value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS chunk (
    chunk_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    field VARCHAR NOT NULL, start_pos INTEGER NOT NULL, end_pos INTEGER NOT NULL,
    text VARCHAR NOT NULL, force VARCHAR NOT NULL, restricted BOOLEAN NOT NULL,
    record_date DATE, category VARCHAR, embedded BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE IF NOT EXISTS quarantine (
    mapping VARCHAR NOT NULL, file VARCHAR NOT NULL, row BIGINT NOT NULL, kind VARCHAR,
    reason VARCHAR NOT NULL, raw VARCHAR, quarantined_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO store_meta SELECT 'store_id', uuid()::VARCHAR
    WHERE NOT EXISTS (SELECT 1 FROM store_meta WHERE key = 'store_id');
CREATE TABLE IF NOT EXISTS ingest_run (
    mapping VARCHAR, entry VARCHAR, file VARCHAR, started_at TIMESTAMP, seconds DOUBLE,
    rows BIGINT, inserted BIGINT, updated BIGINT, unchanged BIGINT, merged BIGINT,
    skipped BIGINT, quarantined BIGINT
);
"""

# Identifier normal form shared by the crosswalk and lookups: upper-case alphanumerics, with a
# rank/title prefix ("PC 01234", "Det Supt 14485", "Star #982") and leading zeros removed from
# numbers. Other letters are kept: a login like "leem01" is not the number 1. Senior ranks are
# listed too: a chief inspector's "CI 5442" is their collar number as much as a PC's "PC 5442".
IDENTIFIER_PREFIXES = (
    "PC|PS|DC|DS|WPC|TDC|SGT|DSGT|DETSGT|INSP|DI|CI|DCI|CHINSP|SUPT|DSUPT|DETSUPT|DSU|CSUPT|"
    "CHSUPT|DCS|PCSO|PO|LT|CAPT|STAR|COLLAR|NO")
NORMALISE_IDENTIFIER_MACRO = rf"""
CREATE OR REPLACE MACRO norm_ident(v) AS (
    CASE
        WHEN regexp_matches(regexp_replace(upper(v), '[^A-Z0-9]', '', 'g'),
                            '^({IDENTIFIER_PREFIXES})?[0-9]+$')
        THEN coalesce(nullif(ltrim(regexp_extract(
                regexp_replace(upper(v), '[^A-Z0-9]', '', 'g'), '([0-9]+)$', 1), '0'), ''), '0')
        ELSE regexp_replace(upper(v), '[^A-Z0-9@.]', '', 'g')
    END
)
"""


def duck_type(annotation: Any) -> str:
    """DuckDB column type for a model field annotation (Optional unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return duck_type(args[0])
    if origin is list:
        return "VARCHAR[]"
    if origin is dict:
        return "MAP(VARCHAR, VARCHAR)"
    return _SCALAR_TYPES.get(annotation, "VARCHAR")


def kind_columns(model: type[Record]) -> list[tuple[str, str]]:
    return [(name, duck_type(model.model_fields[name].annotation)) for name in record_fields(model)]


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    for kind, model in RECORD_KINDS.items():
        cols = SHARED_COLUMNS + kind_columns(model)
        con.execute(f"CREATE TABLE IF NOT EXISTS {kind} ({', '.join(f'{n} {t}' for n, t in cols)})")
    # A field added to a kind since the store was written becomes an empty column.
    present = set(con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                              "WHERE schema_name = 'main' AND database_name = current_database()").fetchall())
    for kind, model in RECORD_KINDS.items():
        for name, type_ in kind_columns(model):
            if (kind, name) not in present:
                con.execute(f"ALTER TABLE {kind} ADD COLUMN {name} {type_}")
    con.execute(SUPPORT_TABLES)
    con.execute(NORMALISE_IDENTIFIER_MACRO)


# Point-lookup indexes. Answers read records by id and a person's records through person_ref;
# without an index each such read scans its table — at 45,000 staff ~300 ms for one duty shift
# among 15M, 1–2 ms with one. They are built after ingest has written and resolved everything
# (`create_lookup_indexes`) and dropped before it starts (`drop_lookup_indexes`), so bulk writes
# and resolution's person_id updates never maintain them row by row: 64 s at 45,000 staff.
LOOKUP_INDEXES: dict[str, tuple[str, str]] = {
    **{f"{kind}_record_id": (kind, "record_id") for kind in RECORD_KINDS},
    "person_ref_record_id": ("person_ref", "record_id"),
    "person_ref_person_id": ("person_ref", "person_id"),
    "allegation_complaint_id": ("allegation", "complaint_id"),
}


def drop_lookup_indexes(con: duckdb.DuckDBPyConnection) -> None:
    for name in LOOKUP_INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {name}")


def create_lookup_indexes(con: duckdb.DuckDBPyConnection) -> None:
    for name, (table, column) in LOOKUP_INDEXES.items():
        con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table}({column})")


def store_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """This store's id (None for a read-only store written before ids existed)."""
    try:
        row = con.execute("SELECT value FROM store_meta WHERE key = 'store_id'").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def _stand_in_for_missing_tables(con: duckdb.DuckDBPyConnection) -> None:
    """A store written before `person_ref_candidate` existed reads as having no ambiguous
    references: an empty temporary table stands in (created only when the real one is absent,
    so it never hides it)."""
    present = con.execute(
        "SELECT 1 FROM duckdb_tables() WHERE table_name = 'person_ref_candidate' AND NOT temporary"
    ).fetchone()
    if not present:
        con.execute(f"CREATE TEMP TABLE person_ref_candidate ({PERSON_REF_CANDIDATE_COLUMNS})")


def connect(
    path: Path, read_only: bool = False, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the record store and make sure the schema exists.

    `memory_limit` caps DuckDB's buffer pool (its default is 80% of RAM: a 45,000-staff ingest
    grew to 14 GB uncapped); DuckDB spills to disk beyond it. It is SET after connecting because
    connections to one file in a process share one database, which refuses differing configs.
    """
    if read_only:
        con = duckdb.connect(str(path), read_only=True)
        con.execute(
            NORMALISE_IDENTIFIER_MACRO.replace(
                "CREATE OR REPLACE MACRO", "CREATE OR REPLACE TEMP MACRO"
            )
        )
        _stand_in_for_missing_tables(con)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path))
        create_schema(con)
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")  # validated by Settings
    # `record_id IN (SELECT unnest(?))` is a semi join; DuckDB turns its build side into an
    # index-usable IN filter only up to this many values (default 50). A profile cites a few
    # hundred ids: 400 ids in person_ref (26M rows) took 773 ms as a scan, 17 ms via the index.
    con.execute("SET dynamic_or_filter_threshold = 2048")
    return con
