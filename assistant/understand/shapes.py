"""Shapes of a question the lexicon tables don't read: a year said as an adjective, a count of
people per record, "fewest", and system names that are also values of the `system` field.

Why: each of these used to be misread silently — "2018 complaints" ignored the year, "complaints
that named three or more officers" became a per-officer ranking, "the fewest" ranked the most.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import DateSpan

# System names the kind table reads as "system searches": left for the catalogue to bind as a
# `system` filter too (or to report as unapplied when the force has no such system).
SYSTEM_NAME = re.compile(r"\b(?:pnc|pnd|niche|athena|police national (?:computer|database))\b",
                         re.I)

# "2018 complaints", "2017 use of force complaints": a year said as an adjective (find_dates
# leaves "<number> complaints" alone, as it is usually a count).
YEAR_ADJECTIVE = re.compile(r"(?<![\w/.:#£$,-])(?P<y>19[89]\d|20[0-4]\d)(?=\s+[A-Za-z])(?!\s+(?:times|"
                            r"hours|days|people|officers|or\s+more|or\s+fewer))")


def year_adjectives(text: str) -> list[DateSpan]:
    return [DateSpan(date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31), m["y"], m.span(),
                     [(date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31))], "year adjective")
            for m in YEAR_ADJECTIVE.finditer(text)]


FEWEST = re.compile(r"\b(?:fewest|least|lowest|smallest)\b", re.I)
# What a threshold counts: officers per record ("named three or more officers"), not records.
PER_RECORD_PEOPLE = re.compile(r"^\s+(?:different\s+|distinct\s+|separate\s+)?(?:accused\s+)?"
                               r"(?:officers?|people|persons|subjects|staff)\b", re.I)
MULTIPLE_PEOPLE = re.compile(r"\b(?:multiple|several|many)\s+(?:different\s+)?(?:accused\s+)?"
                             r"officers\b", re.I)


def people_per_record(text: str, min_count: int | None, max_count: int | None,
                       spans: list[tuple[int, int]]
                       ) -> tuple[tuple[int | None, int | None], list[tuple[int, int]]]:
    """((min, max) distinct people per record, spans) when a threshold counts officers."""
    low: int | None = None
    high: int | None = None
    used = []
    for start, end in spans:
        m = PER_RECORD_PEOPLE.match(text[end:])
        if not m:
            continue
        said = text[start:end].lower()
        is_max = any(w in said for w in ("fewer", "less", "under", "below", "at most"))
        if is_max:
            high = max_count
        else:
            low = min_count
        used.append((start, end + m.end()))
    if not used and (m := MULTIPLE_PEOPLE.search(text)):
        low, used = 2, [m.span()]
    return (low, high), used
