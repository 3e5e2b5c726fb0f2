"""Words a narrative set answer: count, ranked items with their best verbatim sentence, grouping
by officer for questions about officers, Yes/No for yes/no questions, and an explicit 'none'.

Only members are named: the officers listed are those of matching records (never of a near
miss), and every member is cited with one exact sentence of its own narrative.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from assistant.citations import Citations
from assistant.compose import RecordFacts
from assistant.narrative.lexicon import QUESTION_WORDS

_YES_NO = re.compile(r"^\s*(has|have|had|did|does|do|is|are|was|were|can|could)\b", re.I)
_ABOUT_OFFICERS = re.compile(
    r"^\s*(who\b|(which|what|any|list|name)\s+(the\s+)?(officers?|cops?|constables?|staff))",
    re.I)


_LEADING = QUESTION_WORDS | {"that", "which", "who", "have", "has", "been", "is", "are", "was",
                              "were", "in", "of", "with"}


def shown_topic(topic: str) -> str:
    """The topic as the answer quotes it back: 'complaints that mention a dog' → 'a dog'."""
    words = topic.strip(" ?.!").split()
    while len(words) > 1 and words[0].lower().strip(",;:") in _LEADING:
        words.pop(0)
    return f"“{' '.join(words)}”"


def is_yes_no(question: str) -> bool:
    return bool(_YES_NO.match(question))


def about_officers(question: str) -> bool:
    return bool(_ABOUT_OFFICERS.match(question))


@dataclass
class Item:
    """One member: its facts, officers (person ids) and the quoted sentence."""

    facts: RecordFacts
    officers: list[str]
    field: str
    start: int  # field offsets of the quote
    end: int
    quote: str


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def compose_set(
    items: list[Item],
    question: str,
    topic: str,
    noun_one: str,
    verb: str,
    names: dict[str, str],
    citations: Citations,
) -> str:
    """Lead sentence with the count (Yes: … for yes/no questions), repeat officers, then one line
    per member — or, for questions about officers, one section per officer."""
    count = plural(len(items), noun_one)
    verb_form = verb + ("s" if len(items) == 1 else "")
    lead = f"{count} {verb_form} {topic}."
    if is_yes_no(question):
        lead = f"Yes: {lead}"
    by_officer: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for officer in item.officers:
            by_officer[officer].append(item)
    repeat = sorted((o for o, its in by_officer.items() if len(its) > 1),
                    key=lambda o: (-len(by_officer[o]), names.get(o, o)))
    if repeat:
        listed = ", ".join(f"{names.get(o, o)} ({len(by_officer[o])})" for o in repeat)
        lead += f" {plural(len(repeat), 'officer')} appear{'s' if len(repeat) == 1 else ''} in "
        lead += f"more than one: {listed}."
    lines = [lead]

    def line(item: Item, people: bool) -> str:
        n = citations.add(item.facts.ref, item.field, item.start, item.end, item.quote)
        context = "; ".join(x for x in (item.facts.when, item.facts.people if people else "") if x)
        context = f" ({context})" if context else ""
        return f"{item.facts.label}{context}: “{item.quote}” [{n}]"

    if about_officers(question):
        order = sorted(by_officer, key=lambda o: (-len(by_officer[o]), names.get(o, o)))
        for officer in order:
            its = by_officer[officer]
            lines.append(f"- {names.get(officer, officer)} ({plural(len(its), noun_one)}):")
            lines.extend(f"  - {line(item, False)}" for item in its)
        unnamed = [item for item in items if not item.officers]
        if unnamed:
            lines.append(f"- No officer identified ({plural(len(unnamed), noun_one)}):")
            lines.extend(f"  - {line(item, False)}" for item in unnamed)
    else:
        lines.extend(f"- {line(item, True)}" for item in items)
    return "\n".join(lines)


def compose_none(question: str, topic: str, noun_one: str, verb: str, searched: str) -> str:
    """Nothing matched: say so, with what was searched."""
    text = f"No {noun_one} {verb}s {topic}; searched {searched}."
    return f"No: {text[0].lower()}{text[1:]}" if is_yes_no(question) else text
