"""The data's own vocabulary: every record kind's categorical fields and their distinct values.

Why: categories, districts, systems, statuses… differ from force to force; a lexicon written for
one export drops the filters of the next ("complaints in district 12" became every complaint).
The catalogue is built from the store at the end of ingest (table `catalogue`), loaded once per
engine, and linked to questions by `CatalogueBinder`, so a filter on any categorical field of any
kind works for a new force's export with no code change.

Fields come only from the fixed record model and the mappings' `attributes:` (an export's own
extra columns, stored in `record_attribute`) — never from question text; a field counts as
categorical when it is a text field that is not narrative, identity or free text and has at most
`MAX_VALUES` distinct values.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import UnionType
from typing import Union, get_args, get_origin

import duckdb

from assistant.records import RECORD_KINDS
from assistant.understand.numeric import NumericField

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
# The officers a record names, as the record names them: their rank and unit *at the time*
# (person_ref), not today's. "Complaints that accused a sergeant", "officers assigned to unit
# 011", "Highway Patrol officers" filter on these (a pseudo-kind: no table of its own).
OFFICER = "officer"
OFFICER_FIELDS = ("rank", "unit")
CANDIDATE_FIELDS[OFFICER] = list(OFFICER_FIELDS)


def officer_value(field: str, ref: str = "r") -> str:
    """SQL for the rank/unit of the officer a person_ref row `ref` names: the reference's own.
    Where an export's references of a kind never give a rank, it is the resolved officer's on the
    staff list: a force whose complaint system names officers by collar number alone
    ("complaints against sergeants" on the synthetic force) keeps ranks only there, so the rank
    is then the officer's current one. An export that gives ranks (Chicago's accused file) keeps
    its own, blanks included: a blank is not today's rank (584 sergeant complaints, not 586)."""
    if field != "rank":
        return f"{ref}.{field}"
    return (f"coalesce({ref}.rank, CASE WHEN concat({ref}.kind, '/', {ref}.mapping) NOT IN "
            f"(SELECT DISTINCT concat(kind, '/', mapping) FROM person_ref WHERE rank IS NOT NULL) "
            f"THEN (SELECT p.rank FROM person p WHERE p.record_id = {ref}.person_id) END)")


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
        if kind not in RECORD_KINDS:
            continue  # OFFICER has no table of its own (`_officer_rows`)
        for name in fields:  # names from the record model only
            (distinct,) = con.execute(
                f"SELECT count(DISTINCT {name}) FROM {kind}").fetchone() or (0,)
            if not 0 < distinct <= MAX_VALUES:
                continue
            rows += [(kind, name, str(v), int(n), int(n_open)) for v, n, n_open in con.execute(
                f"SELECT {name}, count(*), count(*) FILTER (WHERE NOT restricted) FROM {kind} "
                f"WHERE {name} IS NOT NULL AND trim({name}) <> '' GROUP BY 1").fetchall()]
    return rows + _attribute_rows(con)


def _attribute_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int, int]]:
    """The mappings' `attributes:` (an export's own columns beyond the record model), catalogued
    like model fields: a name with more than MAX_VALUES distinct values is not a category."""
    rows: list[tuple[str, str, str, int, int]] = []
    for kind, name in attribute_fields(con):
        found = con.execute(
            f"SELECT a.value, count(DISTINCT a.record_id), "
            f"count(DISTINCT a.record_id) FILTER (WHERE NOT t.restricted) "
            f"FROM record_attribute a JOIN {kind} t USING (record_id) "
            f"WHERE a.kind = ? AND a.name = ? AND trim(a.value) <> '' GROUP BY 1",
            [kind, name]).fetchall()
        if 0 < len(found) <= MAX_VALUES:
            rows += [(kind, name, str(v), int(n), int(n_open)) for v, n, n_open in found]
    return rows


def _officer_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int, int]]:
    """(officer, rank|unit, value, records, records an uncleared reader may see) from the
    references; a value held only on restricted records is not offered to an uncleared one."""
    rows: list[tuple[str, str, str, int, int]] = []
    kinds = [k for (k,) in con.execute("SELECT DISTINCT kind FROM person_ref").fetchall()
             if k in RECORD_KINDS and k != "person"]
    for name in OFFICER_FIELDS:
        value = officer_value(name)
        (distinct,) = con.execute(f"SELECT count(DISTINCT {value}) FROM person_ref r"
                                  ).fetchone() or (0,)
        if not 0 < distinct <= MAX_VALUES * 5 or not kinds:
            continue
        union = " UNION ALL ".join(
            f"SELECT {value} AS v, r.record_id, t.restricted FROM person_ref r JOIN {kind} t "
            f"ON t.record_id = r.record_id WHERE r.kind = '{kind}' AND coalesce(r.role, '') "
            f"<> 'mentioned' AND {value} IS NOT NULL AND trim({value}) <> ''"
            for kind in kinds)
        rows += [(OFFICER, name, str(v), int(n), int(n_open)) for v, n, n_open in con.execute(
            f"SELECT v, count(DISTINCT record_id), count(DISTINCT record_id) FILTER (WHERE NOT "
            f"restricted) FROM ({union}) GROUP BY 1").fetchall()]
    return rows


