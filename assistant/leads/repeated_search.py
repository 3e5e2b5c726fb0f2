"""Detector `repeated_search`: one user looking up the same member of the public again and again
with no case reference on any of those searches.

Why: searches without a policing purpose (an ex-partner, a neighbour, a new partner's ex) are the
commonest data-misuse case PSDs see, and their signature is repetition of one subject with nothing
tying the look-ups to a job. A search that carries a case reference has a stated purpose and is
not counted. A lead needs `min_searches` unlinked searches of one subject in the last
`window_days`. Staff whose role is research (intelligence analysts and researchers,
`exempt_roles`) routinely search without a case reference, so their searches are not flagged.
Vehicles (`vehicle_prefix`) are not members of the public.
"""

from __future__ import annotations

from datetime import timedelta

from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "repeated_search"


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.repeated_search
    since = ctx.today - timedelta(days=cfg.window_days)
    rows = ctx.con.execute(
        f"""WITH unlinked AS (
              SELECT u.person_id, s.subject_searched AS subject, s.record_id, s.accessed_at,
                     s.system
              FROM system_access s JOIN {ctx.people_of('system_access')} u
                ON u.record_id = s.record_id
              JOIN person p ON p.record_id = u.person_id
              WHERE {ctx.visible('s', 'system_access')}
                AND coalesce(trim(s.linked_case_ref), '') = ''
                AND coalesce(trim(s.subject_searched), '') <> ''
                AND NOT starts_with(s.subject_searched, ?)
                AND s.accessed_at >= ? AND s.accessed_at < ? + INTERVAL 1 DAY
                AND coalesce(p.role_title, '') NOT IN (SELECT unnest(?::VARCHAR[]))),
            repeated AS (
              SELECT person_id, subject FROM unlinked GROUP BY ALL HAVING count(*) >= ?)
            SELECT person_id, subject, list(record_id ORDER BY accessed_at),
                   min(accessed_at), max(accessed_at), list(DISTINCT system ORDER BY system)
            FROM unlinked JOIN repeated USING (person_id, subject)
            GROUP BY ALL ORDER BY person_id, subject""",
        [cfg.vehicle_prefix, since, ctx.today, cfg.exempt_roles, cfg.min_searches]).fetchall()
    out = []
    for person, subject, ids, first, last, systems in rows:
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
