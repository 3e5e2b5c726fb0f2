"""Redaction of complainant personal details for roles that don't need them.

Masks are length-preserving (each character becomes `█`), so every offset into a field means the
same thing redacted or not: a citation computed over the redacted text verifies against the
redacted text, and never reveals what was masked. What is masked (see masking/):
- a complaint's `complainant` and `location` fields, whole, wherever they are shown;
- the complainant's identity where it recurs in the complaint's text: the name in any case and
  form (full, given, surname, initials, title + surname, "SURNAME, Given"), the date of birth in
  common formats, the parts of the location;
- the store's complainants in any other record (system-access subjects, intelligence, …): by
  name pair in either order and by date of birth;
- anyone's contact details (Presidio's pattern recognizers, without Presidio): emails, UK phones and postcodes,
  street addresses, dates given as a date of birth;
- "initials, age/race/sex" descriptors as the Philadelphia summaries write them ("BH, 21/B/F").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import duckdb

from assistant import held_reads
from assistant.citations import FieldKey, field_texts
from assistant.masking import Identity, KnownComplainants
from assistant.masking.identity import compiled, introduced_spans
from assistant.masking.patterns import pii_spans

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


# A record's reference is its identifier, shown as stored in every answer's label ("Complaint
# 17-0328"): a citation of it shows it as stored too (masking one cost ~0.2 ms and found nothing,
# and a narrative set cites each member past its first page by its reference).
IDENTIFIERS = frozenset({"reference"})

MASKED_HELD = 10_000  # masked fields an engine keeps (~1 KB each, a narrative's and its mask)

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


def detail_spans(
    text: str,
    complainant: str | None,
    location: str | None = None,
    known: KnownComplainants | None = None,
) -> list[tuple[int, int]]:
    spans = [m.span() for m in _DESCRIPTOR.finditer(text)]
    spans += [m.span() for m in _INITIALS.finditer(text)]
    for name in complainant_names(complainant):
        spans += [m.span() for m in compiled(rf"\b{re.escape(name)}\b").finditer(text)]
    spans += Identity(complainant, location).spans(text)
    spans += known.spans(text) if known else []
    return spans + introduced_spans(text) + pii_spans(text)


@dataclass
class Redactor:
    """Applies the masking a user's role requires; `active=False` shows text as stored.

    Masking a field needs the whole stored field and its record's complainant. One Redactor
    serves one answer, which reads the same fields for its headlines and again to verify its
    citations: `prefetch` reads what many records need in one query per kind (and takes fields
    the caller has already read), so that `text` reads nothing record by record."""

    con: duckdb.DuckDBPyConnection
    active: bool
    _complainants: dict[str, str | None] = field(default_factory=dict)
    _locations: dict[str, str | None] = field(default_factory=dict)
    _known: KnownComplainants | None = None
    # (stored field, masked field) per (record, field); the mask is computed when first needed.
    _fields: dict[FieldKey, tuple[str | None, str | None]] = field(default_factory=dict)
    _stored: dict[FieldKey, str | None] = field(default_factory=dict)  # prefetched, not yet masked

    def prefetch(
        self, keys: Iterable[FieldKey], texts: Mapping[FieldKey, str | None] | None = None
    ) -> None:
        """Read, in bulk, what masking these (record, field)s will need: their records'
        complainants and the stored fields — except those in `texts`, whole stored fields the
        caller has just read, which are taken as they are."""
        if not self.active:
            return
        texts = texts or {}
        keys = [k for k in dict.fromkeys([*keys, *texts])
                if k[1] != "complainant" and k[1] not in IDENTIFIERS]
        self.prefetch_complainants([rid for rid, _ in keys])
        for key in keys:
            if key in texts and key not in self._fields:
                self._stored.setdefault(key, texts[key])
        missing = [k for k in keys if k not in self._fields and k not in self._stored]
        if missing:
            self._stored.update(field_texts(self.con, missing))

    def known(self, texts: Mapping[FieldKey, str | None]) -> None:
        """`prefetch` for whole stored fields the caller has just read (`verify`'s `read`)."""
        self.prefetch(texts, texts)

    def prefetch_complainants(self, record_ids: Iterable[str]) -> None:
        wanted = sorted({r for r in record_ids if r not in self._complainants})
        for rid in wanted:
            self._complainants[rid] = None
        complaints = [r for r in wanted if r.startswith("complaint:")]
        if complaints:
            rows = self.con.execute(
                "SELECT record_id, complainant, location FROM complaint "
                "WHERE record_id IN (SELECT unnest(?::VARCHAR[]))",
                [complaints],
            ).fetchall()
            self._complainants.update((r, c) for r, c, _ in rows)
            self._locations.update((r, loc) for r, _, loc in rows)

    def complainant(self, record_id: str) -> str | None:
        if record_id not in self._complainants:
            self.prefetch_complainants([record_id])
        return self._complainants[record_id]

    @property
    def complainants_known(self) -> KnownComplainants:
        if self._known is None:
            self._known = KnownComplainants.of(self.con)
        return self._known

    def spans(self, record_id: str, text: str) -> list[tuple[int, int]]:
        # A staff record is who the officer is, not a complainant's detail: a member of the
        # public who shares the name (common at 45,000 staff) must not mask it, or every answer
        # citing that officer fails verification. Other records still mask known complainants.
        known = None if record_id.startswith("person:") else self.complainants_known
        return detail_spans(text, self.complainant(record_id), self._locations.get(record_id),
                            known)

    def _field(self, key: FieldKey) -> tuple[str | None, str | None]:
        if key not in self._fields:
            if key in self._stored:
                full = self._stored.pop(key)
            else:
                full = field_texts(self.con, [key])[key]
            self._fields[key] = (full, None if full is None else self._masked(key, full))
        return self._fields[key]

    def _masked(self, key: FieldKey, full: str) -> str:
        """The stored field `full` masked. On an engine's read-only store a field's mask is the
        same for every answer (its text, its record's complainant and location and the store's
        complainants cannot change while the engine lives): kept per connection (held_reads),
        up to MASKED_HELD fields, and used only for the very text it was computed from."""
        memo: dict[FieldKey, tuple[str, str]] = held_reads.once(self.con, "masked_fields", dict)
        found = memo.get(key)
        if found is None or found[0] != full:
            if len(memo) >= MASKED_HELD:
                memo.clear()
            found = memo[key] = (full, mask(full, self.spans(key[0], full)))
        return found[1]

    def text(self, record_id: str, field_name: str, text: str, offset: int = 0) -> str:
        """`text` is field[offset:offset+len(text)]; masks are computed on the whole field so a
        name split across chunk boundaries is still caught."""
        if not self.active or not text or field_name in IDENTIFIERS:
            return text
        if field_name == "complainant" or (
            field_name == "location" and record_id.startswith("complaint:")
        ):
            return mask(text, [(0, len(text))])
        full, masked = self._field((record_id, field_name))
        if full is None or masked is None or full[offset : offset + len(text)] != text:
            return mask(text, self.spans(record_id, text))
        return masked[offset : offset + len(text)]

    def texts(self, values: Mapping[FieldKey, str | None]) -> dict[FieldKey, str | None]:
        """`text` for many whole stored fields at once (as just read by the caller): one
        complainant query for all of them, and no field read again."""
        self.prefetch(values, values)
        return {
            key: value if value is None else self.text(key[0], key[1], value)
            for key, value in values.items()
        }
