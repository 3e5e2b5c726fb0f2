"""Redaction of complainant personal details for roles that don't need them.

Masks are length-preserving (each character becomes `█`), so every offset into a field means the
same thing redacted or not: a citation computed over the redacted text verifies against the
redacted text, and never reveals what was masked. What is masked:
- the record's `complainant` field (name / personal details) wherever it is shown;
- that name, and its surname, where they recur in the record's narratives;
- "initials, age/race/sex" descriptors as the Philadelphia summaries write them ("BH, 21/B/F").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from assistant.citations import field_text

MASK = "█"
# "BH, 21/B/F" or "21/B/F": initials then age/race/sex, or the descriptor alone.
_DESCRIPTOR = re.compile(r"\b(?:[A-Z]{2,3},\s*)?\d{1,3}\s*/\s*[A-Z]{1,2}\s*/\s*[A-Z]\b")
# "The complainant, BH," — initials introduced as the complainant.
_INITIALS = re.compile(r"(?<=complainant, )[A-Z]{2,3}(?=,)|(?<=complainants, )[A-Z]{2,3}(?=,)")


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if not chars[i].isspace():
                chars[i] = MASK
    return "".join(chars)


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "rev"}


def complainant_names(complainant: str | None) -> set[str]:
    """The ways a complainant's name can recur in a narrative: as written, without title, and the
    surname alone. Bracketed details ("(DOB 01/02/1990)") are not part of the name."""
    if not complainant:
        return set()
    name = re.sub(r"\(.*?\)", " ", complainant).strip()
    words = [w for w in name.split() if w.lower().strip(".") not in _TITLES]
    names = {name, " ".join(words)} if words else {name}
    if len(words) > 1 and len(words[-1]) > 2:
        names.add(words[-1])  # "Mr Okafor said…", "Shackleton says…"
    return {n for n in names if n}


def detail_spans(text: str, complainant: str | None) -> list[tuple[int, int]]:
    spans = [m.span() for m in _DESCRIPTOR.finditer(text)]
    spans += [m.span() for m in _INITIALS.finditer(text)]
    for name in complainant_names(complainant):
        spans += [m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    return spans


@dataclass
class Redactor:
    """Applies the masking a user's role requires; `active=False` shows text as stored."""

    con: duckdb.DuckDBPyConnection
    active: bool
    _complainants: dict[str, str | None] = field(default_factory=dict)
    # (stored field, masked field) per (record, field): an answer reads the same fields for its
    # headlines and again to verify its citations; one Redactor serves one answer.
    _fields: dict[tuple[str, str], tuple[str | None, str | None]] = field(default_factory=dict)

    def complainant(self, record_id: str) -> str | None:
        if record_id not in self._complainants:
            row = None
            if record_id.startswith("complaint:"):
                row = self.con.execute(
                    "SELECT complainant FROM complaint WHERE record_id = ?", [record_id]
                ).fetchone()
            self._complainants[record_id] = row[0] if row else None
        return self._complainants[record_id]

    def text(self, record_id: str, field_name: str, text: str, offset: int = 0) -> str:
        """`text` is field[offset:offset+len(text)]; masks are computed on the whole field so a
        name split across chunk boundaries is still caught."""
        if not self.active or not text:
            return text
        if field_name == "complainant":
            return mask(text, [(0, len(text))])
        key = (record_id, field_name)
        if key not in self._fields:
            full = field_text(self.con, record_id, field_name)
            masked = (
                None
                if full is None
                else mask(full, detail_spans(full, self.complainant(record_id)))
            )
            self._fields[key] = (full, masked)
        full, masked = self._fields[key]
        if full is None or masked is None or full[offset : offset + len(text)] != text:
            return mask(text, detail_spans(text, self.complainant(record_id)))
        return masked[offset : offset + len(text)]
