"""Dates and ranges in a question, resolved against `today`. All ranges are inclusive.

Order of recognition (each match is masked before the next rule runs): explicit ranges
("between A and B", "from A to B", "2020-2022") → rolling/relative periods ("last 90 days", "past
year", "this year", "last year") → prepositional ("since A", "before A", "after A", "until A",
"in/during/on A") → bare dates and years. A bare month ("March") is only a date after a
preposition ("since March", "in March"), so "PC March" or "Jenny March" stay names. Numbers are
day-first (05/04/2023 = 5 April). "last year" is the previous calendar year; "the last year" /
"past year" is the rolling 12 months ending today; rolling N units start at today - N units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .lexicon import NUMBER_RE, mask, to_number

MONTHS = {m: i for i, ms in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for m in ms}
MON = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?![a-z])"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YR = r"(?:19|20)\d{2}"
# "in '15", "back in ’19": a year said with an apostrophe and two digits (not "the '90s")
APOS_YR = r"(?<!\w)['’]\d{2}(?![\w'’])"
ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

ATOMS: list[tuple[str, str]] = [  # (kind, regex) most specific first
    ("iso", rf"{YR}-(?:0?[1-9]|1[0-2])-(?:[12]\d|3[01]|0?[1-9])"),
    ("num", r"(?:[12]\d|3[01]|0?[1-9])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:(?:19|20)\d{2}|\d{2})"),
    ("dmy", rf"{DAY}(?:\s+of)?\s+{MON},?\s+{YR}"),
    ("mdy", rf"{MON}\s+{DAY},?\s+{YR}"),
    ("my", rf"{MON}(?:\s+(?:of|in))?,?\s+(?:{YR}|{APOS_YR})"),
    ("ym", rf"{YR}-(?:0[1-9]|1[0-2])(?!\d)"),
    ("q", rf"q[1-4]\s*,?\s*{YR}|{YR}\s*q[1-4]|(?:first|second|third|fourth|1st|2nd|3rd|4th)"
          rf"\s+quarter\s+(?:of\s+)?{YR}"),
    ("h", rf"h[12]\s*{YR}|{YR}\s*h[12]|(?:first|second|1st|2nd)\s+half\s+(?:of\s+)?{YR}"),
    ("y", rf"{YR}(?![\d])|{APOS_YR}"),
    ("dm", rf"{DAY}(?:\s+of)?\s+{MON}"),
    ("md", rf"{MON}\s+{DAY}(?![\d])"),
    ("qbare", r"q[1-4](?!\w)"),
    ("m", MON),
]
_ATOM_RES = [(kind, re.compile(rf"(?:{rx})$", re.IGNORECASE)) for kind, rx in ATOMS]
ATOM = "(?:" + "|".join(rx for _, rx in ATOMS) + ")"
ATOM_NO_MONTH = "(?:" + "|".join(rx for kind, rx in ATOMS if kind not in ("m", "qbare")) + ")"
Span = tuple[date | None, date | None]
MAX_ROLLING_YEARS = 150  # "the last N units" reaching further back than this is refused


class DateRangeError(ValueError):
    """A period that cannot be meant ("the last 999999 days"): refused, never clamped silently."""


def _month_end(d: date) -> date:
    return d + relativedelta(day=31)


def _recent(today: date, month: int, day: int = 1) -> int:
    """Year of the most recent (month, day) on or before today."""
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


def _century(year: int, today: date) -> int:
    """A two-digit year: this century unless that is more than 5 years ahead."""
    return year + (2000 if year <= today.year % 100 + 5 else 1900)


def parse_atom(text: str, today: date) -> tuple[date, date] | None:
    s = re.sub(r"\s+", " ", text.strip().lower())
    s = re.sub(APOS_YR, lambda m: str(_century(int(m.group(0)[1:]), today)), s)
    nums = [int(n) for n in re.findall(r"\d+", s)]
    mon = next((MONTHS[w] for w in re.findall(r"[a-z]+", s) if w in MONTHS), None)
    for kind, rx in _ATOM_RES:
        if not rx.match(s):
            continue
        try:
            if kind == "iso":
                d = date(nums[0], nums[1], nums[2])
                return d, d
            if kind == "num":
                year = nums[2]
                if year < 100:
                    year = _century(year, today)
                d = date(year, nums[1], nums[0])
                return d, d
            if kind in ("dmy", "mdy", "dm", "md"):
                day = nums[0]
                year = nums[1] if len(nums) > 1 else _recent(today, mon or 1, day)
                d = date(year, mon or 1, day)
                return d, d
            if kind in ("my", "ym", "m"):
                month = mon or nums[1]
                year = nums[0] if nums else _recent(today, month)
                return date(year, month, 1), _month_end(date(year, month, 1))
            if kind in ("q", "h", "qbare"):
                qh = re.search(r"[qh](\d)", s)
                n = next((ORD[w] for w in ORD if w in s), None) or int(qh[1] if qh else 1)
                size = 6 if ("half" in s or re.search(r"h\d", s)) else 3
                first_month = (n - 1) * size + 1
                years = [x for x in nums if x > 999]
                year = years[0] if years else _recent(today, first_month)
                start = date(year, first_month, 1)
                return start, _month_end(start + relativedelta(months=size - 1))
            if kind == "y":
                return date(nums[0], 1, 1), date(nums[0], 12, 31)
        except (ValueError, TypeError, IndexError):
            return None
    return None


@dataclass
class DateSpan:
    start: date | None
    end: date | None
    text: str
    pos: tuple[int, int]
    parts: list[Span] = field(default_factory=list)  # the two ends of "between A and B"
    rule: str = ""
    excluded: bool = False  # "not in 2019": the date must fall outside it (negated_periods)


UNIT = r"(day|week|fortnight|month|quarter|year)s?"
PRE = r"(?:(?:in|over|during|within|for|from)\s+)?"
RULES: list[tuple[str, str]] = [
    ("between", rf"\bbetween\s+(?P<a>{ATOM})\s+(?:and|&|to|-)\s+(?P<b>{ATOM})"),
    ("range", rf"\bfrom\s+(?P<a>{ATOM})\s*(?:to|until|till|through|thru|-|–)\s*(?P<b>{ATOM})"),
    ("range", rf"(?<![\w/.:#-])(?P<a>{ATOM_NO_MONTH})\s*(?:to|until|till|through|-|–)\s*"
              rf"(?P<b>{ATOM_NO_MONTH})(?![\w/])"),
    ("in", rf"\b(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?P<a>(?:first|second|third|fourth|1st|"
           rf"2nd|3rd|4th)\s+(?:quarter|half)\s+(?:of\s+)?{YR})"),
    ("since_calendar", r"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?(?P<w>last|this)\s+"
                       r"(?P<u>week|month|quarter|year)\b"),
    ("rolling_n", rf"\b{PRE}(?:the\s+)?(?:last|past|previous|preceding)\s+(?P<n>{NUMBER_RE})\s+"
                  rf"{UNIT}\b"),
    ("rolling_1", rf"\b{PRE}(?:the\s+(?:last|past|previous)|past)\s+(?P<u>week|fortnight|month|"
                  r"quarter|year|12 months)\b"),
    ("calendar", r"\b(?:(?:in|during|over)\s+)?(?P<w>last|previous|this|current)\s+"
                 r"(?:calendar\s+)?(?P<u>week|month|quarter|year)\b"),
    ("ytd", r"\b(?:(?:so\s+far\s+)?this\s+year\s+to\s+date|year\s+to\s+date|ytd)\b"),
    ("day", r"\b(?:on\s+)?(?P<w>today|yesterday)\b"),
    # "from 2019" alone is the period itself ("complaints from 2019"); "from 2019 onwards" is since
    # "absences starting in 2024", "leave beginning in May": a record noun's own start date,
    # so the period itself (read by "in" below), not "since"
    ("in", rf"(?<=[a-z])(?<!ed)\s+(?:starting|beginning|that\s+(?:started|began)|which\s+(?:started|began))"
           rf"\s+in\s+(?P<a>{ATOM})(?!\s+onwards?)"),
    ("since", rf"\b(?:since|starting(?:\s+in)?|beginning(?:\s+in)?)\s+(?P<a>{ATOM})"
              r"(?:\s+onwards?)?"),
    ("since", rf"\bfrom\s+(?P<a>{ATOM})\s+onwards?\b"),
    # "2015 or later", "from 2015 and after", "in 2015 or since": the year and every one after
    # (not "after 2016 and before 2019" / "earlier than 2016 or later than 2019": there the word
    # begins the next bound)
    ("since", rf"\b(?:(?:from|in|since)\s+)?(?P<a>{ATOM})\s+(?:or|and)\s+(?:later|after(?:wards)?|"
              rf"since|beyond)\b(?!\s+(?:than\s+)?(?:the\s+)?{ATOM})"),
    ("until", rf"\b(?:(?:from|in|up\s+to)\s+)?(?P<a>{ATOM})\s+(?:or|and)\s+(?:earlier|before)\b"
              rf"(?!\s+(?:than\s+)?(?:the\s+)?{ATOM})"),
    ("after", rf"\b(?:after|later\s+than)\s+(?P<a>{ATOM})"),
    ("before", rf"\b(?:before|prior\s+to|earlier\s+than)\s+(?P<a>{ATOM})"),
    ("until", rf"\b(?:until|till|up\s+to|up\s+until|through|by\s+the\s+end\s+of)\s+(?P<a>{ATOM})"),
    ("in", rf"\b(?:in|during|within|throughout|for|of|on|over|across|around|at|from)\s+(?:the\s+)?"
           rf"(?:(?:month|year)\s+(?:of\s+)?)?(?P<a>{ATOM})"),
    # ("2019: a count of …": a year set off by a colon is the year; "2019:30" is not one)
    ("bare", rf"(?<![\w/.:#£$-])(?P<a>{ATOM_NO_MONTH})(?![\w/]|:\d|[.\-]\d|\s+(?:complaints?|"
             r"officers?|records?|times|hours|days|people|cases|searches|allegations))"),
]
_RULES = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in RULES]


def _rolling(today: date, n: int, unit: str) -> Span:
    unit = unit.lower().rstrip("s")
    delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n),
             "fortnight": relativedelta(weeks=2 * n), "month": relativedelta(months=n),
             "quarter": relativedelta(months=3 * n), "year": relativedelta(years=n)}[unit]
    try:
        start = today - delta
    except (OverflowError, ValueError):
        start = date.min
    if start < today - relativedelta(years=MAX_ROLLING_YEARS):
        raise DateRangeError(
            f"the period 'last {n:,} {unit}s' reaches back more than {MAX_ROLLING_YEARS} years; "
            "give a shorter period or explicit dates")
    return start, today


def _calendar(today: date, which: str, unit: str) -> Span:
    back = 1 if which.lower() in ("last", "previous") else 0
    if unit == "week":
        start = today - timedelta(days=today.weekday()) - timedelta(weeks=back)
        return start, today if not back else start + timedelta(days=6)
    if unit == "month":
        start = date(today.year, today.month, 1) - relativedelta(months=back)
    elif unit == "quarter":
        start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1) - relativedelta(months=3 * back)
    else:
        start = date(today.year - back, 1, 1)
    size = {"month": 1, "quarter": 3, "year": 12}[unit]
    return start, (today if not back else _month_end(start + relativedelta(months=size - 1)))


def _resolve(name: str, m: re.Match[str], today: date) -> tuple[Span, list[Span]] | None:
    g = m.groupdict()
    if name in ("between", "range"):
        a, b = parse_atom(g["a"], today), parse_atom(g["b"], today)
        if not a or not b:
            return None
        if not re.search(YR, g["a"]) and re.search(YR, g["b"]) and b[0].year != a[0].year:
            # "from Jan to March 2023", "from 1 January to 30 June 2016": the year said once
            a = parse_atom(f"{g['a']} {b[0].year}", today) or a
        return (min(a[0], b[0]), max(a[1], b[1])), [a, b]
    if name == "rolling_n":
        return _rolling(today, to_number(g["n"]), m.group(m.lastindex or 0)), []
    if name == "rolling_1":
        unit = g["u"].lower()
        return _rolling(today, 12 if unit == "12 months" else 1,
                        "month" if unit == "12 months" else unit), []
    if name in ("calendar", "since_calendar"):
        start, end = _calendar(today, g["w"], g["u"].lower())
        return (start, today if name == "since_calendar" else end), []
    if name == "ytd":
        return (date(today.year, 1, 1), today), []
    if name == "day":
        d = today if g["w"].lower() == "today" else today - timedelta(days=1)
        return (d, d), []
    a = parse_atom(g["a"], today)
    if not a:
        return None
    spans: dict[str, Span] = {
        "since": (a[0], today), "after": (a[1] + timedelta(days=1), None),
        "before": (None, a[0] - timedelta(days=1)), "until": (None, a[1]),
    }
    return spans.get(name, a), []


# Fixed-date days said by name with their year ("on Christmas Day 2025"): one day. Without a
# year the day is left unread (reported as not applied), never guessed.
HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
            "new year's day": (1, 1), "new years day": (1, 1), "new year's eve": (12, 31),
            "new years eve": (12, 31)}
HOLIDAY_RE = re.compile(
    r"(?:\b(?:on|of)\s+)?\b(?P<day>christmas\s+(?:day|eve)|boxing\s+day|new\s+year'?s\s+"
    rf"(?:day|eve))(?:\s+of)?,?\s+(?P<year>{YR})(?!\d)", re.IGNORECASE)


def find_dates(text: str, today: date) -> tuple[list[DateSpan], str]:
    """All date expressions in `text` (in order of position) and the text with them masked."""
    from .date_parts import find_parts  # built on this module's atoms, so imported here
    from .negated_periods import negated

    said = text
    found: list[DateSpan] = []
    for m in list(HOLIDAY_RE.finditer(text)):
        month, day = HOLIDAYS[re.sub(r"\s+", " ", m["day"].lower())]
        d = date(int(m["year"]), month, day)
        found.append(DateSpan(d, d, m.group(0).strip(), (m.start(), m.end()), [(d, d)], "holiday"))
        text = mask(text, m.start(), m.end())
    named, text = find_parts(text, today)
    found += named
    for name, rx in _RULES:
        for m in list(rx.finditer(text)):
            if "\ue000" in m.group(0):
                continue
            resolved = _resolve(name, m, today)
            if resolved is None:
                continue
            (start, end), parts = resolved
            found.append(DateSpan(start, end, m.group(0).strip(), (m.start(), m.end()),
                                  parts or [(start, end)], name))
            text = mask(text, m.start(), m.end())
    found = negated(found, said)
    for s in found:  # a negation word is claimed with its period
        text = mask(text, *s.pos)
    return sorted(found, key=lambda d: d.pos), text
