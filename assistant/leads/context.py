"""What a detector runs against: the store, the config, the as-of date and the reader's view.

Leads obey the same access rules as answers, and the simplest way to be sure of that is to
compute them only from what the reader may see. A `View` says whether restricted records exist
for the reader and whether they may see complainant details; every detector's SQL filters with
`Context.visible`, so a lead shown to an uncleared user is built — counts, dates, explanation —
from unrestricted records alone, and cannot leak a restricted one even by a count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import duckdb

from assistant.answers import User
from assistant.leads.config import LeadsConfig
from assistant.settings import Settings

# Record kind → the person a record of that kind is about, as resolved by ingestion. Complaints
# are about their allegations' subjects.
PEOPLE_OF = """(SELECT record_id, person_id FROM person_ref
                 WHERE kind = '{kind}' AND person_id IS NOT NULL)"""


@dataclass(frozen=True)
class View:
    restricted: bool  # restricted records exist for the reader
    complainant_details: bool  # complainants' identities may be shown

    @classmethod
    def of(cls, user: User) -> View:
        return cls(user.cleared_for_restricted, user.sees_complainant_details)

    @property
    def name(self) -> str:
        return f"{'r' if self.restricted else 'u'}{'c' if self.complainant_details else 'm'}"


FULL = View(restricted=True, complainant_details=True)


@dataclass
class Context:
    con: duckdb.DuckDBPyConnection
    settings: Settings  # which embedding model similar_complaints loads
    config: LeadsConfig
    view: View
    today: date

    def visible(self, alias: str, kind: str) -> str:
        """SQL: true when the row `alias` (of `kind`) exists for the reader."""
        if self.view.restricted:
            return "true"
        clause = f"NOT {alias}.restricted"
        if kind == "allegation":
            clause += (f" AND NOT EXISTS (SELECT 1 FROM complaint rc WHERE "
                       f"rc.record_id = {alias}.complaint_id AND rc.restricted)")
        return clause

    def people_of(self, kind: str) -> str:
        return PEOPLE_OF.format(kind=kind)

    def complaint_subjects(self) -> str:
        """SQL relation (complaint_id, allegation_id, person_id, category, received) of visible
        allegations with a resolved subject."""
        return f"""(SELECT al.complaint_id, al.record_id AS allegation_id, pr.person_id,
                           al.category, coalesce(c.received_date, al.received_date) AS received
                    FROM allegation al JOIN complaint c ON c.record_id = al.complaint_id
                    JOIN {self.people_of('allegation')} pr ON pr.record_id = al.record_id
                    WHERE {self.visible('al', 'allegation')} AND {self.visible('c', 'complaint')})"""

    def possible_subjects(self) -> str:
        """SQL relation (complaint_id, allegation_id, person_id, category, received, written,
        candidates) of visible allegations whose subject stayed ambiguous between at most
        `ambiguous.max_candidates` staff (ingestion/resolve.py): one row per member of staff it
        could be. `written` is the officer as the allegation gives them ("PC K Butler, Fenholt"),
        `candidates` how many staff that fits."""
        most = int(self.config.ambiguous.max_candidates)
        return f"""(SELECT al.complaint_id, al.record_id AS allegation_id, k.person_id,
                           al.category, coalesce(c.received_date, al.received_date) AS received,
                           concat_ws(', ', pr.name, pr.unit) AS written, k.candidates
                    FROM person_ref_candidate k
                    JOIN person_ref pr ON pr.record_id = k.record_id AND pr.idx = k.idx
                    JOIN allegation al ON al.record_id = k.record_id
                    JOIN complaint c ON c.record_id = al.complaint_id
                    WHERE pr.kind = 'allegation' AND pr.person_id IS NULL AND k.candidates <= {most}
                      AND {self.visible('al', 'allegation')} AND {self.visible('c', 'complaint')})"""


def possibly(written: str, candidates: int) -> str:
    """How a lead says one of its complaints names its officer only ambiguously."""
    return f"names the officer only as “{written}”, which fits {candidates} members of staff"


class PossibleComplaint(Protocol):
    """A complaint counted towards a lead although it names the lead's officer only ambiguously."""

    @property
    def complaint_id(self) -> str: ...
    @property
    def received(self) -> date: ...
    @property
    def written(self) -> str | None: ...
    @property
    def candidates(self) -> int: ...


def possible_complaints(rows: Sequence[PossibleComplaint]) -> tuple[str, list[dict[str, Any]]]:
    """What a lead says of its possible complaints: one clause for its explanation, and the rows
    of its `detail["possible"]`."""
    clause = "; ".join(f"the complaint of {r.received:%-d %b %Y} "
                       f"{possibly(r.written or '', r.candidates)}" for r in rows)
    return clause, [{"complaint_id": r.complaint_id, "written": r.written,
                     "candidates": r.candidates} for r in rows]


def certainty(resolved: int, possible: Sequence[PossibleComplaint]) -> float:
    """How surely a lead's complaints are about its officer: a complaint that fits k staff
    counts 1/k, a resolved one 1."""
    return (resolved + sum(1 / r.candidates for r in possible)) / (resolved + len(possible))


def excess(n: float, threshold: float) -> float:
    """0.5 at the threshold, approaching 1 as `n` doubles it and beyond: a comparable score."""
    if threshold <= 0:
        return 1.0
    return round(min(1.0, 0.5 + 0.5 * max(0.0, n - threshold) / threshold), 3)
