"""The question's built-in vocabulary: categories, findings and record kinds read from the phrase
tables (each masked before the next reads), and the corrections that defer to the data's own
values (a stored label said in full; a "finding" that is a value of another field).

Why: split from plan.py, which runs the pipeline in order; this is its step 5.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .accounting import GROUP_NOUN, ROLE_NEXT, Binder, said_of_people_by
from .fields import ALL_KINDS
from .lexicon import (
    DUTY_ADJECTIVE_RE,
    KIND_TABLE,
    OFFICER_WAS_RE,
    PHYSICAL_SEARCH_RE,
    SEARCH_RE,
    STOPWORDS,
    WHILE_ON_DUTY_RE,
    mask,
)
from .models import FieldFilter
from .people import Found
from .taxonomy import CATEGORY_TABLE, FINDING_TABLE, canonical_finding

# "disciplinary outcome", "a guilty finding on discipline": the outcome of a complaint, not a
# conduct-case record
OUTCOME_NEAR = re.compile(r"\b(?:findings?|outcomes?|guilty|sanctions?|penalt(?:y|ies)|"
                          r"results?|decisions?)\b", re.I)


FINDING_KINDS = {"complaint", "allegation", "conduct_case"}
# Kind words that also name one sort of the kind ("second job" declarations, "annual leave"
# absences): they set the kind, and the sort is a constraint too, so unless the data holds it
# (the catalogue then binds it) it is left for the account, reported as not applied — never
# swallowed with the kind (which answered every declaration for "declarations of a second job")
SORT_OF_KIND = re.compile(
    r"^(?:business\s+interests?|secondary\s+employments?|second\s+jobs?|outside\s+business(?:es)?|"
    r"gifts?|hospitality|(?:notifiable\s+)?associations?|annual\s+leave|sick\s+leave)$", re.I)
# A capitalised word right after a capitalised kind word ("Complaint Register")
NAME_PART = re.compile(r"[\"']?\s+(?P<w>[A-Z][a-z]+)\b")


def vocabulary(text: str, reasons: list[str], said: dict[str, str],
                specific: Sequence[tuple[int, int]] = (),
                held: Callable[[str, str], list[tuple[int, int]]] | None = None,
                not_kinds: Sequence[tuple[int, int, str]] = (),
                ) -> tuple[list[str], list[str], list[str], str]:
    """Categories, findings and record kinds, each masked before the next table reads;
    `said` gets each category's and finding's words as the question put them. A category or
    finding inside a `specific` span (an exact stored label) is left for the catalogue. A word
    that names a record kind *and* is a value of that kind the data holds ("business interest
    declarations", "gift and hospitality") sets the kind and is left for the catalogue to
    filter on (`held(text, kind)`: the spans of such values), never swallowed silently. A kind word
    inside a `not_kinds` span (start, end, the value's kind) of another kind ("the Intel DB")
    names no kind."""
    categories: list[str] = []
    findings: list[str] = []
    kinds: list[str] = []
    # Only complaints, their allegations and conduct cases have findings: in a question about
    # other records ("overtime claims whose authorisation is pending") the word is left for
    # that record's own fields
    named = {h.key for h in KIND_TABLE.find(text) if h.key} | (
        {"duty_shift"} if any(h.key == "overtime" for h in CATEGORY_TABLE.find(text)) else set())
    no_findings = bool(named) and not named & FINDING_KINDS
    for table, bucket, label in ((CATEGORY_TABLE, categories, "category"),
                                 (FINDING_TABLE, findings, "finding"),
                                 (KIND_TABLE, kinds, "record kind")):
        for hit in table.find(text):
            if any(a < hit.end and hit.start < b for a, b in specific) or \
                    (table is FINDING_TABLE and no_findings):
                reasons.append(f"{label} '{hit.text}' left to the data's own value")
                continue
            if table is KIND_TABLE and any(a <= hit.start and hit.end <= b and hit.key != kind
                                           for a, b, kind in not_kinds):
                reasons.append(f"{label} '{hit.text}' is part of a value of another kind")
                continue  # "the Intel DB": the audit log's system, left for the catalogue
            if table is KIND_TABLE and hit.key == "duty_shift" and \
                    hit.text.lower().endswith("duty") and WHILE_ON_DUTY_RE.search(text[:hit.start]):
                continue  # "promoting his business while on duty": when, not what
            if table is KIND_TABLE and hit.key == "duty_shift" and \
                    hit.text.lower().endswith("duty") and DUTY_ADJECTIVE_RE.match(text[hit.end:]):
                continue  # "complaints about off-duty officers": who, not duty records
            if table is KIND_TABLE and hit.key == "duty_shift" and \
                    hit.text.lower().endswith("duty") and OFFICER_WAS_RE.search(text[:hit.start]) \
                    and {"complaint", "allegation", "conduct_case"} & set(kinds):
                continue  # "complaints where the accused officer was off duty": who, not what
            if table is KIND_TABLE and hit.key == "conduct_case" and \
                    hit.text.lower().startswith("disciplin") and \
                    OUTCOME_NEAR.search(text[max(0, hit.start - 30):hit.end + 30]):
                text = mask(text, hit.start, hit.end)
                continue  # "a guilty finding on discipline", "disciplinary outcome": the outcome
            if table is KIND_TABLE and hit.start > 0 and hit.text[:1].isupper() and \
                    (nxt := NAME_PART.match(text[hit.end:])) and \
                    nxt["w"].lower() not in STOPWORDS:
                continue  # "the case type Complaint Register": part of a name, not the kind
            value_too = table is KIND_TABLE and held is not None and hit.key and any(
                a <= hit.start and hit.end <= b for a, b in held(text, hit.key))
            if not value_too and not (table is KIND_TABLE and SORT_OF_KIND.match(hit.text)):
                text = mask(text, hit.start, hit.end)
            if not hit.key:
                continue
            if hit.key not in bucket:
                bucket.append(hit.key)
            if table is not KIND_TABLE and hit.key not in said:
                said[hit.key] = hit.text.strip()
            reasons.append(f"{label} '{hit.text}' → {hit.key}")
    complaint_kinds = {"complaint", "allegation", "conduct_case"}
    physical = [p.span() for p in PHYSICAL_SEARCH_RE.finditer(text)]
    for m in list(SEARCH_RE.finditer(text)):
        # "search" is a system lookup unless the question is about complaints of searching
        in_place = any(a <= m.start() < b for a, b in physical)
        if in_place and not complaint_kinds & set(kinds):
            continue  # "cash went missing during a house search": topic words, not a system
        if "improper search" in categories:
            pass
        elif "system_access" in kinds or not complaint_kinds & set(kinds) or m["for"]:
            kinds += [] if "system_access" in kinds else ["system_access"]
            reasons.append(f"'{m.group(0)}' → record kind system_access (searches of systems)")
        else:
            categories.append("improper search")
            reasons.append(f"'{m.group(0)}' in a complaint question → category improper search")
        text = mask(text, m.start(), m.end())
    if "overtime" in categories and "duty_shift" not in kinds:
        kinds.insert(0, "duty_shift")  # overtime is a duty type: only duty records carry it
        reasons.append("overtime → record kind duty_shift")
    if "data misuse" in categories and not (complaint_kinds | {"system_access"}) & set(kinds):
        kinds.append("system_access")
        reasons.append("data misuse without complaints/cases → record kind system_access")
    return categories, findings, kinds, text


# "Black and white officers", "female or male officers": the first of two values said side by
# side describes the officers as much as the second does
SIDE_BY_SIDE = re.compile(r"^\s+(?:and|or|vs\.?|versus|&)\s+[\w-]+(?=\s)", re.I)


def of_group(after: str) -> re.Match[str] | None:
    """Whether the words after a word say it of a group of staff ("… officers"), directly or
    through a second value beside it ("Black *and white* officers")."""
    return GROUP_NOUN.match(after) or GROUP_NOUN.match(SIDE_BY_SIDE.sub("", after, count=1))


def values_not_people(found: list[Found], text: str, q: str,
                       binders: Sequence[Binder]) -> tuple[list[Found], str]:
    """A capitalised word that matched no one in the staff directory but is a value the data
    holds, or part of one said in the question ("Marlhaven's complaints", "PNC versus ANPR",
    "referred to the Inspector General") is that value: it is released for the catalogue to bind
    instead of being reported as an unknown person."""
    kept = []
    # the values said anywhere in the question: a name inside one ("the Cook County *Sheriff*'s
    # Department", a rank word in "the *Inspector General*") is part of that value
    said = [(a, b) for bd in binders if (spans := getattr(bd, "value_spans", None))
            for a, b in spans(q, ALL_KINDS)] if any(
                not f.ids or of_group(q[f.end:]) for f in found) else []
    for f in found:
        if not f.rank and (ROLE_NEXT.match(q[f.end:]) or said_of_people_by(q, f.start, f.end)
                           or (not f.ids and of_group(q[f.end:]))):
            # "Ruritanian officers": a kind of officer the data may not hold; "Black
            # complainants", "filed by Black women": what the people complaining were, never
            # someone named Black; left
            # to the catalogue and, if nothing binds it, reported as not applied
            text = text[:f.start] + q[f.start:f.end] + text[f.end:]
            continue
        group = bool(of_group(q[f.end:])) and not f.rank  # "Black officers", "Black"
        # also a surname: a value of the officers' records said of a group of them.
        # "Chicago police officer Thomas Abernathy": the held rank "POLICE OFFICER" overlaps the
        # rank words only; the name after them is still a person's (unknown: said so)
        start = f.start if f.name_start is None else f.name_start
        held = (not f.ids or group) and (any(a < f.end and start < b for a, b in said) or any(
            a == 0 and b >= len(f.text) for bd in binders
            if (spans := getattr(bd, "value_spans", None)) for a, b in spans(f.text, ALL_KINDS)))
        if held:
            text = text[:f.start] + q[f.start:f.end] + text[f.end:]
        else:
            kept.append(f)
    return kept, text


def findings_as_values(findings: list[str], filters: list[FieldFilter],
                        binders: Sequence[Binder]) -> tuple[list[str], list[FieldFilter]]:
    """"upheld or case to answer": a built-in finding ("upheld" → sustained) said beside a
    finding value the data holds ("Case to answer") are alternatives of one field — the built-in
    one becomes the stored labels it stands for, in the same `in` list."""
    said = [f for f in filters if f.field == "finding" and f.op == "in"]  # not "one is held"
    if not findings or not said:
        return findings, filters
    held = [getattr(b, "values", None) for b in binders]  # CatalogueBinder: phrase → fields
    stored = {(kind, field, v) for by_phrase in held if isinstance(by_phrase, dict)
              for fields in by_phrase.values() if isinstance(fields, dict)
              for (kind, field), vs in fields.items() for v in vs}
    labels = sorted({v for kind, field, v in stored if kind == said[0].kind
                     and field == "finding" and canonical_finding(v) in findings})
    if not labels:
        return findings, filters
    first = said[0].model_copy(update={"values": list(dict.fromkeys(labels + said[0].values))})
    return [], [first if f is said[0] else f for f in filters]
