"""Periods said as "both … and …" or "each of …" of people: every period, per person.

Why: "which officers had complaints in both 2023 and 2024?" was read as the range 2023–2024 and
ranked per person — an answer to "in either year", given silently. Said of people's records,
"both P1 and P2" is an intersection per person (someone with at least one record in each period),
which the record filters cannot express: until it is executed, the phrase is reported unapplied
rather than answered as the broader union. Said of records alone ("complaints received in both
2019 and 2020") a record cannot be in both, so the periods are read as said (either).
"""

from __future__ import annotations

import re

from .born import PEOPLE_ASKED
from .dates import DateSpan
from .models import QueryPlan
from .shapes import counts_people

CUE = re.compile(r"\b(?:both|each(?:\s+of)?|every(?:\s+one\s+of)?|all(?:\s+of)?)\s+(?:the\s+"
                 r"(?:years?|months?|periods?)\s+(?:of\s+)?)?(?:(?:in|during)\s+)?$", re.IGNORECASE)
JOINED = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)$", re.IGNORECASE)


def each_said(question: str, spans: list[DateSpan]) -> str | None:
    """The phrase that asks for every one of two or more periods ("both 2023 and 2024"), if any."""
    for i, first in enumerate(spans):
        cue = CUE.search(question[:first.pos[0]])
        if cue is None:
            continue
        last = i
        while last + 1 < len(spans) and JOINED.match(
                question[spans[last].pos[1]:spans[last + 1].pos[0]]):
            last += 1
        if last > i:
            return question[cue.start():spans[last].pos[1]].strip()
    return None


def per_person_unapplied(plan: QueryPlan, question: str, spans: list[DateSpan]) -> list[str]:
    """The "both/each" phrase, reported, when the question is about people's records."""
    said = each_said(question, spans)
    people = plan.group_by == "person" or plan.count_people or bool(
        PEOPLE_ASKED.search(question)) or counts_people(question)
    return [f"{said} (each period, per person)"] if said and people else []
