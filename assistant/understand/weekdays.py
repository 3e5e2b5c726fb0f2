"""Days of the week said of records: "received at the weekend", "searches made on Sundays",
"absences starting on a Monday or Friday", "on weekdays".

Why: the day of the week is derivable from the date field every record kind keeps (its
`date_field`: received for complaints, the event for system access, the start of an absence),
but nothing read it, so such a constraint was reported unapplied or searched for in narratives.
The days said become ISO weekday numbers (1 Monday … 7 Sunday) the engine applies to the kind's
own date field. A weekday said as one date ("last Tuesday", "Tuesday 4 May") is not every such
weekday: it is left for the date reader or reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_ONE = rf"(?:{_DAY}|week[\s-]?end(?:s|\s+days?)?|weekdays?|working\s+days?|work\s*days?)"
# the record's date said as its verb ("absences *starting* on a Monday") is that date's
SAID = re.compile(
    r"\b(?:(?:start(?:ed|ing|s)?|began|begin(?:s|ning)?|commenc(?:ed|ing|es?))\s+)?"
    rf"(?:(?:on|at|over|during|in)\s+(?:a\s+|the\s+)?)?(?P<what>{_ONE}"
    rf"(?:\s*(?:,\s*(?:or\s+|and\s+)?|or\s+|and\s+)(?:a\s+|the\s+)?{_ONE})*)\b", re.I)
# one day said as a date: "last Tuesday", "this Friday", "Tuesday 4 May", "Monday the 3rd"
AS_DATE_BEFORE = re.compile(r"\b(?:last|next|this|that|previous|coming)\s+$", re.I)
AS_DATE_AFTER = re.compile(r"^,?\s+(?:the\s+)?\d", re.I)


def _days(word: str) -> list[int]:
    low = re.sub(r"[\s-]+", "", word.lower())
    if low.startswith("weekend"):
        return [6, 7]
    if low.startswith(("weekday", "workingday", "workday")):
        return [1, 2, 3, 4, 5]
    return [i + 1 for i, n in enumerate(NAMES) if low.startswith(n.lower()[:3])]


def said_weekdays(text: str) -> tuple[list[int], list[tuple[int, int]], str]:
    """(ISO weekdays, the spans that said them, the words said) of the question's days of the
    week; a day said as one date is skipped."""
    days: set[int] = set()
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    for m in SAID.finditer(text):
        if AS_DATE_BEFORE.search(text[:m.start()]) or AS_DATE_AFTER.match(text[m.end():]):
            continue
        for one in re.finditer(_ONE, m.group("what"), re.I):
            days.update(_days(one.group(0)))
        spans.append(m.span())
        words.append(m.group(0).strip())
    return sorted(days), spans, "; ".join(words)


def weekday_text(days: Sequence[int]) -> str:
    """'on a Saturday or Sunday', 'on a Monday to Friday': how the filter is shown."""
    if list(days) == [1, 2, 3, 4, 5]:
        return "on a weekday (Monday to Friday)"
    return "on a " + " or ".join(NAMES[d - 1] for d in days)


def weekday_order(name: str) -> int:
    """A day's place in the week (Monday first), for a breakdown read in week order."""
    return NAMES.index(name) if name in NAMES else len(NAMES)
