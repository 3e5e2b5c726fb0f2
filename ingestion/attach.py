"""Write an `attach:` entry: a side file's columns added as attributes of records another entry stores.

Why: Philadelphia's export keeps the complainants' race, sex and age in a file of its own
(ppd_complainant_demographics.csv, one row per complainant, keyed by complaint_id), so "complaints
filed by Black women" could not be answered. An entry with `attach: true` reads such a file
declaratively: each row's `attributes:` are stored in `record_attribute` against the record of
the entry's kind with that id (a complaint with two complainants holds both of their values).
The entry stores no record of its own; it rewrites its attributes on every ingest (after the
records' own entry, whose rewrite of a changed record clears them). A row whose record does not
exist is quarantined, never attached to nothing; the counts add up as for any entry.
"""

from __future__ import annotations

import duckdb

from ingestion.compile import Compiled, lit
from ingestion.readers import Staged
from ingestion.write import EntryCounts, _quarantine, _scalar


def attach_entry(con: duckdb.DuckDBPyConnection, *, mapping: str, force: str, kind: str,
                 file: str, staged: Staged, compiled: Compiled,
                 names: list[str]) -> EntryCounts:
    """Store the staged rows' attributes `names` on the existing `kind` records they name."""
    counts = EntryCounts(rows=staged.rows)
    stg = staged.table
    con.execute(f"CREATE OR REPLACE TEMP TABLE mapped AS {compiled.select}")
    counts.skipped = _scalar(con, f"SELECT count(*) FROM {stg}") - _scalar(
        con, "SELECT count(*) FROM mapped")
    con.execute("DELETE FROM quarantine WHERE mapping = ? AND file = ? AND kind = ?",
                [mapping, file, kind])
    _quarantine(con, mapping, file, kind, staged.rejects)
    con.execute(
        f"""INSERT INTO quarantine
            SELECT {lit(mapping)}, {lit(file)}, m._row, {lit(kind)},
                   CASE WHEN len(m._errors) > 0 THEN array_to_string(m._errors, '; ')
                        ELSE concat('no ', {lit(kind)}, ' ', m.record_id, ' to attach to') END,
                   to_json(s), now()::TIMESTAMP
            FROM mapped m JOIN {stg} s ON s._row::BIGINT = m._row
            WHERE len(m._errors) > 0 OR m.record_id NOT IN (SELECT record_id FROM {kind})""")
    con.execute(f"DELETE FROM mapped WHERE len(_errors) > 0 "
                f"OR record_id NOT IN (SELECT record_id FROM {kind})")
    counts.quarantined = _scalar(
        con, f"SELECT count(*) FROM quarantine WHERE mapping = {lit(mapping)} "
             f"AND file = {lit(file)} AND kind = {lit(kind)}")
    counts.merged = _scalar(con, "SELECT count(*) FROM mapped")  # folded into their records
    con.execute("DELETE FROM record_attribute WHERE kind = ? AND name IN (SELECT unnest(?)) "
                "AND force = ?", [kind, names, force])
    con.execute(
        f"""INSERT INTO record_attribute
            SELECT DISTINCT record_id, {lit(kind)}, {lit(force)}, a.name, a.value
            FROM (SELECT record_id, unnest(_attrs) AS a FROM mapped)""")
    accounted = counts.stored + counts.merged + counts.skipped + counts.quarantined
    if accounted != counts.rows:
        raise RuntimeError(f"{mapping} {file}: {counts.rows} rows read but {accounted} "
                           f"accounted for; nothing was committed")
    return counts
