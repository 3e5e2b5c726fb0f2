"""Words a narrative set answer: count, ranked items with their best verbatim sentence, grouping
by officer for questions about officers, Yes/No for yes/no questions, and an explicit 'none'.

Only members are named: the officers listed are those of matching records (never of a near
miss), and every member is cited with one exact sentence of its own narrative.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from assistant.citations import Citations, RecordRef, markers
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


PAGE = 20  # members quoted on an answer's first page (a list answer's MAX_LISTED lines)


@dataclass
class Cite:
    """A span to cite: its record, field, field offsets and the text shown (masked)."""

    ref: RecordRef
    field: str
    start: int
    end: int
    text: str


@dataclass
class Item:
    """One member: its officers (person ids); on the first page its facts and quoted sentence,
    past it only `cite`, the cheap span (its reference) that cites it."""

    record_id: str
    officers: list[str]
    facts: RecordFacts | None = None
    quote: Cite | None = None
    cite: Cite | None = None


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def by_officer(items: list[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for officer in item.officers:
            out[officer].append(item)
    return out


def officer_order(groups: dict[str, list[Item]], names: dict[str, str]) -> list[str]:
    return sorted(groups, key=lambda o: (-len(groups[o]), names.get(o, o)))


def shown_order(items: list[Item], question: str, names: dict[str, str]) -> list[str]:
    """Member ids in the order the answer first shows them: its first `PAGE` are the page."""
    if not about_officers(question):
        return [item.record_id for item in items]
    groups = by_officer(items)
    ordered = [i.record_id for o in officer_order(groups, names) for i in groups[o]]
    return list(dict.fromkeys([*ordered, *(i.record_id for i in items if not i.officers)]))


def compose_set(
    items: list[Item],
    question: str,
    topic: str,
    noun_one: str,
    verb: str,
    names: dict[str, str],
    citations: Citations,
    unheld: str = "",
) -> str:
    """Lead sentence with the count (Yes: … for yes/no questions), repeat officers, then one line
    per member — or, for questions about officers, one section per officer. Members without a
    quote (past the first page) are cited by their reference in one "… and N more" line.
    `unheld`: the label of a phrase no field holds (narrative/unheld.py), said first — then the
    count is of accounts that mention it, and a yes/no question gets no Yes."""
    count = plural(len(items), noun_one)
    verb_form = verb + ("s" if len(items) == 1 else "")
    lead = f"{count} {verb_form} {topic}."
    if unheld:
        lead = f"{cannot_say(question, unheld)} {lead}"
    elif is_yes_no(question):
        lead = f"Yes: {lead}"
    groups = by_officer(items)
    repeat = [o for o in officer_order(groups, names) if len(groups[o]) > 1]
    if repeat:
        listed = ", ".join(f"{names.get(o, o)} ({len(groups[o])})" for o in repeat)
        lead += f" {plural(len(repeat), 'officer')} appear{'s' if len(repeat) == 1 else ''} in "
        lead += f"more than one: {listed}."
    lines = [lead]

    def cited(c: Cite) -> int:
        return citations.add(c.ref, c.field, c.start, c.end, c.text)

    def listed_lines(its: list[Item], indent: str, people: bool) -> list[str]:
        out = []
        for item in its:
            if item.quote is None or item.facts is None:
                continue
            facts = item.facts
            context = "; ".join(x for x in (facts.when, facts.people if people else "") if x)
            context = f" ({context})" if context else ""
            out.append(f"{indent}- {facts.label}{context}: “{item.quote.text}” [{cited(item.quote)}]")
        rest = [cited(i.cite) for i in its if i.quote is None and i.cite is not None]
        if rest:
            out.append(f"{indent}- … and {len(rest):,} more {markers(rest)}")
        return out

    if about_officers(question):
        for officer in officer_order(groups, names):
            its = groups[officer]
            lines.append(f"- {names.get(officer, officer)} ({plural(len(its), noun_one)}):")
            lines += listed_lines(its, "  ", False)
        unnamed = [item for item in items if not item.officers]
        if unnamed:
            lines.append(f"- No officer identified ({plural(len(unnamed), noun_one)}):")
            lines += listed_lines(unnamed, "  ", False)
    else:
        lines += listed_lines(items, "", True)
    return "\n".join(lines)


def compose_none(question: str, topic: str, noun_one: str, verb: str, searched: str,
                 unheld: str = "") -> str:
    """Nothing matched: say so, with what was searched (`unheld`: as compose_set)."""
    text = f"No {noun_one} {verb}s {topic}; searched {searched}."
    if unheld:
        return f"{cannot_say(question, unheld)} {text[0].lower()}{text[1:]}"
    return f"No: {text[0].lower()}{text[1:]}" if is_yes_no(question) else text


def cannot_say(question: str, unheld: str) -> str:
    """The label said first; a yes/no question is answered 'Not certain', never a bare Yes/No."""
    return f"Not certain: the records cannot answer this as asked. {unheld}" \
        if is_yes_no(question) else unheld
