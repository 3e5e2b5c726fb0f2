"""People in the store: the `PeopleDirectory` the question parser resolves names against.

Identifiers are compared in the same normal form the ingest crosswalk uses (`norm_ident`), so a
collar number typed in a question matches exactly what a case worker's variant matched. Names are
pre-filtered by surname in SQL and scored by `understand`'s own `name_score`. On an engine's
read-only connection (held_reads) the pre-filter is an index of every person's name words, built
once by the same SQL expressions: a question naming someone no longer runs a regex over every
staff name (45,000 at the largest force) for each name it tries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from assistant import held_reads
from assistant.understand.directory import name_score, normalise_name

# A person row's name words, and its family name, as `find_by_name`'s pre-filter compares them.
_WORDS = "string_split(lower(regexp_replace(name, '[^A-Za-z ]', '', 'g')), ' ')"
_NAME_WORDS_HIT = (f"(list_has_any({_WORDS}, ?::VARCHAR[]) "
                   "OR lower(family_name) IN (SELECT unnest(?::VARCHAR[])))")
PersonRow = tuple[Any, ...]  # record_id, name, given_name, family_name, rank


@dataclass(frozen=True)
class NameIndex:
    """Every person row (its `PersonRow`, then hidden-from-uncleared, force) in the store's
    order, and the rows each name word or lower-cased family name is found in."""

    rows: list[tuple[Any, ...]]
    by_word: dict[str, list[int]]


def _name_index(con: duckdb.DuckDBPyConnection) -> NameIndex:
    rows = con.execute(
        f"""SELECT record_id, name, given_name, family_name, rank,
                   EXISTS (SELECT 1 FROM person h WHERE h.record_id = p.record_id AND h.restricted),
                   force, {_WORDS}, lower(family_name)
            FROM person p""").fetchall()
    by_word: dict[str, list[int]] = {}
    for i, (*_, words, family) in enumerate(rows):
        for word in {*(words or ()), *((family,) if family is not None else ())}:
            by_word.setdefault(word, []).append(i)
    return NameIndex([tuple(r[:7]) for r in rows], by_word)


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
        if held_reads.held(self.con):
            rows = self._named_from_index(tokens)
        else:
            force, params = self._force_clause("p")
            rows = self.con.execute(
                f"""SELECT record_id, name, given_name, family_name, rank FROM person p
                    WHERE {_NAME_WORDS_HIT}{force}""", [tokens, tokens, *params]).fetchall()
        scored = []
        for pid, full, given, family, person_rank in rows:
            person = {"name": full, "given_name": given, "family_name": family, "rank": person_rank}
            score = name_score(name, person, rank)
            if score > 0.5:
                scored.append((pid, score))
        return sorted(scored, key=lambda s: (-s[1], s[0]))

    def _named_from_index(self, tokens: list[str]) -> list[PersonRow]:
        """`find_by_name`'s pre-filter read from the held index: the rows its query returns."""
        index = held_reads.once(self.con, "person_name_words", lambda: _name_index(self.con))
        hits = {i for t in tokens for i in index.by_word.get(t, ())}
        forces = set(self.forces)
        return [index.rows[i][:5] for i in sorted(hits)
                if (self.cleared or not index.rows[i][5])
                and (not forces or index.rows[i][6] in forces)]

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
