"""Values of one field said as a list of bare numbers in a comparison, apart from the field's
noun: "which district, 18 or 15, drew more …", "… by district: was it 18 or 15?", "the 12th,
15th or 18th — which district had the most?".

Why: `comparing.other_values` reads a bare number said beside a value already bound ("the 9th
district or the 12th"); when no value is bound — the noun said once, the numbers listed away from
it — every number was reported not applied ("I could not apply '18 or 15, drew'"). Each number is
read through the same binders as "<noun> <number>" with the question's own nouns, nearest first,
and taken only when every number of the list becomes a value of one and the same field: only
values the data holds in that field are ever compared, and a list no noun explains stays
unclaimed (so reported not applied).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .accounting import BOILERPLATE, Binder, apply_binders
from .intent import COMPARE_CUE
from .models import Claim, FieldFilter

N = r"\d{1,4}(?:st|nd|rd|th)?"
# "18 or 15", "12, 15 or 18", "the 12th and the 18th", "15 vs 18"
RUN = re.compile(rf"(?<![\w./-])(?:the\s+)?{N}(?:\s*,\s*(?:the\s+)?{N})*\s*,?\s*"
                 rf"(?:or|and|vs\.?|versus)\s+(?:the\s+)?{N}(?![\w/-])", re.I)
NUMBER = re.compile(N, re.I)
NOUN = re.compile(r"[A-Za-z][A-Za-z'-]+")
MAX_NOUNS = 12  # the nearest words tried as the field's noun


def listed_values(text: str, masked: str, kinds: list[str], binders: Sequence[Binder]
                  ) -> list[tuple[FieldFilter, tuple[int, int]]]:
    """The values a compared list of bare numbers names, each with its span. `text`: the
    question (people and dates masked); `masked`: what no binder claimed yet."""
    if not binders or not COMPARE_CUE.search(text):
        return []
    out: list[tuple[FieldFilter, tuple[int, int]]] = []
    for run in RUN.finditer(text):
        numbers = [(run.start() + m.start(), run.start() + m.end())
                   for m in NUMBER.finditer(run.group(0))]
        if any(masked[a:b] != text[a:b] for a, b in numbers):
            continue  # a number some binder already read
        nouns = sorted((w for w in NOUN.finditer(text) if w.group(0).lower() not in BOILERPLATE),
                       key=lambda w: min(abs(w.start() - run.end()), abs(run.start() - w.end())))
        for word in nouns[:MAX_NOUNS]:
            values = [_value(word.group(0), text[a:b], kinds, binders) for a, b in numbers]
            bound = [v for v in values if v is not None]
            if len(bound) == len(numbers) and \
                    len({(v.kind, v.field) for v in bound}) == 1 and \
                    len({tuple(v.values) for v in bound}) == len(bound):
                out += [(v.model_copy(update={"text": text[a:b]}), (a, b))
                        for v, (a, b) in zip(bound, numbers, strict=True)]
                break
    return out


def _value(noun: str, number: str, kinds: list[str], binders: Sequence[Binder]
           ) -> FieldFilter | None:
    """The one value "<noun> <number>" binds to, the number itself claimed; else None."""
    phrase = f"{noun} {number}"
    claims: list[Claim] = []
    found: list[FieldFilter] = []
    apply_binders(binders, phrase, kinds, claims, found)
    at = len(noun) + 1
    if len(found) == 1 and found[0].op == "in" and \
            any(c.start <= at < c.end for c in claims):
        return found[0]
    return None
