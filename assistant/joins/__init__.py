"""Join questions: record kinds joined through person and time, answered with cited evidence from
both sides.

    m = match(question, directory)            # JoinMatch | None: name, params, spans claimed
    draft = answer(con, m, scope, redactor)   # Draft citing records of both kinds

The operators (`during`, `off_duty`, `overtime`, `complainant`, `coaccused`, `unlinked`) are pure,
parameterised DuckDB SQL shared with the leads detectors. `scope` is what the rest of the
question carries (`structured.Scope`: the reader's clearance, named staff, period, forces); units
and police systems named in the question are matched here against the values the store holds.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb

from assistant import held_reads
from assistant.answering import Draft
from assistant.catalogue.link import said_forms
from assistant.joins import answers_people, answers_time
from assistant.joins.questions import JoinMatch, match_text
from assistant.joins.sources import Focus, Sources
from assistant.redaction import Redactor
from assistant.structured import Scope
from assistant.understand.accounting import WORD, Binder, Bound
from assistant.understand.lexicon import MASK

__all__ = ["JoinMatch", "answer", "claims", "describe", "match"]


UNITS = "SELECT DISTINCT unit FROM person WHERE coalesce(unit, '') <> ''"
SYSTEMS = "SELECT DISTINCT system FROM system_access WHERE coalesce(system, '') <> ''"


def _named(con: duckdb.DuckDBPyConnection, sql: str, question: str,
           short: bool = False) -> tuple[list[str], list[tuple[int, int]]]:
    """Stored values of a column (`sql`) that the question names, longest first; with `short`,
    a multi-word value is also named by its first word ("Niche" for "Niche RMS")."""
    values = sorted((v for (v,) in held_reads.rows(con, sql)), key=lambda v: (-len(v), v))
    found, spans, taken = [], [], [False] * len(question)
    for value in values:
        forms = said_forms(value) + (  # "PNC" is also "the Police National Computer"
            [value.split()[0]] if short and len(value.split()[0]) > 2 else [])
        for form in forms:
            for m in re.finditer(rf"\b{re.escape(form)}\b", question, re.I):
                if not any(taken[m.start():m.end()]):
                    found.append(value)
                    spans.append(m.span())
                    taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return list(dict.fromkeys(found)), spans


def match(question: str, directory: Any) -> JoinMatch | None:
    """The join a question asks for, or None. `directory` is the planner's people directory;
    when it reads the store (`people.StoreDirectory`), the units and police systems the question
    names are matched too (and narrow the join)."""
    con = getattr(directory, "con", None)
    named = {key: _named(con, sql, question, short) if con is not None else ([], [])
             for key, sql, short in (("units", UNITS, False), ("systems", SYSTEMS, True))}
    # a system the store holds, named ("used the PND while off sick"), is system use said
    found = match_text(question, named["systems"][1])
    if found is None:
        return None
    for key, (values, spans) in named.items():
        if values:
            found.params[key] = values
            found.spans += spans
    found.spans = sorted(set(found.spans))
    return found


# After the last cue of a join, the words that only restate it: "… off duty *that day*",
# "… named together three *times*".
TRAILING = re.compile(r"(?:\s+(?:on\s+)?(?:that|the same|those|these|which)\s+(?:days?|dates?|"
                      r"times?|shifts?)|\s+(?:days?|dates?|shifts?))?(?:\s+(?:times|occasions))?"
                      r"(?:,?\s+(?:according to|as recorded (?:on|in|by)|as shown (?:on|in|by)|"
                      r"per)\s+(?:the\s+|their\s+)?(?:duty\s+)?(?:roster|rota|records?|hr|"
                      r"audit log|system|\ue000+))?", re.I)


UNCLAIMED = re.compile(f"[^{re.escape(MASK)}]+")
# Words that may sit between a join's cues and only restate the relation ("claimed overtime *on
# days they were* off sick", "*enquiries* on Ann Lee"). Any other content word in the gap is a
# qualifier the join does not apply ("overtime *for court* on days …"): left unclaimed, so
# constraint accounting reports it.
GAP_WORDS = {
    "on", "in", "at", "for", "during", "while", "whilst", "when", "where", "within", "same",
    "covering", "by", "of", "to", "about", "as", "or", "and", "a", "an", "the", "that", "this",
    "those", "these", "which", "who", "whom", "they", "he", "she", "them", "their", "his", "her",
    "its", "own", "were", "was", "is", "are", "been", "being", "had", "has", "have", "day",
    "days", "date", "dates", "time", "times", "shift", "shifts", "hours", "claim", "claims",
    "claimed", "made", "recorded", "officer", "officers", "staff", "people", "person", "claimant",
    "claimants", "member", "members", "together", "enquiries", "enquiry", "called", "any", "also",
    "still", "then", "actually", "apparently", "reportedly", "already", "whose", "audit", "trail",
    "log", "shows", "show", "showing", "someone", "colleague", "colleagues", "fellow", "once"}


def describe(found: JoinMatch) -> str:
    """The join as the interpretation line says it: 'join: overtime claimed on a day of sick'."""
    p = found.params
    days = " / ".join(dict.fromkeys(t.replace("annual_", "").replace("_", " ")
                                    for t in p.get("types", ())))
    where = [f"unit = {' / '.join(p['units'])}"] if p.get("units") else []
    where += [f"system = {' / '.join(p['systems'])}"] if p.get("systems") else []
    text = {
        "overtime_absence": f"overtime claimed on a day of {days}",
        "off_duty_access": f"police-system use on a day of {days}" if p.get("hr") else
        "police-system use while rostered off (no duty that day)",
        "complainant_search": "police-system searches of the officer's own complainant",
        "coaccused": f"officers named together (co-accused) in ≥ {p.get('min_complaints', 2)} "
                     "complaints",
        "unlinked": "police-system searches" + (f" of {p['subject']}" if p.get("subject") else "")
                    + " without a linked case or occurrence reference",
    }.get(found.name, found.name)
    return "join: " + " · ".join([text, *where])


def claims(found: JoinMatch) -> Binder:
    """The planner's binder for a matched join question. It claims the join's cues (and the words
    after the last cue that only restate it, "… off duty *that day*"), and between the first and
    the last cue each word by a per-word rule: a word of the relation itself (GAP_WORDS: "on days
    they were") is claimed; any other content word ("overtime *for court* on days they were off
    sick") is left unclaimed, so it is reported unapplied instead of bound without being
    applied. Nothing outside the phrase is claimed ("on a rainy day" after it stays unapplied), and
    spans other binders claimed are left to them."""
    cues: list[list[int]] = []
    for s, e in sorted(found.spans):  # overlapping cues ("searched" in SEARCH and USE) merged
        if cues and s <= cues[-1][1]:
            cues[-1][1] = max(cues[-1][1], e)
        else:
            cues.append([s, e])
    first, last = cues[0][0], cues[-1][1]
    element = describe(found)

    def in_cue(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in cues)

    def joined(text: str, kinds: list[str]) -> list[Bound]:
        trail = TRAILING.match(text, last)
        end = trail.end() if trail else last
        out = [Bound(s + m.start(), s + m.end(), element)
               for s, e in cues for m in UNCLAIMED.finditer(text[s:e]) if m.group().strip()]
        if end > last:
            out += [Bound(last + m.start(), last + m.end(), element)
                    for m in UNCLAIMED.finditer(text[last:end]) if m.group().strip()]
        for w in WORD.finditer(text, first, last):
            if MASK in w.group(0) or in_cue(w.start(), w.end()):
                continue
            if w.group(0).lower().strip("'-") in GAP_WORDS:
                out.append(Bound(w.start(), w.end(), element))
        return sorted(out, key=lambda b: b.start)

    return joined


def answer(con: duckdb.DuckDBPyConnection, match: JoinMatch, scope: Scope,
           redactor: Redactor) -> Draft:
    """Run the matched join over what the reader may see, narrowed by `scope`. Parts of the
    scope no join applies (categories, findings) are said first, never silently dropped."""
    draft = _run(con, match, scope, redactor)
    unapplied = [*scope.categories, *(f"{f} finding" for f in scope.findings)]
    if unapplied:
        said = " or ".join(f"“{u}”" for u in unapplied)
        draft.text = f"I could not apply {said} to this question. Without it: {draft.text}"
    return draft


def _run(con: duckdb.DuckDBPyConnection, match: JoinMatch, scope: Scope,
         redactor: Redactor) -> Draft:
    src = Sources(cleared=scope.cleared)
    focus = Focus(person_ids=scope.person_ids, date_from=scope.date_from,
                  date_to=scope.date_to, forces=scope.forces,
                  units=tuple(match.params.get("units", ())),
                  systems=tuple(match.params.get("systems", ())))
    p = match.params
    if match.name == "overtime_absence":
        return answers_time.overtime_absence(con, src, focus, p["types"], redactor)
    if match.name == "off_duty_access":
        return answers_time.off_duty_access(con, src, focus, p["types"], p["hr"], redactor)
    if match.name == "complainant_search":
        return answers_people.complainant_search(con, src, focus, redactor)
    if match.name == "coaccused":
        return answers_people.coaccused(con, src, focus, p["min_complaints"], p["asked"],
                                        redactor)
    if match.name == "unlinked":
        return answers_people.unlinked(con, src, focus, p.get("subject"), redactor)
    raise ValueError(f"unknown join {match.name!r}")
