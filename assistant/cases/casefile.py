"""The case file as one neutral document (sections of paragraphs), rendered by export.py.

Why one structure: the Markdown, HTML and PDF files must say the same thing — chosen answers,
leads, pinned records and people, notes, decisions, every citation, the audit head at export time
and the protective marking — so that content is decided once here and only drawn three ways. It
is built from the case *as the reader sees it* (access.as_seen_by), so an export never holds what
its reader could not open, and the marking is derived from what it does hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answers import Citation
from assistant.cases.models import CaseDetail

OFFICIAL, SENSITIVE = "OFFICIAL", "OFFICIAL-SENSITIVE"
RESTRICTED_TAG = "[RESTRICTED]"


@dataclass
class Block:
    text: str
    style: str = "p"  # p, item, quote, meta
    restricted: bool = False


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class CaseFile:
    title: str
    marking: str
    sections: list[Section]


def marking_for(case: CaseDetail) -> str:
    """OFFICIAL-SENSITIVE when any included item is restricted, else OFFICIAL."""
    flags = [x.restricted for x in case.turns] + [x.restricted for x in case.pins]
    flags += [x.restricted for x in case.notes] + [x.restricted for x in case.decisions]
    return SENSITIVE if any(flags) else OFFICIAL


def _cite(c: Citation) -> Block:
    return Block(f'[{c.n}] {c.record_id} · {c.field} [{c.start}:{c.end}] · source {c.source}: '
                 f'"{c.quote}"', "quote")


def _tag(restricted: bool) -> str:
    return f"{RESTRICTED_TAG} " if restricted else ""


def build(case: CaseDetail, exported_by: str, exported_at: str, audit_head: tuple[int, str]
          ) -> CaseFile:
    seq, head = audit_head
    summary = Section("Case", [Block(text, "meta") for text in (
        f"Reference: {case.case_ref}", f"Title: {case.title or '(none)'}",
        f"Status: {case.status}", f"Owner: {case.owner}",
        f"Assignee: {case.assignee or '(none)'}", f"Opened: {case.created_at}",
        f"Exported by {exported_by} at {exported_at}",
        f"Audit log head at export: entry {seq}, hash {head}")])
    if case.withheld:
        summary.blocks.append(Block(f"{case.withheld} item(s) withheld: restricted material the "
                                    "exporting user is not cleared for.", "meta"))
    decisions = Section("Decision log", [
        Block(f"{_tag(d.restricted)}{d.n}. {d.at} · {d.user} · "
              f"{d.from_status or '-'} -> {d.to_status}"
              + (f" · lead {d.lead_id}" if d.lead_id else "") + f" · reason: {d.reason}", "item",
              d.restricted)
        for d in case.decisions] or [Block("No decisions recorded.")])
    answers = Section("Answers")
    for t in case.turns:
        answers.blocks.append(Block(f"{_tag(t.restricted)}Q{t.n} ({t.user}, {t.at}): "
                                    f"{t.question}", "item", t.restricted))
        if t.interpretation:
            answers.blocks.append(Block(t.interpretation, "meta"))
        if t.unapplied:
            answers.blocks.append(Block("Not applied: " + "; ".join(t.unapplied), "meta"))
        answers.blocks.append(Block(t.answer, "p", t.restricted))
        answers.blocks += [_cite(c) for c in t.citations]
    leads = Section("Leads")
    records = Section("Pinned records and people")
    for p in case.pins:
        target = leads if p.kind == "lead" else records
        target.blocks.append(Block(f"{_tag(p.restricted)}{p.kind} {p.target}: {p.label} "
                                   f"(pinned by {p.user}, {p.at})", "item", p.restricted))
        target.blocks += [_cite(c) for c in p.citations]
    notes = Section("Notes", [Block(f"{_tag(n.restricted)}{n.user}, {n.at}: {n.text}", "item",
                                    n.restricted) for n in case.notes])
    sections = [summary, decisions, answers, leads, records, notes]
    for s in sections:
        s.blocks = s.blocks or [Block("None.")]
    return CaseFile(f"Case file {case.case_ref}", marking_for(case), sections)
