"""Parts of a year or month said in words: "the last quarter of 2019", "the first six months of
2020", "the final week of June 2018", "Q4 of 2019", "the summer of 2020", "Jan–Mar 2021".

Why this exists: the general date rules read such a phrase piecewise — "the last quarter" as the
rolling quarter before today and "of 2019" as the whole year — so the answer covered a period
nobody asked about, with nothing reported as not applied. These rules run first and turn the
whole phrase into the one span it names. Seasons are the meteorological ones of the northern
hemisphere (spring March–May, summer June–August, autumn September–November); a winter spans two
years and is read only when both are said ("winter 2019/20"). Vague parts ("late 2019", "mid-2020")
are not read here: they stay unapplied rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .dates import MON, MONTHS, YR, DateSpan, Span
from .lexicon import MASK, NUMBER_RE, mask, to_number

FROM_START = {"first": 1, "1st": 1, "opening": 1, "front": 1, "second": 2, "2nd": 2,
              "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
FROM_END = ("last", "final", "closing", "latter", "back")
UNITS = {"day": relativedelta(days=1), "week": relativedelta(weeks=1),
         "fortnight": relativedelta(weeks=2), "month": relativedelta(months=1),
         "quarter": relativedelta(months=3), "half": relativedelta(months=6)}
Part = tuple[date, date]  # both ends known
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}
# a relation before the part applies to the part ("since the last quarter of 2019")
RELATION = (r"(?:\b(?P<rel>since|before|after|until|till|prior\s+to|earlier\s+than|later\s+than|"
            r"up\s+(?:to|until)|by\s+the\s+end\s+of)\s+|\b(?:in|during|over|for|within|across|"
            r"throughout|from)\s+)?(?:the\s+)?")
WHOLE = rf"(?:{MON},?\s+(?:of\s+)?{YR}|{YR})"
POSITION = "|".join(sorted([*FROM_START, *FROM_END], key=len, reverse=True))
SEASON_WORD = r"spring|summer|autumn|fall"
# "the first quarter of 2019 to the third quarter of 2020": a range of parts is left to the
# general range rules, never read as its first end alone
RANGE_NEXT = re.compile(rf"\s*(?:and|to|through|thru|until|till|&|-|–)\s+(?:the\s+)?(?:\d|q[1-4]|"
                        rf"{POSITION}|{SEASON_WORD}|{MON})", re.IGNORECASE)

PART = re.compile(
    rf"{RELATION}\b(?P<pos>{POSITION})\s+(?:(?P<n>{NUMBER_RE})\s+)?(?P<unit>days?|weeks?|"
    rf"fortnights?|months?|quarters?|half)\s*(?:\s+of|,)\s+(?:the\s+(?:year\s+)?)?"
    rf"(?P<whole>{WHOLE})(?!\d)", re.IGNORECASE)
QUARTER = re.compile(rf"{RELATION}\bq(?P<q>[1-4])\s+of\s+(?:the\s+year\s+)?(?P<year>{YR})(?!\d)",
                     re.IGNORECASE)
SEASON = re.compile(
    rf"{RELATION}\b(?:(?P<s1>{SEASON_WORD})\s+(?:of\s+)?(?P<y1>{YR})|(?P<y2>{YR})\s+"
    rf"(?P<s2>{SEASON_WORD})|winter\s+(?:of\s+)?(?P<wy>{YR})\s*[/–-]\s*(?P<wy2>\d{{2}}(?:\d{{2}})?))"
    r"(?!\d)", re.IGNORECASE)
MONTH_RANGE = re.compile(
    rf"{RELATION}(?<![\w/])(?P<a>{MON})\s*(?:-|–|to|through|thru|until|till)\s*(?P<b>{MON}),?\s+"
    rf"(?:of\s+)?(?P<year>{YR})(?!\d)", re.IGNORECASE)


def _whole(text: str) -> tuple[date, date, str]:
    """The year or month a part is taken of, and which of the two it is."""
    year = int(re.findall(r"\d{4}", text)[0])
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in MONTHS), None)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    start = date(year, month, 1)
    return start, start + relativedelta(day=31), "month"


def _part(m: re.Match[str]) -> list[Part] | None:
    start, end, whole = _whole(m["whole"])
    unit_word, pos = m["unit"].lower(), m["pos"].lower()
    if unit_word.endswith("s") != bool(m["n"]) and not (m["n"] and to_number(m["n"]) == 1):
        return None  # "the closing months of 2019": how many is not said; "the first 3 month"
    unit_word = unit_word.rstrip("s")
    count = to_number(m["n"]) if m["n"] else 1
    if (unit_word in ("quarter", "half") and whole != "year") or count < 1:
        return None  # "the last quarter of June": not a period anyone means
    second = pos in ("second", "2nd")
    if unit_word == "half" and (count > 1 or not (pos in ("first", "1st", "front") or second
                                                  or pos in FROM_END)):
        return None
    if unit_word != "half" and pos in ("latter", "back", "front"):
        return None  # "the back week of 2019": not said
    unit = UNITS[unit_word] * count
    if pos in FROM_END or (unit_word == "half" and second):
        first = end + timedelta(days=1) - unit
        return [(first, end)] if first >= start else None
    k = FROM_START[pos]
    if k > 1 and m["n"]:
        return None  # "the second three months of 2019"
    first = start + UNITS[unit_word] * (k - 1)
    last = first + unit - timedelta(days=1)
    return [(first, last)] if last <= end else None


def _quarter(m: re.Match[str]) -> list[Part]:
    first = date(int(m["year"]), 3 * int(m["q"]) - 2, 1)
    return [(first, first + relativedelta(months=2, day=31))]


def _season(m: re.Match[str]) -> list[Part] | None:
    if m["wy"]:
        year, tail = int(m["wy"]), m["wy2"]
        nxt = int(tail) if len(tail) == 4 else year // 100 * 100 + int(tail)
        if nxt != year + 1:
            return None
        return [(date(year, 12, 1), date(nxt, 3, 1) - timedelta(days=1))]
    first = date(int(m["y1"] or m["y2"]), SEASONS[(m["s1"] or m["s2"]).lower()], 1)
    return [(first, first + relativedelta(months=2, day=31))]


def _months(m: re.Match[str]) -> list[Part]:
    """Both ends, as the general range rules keep them ("from March to June 2020" compares)."""
    year = int(m["year"])
    a, b = (MONTHS[re.sub(r"\W", "", m[g].lower())] for g in ("a", "b"))
    first = date(year - 1 if a > b else year, a, 1)  # "Nov–Feb 2020": November 2019
    last = date(year, b, 1)
    return [(first, first + relativedelta(day=31)), (last, last + relativedelta(day=31))]


RULES: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], list[Part] | None]]] = [
    ("part", PART, _part), ("part", QUARTER, _quarter), ("season", SEASON, _season),
    ("months", MONTH_RANGE, _months)]


def _related(rel: str | None, start: date, end: date, today: date) -> tuple[date | None,
                                                                            date | None]:
    rel = re.sub(r"\s+", " ", (rel or "").lower())
    if rel == "since":
        return start, today
    if rel in ("after", "later than"):
        return end + timedelta(days=1), None
    if rel in ("before", "prior to", "earlier than"):
        return None, start - timedelta(days=1)
    if rel:
        return None, end  # until, till, up to, by the end of
    return start, end


def find_parts(text: str, today: date) -> tuple[list[DateSpan], str]:
    """Every part-of-a-period phrase in `text` as one span each, and the text with them masked."""
    found: list[DateSpan] = []
    for rule, rx, resolve in RULES:
        for m in list(rx.finditer(text)):
            if MASK in m.group(0) or RANGE_NEXT.match(text, m.end()) or \
                    (parts := resolve(m)) is None:
                continue
            first, last = min(p[0] for p in parts), max(p[1] for p in parts)
            start, end = _related(m["rel"], first, last, today)
            found.append(DateSpan(start, end, m.group(0).strip(), (m.start(), m.end()),
                                  list[Span](parts) if not m["rel"] else [(start, end)], rule))
            text = mask(text, m.start(), m.end())
    return found, text
