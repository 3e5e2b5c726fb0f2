"""Lead cards that say who: the person by rank, name, unit and identifiers, one sentence with the
numbers, the figures as readable rows and tables, the rank and its parts, and the evidence.

A card showed `person:syn:200252`, a score of 1.00 and a raw JSON "Figures" box; a reviewer had
to open a profile to learn who the lead was about. A `Card` is a `Lead` (same id, evidence,
review status — every consumer of leads keeps working) with the person named, every other person
it mentions named too (a co-accused partner), `headline` the one sentence the board shows, the
detector's `detail` turned into `figures` (label, text) and `tables` (columns, rows) with dates
written as dates and person ids replaced by names, and the peer-adjusted `rank` (`ranking.py`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import duckdb
from pydantic import BaseModel, Field

from assistant.leads.context import View
from assistant.leads.models import Lead
from assistant.leads.ranking import Rank
from assistant.people import StoreDirectory

PERSON_ID = re.compile(r"^person:[^\s]+$")


class Named(BaseModel):
    person_id: str
    name: str
    rank: str | None = None
    unit: str | None = None
    identifiers: dict[str, str] = Field(default_factory=dict)

    @property
    def title(self) -> str:
        return " ".join(x for x in (self.rank, self.name) if x)


class Figure(BaseModel):
    label: str
    value: str


class Table(BaseModel):
    title: str
    columns: list[str]
    rows: list[list[str]]


class Card(Lead):
    person: Named = Field(description="Who the lead is about.")
    others: list[Named] = Field(default_factory=list, description="Others it names (a pair).")
    headline: str = Field(description="One sentence: who, and what was found with the numbers.")
    figures: list[Figure] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    rank: Rank


def label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def text(value: Any, names: dict[str, Named]) -> str:
    """A figure as a reader would write it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (date, datetime)):
        return f"{value:%-d %b %Y}"
    if isinstance(value, str):
        if value in names:
            return names[value].title
        try:
            return f"{date.fromisoformat(value[:10]):%-d %b %Y}" + (
                f" {value[11:16]}" if len(value) > 10 and value[10] in "T " else "")
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(text(v, names) for v in value) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{names[k].title if k in names else label(str(k))}: {text(v, names)}"
                         for k, v in value.items()) if value else "none"
    return str(value)


def figures(detail: dict[str, Any], names: dict[str, Named]) -> tuple[list[Figure], list[Table]]:
    rows: list[Figure] = []
    tables: list[Table] = []
    for key, value in detail.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns = list(dict.fromkeys(k for v in value for k in v))
            tables.append(Table(title=label(key), columns=[label(c) for c in columns],
                                rows=[[text(v.get(c), names) for c in columns] for v in value]))
        else:
            rows.append(Figure(label=label(key), value=text(value, names)))
    return rows, tables


def ids_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if PERSON_ID.match(value) else set()
    if isinstance(value, dict):
        return set().union(*(ids_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(ids_in(v) for v in value)) if value else set()
    return set()


def cards(con: duckdb.DuckDBPyConnection, ranked: list[tuple[Lead, Rank]], view: View,
          ) -> list[Card]:
    """The ranked leads as cards, naming only people the view may see."""
    wanted = {p for lead, _ in ranked for p in lead.people} | {
        p for lead, _ in ranked for p in ids_in(lead.detail)}
    found = StoreDirectory(con, view.restricted).describe(sorted(wanted))
    names = {pid: Named(person_id=pid, name=d["name"] or pid, rank=d["rank"], unit=d["unit"],
                        identifiers={str(k): str(v) for k, v in d["identifiers"].items()})
             for pid, d in found.items()}
    out = []
    for lead, rank in ranked:
        person = names.get(lead.person_id) or Named(person_id=lead.person_id, name="(not shown)")
        rows, tables = figures(lead.detail, names)
        where = f" ({person.unit})" if person.unit else ""
        others = [names[p] for p in lead.people[1:] if p in names]
        also = "".join(f" and {o.title}" + (f" ({o.unit})" if o.unit else "") for o in others)
        out.append(Card(
            **lead.model_dump(), person=person, rank=rank, figures=rows, tables=tables,
            others=others, headline=f"{person.title}{where}{also}: {lead.explanation}"))
    return out
