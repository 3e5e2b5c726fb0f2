"""People's year of birth as a filter: "officers born in 1985", "born before 1970", "born in the
1980s", "born between 1960 and 1969", "with a birth year after 1990".

Why: "born in 1985" was read as a date — complaints *received* in 1985 — so the question got a
confident "none" (or, with "before", every complaint up to 1970) about something else entirely.
The phrase is taken out of the date reader and bound to the birth field the store holds for the
records asked: the accused's birth year on an allegation row (an export's own column, e.g.
Chicago's), else the staff list's birth year or date of birth, applied through the officers a
record names. A store that holds no birth field claims nothing, so the phrase is reported not
applied, never answered without it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .accounting import Bound
from .models import FieldFilter
from .numeric import NumericField

YEAR = r"(?:1[89]|20)\d\d"
# "born in 1985", "born before 1970", "born in the 1980s", "born between 1960 and 1969",
# "whose birth year is after 1990", "with a year of birth earlier than 1975"
BORN = re.compile(
    rf"\b(?:born|(?:with\s+a\s+|whose\s+|a\s+|the\s+)?(?:birth\s*year|year\s+of\s+birth|"
    rf"date\s+of\s+birth|dob)(?:\s+(?:is|was|of|in|falls\s+in))?)\s+"
    rf"(?:(?P<op>in|during|before|prior\s+to|earlier\s+than|after|later\s+than|since|from|"
    rf"between|on\s+or\s+before|on\s+or\s+after|no\s+later\s+than|no\s+earlier\s+than)\s+)?"
    rf"(?:the\s+)?(?P<a>{YEAR})(?P<decade>'?s)?"
    rf"(?:\s*(?:and|to|-|–|through)\s*(?P<b>{YEAR}))?(?!\d)", re.I)
# "count the officers born …", "which staff were born …": the people themselves are asked about
PEOPLE_ASKED = re.compile(r"\b(?:count|list|name|show|which|who|how\s+many)\b(?:\s+(?:the|all|"
                          r"every|of\s+the))?\s+(?:officers?|staff|employees?|people|personnel|"
                          r"members?\s+of\s+staff)\b", re.I)
OPS = {"before": "lt", "prior to": "lt", "earlier than": "lt", "after": "gt", "later than": "gt",
       "since": "ge", "from": "ge", "on or before": "le", "no later than": "le",
       "on or after": "ge", "no earlier than": "ge"}


@dataclass(frozen=True)
class Birth:
    start: int
    end: int
    op: str
    values: tuple[str, ...]


def births(text: str) -> list[Birth]:
    """Every birth-year phrase in `text` with its comparison."""
    out = []
    for m in BORN.finditer(text):
        said = re.sub(r"\s+", " ", (m["op"] or "in").lower())
        a = int(m["a"])
        values: tuple[str, ...]
        if m["decade"]:  # "the 1980s": the whole decade
            op, values = "between", (str(a - a % 10), str(a - a % 10 + 9))
        elif m["b"]:
            op, values = "between", (m["a"], m["b"])
        elif said in OPS:
            op, values = OPS[said], (m["a"],)
        else:
            op, values = "eq", (m["a"],)
        out.append(Birth(m.start(), m.end(), op, values))
    return out


def birth_field(fields: Sequence[NumericField], kinds: Sequence[str]) -> NumericField | None:
    """The birth field the records asked are filtered on: one their own rows hold (a complaint's
    allegations count as its own), else the staff list's (applied through the officers named)."""
    born = [f for f in fields if "birth" in f.words]
    own = [*kinds, *(["allegation"] if "complaint" in kinds else [])]
    return next((f for k in own for f in born if f.kind == k), None) or \
        next((f for f in born if f.kind == "person"), None)


class BirthBinder:
    """A binder (see `accounting`): "born before 1970" → a filter on the held birth field."""

    name = "birth"

    def __init__(self, fields: Sequence[NumericField]) -> None:
        self.fields = list(fields)

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        field = birth_field(self.fields, kinds)
        if field is None:
            return []
        out = []
        for b in births(text):
            f = FieldFilter(kind=field.kind, field=field.field, op=b.op,
                            values=list(b.values), text=text[b.start:b.end])
            out.append(Bound(b.start, b.end, f"{field.label} {b.op} {' '.join(b.values)}", f))
        return out
