"""Where every join reads from: who a record is about, what the reader may see, what a question
scopes to — as SQL relations with bound parameters.

Why: the join operators (`during`, `complainant`, `coaccused`, `unlinked`) serve two callers, the
leads detectors and join questions, and both must obey the same access rules. `Sources` holds the
reader's clearance and renders the person links and visibility clauses every operator embeds;
`Rel` is a relation's SQL with its parameters in order of appearance, so operators compose into
one query without any text from a question ever entering the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from assistant.records import RECORD_KINDS

# Record kind → the person a record of that kind is about, as resolved by ingestion. Complaints
# are about their allegations' subjects.
PEOPLE_OF = """(SELECT record_id, person_id FROM person_ref
                 WHERE kind = '{kind}' AND person_id IS NOT NULL)"""
KINDS = (*RECORD_KINDS, "person")


@dataclass(frozen=True)
class Rel:
    """A SQL relation and its positional parameters, in the order they appear in `sql`."""

    sql: str
    params: list[Any] = field(default_factory=list)

    def rows(self, con: duckdb.DuckDBPyConnection, tail: str = "", extra: list[Any] | None = None,
             select: str = "*") -> list[tuple[Any, ...]]:
        """`SELECT select FROM (this) j tail`; `extra` are the parameters of `tail`."""
        return con.execute(f"SELECT {select} FROM {self.sql} j {tail}",
                           [*self.params, *(extra or [])]).fetchall()


@dataclass(frozen=True)
class Focus:
    """What the rest of a question narrows a join to: people and units (either side), a period
    (of the event the join is about), forces, and the police systems used. Empty: everything
    the reader may see."""

    person_ids: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    forces: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # the staff's unit (station) as stored on the person record
    systems: tuple[str, ...] = ()  # police systems (audit log `system`), where one side is a use

    def system_clause(self, column: str) -> Rel:
        """SQL condition keeping system events of the named systems (true if none named)."""
        if not self.systems:
            return Rel("true")
        return Rel(f"{column} IN (SELECT unnest(?::VARCHAR[]))", [list(self.systems)])

    def clause(self, person: str, day: str, force: str | None = None) -> Rel:
        """SQL condition on a person column, a date expression and a force column."""
        parts: list[str] = ["true"]
        params: list[Any] = []
        if self.person_ids:
            parts.append(f"{person} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.person_ids))
        if self.units:
            parts.append(f"{person} IN (SELECT record_id FROM person "
                         "WHERE unit IN (SELECT unnest(?::VARCHAR[])))")
            params.append(list(self.units))
        if self.date_from:
            parts.append(f"CAST({day} AS DATE) >= ?")
            params.append(self.date_from)
        if self.date_to:
            parts.append(f"CAST({day} AS DATE) <= ?")
            params.append(self.date_to)
        if self.forces and force:
            parts.append(f"{force} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.forces))
        return Rel(" AND ".join(parts), params)


EVERYTHING = Focus()


@dataclass(frozen=True)
class Sources:
    """The reader's view of the store: `cleared` readers see restricted records too."""

    cleared: bool

    def visible(self, alias: str, kind: str) -> str:
        """SQL: true when the row `alias` (of `kind`) exists for the reader."""
        if kind not in KINDS:
            raise ValueError(f"unknown record kind {kind!r}")
        if self.cleared:
            return "true"
        clause = f"NOT {alias}.restricted"
        if kind == "allegation":
            clause += (f" AND NOT EXISTS (SELECT 1 FROM complaint rc WHERE "
                       f"rc.record_id = {alias}.complaint_id AND rc.restricted)")
        return clause

    def people_of(self, kind: str) -> str:
        """SQL relation (record_id, person_id) of a kind's records and the staff they are about;
        a restricted member of staff does not exist for an uncleared reader."""
        if kind not in KINDS:
            raise ValueError(f"unknown record kind {kind!r}")
        if self.cleared:
            return PEOPLE_OF.format(kind=kind)
        return f"""(SELECT x.record_id, x.person_id FROM {PEOPLE_OF.format(kind=kind)} x
                    JOIN person vp ON vp.record_id = x.person_id WHERE NOT vp.restricted)"""

    def complaint_subjects(self) -> str:
        """SQL relation (complaint_id, allegation_id, person_id, category, received) of visible
        allegations with a resolved subject."""
        return f"""(SELECT al.complaint_id, al.record_id AS allegation_id, pr.person_id,
                           al.category, coalesce(c.received_date, al.received_date) AS received
                    FROM allegation al JOIN complaint c ON c.record_id = al.complaint_id
                    JOIN {self.people_of('allegation')} pr ON pr.record_id = al.record_id
                    WHERE {self.visible('al', 'allegation')}
                      AND {self.visible('c', 'complaint')})"""

    def possible_subjects(self, max_candidates: int) -> str:
        """SQL relation (complaint_id, allegation_id, person_id, category, received, written,
        candidates) of visible allegations whose subject stayed ambiguous between at most
        `max_candidates` staff (ingestion/resolve.py): one row per member of staff it could be.
        `written` is the officer as the allegation gives them ("PC K Butler, Fenholt"),
        `candidates` how many staff that fits."""
        most = int(max_candidates)
        return f"""(SELECT al.complaint_id, al.record_id AS allegation_id, k.person_id,
                           al.category, coalesce(c.received_date, al.received_date) AS received,
                           concat_ws(', ', pr.name, pr.unit) AS written, k.candidates
                    FROM person_ref_candidate k
                    JOIN person_ref pr ON pr.record_id = k.record_id AND pr.idx = k.idx
                    JOIN allegation al ON al.record_id = k.record_id
                    JOIN complaint c ON c.record_id = al.complaint_id
                    WHERE pr.kind = 'allegation' AND pr.person_id IS NULL AND k.candidates <= {most}
                      AND {self.visible('al', 'allegation')}
                      AND {self.visible('c', 'complaint')})"""
