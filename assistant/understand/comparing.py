"""What a comparison question compares: two or more people, periods or categories ("X or Y, who
has more?"), or two values of one field the catalogue bound ("on-duty versus off-duty").

Why: split from plan.py; the compare items become `QueryPlan.compare`.
"""

from __future__ import annotations

from .dates import DateSpan
from .intent import CHANGE_CUE, COMPARE_CUE
from .models import CompareItem, FieldFilter, PersonMention


def compare_people_or_periods(text: str, officers: list[PersonMention], unresolved: list[str],
             categories: list[str], spans: list[DateSpan]) -> list[CompareItem]:
    cue, change = COMPARE_CUE.search(text), CHANGE_CUE.search(text)
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
    if not COMPARE_CUE.search(text):
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
