"""Breakdowns said in any words: "break … down by their current status", "how many are in each
case status", "the district breakdown of …", "of each kind", "per beat".

Why: the phrase table of `intent.GROUP_BY` knew "by status" and "each type", but a breakdown is
said with words between the cue and the thing grouped ("by *their current* status", "in each
*case* status") or with the thing first ("the *status* breakdown of"). Unread, such a question
was answered as a narrative search, as a bare total, or — worst — grouped by category with the
asked-for field merely listed as not applied. Here the cue and its noun are found in general and
the noun is resolved to a built-in grouping or to a field the data holds (through
`fields.field_group`, the catalogue's own names); a noun that resolves to nothing is returned
unresolved so the caller reports it instead of grouping by something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from .accounting import Binder
from .fields import field_group, held_pairs
from .lexicon import KIND_TABLE, STOPWORDS
from .models import GroupBy

# Nouns of the built-in groupings (a district or beat followed by its number is a filter).
BUILT_IN: dict[str, str] = {
    "district": "district", "beat": "district", "precinct": "district",
    "unit": "unit", "team": "unit", "station": "unit", "department": "unit",
    "category": "category", "type": "category", "kind": "category", "sort": "category",
    "classification": "category",
    "status": "status", "finding": "finding", "outcome": "finding", "disposition": "finding",
    "year": "year", "month": "month",
}
# "by their current status", "in each case status", "per beat", "of each kind", "according to
# their race": the cue, then
# the words after it (the noun grouped is one of the next three)
CUE_FIRST = re.compile(r"\b(?:by|per|for\s+each|for\s+every|of\s+each|in\s+each|on\s+each|"
                       r"within\s+each|each|every|according\s+to)\s+"
                       r"(?P<words>(?:[\w'-]+\s*){1,4})", re.I)
# "the status breakdown of", "a district-by-district split", "district split of"
# ("the 25th district split by their classification": there "split" is the verb, not the noun)
NOUN_FIRST = re.compile(r"\b(?P<noun>[a-z]+)[\s-]+(?:break[\s-]?downs?|split(?!\s+(?:by|into|per|"
                        r"according|across|between|up|out)\b)|distribution)\b", re.I)
# "break the 2020 complaints down by …": the verb's own words
BREAK_DOWN = re.compile(r"\b(?:break|breaks|breaking|broken|split)\b(?=[^.?!]{0,80}?\b"
                        r"(?:by|per|into|according\s+to)\b)|\bdown(?=\s+by\b)", re.I)
# Only these come between the cue and the noun grouped ("by their current status").
# ("by their general classification": a word that only says the grouping is coarse)
PLAIN_FILLER = {"the", "their", "its", "general", "broad", "overall", "main", "primary", "basic"}
BY_FILLER = PLAIN_FILLER | {"current", "present", "case", "latest", "final", "recorded", "own"}
COUNTED = re.compile(r"\b(?:how\s+many|count\w*|number|break\w*|broken|tally|totals?|split)\b",
                     re.I)
STOP_AT = {"or", "and", "in", "for", "of", "from", "with", "to", "than", "on", "at"}
# "per kind of certificate", "each type of allegation": the noun grouped comes after "of"
KIND_NOUNS = {"kind", "kinds", "type", "types", "sort", "sorts"}
KIND_OF = re.compile(r"\s+of\s+(?:the\s+)?(?P<what>[\w'-]+)", re.I)
# A breakdown said outright by something no field holds ("break … down by certificate type",
# "per kind of certificate"): reported as not applied, never grouped by another field.
UNHELD = re.compile(r"(?:\b(?:broken|break(?:s|ing)?|split)\b[^.?!]{0,80}?\bby|"
                    r"\b(?:per|each|every|by)\s+(?:kind|type|sort)\s+of)\s+(?:the\s+|their\s+|"
                    r"its\s+)?(?P<what>[\w'-]+(?:\s+(?:type|kind|status|category))?)", re.I)
# Words before "breakdown" that name no grouping ("the full breakdown of"): the default stays.
GENERIC = STOPWORDS | {"full", "complete", "overall", "detailed", "quick", "rough", "simple",
                       "numerical", "statistical", "total", "give", "show", "want", "need"}


# The field that is a record kind's own type (what "of each kind" groups it by).
TYPE_FIELDS = {"declaration": "declaration_type", "absence": "absence_type",
               "duty_shift": "duty_type", "system_access": "system",
               "membership": "organisation_type"}


# The breakdown's own verb or noun, claimed once the breakdown is read ("Split …", "broken down")
BREAK_VERB = re.compile(r"\b(?:break(?:s|ing)?[\s-]?downs?|broken(?:\s+down)?|split(?:s|ting)?|"
                        r"break(?:s|ing)?)\b", re.I)


# "by type of complainant": a type of something that is no record kind is that thing's own field
# (read by `fields.field_group`) or nothing held — never the complaint category "by type" reads
TYPE_OF = re.compile(r"\b(?:by|per|each|every|for\s+each|of\s+each)\s+(?:kind|type|sort)s?\s+of\s+"
                     r"(?:the\s+|their\s+|its\s+)?(?P<what>[\w'-]+)", re.I)


def type_of_other(text: str) -> bool:
    """Is a "type of X" grouping said whose X is no record kind ("by type of complainant")?"""
    return any(not KIND_TABLE.find(m["what"]) for m in TYPE_OF.finditer(text))


def said_as_breakdown(text: str) -> bool:
    """The question asks for a breakdown in so many words ("the district split of", "break … down
    by"), whichever binder then reads the field: the answer is then a count per group."""
    return bool(BREAK_DOWN.search(text) or NOUN_FIRST.search(text))


def type_field(kind: str, binders: Sequence[Binder]) -> str | None:
    """The kind's type field when the data holds values of it (else None: category stays)."""
    name = TYPE_FIELDS.get(kind)
    return name if name and (kind, name) in held_pairs(binders) else None


@dataclass
class Breakdown:
    """What a breakdown groups by: a built-in grouping, or `group_field` (group_by 'field');
    `group_by` None when the noun said names nothing the data holds (`noun`: report it).
    `spans`: the words to claim (never an unresolved noun: it must stay to be reported)."""

    group_by: str | None
    group_field: str | None
    noun: str
    spans: list[tuple[int, int]]
    counted: str | None = None  # the record kind whose values are asked ("the allegations")


def _resolve(noun: str, kinds: list[str], binders: Sequence[Binder], whose: str = ""
             ) -> tuple[str | None, str | None]:
    """(group_by, group_field) for a noun: a field of the question's kinds the data holds
    first (a declaration's 'type' is its declaration type), then the built-in groupings."""
    forms = [noun] + ([noun[:-2]] if noun.endswith("es") else []) + \
        ([noun[:-1]] if noun.endswith("s") else [])
    for form in forms:
        by = field_group(f"by {form}", kinds, binders, whose=whose or None)
        if by is not None and by[1] == (0, len(form) + 3):
            name = by[0]
            return (name, None) if name in get_args(GroupBy) else ("field", name)
    return next(((BUILT_IN[f], None) for f in forms if f in BUILT_IN), (None, None))


def _cue_first(text: str, kinds: list[str], binders: Sequence[Binder]
               ) -> tuple[str | None, str | None, str, tuple[int, int]] | None:
    for m in CUE_FIRST.finditer(text):
        words = list(re.finditer(r"[\w'-]+", text[m.start("words"):m.end()]))
        for i, w in enumerate(words[:3]):
            if w.group(0).lower() in STOP_AT:
                break
            filler = {x.group(0).lower() for x in words[:i]}
            if filler - BY_FILLER or (i and m.group(0).lower().startswith(("by", "acc")) and
                                      not COUNTED.search(text)):
                break  # "received by the department in…", "each complainant type": not ours
            typed = filler - PLAIN_FILLER  # "each case type": a type no field holds
            two = words[i:i + 2]
            candidates = ([(" ".join(x.group(0) for x in two), two[-1])] if len(two) == 2 else [])
            for said, last in [*candidates, (w.group(0), w)]:
                after = text[m.start("words") + last.end():]
                if re.match(r"\s+\d", after):
                    continue  # "district 12": a filter, not a breakdown
                if said.lower() in KIND_NOUNS and (of := KIND_OF.match(after)) and \
                        not KIND_TABLE.find(of["what"]):
                    return None  # "per kind of certificate": the noun is after "of" (UNHELD)
                group_by, group_field = _resolve(said.lower(), kinds, binders, text)
                if i and group_by in ("unit", "district") and \
                        m.group(0).lower().startswith("by"):
                    continue  # "received by the department": who received it, not a breakdown
                if typed and group_by == "category" and not group_field:
                    continue
                if group_by is not None:
                    return group_by, group_field, said, (m.start(), m.start("words") + last.end())
    return None


def breakdown(text: str, kinds: list[str], binders: Sequence[Binder]) -> Breakdown | None:
    """The breakdown `text` (people and dates masked) asks for, or None when it asks for none."""
    extra = [b.span() for b in BREAK_DOWN.finditer(text)]
    if found := _cue_first(text, kinds, binders):
        group_by, group_field, said, span = found
        return Breakdown(group_by, group_field, said, [span, *extra])
    if m := UNHELD.search(text):  # "broken down by certificate type": asked, but nothing holds it
        return Breakdown(None, None, m["what"], extra)
    for m in NOUN_FIRST.finditer(text):
        noun = m["noun"].lower()
        if noun in GENERIC or KIND_TABLE.find(noun):
            continue
        group_by, group_field = _resolve(noun, kinds, binders, text)
        if group_by is None and any(b(m["noun"], kinds) for b in binders):
            continue  # "the PPD breakdown": a value (a force, a category), not a field named
        # unresolved: the noun stays in the text, to be reported as not applied
        return Breakdown(group_by, group_field, m["noun"], [m.span()] if group_by else extra)
    return None


# "what were the investigative findings on …", "what are the outcomes of …": the values of a
# field asked for (a plural field name after "what were the"), i.e. a count per value
WHAT_WERE = re.compile(r"\bwhat\s+(?:were|are|was|is)\s+(?:the\s+|their\s+|its\s+)?"
                       r"(?P<said>(?:[a-z]+\s+)?[a-z]+s)\s+(?=(?:on|of|for|in|from)\b|\ue000)", re.I)
# "how did the allegations come out", "how did they turn out", "how did … end up": the findings
CAME_OUT = re.compile(r"\b(?P<how>how\s+did)\b[^.?!]{0,80}?\b(?P<out>(?:come|turn|pan)\s+out|"
                      r"end\s+up)\b", re.I)


def values_asked(text: str, kinds: list[str], binders: Sequence[Binder]) -> Breakdown | None:
    """A breakdown asked as the values of a field: "what were the <field>s on …" (a field the
    data holds, by its name or another word for it) or "how did … come out" (the finding)."""
    for m in WHAT_WERE.finditer(text):
        said = m["said"]
        by = field_group(f"by {said}", kinds, binders)
        if by is not None and by[1] == (0, len(said) + 3):
            name = by[0]
            group_by, field = (name, None) if name in get_args(GroupBy) else ("field", name)
            return Breakdown(group_by, field, said, [m.span("said")],
                             _first_kind(text[m.end():m.end() + 80]))
    if (out := CAME_OUT.search(text)) and "finding" in {f for _, f in held_pairs(binders)}:
        return Breakdown("finding", None, out["out"], [out.span("how"), out.span("out")],
                         _first_kind(text[out.end("how"):out.start("out")]))
    return None


def _first_kind(text: str) -> str | None:
    """The first record kind named in `text` (whose values the question asks)."""
    return next((h.key for h in KIND_TABLE.find(text) if h.key), None)


# "sustained, not sustained and so on": values said as examples of the groups asked for
EXAMPLES = re.compile(r"\b(?:and\s+so\s+on|and\s+so\s+forth|etc\b\.?|and\s+the\s+like|"
                      r"or\s+whatever)", re.I)


def examples_of_groups(text: str) -> bool:
    """Are the values said in a breakdown only examples of its groups ("… and so on")?"""
    return bool(EXAMPLES.search(text))

