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
from assistant.joins.sources import Sources
from assistant.leads.config import LeadsConfig
from assistant.settings import Settings


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

    @property
    def sources(self) -> Sources:
        """The join operators' view of the store: what this reader may see."""
        return Sources(cleared=self.view.restricted)

    def visible(self, alias: str, kind: str) -> str:
        """SQL: true when the row `alias` (of `kind`) exists for the reader."""
        return self.sources.visible(alias, kind)

    def people_of(self, kind: str) -> str:
        return self.sources.people_of(kind)

    def complaint_subjects(self) -> str:
        """See `Sources.complaint_subjects`."""
        return self.sources.complaint_subjects()

    def possible_subjects(self) -> str:
        """See `Sources.possible_subjects`, at most `ambiguous.max_candidates` staff."""
        return self.sources.possible_subjects(self.config.ambiguous.max_candidates)


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
