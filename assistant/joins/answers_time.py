"""Answers to the person-and-time joins: overtime on days of sickness or leave, and police
systems used while on leave, sick or rostered off.

Why: the answer has to show the match, not two unrelated lists — each claim next to the roster
day or HR episode that clashes with it, each day of system use next to the roster day that has
the user off — and to say how it matched and what it counted. Counts are over the
full matching set (every matching row is read, never a sample); the lines listed (and cited)
are the first people by volume.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from assistant.answering import MAX_LISTED, Draft, cited_ids, evidence_for
from assistant.facts import person_names
from assistant.joins.cite import Cite, day, plural, scope_words
from assistant.joins.off_duty import off_duty_events
from assistant.joins.overtime import claims_during
from assistant.joins.sources import Focus, Sources
from assistant.redaction import Redactor

PER_PERSON = 4  # matches shown (and cited) per person; the rest are counted
LABELS = {"sick": "sick", "leave": "on leave", "annual_leave": "on leave", "rest_day": "rest day"}


def _what(types: list[str]) -> str:
    return " or ".join(dict.fromkeys(LABELS.get(t, t.replace("_", " ")) for t in types))


def _grouped(rows: list[tuple[Any, ...]]) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Rows by person, most matches first (then by id, so ties list in a stable order)."""
    by: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by[row[0]].append(row)
    return sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def overtime_absence(con: duckdb.DuckDBPyConnection, src: Sources, focus: Focus,
                     types: list[str], redactor: Redactor) -> Draft:
    rel = claims_during(src, types, focus)
    rows = rel.rows(con, "ORDER BY person_id, day, claim_id")  # every match: counted in full
    total, people = len(rows), len({r[0] for r in rows})
    what = _what(types)
    names = person_names(con, list(focus.person_ids))
    scope = scope_words(focus, names)
    searched = (f"overtime claims{scope}, each matched to the claimant's roster day and HR "
                f"absence episodes covering the same date (recorded as {what})")
    draft = Draft("", searched=searched)
    if not total:
        draft.text = f"No overtime claims{scope} fall on a day the claimant was recorded as " \
                     f"{what}. Searched {searched}."
        return draft
    groups = _grouped(rows)
    cite = Cite(con, redactor, draft, [r for _, rs in groups[:MAX_LISTED] for row in
                                       rs[:PER_PERSON] for r in (row[1], row[4], row[6])])
    lines = []
    for person, claims in groups[:MAX_LISTED]:
        hours = sum(c[3] or 0.0 for c in claims)
        said = []
        for _, claim, when, _, shift, duty, absence, reason in claims[:PER_PERSON]:
            sides = [f"roster: {LABELS.get(duty, duty)}{cite(shift)}" if shift else "",
                     f"HR absence: {LABELS.get(reason, reason)}{cite(absence)}" if absence else ""]
            said.append(f"{day(when)} claim{cite(claim)} ({'; '.join(s for s in sides if s)})")
        more = f"; and {len(claims) - PER_PERSON} more" if len(claims) > PER_PERSON else ""
        lines.append(f"- {cite.person(person)}: {plural(len(claims), 'claim')}, {hours:g} hours"
                     f" — {', '.join(said)}{more}")
    rest = f"\n(and {len(groups) - MAX_LISTED} more people)" if len(groups) > MAX_LISTED else ""
    draft.text = (f"{plural(total, 'overtime claim')} on days recorded as {what} by "
                  f"{plural(people, 'person', 'people')}{scope}. Each claim was matched to the "
                  "claimant's roster day and/or HR absence episode covering its date:\n"
                  + "\n".join(lines) + rest)
    ids = [r for row in rows for r in (row[1], row[4], row[6]) if r]
    draft.evidence = evidence_for(ids, cited_ids(draft))
    return draft


def off_duty_access(con: duckdb.DuckDBPyConnection, src: Sources, focus: Focus,
                    types: list[str], hr: bool, redactor: Redactor) -> Draft:
    rel = off_duty_events(src, types, focus, hr=hr)
    rows = rel.rows(con, "ORDER BY person_id, day, moment, event_id")  # every match, in full
    total, people, days = len(rows), len({r[0] for r in rows}), len({r[:3:2] for r in rows})
    what = _what(types)
    names = person_names(con, list(focus.person_ids))
    scope = scope_words(focus, names)
    source = "roster days" + (" and HR absence episodes" if hr else "")
    searched = (f"police-system audit events{scope}, each matched to the user's {source} on "
                f"the same date (recorded as {what}); events in the hour after a night shift "
                "that ran past midnight, and on rest days with overtime claimed, are not counted")
    draft = Draft("", searched=searched)
    if not total:
        draft.text = f"No police-system use{scope} on a day the user was recorded as {what}. " \
                     f"Searched {searched}."
        return draft
    groups = _grouped(rows)
    shown: list[tuple[str, list[tuple[str, list[tuple[Any, ...]]]]]] = []
    for person, events in groups[:MAX_LISTED]:
        by_day: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for row in events:
            by_day[row[4]].append(row)
        shown.append((person, list(by_day.items())))
    cite = Cite(con, redactor, draft, [r for _, ds in shown for period, evs in ds[:PER_PERSON]
                                       for r in (period, *[e[1] for e in evs[:3]])])
    lines = []
    for person, ds in shown:
        said = [f"{day(evs[0][2])} ({LABELS.get(evs[0][5], evs[0][5])}{cite(period)}): "
                f"{plural(len(evs), 'event')}{cite(*[e[1] for e in evs[:3]])}"
                for period, evs in ds[:PER_PERSON]]
        n = sum(len(evs) for _, evs in ds)
        more = f"; and {len(ds) - PER_PERSON} more days" if len(ds) > PER_PERSON else ""
        lines.append(f"- {cite.person(person)}: {plural(n, 'event')} on "
                     f"{plural(len(ds), 'day')} — {', '.join(said)}{more}")
    rest = f"\n(and {len(groups) - MAX_LISTED} more people)" if len(groups) > MAX_LISTED else ""
    draft.text = (f"{plural(total, 'police-system event')} on {plural(days, 'day')} recorded as "
                  f"{what}, by {plural(people, 'person', 'people')}{scope}. Each event was "
                  f"matched to the user's {source} for its date (the hour after a night shift "
                  "and rest days with claimed overtime are left out as working time):\n"
                  + "\n".join(lines) + rest)
    ids = [r for row in rows for r in (row[1], row[4])]
    draft.evidence = evidence_for(ids, cited_ids(draft))
    return draft