def attribute_fields(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(kind, attribute name) pairs the store holds, for kinds of the record model only."""
    pairs = con.execute("SELECT DISTINCT kind, name FROM record_attribute ORDER BY 1, 2").fetchall()
    return [(k, n) for k, n in pairs if k in RECORD_KINDS and n not in CANDIDATE_FIELDS[k]]


def build(con: duckdb.DuckDBPyConnection, aliases: dict[str, list[str]] | None = None) -> int:
    """(Re)build the `catalogue` table from the records and add the mappings' `aliases:` (kept
    across ingest runs, as each run may bring another mapping); returns the number of values."""
    rows = _rows(con) + _officer_rows(con)
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
    if not any(r[0] == OFFICER for r in rows):  # a store catalogued before officers were
        rows += _officer_rows(con)
    attributes = set(attribute_fields(con))
    return [Entry(*r) for r in rows
            if r[1] in CANDIDATE_FIELDS.get(r[0], ()) or (r[0], r[1]) in attributes]


# The days a record lasted, where the record model has a start and an end date: (start, end,
# days added: an absence's first and last day are both days of absence; a case closed the day it
# opened was open 0 days). Read as the numeric field `<kind>_days` ("absences of over 10 days").
DURATIONS: dict[str, tuple[str, str, int]] = {"absence": ("start_date", "end_date", 1),
                                              "conduct_case": ("opened_date", "closed_date", 0)}


def _numeric_columns(kind: str) -> list[str]:
    out = []
    for name, info in RECORD_KINDS[kind].model_fields.items():
        optional = get_origin(info.annotation) in (Union, UnionType)
        types = set(get_args(info.annotation)) if optional else {info.annotation}
        if types - {type(None)} and types - {type(None)} <= {int, float} and name != "restricted":
            out.append(name)
    return out


def numeric_fields(con: duckdb.DuckDBPyConnection) -> list[NumericField]:
    """The numeric fields the store holds values of: the record model's int/float columns, the
    mappings' `attributes:` whose every value is a number ("days_to_closure"), and the days a
    record with a start and an end date lasted (`DURATIONS`). Names come from the record model
    and the store, never from a question."""
    out: list[NumericField] = []
    for kind in RECORD_KINDS:
        for name in _numeric_columns(kind):  # names from the record model only
            (n,) = con.execute(f"SELECT count({name}) FILTER (WHERE {name} <> 0) FROM {kind}"
                               ).fetchone() or (0,)
            if n:
                out.append(NumericField(kind, name))
        if kind in DURATIONS:
            start, end, _ = DURATIONS[kind]
            (n,) = con.execute(f"SELECT count(*) FROM {kind} WHERE {start} IS NOT NULL AND "
                               f"{end} IS NOT NULL").fetchone() or (0,)
            if n:
                out.append(NumericField(kind, f"{kind}_days", column=False,
                                        derived=DURATIONS[kind]))
    attributes = set(attribute_fields(con))
    for kind, name, n, numbers in con.execute(
            "SELECT kind, name, count(*), count(TRY_CAST(value AS DOUBLE)) FROM record_attribute "
            "WHERE trim(value) <> '' GROUP BY 1, 2 ORDER BY 1, 2").fetchall():  # a stable order
        if (kind, name) in attributes and n and n == numbers:
            out.append(NumericField(kind, name, column=False))
    return out


def date_fields(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(kind, name) of the mappings' `attributes:` whose every value is a YYYY-MM-DD day (typed
    `date` in the mapping: Chicago's `closed_date`): a period said of one filters it
    (understand/date_fields.py). Names come from the store, never from a question."""
    attributes = set(attribute_fields(con))
    rows = con.execute(
        "SELECT kind, name, count(*), count(*) FILTER (WHERE regexp_full_match(value, "
        "'[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(value AS DATE) IS NOT NULL) "
        "FROM record_attribute WHERE trim(value) <> '' GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    return [(k, n) for k, n, count, days in rows if (k, n) in attributes and count == days]


def text_attributes(con: duckdb.DuckDBPyConnection, numeric: list[NumericField],
                    dates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(kind, name) of the attributes that are neither numbers nor dates: said present or absent
    ("with a civil suit") however many values they hold; a number is compared, not said there."""
    measured = {(f.kind, f.field) for f in numeric} | set(dates)
    return [kf for kf in attribute_fields(con) if kf not in measured]


def birth_dates(con: duckdb.DuckDBPyConnection) -> list[NumericField]:
    """The date-of-birth columns (`birth_date`) the store holds values of: compared by their year
    ("born before 1970", understand/born.py), never read as a measure of days or years."""
    out = []
    for kind, model in RECORD_KINDS.items():
        if "birth_date" in model.model_fields:
            (n,) = con.execute(f"SELECT count(birth_date) FROM {kind}").fetchone() or (0,)
            if n:
                out.append(NumericField(kind, "birth_date"))
    return out
