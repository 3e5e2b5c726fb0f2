"""A place the question names with its field's word that the data does not hold ("Oldport
station", "staff posted to Oldport"): still that field's value, so it matches nothing and the
answer says there is no such value — never every record, and never "no field matches it".

Why: `CatalogueBinder` links only values the data holds. A station that does not exist was
left unapplied, and the question was refused as unfilterable ("I can't filter people by 'at
Oldport station'") when the true answer is that there is no such station. This binder runs after
it and claims a capitalised name said next to a field's word (or after "posted to", "stationed
at" for the staff list's unit); the engine then says the value is not in the records
(`unheld_values`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

import duckdb

from assistant.records import RECORD_KINDS
from assistant.understand.accounting import Bound
from assistant.understand.lexicon import MASK
from assistant.understand.models import FieldFilter

from . import CANDIDATE_FIELDS, OFFICER, Entry
from .link import FIELD_WORDS, normalise

NAME = r"(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)"
# the staff list's own verbs for where someone works: "posted to X", "stationed at X"
POSTED = re.compile(rf"(?:\b(?:posted|stationed|based|working|works|serving)|{MASK}+)\s+"
                    rf"(?:at|to|in)\s+{NAME}(?![\w])")  # the verb may be claimed already


class UnheldValueBinder:
    """A binder (see `assistant.understand.accounting`) for named values the data does not hold,
    said with their field's word."""

    name = "catalogue (value not held)"

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.fields = {(e.kind, e.field) for e in entries if e.field in FIELD_WORDS}

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        out: list[Bound] = []
        for kind, field in sorted(self.fields):
            if kind not in kinds:
                continue
            words = "|".join([field.replace("_", r"\s+"), *FIELD_WORDS[field]])
            after = re.compile(rf"\b{NAME}\s+(?:{words})s?\b")  # "Oldport station"
            before = re.compile(rf"\b(?:{words})s?\s+(?:of\s+)?{NAME}(?![\w])")  # "station X"
            found = list(after.finditer(text)) + list(before.finditer(text))
            if kind == "person" and field == "unit":
                found += list(POSTED.finditer(text))
            for m in found:
                # a claimed verb ("posted", already the staff list's) is not part of the span
                start = m.start() if MASK not in m.group(0) else m.start("name")
                if MASK in text[start:m.end()] or any(start < b.end and b.start < m.end()
                                                      for b in out):
                    continue
                value = m["name"]
                out.append(Bound(start, m.end(), f"{kind} {field} = {value}",
                                 FieldFilter(kind=kind, field=field, values=[value],
                                             text=text[start:m.end()])))
        return out


def held_values(entries: Sequence[Entry]) -> frozenset[tuple[str, str, str]]:
    """(kind, field, normalised value) of every catalogue entry: what `unheld_values` looks
    values up in. Normalising the whole catalogue took ~25 ms per question on the public store,
    so the engine computes this once per clearance."""
    return frozenset((e.kind, e.field, normalise(e.value)) for e in entries)


def unheld_values(filters: Sequence[FieldFilter], entries: Sequence[Entry],
                  held: AbstractSet[tuple[str, str, str]] | None = None) -> list[str]:
    """'unit “Oldport”' for each filter none of whose values the data holds for its field.
    `held`: `held_values(entries)`, when the caller keeps it."""
    if not filters:
        return []
    held = held_values(entries) if held is None else held
    return [f"{f.field.replace('_', ' ')} “{' / '.join(f.values)}”" for f in filters
            if f.op == "in"  # "a finding recorded": any value, not a value called "recorded"
            and not any((f.kind, f.field, normalise(v)) in held for v in f.values)]


def columns_not_held(con: duckdb.DuckDBPyConnection, filters: Sequence[FieldFilter],
                     forces: Sequence[str]) -> list[FieldFilter]:
    """The filters on an export's own column (a mapping's `attributes:`) that no record of the
    named `forces` holds at all: such a filter cannot be applied to those forces, so it is
    reported as not applied — never a confident zero.

    Why: Chicago's mapping stores the accused officer's gender; asked "how many Philadelphia
    complaints named a female officer?", the filter matched no Philadelphia record and the answer
    was "No complaints…", where 145 did (the Philadelphia export has no such column). Whether a
    force's export has a column at all says nothing about any record, so every record counts."""
    if not forces:
        return []
    return [f for f in filters
            if (f.kind != OFFICER and f.field not in CANDIDATE_FIELDS.get(f.kind, ())
                and f.field not in getattr(RECORD_KINDS.get(f.kind), "model_fields", {})  # a number
                and f.field != f"{f.kind}_days"  # a record's days (DURATIONS): its own columns
                and con.execute("SELECT count(*) FROM (SELECT 1 FROM record_attribute WHERE "
                                "kind = ? AND name = ? AND force IN (SELECT unnest(?::VARCHAR[])) "
                                "LIMIT 1)", [f.kind, f.field, list(forces)]).fetchone() == (0,))
            or (f.kind == OFFICER and not officers_hold(con, f.field, forces))]


def officers_hold(con: duckdb.DuckDBPyConnection, field: str, forces: Sequence[str]) -> bool:
    """Whether any officer reference of the `forces` records a rank/unit (catalogue OFFICER
    field): Philadelphia's export gives its officers no rank, so "which sergeant had the most
    Philadelphia complaints" cannot be answered for that force (it read Chicago's sergeant
    values and answered "none"), and is said not applied."""
    if field not in CANDIDATE_FIELDS[OFFICER]:  # a catalogue field name, never question text
        return False
    return con.execute(f"SELECT count(*) FROM (SELECT 1 FROM person_ref WHERE nullif(trim({field}), "
                       "'') IS NOT NULL AND force IN (SELECT unnest(?::VARCHAR[])) LIMIT 1)",
                       [list(forces)]).fetchone() != (0,)
