"""Write one mapped entry into the store: quarantine, de-duplicate, hash, upsert.

Every staged row ends in exactly one bucket — inserted, updated, unchanged, merged (folded into
another row with the same id), skipped (a `require` column empty) or quarantined — and the counts
are checked to add up, so a row can never vanish unaccounted.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb

from ingestion.compile import Compiled, lit
from ingestion.readers import Reject, Staged


@dataclass
class EntryCounts:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    skipped: int = 0
    quarantined: int = 0

    @property
    def stored(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def as_dict(self) -> dict[str, int]:
        return asdict(self) | {"stored": self.stored}


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _quarantine(
    con: duckdb.DuckDBPyConnection, mapping: str, file: str, kind: str, rejects: list[Reject]
) -> None:
    if not rejects:
        return
    now = datetime.now()
    con.executemany(
        "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(mapping, file, r.row, kind, r.reason, r.raw, now) for r in rejects],
    )


def write_entry(
    con: duckdb.DuckDBPyConnection,
    *,
    mapping: str,
    force: str,
    kind: str,
    file: str,
    staged: Staged,
    compiled: Compiled,
    merge_duplicates: bool,
    number_duplicates: bool = False,
) -> tuple[EntryCounts, list[str]]:
    """Returns the counts and the record ids whose content changed (their chunks are stale)."""
    counts = EntryCounts(rows=staged.rows)
    stg = staged.table
    con.execute(f"CREATE OR REPLACE TEMP TABLE mapped AS {compiled.select}")
    counts.skipped = _scalar(con, f"SELECT count(*) FROM {stg}") - _scalar(
        con, "SELECT count(*) FROM mapped"
    )

    # A file is quarantined afresh on every ingest: the table shows its latest problems.
    con.execute(
        "DELETE FROM quarantine WHERE mapping = ? AND file = ? AND kind = ?", [mapping, file, kind]
    )
    _quarantine(con, mapping, file, kind, staged.rejects)
    con.execute(
        f"""INSERT INTO quarantine
            SELECT {lit(mapping)}, {lit(file)}, m._row, {lit(kind)},
                   array_to_string(m._errors, '; '), to_json(s), now()::TIMESTAMP
            FROM mapped m JOIN {stg} s ON s._row::BIGINT = m._row
            WHERE len(m._errors) > 0"""
    )
    con.execute("DELETE FROM mapped WHERE len(_errors) > 0")

    names = [n for n, _ in compiled.fields if n != "identifiers"]
    if merge_duplicates:
        aggs = [
            f"list_distinct(flatten(list({n} ORDER BY _row))) AS {n}"
            if n in compiled.list_fields
            else f"arg_min({n}, _row) FILTER (WHERE {n} IS NOT NULL) AS {n}"
            for n in names
        ]
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE good AS
                SELECT record_id, min(_row) AS _row, {", ".join(aggs)},
                       bool_or(restricted) AS restricted,
                       list_distinct(flatten(list(_refs ORDER BY _row))) AS _refs,
                       list_distinct(flatten(list(_idents ORDER BY _row))) AS _idents,
                       list_distinct(flatten(list(_attrs ORDER BY _row))) AS _attrs
                FROM mapped GROUP BY record_id"""
        )
        counts.merged = _scalar(con, "SELECT count(*) FROM mapped") - _scalar(
            con, "SELECT count(*) FROM good"
        )
    else:
        # "number": a row repeating an earlier row with its id verbatim (same content) is a
        # duplicate; rows with the same id but different content are distinct records.
        same = "record_id" if not number_duplicates else (
            f"record_id, {', '.join([*names, 'restricted', '_refs', '_idents', '_attrs'])}")
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE ranked AS
               SELECT *, row_number() OVER w AS _dup, first_value(_row) OVER w AS _first
               FROM mapped WINDOW w AS (PARTITION BY {same} ORDER BY _row)"""
        )
        if number_duplicates:  # the 2nd, 3rd … distinct row with an id: "<id>#2", "<id>#3" …
            con.execute(
                """UPDATE ranked SET record_id = concat(ranked.record_id, '#', n.n)
                   FROM (SELECT _row, row_number() OVER (PARTITION BY record_id ORDER BY _row)
                                AS n FROM ranked WHERE _dup = 1) n
                   WHERE ranked._row = n._row AND ranked._dup = 1 AND n.n > 1"""
            )
        con.execute(
            f"""INSERT INTO quarantine
                SELECT {lit(mapping)}, {lit(file)}, r._row, {lit(kind)},
                       concat('duplicate id ', r.record_id, ': already stored from row ', r._first),
                       to_json(s), now()::TIMESTAMP
                FROM ranked r JOIN {stg} s ON s._row::BIGINT = r._row WHERE r._dup > 1"""
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE good AS "
            "SELECT * EXCLUDE (_dup, _first, _errors) FROM ranked WHERE _dup = 1"
        )
    counts.quarantined = _scalar(
        con,
        f"SELECT count(*) FROM quarantine WHERE mapping = {lit(mapping)} "
        f"AND file = {lit(file)} AND kind = {lit(kind)}",
    )

    hashed = ", ".join(f"coalesce({n}::VARCHAR, '∅')" for n in names)
    # references hashed without `parsed` (mapping format v2): a store written before v2 keeps its
    # hashes, so re-ingesting it does not rewrite (and re-embed) every record
    refs = ("list_transform(_refs, lambda r: {'role': r.role, 'scheme': r.scheme, "
            "'value': r.value, 'name': r.name, 'unit': r.unit, 'rank': r.rank})::VARCHAR")
    # attributes hashed only when the entry has some, so a store written before `attributes:`
    # existed keeps its hashes (concat_ws skips NULL)
    attrs = "CASE WHEN len(_attrs) > 0 THEN list_sort(_attrs)::VARCHAR END"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE final AS
            SELECT *, md5(concat_ws('\x1f', {hashed}, restricted::VARCHAR, {refs},
                                    _idents::VARCHAR, {attrs})) AS content_hash
            FROM good"""
    )
    counts.unchanged = _scalar(
        con,
        f"SELECT count(*) FROM final f JOIN {kind} t USING (record_id) "
        f"WHERE t.content_hash = f.content_hash",
    )
    changed = [
        r
        for (r,) in con.execute(
            f"SELECT record_id FROM final f JOIN {kind} t USING (record_id) "
            f"WHERE t.content_hash <> f.content_hash"
        ).fetchall()
    ]
    counts.updated = len(changed)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE todo AS
            SELECT f.* FROM final f LEFT JOIN {kind} t USING (record_id)
            WHERE t.record_id IS NULL OR t.content_hash <> f.content_hash"""
    )
    counts.inserted = _scalar(con, "SELECT count(*) FROM todo") - counts.updated

    for table in (kind, "person_ref", "person_ref_candidate", "record_attribute",
                  "person_identifier" if kind == "person" else None):
        if table:
            key = "person_id" if table == "person_identifier" else "record_id"
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT record_id FROM todo)")

    identifiers = (
        (
            ", map_from_entries(list_transform(_idents, lambda r: {'k': r.scheme, "
            "'v': r.value})) AS identifiers"
        )
        if kind == "person"
        else ""
    )
    con.execute(
        f"""INSERT INTO {kind} BY NAME
            SELECT record_id, {lit(force)} AS force, {lit(mapping)} AS source_mapping,
                   {lit(file)} AS source_file, _row AS source_row, restricted, content_hash,
                   now()::TIMESTAMP AS ingested_at, {", ".join(names)}{identifiers}
            FROM todo"""
    )
    con.execute(
        f"""INSERT INTO person_ref
            SELECT record_id, {lit(kind)}, {lit(force)}, {lit(mapping)}, idx, ref.role, ref.scheme, ref.value,
                   ref.name, ref.unit, ref.rank, NULL,
                   CASE WHEN ref.parsed = false THEN 'unparsed' ELSE 'unresolved' END, 0
            FROM (SELECT record_id, unnest(_refs) AS ref, generate_subscripts(_refs, 1) AS idx
                  FROM todo)"""
    )
    con.execute(
        f"""INSERT INTO record_attribute
            SELECT record_id, {lit(kind)}, {lit(force)}, a.name, a.value
            FROM (SELECT record_id, unnest(_attrs) AS a FROM todo)"""
    )
    if kind == "person":
        con.execute(
            f"""INSERT INTO person_identifier
                SELECT record_id, {lit(force)}, i.scheme, i.value, norm_ident(i.value)
                FROM (SELECT record_id, unnest(_idents) AS i FROM todo)"""
        )
    accounted = counts.stored + counts.merged + counts.skipped + counts.quarantined
    if accounted != counts.rows:
        raise RuntimeError(
            f"{mapping} {file}: {counts.rows} rows read but {accounted} accounted for "
            f"({json.dumps(counts.as_dict())}); nothing was committed"
        )
    return counts, changed
