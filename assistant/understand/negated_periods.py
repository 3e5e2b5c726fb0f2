"""A period said with a negation is its complement: "not in 2019", "outside 2019", "excluding
2019", "no later than 2019", "other than in March 2020".

Why: the date rules read the period and left the negation word to the account, so "complaints
received outside 2019" was answered for 2019 with 'outside' reported unapplied — honest, but the
complement of a period is applicable: a date NOT in a period is before it or after it. A closed
period becomes an excluded one (taken out of whatever else is said: "between 2018 and 2020
excluding 2019" is 2018 and 2020); an open one flips ("no later than 2019" is up to 2019, "not
before 2019" is 2019 on). The negation word is claimed with the period, so nothing is left over.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from .dates import DateSpan

# the words before a period that negate it ("not received in", "except during", "apart from")
NEGATION = re.compile(
    r"\b(?:(?:not|never)(?:\s+(?:received|made|filed|dated|lodged|opened|recorded|reported|"
    r"happening|occurring|that\s+happened))?|outside(?:\s+of)?|excluding|except(?:\s+for)?|"
    r"other\s+than|apart\s+from|but\s+not)\s+$", re.IGNORECASE)
# "no later than 2019", "no earlier than March 2020": only an open bound is negated by "no"
NO_BOUND = re.compile(r"\bno\s+$", re.IGNORECASE)
OPEN_BOUND = ("after", "before")


def negated(spans: list[DateSpan], said: str) -> list[DateSpan]:
    """`spans` with each negated period turned into its complement (its `pos` then starts at
    the negation word)."""
    out: list[DateSpan] = []
    for s in spans:
        before = said[:s.pos[0]]
        m = NEGATION.search(before) or (NO_BOUND.search(before) if s.rule in OPEN_BOUND else None)
        if m is None or s.excluded:
            out.append(s)
            continue
        text, pos = said[m.start():s.pos[1]].strip(), (m.start(), s.pos[1])
        if s.start is None and s.end is not None:  # not before / no later than → from the day after
            first = s.end + timedelta(days=1)
            out.append(replace(s, start=first, end=None, text=text, pos=pos,
                               parts=[(first, None)], rule="after"))
        elif s.end is None and s.start is not None:  # not after / no earlier than → up to the day before
            last = s.start - timedelta(days=1)
            out.append(replace(s, start=None, end=last, text=text, pos=pos,
                               parts=[(None, last)], rule="until"))
        elif s.start is not None and s.end is not None:
            out.append(replace(s, text=text, pos=pos, excluded=True))
        else:
            out.append(s)
    return out
