"""Answers to the person-to-person joins: staff who searched their own complainants, officers
co-accused together N or more times, and searches of a member of the public with no case
reference.

Why: each answer cites both sides of every match — the complaint and allegation naming the
officer and the search they made; every complaint a pair is named in; the searcher and each
unlinked search — and says how it matched. Counts are over the full matching set (every
matching row is read, never a sample). A searched subject is cited by the search's system, never
by the name searched, so a reader who may not see complainant details is shown none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from assistant.answering import MAX_LISTED, Draft, cited_ids, evidence_for
from assistant.facts import person_names
from assistant.joins.cite import Cite, day, plural, scope_words
from assistant.joins.coaccused import pairs
from assistant.joins.complainant import complainant_searches, define_person_key
from assistant.joins.sources import Focus, Sources
from assistant.joins.unlinked import name_words, unlinked_searches
from assistant.redaction import Redactor

PER_LINE = 4  # records cited per listed line; the rest are counted


def complainant_search(con: duckdb.DuckDBPyConnection, src: Sources, focus: Focus,
                       redactor: Redactor) -> Draft:
    define_person_key(con)
    rel = complainant_searches(src, None, focus)
    rows = rel.rows(con, "ORDER BY person_id, received, complaint_id, accessed_at")  # in full
    total, people, complaints = len(rows), len({r[0] for r in rows}), len({r[1] for r in rows})
    scope = scope_words(focus, person_names(con, list(focus.person_ids)))
    searched = (f"police-system searches{scope} by officers named in a complaint, matched to "
                "that complaint's complainant by name and date of birth, at or after the date "
                "the complaint was received")
    draft = Draft("", searched=searched)
    if not total:
        draft.text = f"No one{scope} searched police systems for a member of the public who " \
                     f"had complained about them. Searched {searched}."
        return draft
    found: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        found[(row[0], row[1])].append(row)
    shown = list(found.items())[:MAX_LISTED]
    cite = Cite(con, redactor, draft, [r for _, hits in shown for r in
                                       (hits[0][1], hits[0][2], *[h[4] for h in hits[:PER_LINE]])])
    lines = []
    for (person, complaint), hits in shown:
        after = sorted({(h[5].date() - h[3]).days for h in hits})
        lines.append(
            f"- {cite.person(person)}, accused in the complaint received {day(hits[0][3])}"
            f"{cite(complaint, hits[0][2])}, searched its complainant "
            f"{plural(len(hits), 'time')}{cite(*[h[4] for h in hits[:PER_LINE]])}, "
            f"{', '.join(map(str, after))} day(s) after it was received")
    rest = f"\n(and {len(found) - MAX_LISTED} more)" if len(found) > MAX_LISTED else ""
    draft.text = (f"{plural(people, 'officer')} searched police systems for their own "
                  f"complainant ({plural(total, 'search', 'searches')}, "
                  f"{plural(complaints, 'complaint')}){scope}. A search counts when its subject "
                  "has the complainant's name and date of birth and it was made by an officer "
                  "the complaint accuses, on or after the day it was received:\n"
                  + "\n".join(lines) + rest)
    ids = [r for row in rows for r in (row[1], row[2], row[4])]
    draft.evidence = evidence_for(list(dict.fromkeys(ids)), cited_ids(draft))
    return draft


def coaccused(con: duckdb.DuckDBPyConnection, src: Sources, focus: Focus, min_complaints: int,
              asked: bool, redactor: Redactor) -> Draft:
    rel = pairs(src, min_complaints, focus)
    rows = rel.rows(con, "ORDER BY n DESC, a, b")  # every pair: counted in full
    total = len(rows)
    scope = scope_words(focus, person_names(con, list(focus.person_ids)))
    threshold = f"{min_complaints} or more" + ("" if asked else " (no number was asked: 2)")
    searched = (f"complaints{scope}, pairing every two officers named as subjects of "
                f"allegations in the same complaint, counting separate complaints per pair")
    draft = Draft("", searched=searched)
    if not total:
        draft.text = f"No two officers are named together in {threshold} complaints{scope}. " \
                     f"Searched {searched}."
        return draft
    shown = rows[:MAX_LISTED]
    cite = Cite(con, redactor, draft, [r for row in shown for r in
                                       (*row[3][:PER_LINE], *row[4][:2 * PER_LINE])])
    named = set(focus.person_ids)
    lines = []
    for a, b, n, complaint_ids, allegation_ids in shown:
        # "who has PC X been co-accused with?": the answer is the colleague; X is the question's
        # own subject, named in the heading, not listed as a result
        who = (cite.person(b if a in named else a) if len(named & {a, b}) == 1
               else f"{cite.person(a)} and {cite.person(b)}")
        lines.append(f"- {who}: "
                     f"{plural(n, 'complaint')}{cite(*complaint_ids[:PER_LINE])} (allegations "
                     f"naming each{cite(*allegation_ids[:2 * PER_LINE])})")
    rest = f"\n(and {total - MAX_LISTED} more pairs)" if total > MAX_LISTED else ""
    if len(named) == 1:
        him = person_names(con, list(named)).get(next(iter(named)), next(iter(named)))
        draft.text = (f"{plural(total, 'colleague')} named together with {him} in {threshold} "
                      "separate complaints (both named as subjects of allegations in each):\n"
                      + "\n".join(lines) + rest)
    else:
        draft.text = (f"{plural(total, 'pair')} of officers named together in {threshold} "
                      f"separate complaints{scope} (both named as subjects of allegations in "
                      "each):\n" + "\n".join(lines) + rest)
    ids = [r for row in rows for r in (*row[3], *row[4])]
    draft.evidence = evidence_for(list(dict.fromkeys(ids)), cited_ids(draft))
    return draft


def unlinked(con: duckdb.DuckDBPyConnection, src: Sources, focus: Focus, subject: str | None,
             redactor: Redactor) -> Draft:
    words = name_words(subject or "")
    if subject and not words:
        return Draft(f"“{subject}” is not a name that can be searched for.", abstained=True)
    define_person_key(con)
    rel = unlinked_searches(src, focus, subject=words)
    rows = rel.rows(con, "ORDER BY person_id, accessed_at, event_id")  # every match, in full
    total, people = len(rows), len({r[0] for r in rows})
    scope = scope_words(focus, person_names(con, list(focus.person_ids)))
    whom = f"“{' '.join(words).title()}”" if words else "members of the public"
    searched = (f"police-system searches{scope} of {whom} (matched on the name words "
                f"{', '.join(words)}, all present in the subject searched) with an empty "
                "case/occurrence reference; vehicle look-ups excluded" if words else
                f"police-system searches{scope} of people with an empty case/occurrence "
                "reference; vehicle look-ups excluded")
    draft = Draft("", searched=searched)
    if not total:
        draft.text = f"No searches of {whom}{scope} without a case or occurrence reference " \
                     f"are in the audit log. Searched {searched}."
        return draft
    by: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by[row[0]].append(row)
    groups = sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_LISTED]
    cite = Cite(con, redactor, draft, [r[1] for _, rs in groups for r in rs[:PER_LINE]])
    lines = []
    for person, hits in groups:
        systems = ", ".join(sorted({h[4] for h in hits if h[4]}))
        lines.append(f"- {cite.person(person)}: {plural(len(hits), 'search', 'searches')}"
                     f"{cite(*[h[1] for h in hits[:PER_LINE]])} between {day(hits[0][2])} and "
                     f"{day(hits[-1][2])} ({systems}), none with a case reference")
    rest = f"\n(and {len(by) - MAX_LISTED} more people)" if len(by) > MAX_LISTED else ""
    draft.text = (f"{plural(total, 'search', 'searches')} of {whom} without a case or "
                  f"occurrence reference, by {plural(people, 'person', 'people')}{scope}:\n"
                  + "\n".join(lines) + rest)
    draft.evidence = evidence_for([r[1] for r in rows], cited_ids(draft))
    return draft
