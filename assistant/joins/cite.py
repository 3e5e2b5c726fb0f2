"""Citing both sides of a join: each record's headline span, and each person's stored name.

Why: a join answer is only checkable if it cites the records on both sides of every match (the
claim *and* the sickness episode; the search *and* the complaint), so this reads every cited
record's headline in one query per kind (`answering.headlines`, masked for the reader) and hands
out marker numbers by record id, within the answer's citation budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import duckdb

from assistant.answering import MAX_CITED, Draft, cite_person, headlines
from assistant.citations import markers
from assistant.facts import record_facts
from assistant.joins.sources import Focus
from assistant.redaction import Redactor


class Cite:
    """Marker numbers for records, read in bulk, added to a draft in first-asked order."""

    def __init__(self, con: duckdb.DuckDBPyConnection, redactor: Redactor, draft: Draft,
                 record_ids: Iterable[str]) -> None:
        self.con, self.draft = con, draft
        ids = list(dict.fromkeys(r for r in record_ids if r))
        self.heads = headlines(con, ids, redactor)
        self.facts = record_facts(con, ids)
        self.numbers: dict[str, int] = {}

    def __call__(self, *record_ids: str | None) -> str:
        """' [3][4]' for the records (those beyond the budget, or unreadable, are left out)."""
        out = []
        for rid in record_ids:
            if rid is None:
                continue
            if rid not in self.numbers:
                if (len(self.draft.citations.items) >= MAX_CITED or rid not in self.heads
                        or rid not in self.facts):
                    continue
                fld, s, e, quote = self.heads[rid]
                self.numbers[rid] = self.draft.citations.add(self.facts[rid].ref, fld, s, e,
                                                             quote)
            out.append(self.numbers[rid])
        return f" {markers(out)}" if out else ""

    def person(self, person_id: str) -> str:
        return cite_person(self.con, person_id, self.draft)


def day(value: date | datetime) -> str:
    return f"{value:%-d %b %Y}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def scope_words(focus: Focus, names: dict[str, str]) -> str:
    """' for PC Smith at Kelbrook between 1 Jan 2025 and 31 Dec 2025': what narrowed the join."""
    from assistant.answering import period_text

    parts = []
    if focus.person_ids:
        parts.append(" involving " + " or ".join(names.get(p, p) for p in focus.person_ids))
    if focus.units:
        parts.append(" at " + " or ".join(focus.units))
    if focus.systems:
        parts.append(" on " + " or ".join(focus.systems))
    parts.append(period_text(focus.date_from, focus.date_to))
    if focus.forces:
        parts.append(f" ({', '.join(focus.forces)})")
    return "".join(parts)
