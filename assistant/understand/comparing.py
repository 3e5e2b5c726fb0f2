"""What a comparison question compares: two or more people, periods or categories ("X or Y, who
has more?"), or two values of one field the catalogue bound ("on-duty versus off-duty"), the second of which may
be a bare number ("the 9th district or the 12th").

Why: split from plan.py; the compare items become `QueryPlan.compare`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from .accounting import Binder, apply_binders
from .dates import DateSpan
from .intent import CHANGE_CUE, COMPARE_CUE
from .models import Claim, CompareItem, FieldFilter, PersonMention

# "more of them in 2018, or 2019?", "set 2018 against 2019", "district 12 or district 15 — more?":
# a comparative said without "than" (nor "3 or more", "more than 5": thresholds) ...
ASKS_MORE = re.compile(r"(?<!\bor\s)(?<!\band\s)\b(?:more|fewer|less|higher|lower|greater|bigger|"
                       r"larger|smaller|busier|quieter)\b(?!\s+(?:than|or|and)\b)", re.I)
# ... and what joins two periods or values set one against the other
SET_AGAINST = re.compile(r"^[\s,;:]*(?P<how>or|against|vs\.?|versus|compared\s+(?:with|to))\s+"
                         r"(?:(?:in|during|for|with|the)\s+){0,2}$", re.I)
OR_WORD = re.compile(r"\bor\b", re.I)


def asks_which_more(text: str) -> bool:
    """A comparison cue, or a comparative with alternatives joined by "or" ("were there more in
    district 12, or district 15?")."""
    return bool(COMPARE_CUE.search(text) or (ASKS_MORE.search(text) and OR_WORD.search(text)))


def set_against(text: str, spans: list[DateSpan]) -> bool:
    """Two periods said one against the other: "2018 against 2019", or joined by "or" in a
    question asking which is more ("more of them in 2018, or 2019?")."""
    for a, b in pairwise(spans):
        m = SET_AGAINST.match(text[a.pos[1]:b.pos[0]])
        if m and (m["how"].lower() != "or" or ASKS_MORE.search(text)):
            return True
    return False


def compare_people_or_periods(text: str, officers: list[PersonMention], unresolved: list[str],
             categories: list[str], spans: list[DateSpan]) -> list[CompareItem]:
    cue, change = COMPARE_CUE.search(text) or set_against(text, spans), CHANGE_CUE.search(text)
    if cue and len(officers) + len(unresolved) >= 2:
        items = [CompareItem(type="person", text=m.text, person_ids=m.person_ids,
                             ambiguous=m.ambiguous) for m in officers]
        return items + [CompareItem(type="person", text=t) for t in unresolved]
    if cue and len(categories) >= 2:
        return [CompareItem(type="category", text=c, category=c) for c in categories]
    if (cue or change) and len(spans) >= 2:
        return [CompareItem(type="period", text=s.text, date_from=s.start, date_to=s.end)
                for s in spans]
    if (cue or change) and len(spans) == 1 and len(spans[0].parts) == 2:
        return [CompareItem(type="period", text=spans[0].text, date_from=a, date_to=b)
                for a, b in spans[0].parts]
    return []


CATEGORY_FIELDS = ("category", "allegation_type")


def compare_values(text: str, categories: list[str],
                    filters: list[FieldFilter]) -> list[CompareItem]:
    """'district 19 or district 35', 'physical abuse or verbal abuse' when one of them is the
    data's own label: two or more values of one field (a built-in category counts as a value of
    the category field) compared side by side, each filtered on alone."""
    if not asks_which_more(text):
        return []
    labels = [f for f in filters if f.field in CATEGORY_FIELDS and f.kind != "officer"]
    if categories and labels and len(categories) + len(labels) >= 2:
        return [CompareItem(type="category", text=c, category=c) for c in categories] + \
            [CompareItem(type="value", text=" / ".join(f.values), filter=f) for f in labels]
    by_field: dict[tuple[str, str], list[FieldFilter]] = {}
    for f in filters:
        by_field.setdefault((f.kind, f.field), []).append(f)
    same = next((fs for fs in by_field.values() if len(fs) >= 2), [])
    return [CompareItem(type="value", text=" / ".join(f.values), filter=f) for f in same]


# A number said alone beside a bound value of the same field: "the 9th district or the 12th",
# "district 9 vs 12", "the 12th or 9th district".
BARE_NUMBER = re.compile(r"(?<![\w./-])(?P<n>\d{1,4})(?:st|nd|rd|th)?(?![\w/-])", re.I)
JOINED_BEFORE = re.compile(r"\b(?:or|vs\.?|versus|and|against|to)\s+(?:the\s+|with\s+the\s+)?$",
                           re.I)
JOINED_AFTER = re.compile(r"^\s*(?:or|vs\.?|versus|and)\b", re.I)
SAID_NUMBER = re.compile(r"\d{1,4}(?:st|nd|rd|th)?", re.I)


def other_values(text: str, masked: str, filters: list[FieldFilter], kinds: list[str],
                 binders: Sequence[Binder]) -> list[tuple[FieldFilter, tuple[int, int]]]:
    """In a comparison, the second value of a numbered field said as a bare number ("did the
    9th district or the 12th …"): read through the same binders with the first value's own
    words (the number swapped), so it is only ever a value the data holds in that field.
    `text`: the question (people and dates masked); `masked`: what no binder claimed yet."""
    if not asks_which_more(text) or not binders:
        return []
    out: list[tuple[FieldFilter, tuple[int, int]]] = []
    for f in [f for f in filters if f.op == "in" and SAID_NUMBER.search(f.text)]:
        for m in BARE_NUMBER.finditer(masked):
            if not (JOINED_BEFORE.search(text[:m.start()]) or
                    JOINED_AFTER.match(text[m.end():])):
                continue
            phrase = SAID_NUMBER.sub(m.group(0), f.text, count=1)
            claims: list[Claim] = []
            found: list[FieldFilter] = []
            apply_binders(binders, phrase, kinds, claims, found)
            same = [g for g in found if (g.kind, g.field) == (f.kind, f.field)
                    and g.values != f.values]
            at = SAID_NUMBER.search(phrase)
            if same and at and any(c.start <= at.start() < c.end for c in claims):
                out.append((same[0].model_copy(update={"text": m.group(0)}), m.span()))
    return out
