"""Review decisions applied at once, over a store that is open read-only.

The API and the workspace hold the DuckDB store read-only, so a reviewer's decision cannot be
written into `person_ref` while they run; it goes to `resolution.sqlite` and reaches the stored
links at the next ingest or `probity people review apply`. Until then every answer would still
use the old link — the decision would look ignored. This module closes that gap per connection:
the decisions the store has not absorbed yet (newer than `store_meta.review_decisions_through`)
are applied to temporary copies of the few references they name, and temporary views named
`person_ref` and `person_ref_candidate` shadow the stored tables with those copies. Every query
that reads the tables unqualified — answers, profiles, searches, detectors — then sees the
decision, with no change to the queries themselves.

Cost: one `stat` of the decisions file per lend while nothing changed; a rebuild (a scan of
`person_ref` for the named references) only when a decision was made since the last lend. The
shadowing views exist only while decisions are pending: after an ingest or `review apply` the
connection reads the stored tables directly again (and keeps their indexes).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from assistant import held_reads
from assistant.resolution.decisions import FILE_NAME, Decision, DecisionStore
from assistant.resolution.queue import apply_decisions

THROUGH_KEY = "review_decisions_through"  # store_meta: the newest decision the store holds
_STATE = "review_overlay_state"  # temp table: the decisions file's signature at the last build
_REF, _CAND = "review_person_ref", "review_person_ref_candidate"  # temp copies


def _signature(data_dir: Path) -> str | None:
    """Changes whenever a decision is written (the WAL file first, the database at checkpoint)."""
    parts = []
    for path in (data_dir / FILE_NAME, data_dir / f"{FILE_NAME}-wal"):
        try:
            st = path.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{st.st_mtime_ns}:{st.st_size}")
    return None if parts == ["-", "-"] else "|".join(parts)


def applied_through(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(f"SELECT value FROM {database(con)}.main.store_meta WHERE key = ?",
                      [THROUGH_KEY]).fetchone()
    return str(row[0]) if row else ""


def pending(con: duckdb.DuckDBPyConnection, data_dir: Path) -> list[Decision]:
    """Decisions made after the store last absorbed them, oldest first."""
    through = applied_through(con)
    return [d for d in DecisionStore(data_dir).all() if d.at > through]


def mark_applied(con: duckdb.DuckDBPyConnection, decisions: list[Decision]) -> None:
    """Record, in a writable store, that it now holds every decision up to the newest given."""
    if decisions:
        con.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)",
                    [THROUGH_KEY, max(d.at for d in decisions)])


def database(con: duckdb.DuckDBPyConnection) -> str:
    """The store's own catalogue name, quoted: its tables, read past any temporary view."""
    row = con.execute("SELECT current_database()").fetchone()
    assert row is not None
    return '"' + str(row[0]).replace('"', '""') + '"'


def _built_for(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute(f"SELECT sig FROM temp.main.{_STATE}").fetchone()
    except duckdb.CatalogException:
        return None
    return str(row[0]) if row else None


def _drop(con: duckdb.DuckDBPyConnection) -> None:
    for view in ("person_ref", "person_ref_candidate"):
        con.execute(f"DROP VIEW IF EXISTS temp.main.{view}")
    for table in (_REF, _CAND, _STATE):
        con.execute(f"DROP TABLE IF EXISTS temp.main.{table}")


def refresh(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Bring this connection's view of the person links up to date with the decisions file."""
    sig = _signature(data_dir)
    built = _built_for(con)
    if sig is None and built is None:
        return  # no decision was ever made here: the common case, one stat
    if sig is not None and sig == built:
        return  # unchanged since the last build
    _drop(con)
    held_reads.overlay_changed(con)  # e.g. whether the stored person links are usable as they are
    todo = pending(con, data_dir) if sig is not None else []
    if not todo:
        con.execute(f"CREATE TEMP TABLE {_STATE} AS SELECT ? AS sig", [sig or ""])
        return
    db = database(con)
    keys = [[d.ref.record_id, d.ref.role, d.ref.scheme, d.ref.value, d.ref.name] for d in todo]
    con.execute("CREATE TEMP TABLE review_key (record_id VARCHAR, role VARCHAR, scheme VARCHAR, "
                "value VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO temp.main.review_key VALUES (?, ?, ?, ?, ?)", keys)
    con.execute(
        f"""CREATE TEMP TABLE {_REF} AS SELECT r.* FROM {db}.main.person_ref r
            SEMI JOIN temp.main.review_key k ON r.record_id = k.record_id AND r.role = k.role
              AND coalesce(r.scheme, '') = k.scheme AND coalesce(r.value, '') = k.value
              AND coalesce(r.name, '') = k.name""")
    con.execute("DROP TABLE temp.main.review_key")
    con.execute(
        f"""CREATE TEMP TABLE {_CAND} AS SELECT c.* FROM {db}.main.person_ref_candidate c
            SEMI JOIN temp.main.{_REF} r ON c.record_id = r.record_id AND c.idx = r.idx""")
    apply_decisions(con, todo, refs=f"temp.main.{_REF}", candidates=f"temp.main.{_CAND}")
    for view, copy in (("person_ref", _REF), ("person_ref_candidate", _CAND)):
        con.execute(  # the stored rows of the references decided on, replaced by their copies
            f"""CREATE TEMP VIEW {view} AS
                SELECT * FROM {db}.main.{view} t
                WHERE NOT EXISTS (SELECT 1 FROM temp.main.{_REF} o
                                  WHERE o.record_id = t.record_id AND o.idx = t.idx)
                UNION ALL SELECT * FROM temp.main.{copy}""")
    con.execute(f"CREATE TEMP TABLE {_STATE} AS SELECT ? AS sig", [sig])
