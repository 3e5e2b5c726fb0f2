"""Detector `undeclared_interest`: a business named alongside a member of staff in an intelligence
report or a complaint, which that person has never declared.

Why: staff must declare business interests so conflicts can be managed; an undeclared business
that intelligence or a complainant ties to an officer (steering collision victims to a recovery
firm, running a security company on the side) is a standard corruption indicator. Businesses are
found by their legal form — a run of capitalised words ending "Ltd", "Limited", "LLP", "PLC" or
"& Co" (`legal_suffixes`) — and compared with the person's business-interest declarations by a
normalised name (case, punctuation and legal suffix ignored), in the declared counterparty or
its description. A declared business, however it is described, never fires. Intelligence reports,
conduct cases and complaints are read. A business named with more than `max_people` different
staff is a public place or a contractor (the shop whose CCTV was seized, the recovery garage on
the force contract), not anyone's interest, and is left alone. And a business only counts where
the sentence naming it ties it to someone (`tie_words`: owns, director, running, a stake in,
recommending, taking calls for …): a report that CCTV was seized from a shop names the shop but
says nothing about anyone's interest in it. Intelligence reports
are restricted, so leads resting on them exist only for cleared readers. A complaint that names
its officer only ambiguously (two "PC Harvey"s at the station) is not used: unlike a burst or a
search, nothing else in the evidence says which of them the business belongs to, and a lead on
each would accuse the namesakes too.
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.leads.context import Context
from assistant.leads.evidence import sentence_at
from assistant.leads.models import Finding, Span

NAME = "undeclared_interest"
WORD = r"(?:[A-Z][\w'’-]*|&|\(UK\))"


def company_pattern(suffixes: list[str]) -> re.Pattern[str]:
    ends = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    return re.compile(rf"\b[A-Z][\w'’-]*(?:\s+{WORD})*?\s+(?:{ends})(?![\w])")


def normalise(name: str, suffixes: list[str]) -> str:
    text = f" {name.lower()} "
    for suffix in suffixes:
        text = text.replace(f" {suffix.lower()} ", " ")
    text = re.sub(r"[^a-z0-9&]+", " ", text.replace("(uk)", " "))
    return " ".join(text.split())


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.undeclared_interest
    pattern = company_pattern(cfg.legal_suffixes)
    hint = "|".join(re.escape(s) for s in cfg.legal_suffixes)
    ties = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in cfg.tie_words) + r")",
                      re.IGNORECASE)
    sources = [("intel_report", "text", f"""SELECT i.record_id, r.person_id, i.text
                  FROM intel_report i JOIN {ctx.people_of('intel_report')} r
                    ON r.record_id = i.record_id
                  WHERE {ctx.visible('i', 'intel_report')}
                    AND regexp_matches(i.text, ?)"""),
               ("conduct_case", "description", f"""SELECT k.record_id, r.person_id,
                                                      k.description
                  FROM conduct_case k JOIN {ctx.people_of('conduct_case')} r
                    ON r.record_id = k.record_id
                  WHERE {ctx.visible('k', 'conduct_case')}
                    AND regexp_matches(k.description, ?)"""),
               ("complaint", "narrative", f"""SELECT DISTINCT c.record_id, s.person_id,
                                                c.narrative
                  FROM complaint c JOIN {ctx.complaint_subjects()} s
                    ON s.complaint_id = c.record_id
                  WHERE regexp_matches(c.narrative, ?)""")]
    mentions: dict[tuple[str, str], list[tuple[str, Span]]] = defaultdict(list)
    for _, field, sql in sources:
        for record_id, person, text in ctx.con.execute(sql, [rf"(^|\W)({hint})(\W|$)"]).fetchall():
            for match in pattern.finditer(text):
                key = normalise(match.group(0), cfg.legal_suffixes)
                span = sentence_at(record_id, field, text, match.start())
                if key and ties.search(text[span.start:span.end]):
                    mentions[(person, key)].append((match.group(0), span))
    declared = _declared(ctx, sorted({p for p, _ in mentions}))
    named_with: dict[str, set[str]] = defaultdict(set)
    for person, key in mentions:
        named_with[key].add(person)
    out = []
    for (person, key), found in sorted(mentions.items()):
        if any(f" {key} " in text for text in declared.get(person, [])):
            continue
        if len(named_with[key]) > cfg.max_people:
            continue
        name = found[0][0]
        records = sorted({span.record_id for _, span in found})
        kinds = sorted({r.split(":", 1)[0].replace("_", " ") for r in records})
        checked = len(declared.get(person, []))
        out.append(Finding(
            detector=NAME, people=[person], key=key, score=0.5 + 0.5 * min(1, len(records) / 3),
            explanation=(f"“{name}” is named with this person in {len(records)} "
                         f"{' and '.join(kinds)}(s); none of their {checked} business-interest "
                         "declaration(s) names it"),
            spans=list(dict.fromkeys(span for _, span in found)),
            detail={"company": name, "records": records, "declarations_checked": checked}))
    return out


def _declared(ctx: Context, people: list[str]) -> dict[str, list[str]]:
    """Per person, the normalised counterparty + description of each business declaration."""
    cfg = ctx.config.undeclared_interest
    rows = ctx.con.execute(
        f"""SELECT r.person_id, d.counterparty, d.description
            FROM declaration d JOIN {ctx.people_of('declaration')} r ON r.record_id = d.record_id
            WHERE {ctx.visible('d', 'declaration')} AND r.person_id IN
              (SELECT unnest(?::VARCHAR[]))
              AND d.declaration_type IN (SELECT unnest(?::VARCHAR[]))""",
        [people, cfg.business_types]).fetchall()
    out: dict[str, list[str]] = defaultdict(list)
    for person, counterparty, description in rows:
        text = f"{counterparty or ''} | {description or ''}"
        out[person].append(f" {normalise(text, cfg.legal_suffixes)} ")
    return out
