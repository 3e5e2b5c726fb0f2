"""`force: auto` — documents belong to the force whose staff the store already holds.

Why: people are resolved within one force, so a folder of evidence must be filed under the force
whose staff it names. The built-in `documents` mapping cannot know that name; with `auto` it takes
the store's only force, and where the store holds none or several it stops with an error that
says to copy the mapping and name the force.
"""

from __future__ import annotations

import duckdb

from ingestion.mapping import Mapping, MappingError

AUTO_FORCE = "auto"


def store_force(con: duckdb.DuckDBPyConnection, mapping: Mapping, dry_run: bool = False) -> str:
    """The store's one force. `dry_run` (a `mapping check` scratch store, which holds only this
    mapping's records): with no staff there, the documents are read under the name `auto`."""
    forces = [f for (f,) in con.execute("SELECT DISTINCT force FROM person ORDER BY 1").fetchall()]
    if len(forces) == 1:
        return str(forces[0])
    if dry_run and not forces:
        return AUTO_FORCE
    found = f"it holds {', '.join(forces)}" if forces else "it holds no staff yet"
    raise MappingError(
        f"{mapping.path}: force: auto needs a store with exactly one force's staff ({found}); "
        "ingest the staff first, or copy this mapping and set `force:` to the force's name"
    )
