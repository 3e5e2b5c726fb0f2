"""Values joined by "or": alternatives of one field, or a disjunction no plan can hold.

Why: "complaints that ended in a written warning or dismissal" bound both outcomes as two
filters, and the answer read "where the outcome is X where the outcome is Y" — both at once,
which no record is. Two or more values of one field joined by "or" (or listed "A, B or C") are
one filter on any of them; values of one field joined by "and" are too when the counted records
hold that field themselves (a complaint has one district: "districts 12 and 15" means either).
Values of *different* fields joined by "or" ("about data misuse or from Quayside") cannot be
one conjunctive plan: both are taken out and the phrase is reported as not applied, never
silently applied as both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .models import Claim, FieldFilter

# What may come between two values joined as alternatives: a comma or joiner, then a few small
# words ("a written warning or *a* dismissal", "district 12 or *in* district 15")
JOINED = re.compile(r"^[\s,;/]*(?:(?P<how>or|and/or|and)[\s,]+)?"
                    r"(?:(?:a|an|the|in|into|to|by|with|from|of|as|for|at|on|about|over)\s+){0,2}$",
                    re.I)


@dataclass
class Said:
    """A bound value and where the question said it: a catalogue filter or a built-in category."""

    start: int
    end: int
    key: tuple[str, str]
    filter: FieldFilter | None = None
    category: str | None = None


@dataclass
class Alternatives:
    filters: list[FieldFilter]
    categories: list[str]
    unapplied: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _said(q: str, claims: list[Claim], filters: list[FieldFilter], categories: list[str],
          category_words: dict[str, str]) -> list[Said]:
    out: list[Said] = []
    used: set[int] = set()
    for f in filters:
        c = next((c for i, c in enumerate(claims) if i not in used and c.binder != "compare"
                  and q[c.start:c.end].lower() == f.text.lower()), None)
        if f.op == "in" and c is not None:
            used.add(claims.index(c))
            out.append(Said(c.start, c.end, (f.kind, f.field), filter=f))
    for cat in categories:
        word = category_words.get(cat, cat)
        if m := re.search(rf"\b{re.escape(word)}\b", q, re.I):
            out.append(Said(m.start(), m.end(), ("category", "category"), category=cat))
    return sorted(out, key=lambda s: s.start)


def alternatives(q: str, claims: list[Claim], filters: list[FieldFilter], categories: list[str],
                 category_words: dict[str, str], counted: str) -> Alternatives:
    """The filters and categories once values joined by "or" are read as alternatives
    (`counted`: the record kind counted, for "and" between values of its own field)."""
    said = _said(q, claims, filters, categories, category_words)
    merged: dict[int, FieldFilter] = {}  # id of the first filter of a run → the run as one
    dropped: set[int] = set()
    out = Alternatives(list(filters), list(categories))
    gaps = [JOINED.match(q[a.end:b.start]) for a, b in pairwise(said)]
    # "A, B or C": a comma takes the joiner said after it in the same list
    hows = [(m["how"] or ("," if "," in m.group(0) else "")).lower() if m else "" for m in gaps]
    for i in range(len(hows) - 2, -1, -1):
        if hows[i] == ",":
            hows[i] = hows[i + 1] if hows[i + 1] not in ("", ",") else "and"
    run: list[Said] = []
    for a, b, how in zip(said, said[1:], hows, strict=False):
        if not how:
            run = []
            continue
        if a.key != b.key and how in ("or", "and/or"):
            phrase = q[a.start:b.end]
            out.unapplied.append(phrase)
            out.reasons.append(f"'{phrase}': values of different fields joined by 'or' — not one "
                               "plan, so neither is applied")
            dropped.update({id(a.filter or a.category), id(b.filter or b.category)})
            run = []
            continue
        if a.key != b.key or a.filter is None or b.filter is None:
            run = []
            continue
        if how == "and" and a.filter.kind != counted:
            run = []
            continue  # "complaints with a written warning and a dismissal": could be both
        run = run or [a]
        run.append(b)
        first = run[0].filter
        assert first is not None
        values = [v for s in run if s.filter for v in s.filter.values]
        merged[id(first)] = first.model_copy(update={
            "values": list(dict.fromkeys(values)), "text": q[run[0].start:b.end]})
        dropped.update(id(s.filter) for s in run[1:])
    if merged:
        out.reasons += [f"'{f.text}' → {f.field} = {' or '.join(f.values)} (alternatives)"
                        for f in merged.values()]
    out.filters = [merged.get(id(f), f) for f in filters if id(f) not in dropped]
    out.categories = [c for c in categories if id(c) not in dropped]
    return out
