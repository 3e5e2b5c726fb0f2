"""Detector `repeated_search`: one user looking up the same member of the public again and again
with no case reference on any of those searches.

Why: searches without a policing purpose (an ex-partner, a neighbour, a new partner's ex) are the
commonest data-misuse case PSDs see, and their signature is repetition of one subject with nothing
tying the look-ups to a job. A search that carries a case reference has a stated purpose and is
not counted. A lead needs `min_searches` (4) unlinked searches of one subject in the last
`window_days`: on the noisy synthetic force three look-ups of one subject in a year happen by
chance to heavy users of the index (5 such leads at 3, none at 4; the curve is in
bench/results/leads_noisy_2000.md). Staff whose role is research (intelligence analysts and researchers,
`exempt_roles`) routinely search without a case reference, so their searches are not flagged;
the price is that an analyst's own misuse is missed too (the noisy force plants one: ten look-ups
of one subject, next to analysts' research of two subjects six to ten times each — nothing in
the audit log tells them apart without the tasking each search served).
Vehicles (`vehicle_prefix`) are not members of the public.

Two more kinds of ordinary work repeat a subject without a case reference, and are left alone
(both measured on the noisy synthetic force, `evals/leads_noisy.py`):
- a prolific local offender, whom many officers look up again and again: a subject that at
  least `max_searchers` other users each searched (linked or not) more than once in the window
  is not a private interest of any one (a single look-up by someone else is ordinary: the
  public index is searched constantly);
- research across many people (proactive teams, staff investigators, whatever their job title):
  a user with `research_subjects` or more subjects each searched `research_searches` times is
  doing research, and their searches are not flagged (a reviewer who suspects such a user reads the audit log).

Searches of a colleague or of someone with the searcher's own family name are `colleague_access`'s
leads, which say so; they are left to it rather than reported twice (the same look-ups, as a
second lead, would count twice on the board).
"""

from __future__ import annotations

from datetime import date, timedelta

from assistant.joins.sources import Focus
from assistant.joins.unlinked import unlinked_searches
from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "repeated_search"


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.repeated_search
    since = ctx.today - timedelta(days=cfg.window_days)
    searches = unlinked_searches(ctx.sources, Focus(date_from=since, date_to=ctx.today),
                                 exempt_roles=cfg.exempt_roles, vehicle_prefix=cfg.vehicle_prefix)
    rows = searches.rows(
        ctx.con, """GROUP BY person_id, subject HAVING count(*) >= ?
                    ORDER BY person_id, subject""", [min(cfg.min_searches, cfg.research_searches)],
        select="""person_id, subject, list(event_id ORDER BY accessed_at), min(accessed_at),
                  max(accessed_at), list(DISTINCT system ORDER BY system)""")
    searchers = repeat_searchers(ctx, sorted({r[1] for r in rows}), since)
    from assistant.leads import colleague_access  # it reads `repeat_searchers`' module

    explained = {(f.people[0], f.key) for f in colleague_access.detect(ctx)}
    per_user: dict[str, int] = {}
    for r in rows:
        if (len(r[2]) >= cfg.research_searches
                and len(searchers.get(r[1], set()) - {r[0]}) < cfg.max_searchers):
            per_user[r[0]] = per_user.get(r[0], 0) + 1
    out = []
    for person, subject, ids, first, last, systems in rows:
        if len(ids) < cfg.min_searches:
            continue
        if len(searchers.get(subject, set()) - {person}) >= cfg.max_searchers:
            continue
        if per_user.get(person, 0) >= cfg.research_subjects or (person, subject) in explained:
            continue
        spans = [s for rid in ids for s in whole(rid, "subject_searched", subject)]
        out.append(Finding(
            detector=NAME, people=[person], key=subject, score=excess(len(ids), cfg.min_searches),
            explanation=(f"searched the same member of the public {len(ids)} times between "
                         f"{first:%-d %b %Y} and {last:%-d %b %Y} ({', '.join(systems)}), "
                         "none with a case reference"),
            spans=spans,
            detail={"searches": len(ids), "first": first.isoformat(), "last": last.isoformat(),
                    "systems": systems}))
    return out


def repeat_searchers(ctx: Context, subjects: list[str], since: date) -> dict[str, set[str]]:
    """Subject → the users who searched it more than once since `since`, case reference or
    not."""
    if not subjects:
        return {}
    rows = ctx.con.execute(
        f"""SELECT subject_searched, list(person_id) FROM (
              SELECT s.subject_searched, u.person_id
              FROM system_access s JOIN {ctx.people_of('system_access')} u
                ON u.record_id = s.record_id
              WHERE {ctx.visible('s', 'system_access')} AND s.accessed_at >= ?
                AND s.subject_searched IN (SELECT unnest(?::VARCHAR[]))
              GROUP BY ALL HAVING count(*) >= 2)
            GROUP BY 1""", [since, subjects]).fetchall()
    return {subject: set(people) for subject, people in rows}
