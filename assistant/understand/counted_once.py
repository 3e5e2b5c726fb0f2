""""Each counted once": words asking that nobody (or no record) be counted twice.

Why: "how many officers …, each officer counted once" was read as a per-officer breakdown
("each officer" is a grouping cue) with 'once' left unapplied, and "counting every officer only
one time, how many were named …" counted complaints and reported 'Counting' unapplied. These
words say what a count counts: when they name people ("each officer", "every person") the count
is of distinct people (`plan.py`: the number of officers with at least one record, or distinct
officers per group); when they name records, or nobody ("without double counting"), they ask
for what every count here already is — each record, each person, once — so they are read, not
left over. The spans are masked before the grouping cues are read, so "each officer" inside them
is never a grouping.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .ranks import RANKS

# One person, said in the singular ("each officer", "every single sergeant")
_RANK = "|".join(sorted({p for ps in RANKS.values() for p in ps if re.fullmatch(r"[a-z]{4,}", p)},
                        key=len, reverse=True))
PERSON = (r"(?:officer|person|individual|cop|employee|staff\s+member|member\s+of\s+(?:the\s+)?"
          rf"staff|accused|{_RANK})")
PEOPLE = (r"(?:officers|people|persons|individuals|cops|employees|staff(?:\s+members)?|"
          r"members\s+of\s+(?:the\s+)?staff)")
# One record, said in the singular ("each complaint", "every allegation", "each one")
THING = r"(?:complaint|allegation|case|record|claim|report|incident|one|of\s+them|name)"
ONCE = r"(?:just\s+|only\s+)?(?:once|one\s+time|a\s+single\s+time)(?:\s+(?:each|apiece|only))?"
EACH = r"(?:each|every|any)\s+(?:single\s+)?"
COUNT_VERB = r"(?:count(?:ed|ing|s)?|tall(?:y|ied|ying)|includ(?:e|ed|ing)|list(?:ed|ing)?)"
BE = r"(?:(?:is|are|was|were|be|being|gets?|getting)\s+|should\s+be\s+|to\s+be\s+)?"
TWICE = r"(?:twice|two\s+times|more\s+than\s+once|double)"

_SHAPES = [
    # "each officer counted once", "every person is included only one time"
    rf"\b{EACH}(?P<who>{PERSON}|{THING})\s+{BE}{COUNT_VERB}\s+{ONCE}\b",
    # "counting each officer once", "count every person only one time", "tallying each just once"
    rf"\b{COUNT_VERB}\s+{EACH}(?P<who2>{PERSON}|{THING})?\s*{ONCE}\b",
    # "officers counted only once", "with people counted once each"
    rf"\b(?P<who3>{PEOPLE})\s+{BE}{COUNT_VERB}\s+{ONCE}\b",
    # "without double counting", "no double-counting", "avoiding double counts"
    r"\b(?:with(?:out)?|no|not|avoid(?:ing)?|never)\s+(?:any\s+)?double[\s-]?count(?:ing|ed|s)?\b",
    # "no officer counted twice", "nobody counted more than once", "without counting anyone twice"
    rf"\b(?:no\s+(?P<who4>{PERSON}|{THING})|no\s?one|nobody|none)\s+{BE}{COUNT_VERB}\s+{TWICE}\b",
    rf"\bwithout\s+{COUNT_VERB}\s+(?:any\s?one|anybody|(?:any|a|the\s+same)\s+(?P<who5>{PERSON}|"
    rf"{THING}))\s+{TWICE}\b",
]
COUNTED_ONCE = [re.compile(rx, re.I) for rx in _SHAPES]
# "nobody counted twice" does not say who is counted: the count keeps its own noun
_PEOPLE_SAID = re.compile(rf"^(?:{PERSON}|{PEOPLE})$", re.I)

# "how many complaints …, each officer counted once": the count names records, so people said
# counted once do not make it a count of people — the words are left for accounting to report
RECORDS_COUNTED = re.compile(
    r"\b(?:how\s+many|number\s+of|count(?:ing)?(?:\s+the)?|total\s+of)\s+"
    # words saying which records ("2019 Philadelphia"), never a verb ("how many had … complaints")
    r"(?:(?!(?:had|have|has|got|get|drew|faced|received|were|was|are|is|did|do|does|with|on|"
    r"in|of|for)\b)\S+\s+){0,3}?(?:complaints|allegations|cases|records|claims|reports|"
    r"incidents)\b", re.I)


class CountedOnce(NamedTuple):
    spans: list[tuple[int, int]]
    people: bool  # the words name people: the count is of distinct people


def counted_once(text: str) -> CountedOnce:
    """The spans asking that each be counted once, and whether they name people (none when
    they name people but the count names records: a conflict left unapplied)."""
    spans: list[tuple[int, int]] = []
    people = False
    for rx in COUNTED_ONCE:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            spans.append(m.span())
            who = next((w for w in m.groups() if w), "")
            people = people or bool(_PEOPLE_SAID.match(who.strip()))
    if people and RECORDS_COUNTED.search(text):
        return CountedOnce([], False)
    return CountedOnce(sorted(spans), people)
