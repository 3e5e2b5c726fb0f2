"""Detector `colleague_access`: a member of staff looking up, with no case reference, a colleague
or someone of their own family name, again and again.

Why: the pilot forces' data-misuse cases include staff reading the records of a colleague's case
(a colleague under investigation, a colleague's divorce) and of their own relatives' cases
(a brother's arrest, an ex-partner's family). Neither has a policing purpose unless the search
is tied to a job, which the audit log records as a case reference. A lead needs `min_searches`
unlinked searches of one subject who is either:
- a colleague: the subject's forename and family name are those of another member of staff of
  the searcher's own unit (exact words, case and punctuation ignored; a date of birth in the
  subject must agree with the colleague's birth year where HR records one) — a force's name
  pool is small, and the public index holds namesakes of staff in every station, or
- a relative: the subject has the searcher's own family name, searched at least
  `family_min_searches` times.
One search is not enough: a member of the public may share a colleague's or one's own name, and
a single look-up of a namesake is ordinary. Nor is a subject whom more than `max_other_users`
other staff looked up in the window (for any reason): someone the rest of the force has business
with is a member of the public who happens to share the name (the public index holds namesakes of
staff in every station), not the colleague or relative, whom nobody else has a reason to look
up. Measured on the noisy synthetic force (`evals/leads_noisy.py`, 2,000 staff): the leads
this left were namesakes looked up by 11–47 other users each.
HR's full date of birth (`birth_date`, exported by the synthetic force since the membership
lists) is not compared: the synthetic force plants a colleague look-up by renaming a member of
the public after the colleague, keeping that person's date of birth (`ingestion/synth/
relations.py`), so every planted colleague's subject carries another date than HR's (e.g.
1954-04-16 against 1973-09-10) and a date check calls all of them namesakes (measured: 2 of 5
found on the standard force, the two relatives). Comparing it is right for a real force and is
one line here once the generator gives the renamed person the colleague's date. The lead says
which relation it
rests on, so the reviewer checks it (the match is by name: a reviewable match, never an
identification).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

from assistant.joins.sources import Focus
from assistant.joins.unlinked import unlinked_searches
from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "colleague_access"
_DOB = re.compile(r"(\d{4})-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(\d{4})")


def parse_subject(subject: str) -> tuple[str, str, int | None]:
    """("MARTIN, Thomas (dob 1956-05-13)") → ("thomas", "martin", 1956); "Thomas Martin" too."""
    dob = _DOB.search(subject)
    year = int(dob.group(1) or dob.group(2)) if dob else None
    text = re.sub(r"\(.*?\)", " ", subject)
    if "," in text:
        family, _, given = text.partition(",")
    else:
        *rest, family = text.split() or [""]
        given = " ".join(rest)
    words = [w for w in re.sub(r"[^a-z' -]+", " ", given.lower()).split()]
    return (words[0] if words else "", " ".join(re.sub(r"[^a-z' -]+", " ",
                                                       family.lower()).split()), year)


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.colleague_access
    since = ctx.today - timedelta(days=cfg.window_days)
    searches = unlinked_searches(ctx.sources, Focus(date_from=since, date_to=ctx.today),
                                 vehicle_prefix=ctx.config.repeated_search.vehicle_prefix)
    rows = searches.rows(
        ctx.con, """GROUP BY person_id, subject HAVING count(*) >= ?
                    ORDER BY person_id, subject""",
        [min(cfg.min_searches, cfg.family_min_searches)],
        select="person_id, subject, list(event_id ORDER BY accessed_at), min(accessed_at), "
               "max(accessed_at)")
    if not rows:
        return []
    staff: dict[tuple[str, str], list[tuple[str, int | None, str]]] = defaultdict(list)
    family_of: dict[str, str] = {}
    unit_of: dict[str, str] = {}
    for pid, given, family, born, unit in ctx.con.execute(
            f"""SELECT p.record_id, lower(p.given_name), lower(p.family_name), p.birth_year,
                       coalesce(p.unit, '')
                FROM person p WHERE {ctx.visible('p', 'person')}
                  AND p.given_name IS NOT NULL AND p.family_name IS NOT NULL""").fetchall():
        first = (given.split() or [""])[0]
        staff[(first, " ".join(family.split()))].append((pid, born, unit))
        family_of[pid] = " ".join(family.split())
        unit_of[pid] = unit
    known = other_users(ctx, sorted({r[1] for r in rows}), since)
    out = []
    for person, subject, ids, first_at, last_at in rows:
        if len(known.get(subject, set()) - {person}) > cfg.max_other_users:
            continue
        given, family, year = parse_subject(subject)
        colleagues = [p for p, born, unit in staff.get((given, family), [])
                      if p != person and unit and unit == unit_of.get(person)
                      and (year is None or born is None or born == year)]
        if colleagues and len(ids) >= cfg.min_searches:
            relation, others = "a colleague's name", colleagues
        elif (family and family == family_of.get(person)
              and len(ids) >= cfg.family_min_searches):
            relation, others = "their own family name", []
        else:
            continue
        spans = [s for rid in ids for s in whole(rid, "subject_searched", subject)]
        out.append(Finding(
            detector=NAME, people=[person], key=subject,
            score=excess(len(ids), cfg.min_searches),
            explanation=(f"searched someone with {relation} {len(ids)} times between "
                         f"{first_at:%-d %b %Y} and {last_at:%-d %b %Y}, none with a case "
                         "reference"),
            spans=spans,
            detail={"searches": len(ids), "relation": "colleague" if others else "family name",
                    "colleagues": others, "first": first_at.isoformat(),
                    "last": last_at.isoformat()}))
    return out


def other_users(ctx: Context, subjects: list[str], since: date) -> dict[str, set[str]]:
    """Subject → every user who looked it up since `since`, case reference or not."""
    if not subjects:
        return {}
    rows = ctx.con.execute(
        f"""SELECT s.subject_searched, list(DISTINCT u.person_id)
            FROM system_access s JOIN {ctx.people_of('system_access')} u
              ON u.record_id = s.record_id
            WHERE {ctx.visible('s', 'system_access')} AND s.accessed_at >= ?
              AND s.subject_searched IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY 1""", [since, subjects]).fetchall()
    return {subject: set(people) for subject, people in rows}
