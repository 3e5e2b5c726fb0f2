"""Sums and averages of a numeric field: "total overtime hours per officer", "the sum of hours
claimed for mutual aid", "average days to closure", "how many overtime hours in 2024",
"which officer claimed the most overtime hours".

Why: the plan could count, list, rank and group records, but not add up or average what they
measure, so "total overtime hours per officer" was answered with the number of claims per
officer — cited, confident and about another question. A measure is a cue ("total", "sum of",
"average", "mean", "how many", or a ranking's "most") and the noun it measures; the noun picks
the field among the store's numeric fields exactly as a comparison's noun does
(`numeric.NumericBinder.matches`), so only a field the data holds is ever summed. A noun that is
only a record kind's name ("the most overtime claims") is a count, never a measure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Measure
from .numeric import KIND_WORDS, UNITS, NumericBinder, singular

SUM = r"total|sum(?:\s+of)?|summed|combined|aggregate|how\s+many|how\s+much"
AVG = r"average|mean|avg\.?|typical"
RANK = r"most|highest|largest|greatest|biggest|fewest|least|lowest|smallest"
CUE = re.compile(rf"\b(?:(?:the\s+)?(?P<sum>{SUM})|(?:the\s+|an\s+|on\s+)?(?P<avg>{AVG})|"
                 rf"(?<!at )(?P<rank>{RANK}))\b(?:\s+(?:number|amount|length|duration)\s+of)?", re.I)
WORDS = re.compile(r"\s*(?P<w>[A-Za-z][A-Za-z-]*)")
# "… in total", "… all told", "… in hours", "… in days": the sum or the unit, said after
AFTER = re.compile(rf"\b(?:in\s+total|all\s+told|altogether|put\s+together|summed|in\s+all|"
                   rf"(?:in|as)\s+(?:(?:whole|full)\s+)?(?:{UNITS.pattern}))\b", re.I)
IN_UNIT = re.compile(rf"\b(?:in|as)\s+(?:(?:whole|full)\s+)?(?P<unit>{UNITS.pattern})\b", re.I)
# said after the noun: "hours totalled up", "hours added together", "overtime hours in total"
SUMMED = re.compile(r"\b(?:(?:total(?:l?ed|l?ing|s)|summed|added|adds|adding)(?:\s+(?:up|together))?|"
                    r"in\s+total|all\s+told|in\s+all|altogether)\b", re.I)
KIND_SINGULAR = frozenset(singular(w) for w in KIND_WORDS)
TOTAL_AFTER = re.compile(r"\b(?:in\s+total|all\s+told|altogether|in\s+all)\b", re.I)


@dataclass(frozen=True)
class Said:
    measure: Measure
    spans: list[tuple[int, int]]  # a ranking's own "most" is left to the ranking


def _measured(noun: str, kinds: Sequence[str], numeric: Sequence[NumericBinder]) -> str | None:
    """The one field of `kinds` the noun measures, said by a word that is not a record kind's
    name ("overtime *hours*", "days to *closure*"; not "overtime claims"); else None."""
    words = {singular(w) for w in noun.split()
             if UNITS.fullmatch(w) or singular(w) not in KIND_SINGULAR}
    fields = {(f.kind, f.field) for b in numeric for f in b.matches(noun, list(kinds))
              if words & f.words}
    return next(iter(fields))[1] if len(fields) == 1 else None


def _field_words(field: str, numeric: Sequence[NumericBinder]) -> frozenset[str]:
    return next(f.words for b in numeric for f in b.fields if f.field == field)


def _kind_of(field: str, kinds: Sequence[str], numeric: Sequence[NumericBinder]) -> str:
    order = [*kinds, "allegation"]
    return next(f.kind for k in order for b in numeric for f in b.fields
                if f.field == field and f.kind == k)


def measure(text: str, kinds: Sequence[str], numeric: Sequence[NumericBinder]) -> Said | None:
    """The sum or average `text` asks for (people and dates masked), with the spans it claims."""
    if not numeric:
        return None
    every = sorted({f.kind for b in numeric for f in b.fields})
    for m in CUE.finditer(text):
        at, nouns = m.end(), list[re.Match[str]]()
        while len(nouns) < 4 and (w := WORDS.match(text, at)):  # "overtime hours claimed"
            nouns.append(w)
            at = w.end()
        # the noun right after the cue, longest first, else the unit said ("… in days")
        tries = [(" ".join(w["w"] for w in nouns[:n]), nouns[n - 1].end())
                 for n in range(len(nouns), 0, -1)]
        if unit := IN_UNIT.search(text, m.end()):
            tries.append((unit["unit"], m.end()))
        for noun, end in tries:
            if m["sum"] and m["sum"].lower().startswith("how") and not (
                    UNITS.fullmatch(noun.split()[-1]) or TOTAL_AFTER.search(text)):
                continue  # "how many claims": a count (only a unit said is summed)
            for kinds_tried in ([kinds] if kinds else [every]):
                if field := _measured(noun, kinds_tried, numeric):
                    own = _field_words(field, numeric)  # the noun ends at the field's last word
                    end = max((w.end() for w in nouns if w.end() <= end and
                               singular(w["w"]) in own), default=end)
                    first = m.end("rank") if m["rank"] else m.start()
                    spans = [(first, end), *(x.span() for x in AFTER.finditer(text))]
                    kind = _kind_of(field, kinds_tried, numeric)
                    return Said(Measure(op="avg" if m["avg"] else "sum", kind=kind, field=field,
                                        text=text[m.start():end].strip()), spans)
    for m in SUMMED.finditer(text):  # "overtime hours totalled up per officer"
        base = max(0, m.start() - 40)
        before = list(re.finditer(r"[A-Za-z][A-Za-z-]*", text[base:m.start()]))
        for n in range(min(3, len(before)), 0, -1):
            noun = " ".join(w.group(0) for w in before[-n:])
            for kinds_tried in ([kinds] if kinds else [every]):
                if field := _measured(noun, kinds_tried, numeric):
                    spans = [(base + before[-n].start(), m.end()),
                             *(x.span() for x in AFTER.finditer(text))]
                    return Said(Measure(op="sum", kind=_kind_of(field, kinds_tried, numeric),
                                        field=field, text=text[spans[0][0]:m.end()].strip()),
                                spans)
    return None
