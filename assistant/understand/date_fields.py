"""Which of the store's other dates a period is about: "closed in 2021", "settled during 2022".

Why: a mapping may keep dates beyond a record's own (Chicago's `closed_date` and
`suit_settled_date`, `attributes:` typed `date`, stored as YYYY-MM-DD). On the held-out run of
2026-12-07 "complaints closed in 2021" filtered the received date (or nothing), and a question on
lawsuits settled in a year fell to the narrative search and answered from the complaints' text.
A period said right after the last word of such an attribute's name (its event: "closed",
"settled", "closing") filters that attribute, and the interpretation names it ("closed in 2021"); any other
period stays on the record's own date (as does one after another word of the name: "no civil
suit in 2021"). The names come from the store, never from the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .accounting import Bound
from .dates import DateSpan

# the words allowed between the attribute's word and the period ("closed *in*", "settled *some
# time during the*"); the period's own "before"/"after"/"between" is inside its span
BETWEEN = re.compile(r"^(?:\s+(?:was|were|is|been|being|ever|some\s+time|sometime|only|"
                     r"in|during|on|from|of|within|the|by))*\s*$", re.I)
WORD = re.compile(r"[a-z]+", re.I)
GENERIC = {"date", "on", "at", "day", "time", "no"}  # a name's words that say no event


@dataclass(frozen=True)
class HeldFields:
    """A binder (see `accounting`) that claims no span of its own: the store's date attributes
    (kind, name), which `field_periods` reads when the periods are found, and every attribute
    the store holds, which "with a civil suit" may say is present (`fields.presence`) even when
    its values are too many to be a category."""

    dates: tuple[tuple[str, str], ...]
    attributes: tuple[tuple[str, str], ...] = ()
    name: str = "held_fields"

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        return []


def _field_before(text: str, fields: Sequence[tuple[str, str]],
                  kinds: Sequence[str]) -> tuple[tuple[str, str], int] | None:
    """The date attribute whose word ends `text` (the question up to a period) and where that
    word starts, if one does."""
    # the catalogue imports this package: its word comparison is imported when first needed
    from assistant.catalogue.quantities import same_word, stem

    def event_words(name: str) -> list[str]:  # the name's last word of its own: its event
        words = [w for w in name.split("_") if w not in GENERIC]  # ("suit_settled_date": settled)
        return [stem(words[-1])] if words else []

    words = list(WORD.finditer(text))
    for m in reversed(words[-6:]):
        if not BETWEEN.match(text[m.end():]):
            return None
        said = stem(m.group(0))
        found = [f for f in fields if any(same_word(said, w) for w in event_words(f[1]))]
        if found:
            ranked = sorted(found, key=lambda f: (f[0] not in kinds, f[0] != "complaint"))
            return ranked[0], m.start()
    return None


def field_periods(question: str, spans: list[DateSpan], binders: Sequence[object],
                  kinds: Sequence[str] = ()) -> tuple[list[DateSpan],
                                                      list[tuple[str, DateSpan]]]:
    """(the periods left on the record's own date, (attribute name, period) for each period said
    of one of the store's date attributes, its span widened to the word said of the date)."""
    fields = [f for b in binders if isinstance(b, HeldFields) for f in b.dates]
    if not fields:
        return spans, []
    own: list[DateSpan] = []
    tied: list[tuple[str, DateSpan]] = []
    for span in spans:
        found = _field_before(question[:span.pos[0]], fields, kinds)
        if found is None:
            own.append(span)
        else:  # the word said of the date is the period's too ("closed" in "closed in 2021")
            (_, name), start = found
            tied.append((name, replace(span, pos=(start, span.pos[1]))))
    return own, tied
