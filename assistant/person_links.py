"""Person links written at ingest, so that answers stop resolving them per question.

Why this exists: at 45,000 staff some answers re-derived, on every asking, facts that only change
when the store's person links do — "complaints naming more than one officer" counted each of
85,000 complaints' distinct accused over 127,000 allegations and their references (~150 ms of
CPU an answer). Ingest now writes the result once: `complaint_people` holds every complaint's
count as `structured.complaint_people` computes it, for a cleared reader (`n_all`) and for one
who may not see restricted allegations (`n_open`; NULL where none is visible). Every cited
complaint's people (`facts.subjects`) were two index reads per answer — its allegations, then
their references: `complaint_subject` holds each complaint's resolved people, its own references'
and its allegations', read by one.

The table is derived from `person_ref`, and review decisions change `person_ref` after ingest:
on a writable store (`probity people review apply`, which rebuilds the table) or, over a
read-only store, through the temporary views of resolution/overlay.py, which the table cannot
see. So answers read it only while it is `usable`: no overlay shadows the links on this
connection, and the table was built after the newest decision the store has absorbed. Otherwise
they compute the counts from the (overlaid) links as before — a pending decision changes the
answer at once, exactly as it did.
"""

from __future__ import annotations

import duckdb

from assistant import held_reads
from assistant.resolution import overlay

TABLE = "complaint_people"
SUBJECTS = "complaint_subject"
BUILT_THROUGH = "person_links_through"  # store_meta: the review_decisions_through it was built at


def build(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)write the link tables of a writable store from its current person links."""
    from assistant.structured import complaint_people  # the one definition of the count

    con.execute(
        f"""CREATE OR REPLACE TABLE {TABLE} AS
            SELECT c.id AS complaint_id, c.n AS n_all, o.n AS n_open
            FROM ({complaint_people(True)}) c
            LEFT JOIN ({complaint_people(False)}) o ON o.id IS NOT DISTINCT FROM c.id""")
    con.execute(
        f"""CREATE OR REPLACE TABLE {SUBJECTS} AS SELECT DISTINCT complaint_id, person_id FROM (
              SELECT record_id AS complaint_id, person_id FROM person_ref
              WHERE kind = 'complaint' AND person_id IS NOT NULL
              UNION ALL SELECT a.complaint_id, r.person_id FROM allegation a
              JOIN person_ref r ON r.record_id = a.record_id AND r.kind = 'allegation'
              WHERE r.person_id IS NOT NULL AND a.complaint_id IS NOT NULL)
            ORDER BY complaint_id, person_id""")
    con.execute(f"CREATE INDEX {SUBJECTS}_id ON {SUBJECTS}(complaint_id)")
    con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)",
                [BUILT_THROUGH, overlay.applied_through(con)])


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """Before the person links change in bulk (an ingest): no stale table is left to be read."""
    for table in (TABLE, SUBJECTS):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute("DELETE FROM store_meta WHERE key = ?", [BUILT_THROUGH])


def usable(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the link tables say what the links this connection reads say: they exist, no
    review decision overlays the links here, and none was absorbed since they were built.
    Read once per engine until the overlay changes its views (held_reads)."""
    return held_reads.once(con, "person_links_usable", lambda: _usable(con), overlaid=True)


def _usable(con: duckdb.DuckDBPyConnection) -> bool:
    db = overlay.database(con)
    row = con.execute(
        f"""SELECT NOT EXISTS (SELECT 1 FROM duckdb_views() WHERE temporary
                               AND view_name = 'person_ref')
               AND (SELECT count(*) FROM duckdb_tables() WHERE NOT temporary
                    AND table_name IN (?, ?)) = 2
               AND (SELECT value FROM {db}.main.store_meta WHERE key = ?)
                   IS NOT DISTINCT FROM coalesce((SELECT value FROM {db}.main.store_meta
                                                  WHERE key = ?), '')""",
        [TABLE, SUBJECTS, BUILT_THROUGH, overlay.THROUGH_KEY]).fetchone()
    return bool(row and row[0])
