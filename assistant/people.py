"""People in the store: the `PeopleDirectory` the question parser resolves names against.

Identifiers are compared in the same normal form the ingest crosswalk uses (`norm_ident`), so a
collar number typed in a question matches exactly what a case worker's variant matched. Names are
pre-filtered by surname in SQL and scored by `understand`'s own `name_score`.
"""

from __future__ import annotations

from typing import Any

import duckdb

from assistant.understand.directory import name_score, normalise_name


class StoreDirectory:
    def __init__(
        self, con: duckdb.DuckDBPyConnection, cleared: bool, forces: tuple[str, ...] = ()
    ) -> None:
        self.con = con
        self.cleared = cleared  # a restricted person does not exist for an uncleared user
        self.forces = list(forces)

    def _force_clause(self, alias: str) -> tuple[str, list[Any]]:
        hidden = "" if self.cleared else (
            f" AND NOT EXISTS (SELECT 1 FROM person h WHERE h.record_id = "
            f"{alias}.{'person_id' if alias == 'i' else 'record_id'} AND h.restricted)"
        )
        if not self.forces:
            return hidden, []
        return hidden + f" AND {alias}.force IN (SELECT unnest(?::VARCHAR[]))", [self.forces]

    def find_by_identifier(self, token: str) -> list[str]:
        force, params = self._force_clause("i")
        person_force, _ = self._force_clause("p")
        rows = self.con.execute(
            f"""SELECT DISTINCT person_id FROM person_identifier i
                WHERE norm_value = norm_ident(?){force}
                UNION SELECT record_id FROM person p WHERE record_id = ?{person_force}""",
            [token, *params, token, *params],
        ).fetchall()
        return sorted(r for (r,) in rows)

    def find_by_name(self, name: str, rank: str | None = None) -> list[tuple[str, float]]:
        tokens = [t for t in normalise_name(name).split() if len(t) > 1]
        if not tokens:
            return []
        force, params = self._force_clause("p")
        rows = self.con.execute(
            f"""SELECT record_id, name, given_name, family_name, rank FROM person p
                WHERE (list_has_any(string_split(lower(regexp_replace(name, '[^A-Za-z ]', '', 'g')), ' '),
                                   ?::VARCHAR[])
                   OR lower(family_name) IN (SELECT unnest(?::VARCHAR[]))){force}""",
            [tokens, tokens, *params],
        ).fetchall()
        scored = []
        for pid, full, given, family, person_rank in rows:
            person = {"name": full, "given_name": given, "family_name": family, "rank": person_rank}
            score = name_score(name, person, rank)
            if score > 0.5:
                scored.append((pid, score))
        return sorted(scored, key=lambda s: (-s[1], s[0]))

    def describe(self, person_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Name, rank, unit and identifiers of each person (for answers and ambiguity notes)."""
        rows = self.con.execute(
            """SELECT record_id, name, rank, unit, identifiers, force FROM person
               WHERE record_id IN (SELECT unnest(?::VARCHAR[]))""",
            [person_ids],
        ).fetchall()
        return {
            pid: {
                "name": name,
                "rank": rank,
                "unit": unit,
                "identifiers": dict(ids or {}),
                "force": force,
            }
            for pid, name, rank, unit, ids, force in rows
        }
