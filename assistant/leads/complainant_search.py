"""Detector `complainant_search`: an officer looking up, on police systems, the member of the
public who complained about them, after the complaint was made.

Why: an accused officer has no policing reason to research their complainant, and doing so is the
first step of intimidation or retaliation; it is also a breach of data-protection rules whatever
the motive. The complaint names the complainant one way ("Mr Thomas Martin (DOB 13/05/1956)") and
the audit log another ("MARTIN, Thomas (dob 1956-05-13)"), so both are reduced to the same key —
the name's words sorted, titles dropped, plus the date of birth — by the `person_key` SQL macro.
Searches within `max_days_after` of the complaint being received count. For readers who may not
see complainant details, the search is cited by its system and action, not by the name searched.
A complaint naming its officer only ambiguously ("J Price" at a station with three) is checked
against each member of staff it could be (`config.ambiguous`): one of them searching the
complainant is worth a reviewer's look, and the lead says the complaint did not name them clearly.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.leads.context import Context, excess, possibly
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "complainant_search"
TITLES = ["mr", "mrs", "ms", "miss", "mx", "dr", "rev", "sir", "dame", "prof"]
# date of birth as ISO (from d/m/Y or Y-m-d), then the sorted name words without titles
PERSON_KEY = r"""
CREATE OR REPLACE TEMP MACRO person_key(v) AS (
    coalesce(
      nullif(regexp_replace(regexp_extract(v, '(\d{4}-\d{2}-\d{2})', 1), '-', '', 'g'), ''),
      nullif(regexp_extract(v, '(\d{1,2})/(\d{1,2})/(\d{4})', ['d', 'm', 'y']).y
             || lpad(regexp_extract(v, '(\d{1,2})/(\d{1,2})/(\d{4})', ['d', 'm', 'y']).m, 2, '0')
             || lpad(regexp_extract(v, '(\d{1,2})/(\d{1,2})/(\d{4})', ['d', 'm', 'y']).d, 2, '0'),
             ''), '')
    || '|' || array_to_string(list_sort(list_filter(
         string_split(trim(regexp_replace(lower(regexp_replace(v, '\(.*?\)', '', 'g')),
                                          '[^a-z]+', ' ', 'g')), ' '),
         lambda w: length(w) > 1 AND NOT list_contains(TITLES, w))), ' ')
)
"""


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.complainant_search
    ctx.con.execute(PERSON_KEY.replace("TITLES", str(TITLES)))
    possible = (f"""UNION ALL SELECT person_id, complaint_id, allegation_id, received, written,
                                   candidates FROM {ctx.possible_subjects()} p"""
                if ctx.config.ambiguous.per_lead >= 1 else "")
    rows = ctx.con.execute(
        f"""WITH subjects AS (  -- resolved, then possible (written: how the complaint puts it)
              SELECT person_id, complaint_id, allegation_id, received, NULL AS written,
                     NULL AS candidates FROM {ctx.complaint_subjects()} s
              {possible}),
            comp AS (
              SELECT *, split_part(split_part(who, '|', 2), ' ', 1) AS word FROM (
                SELECT s.person_id, s.complaint_id, min(s.allegation_id) AS allegation_id,
                       min(s.received) AS received, person_key(any_value(c.complainant)) AS who,
                       -- named resolved by any allegation: not a possible subject
                       CASE WHEN bool_and(s.written IS NOT NULL) THEN min(s.written) END AS written,
                       CASE WHEN bool_and(s.written IS NOT NULL) THEN min(s.candidates) END
                         AS candidates
                FROM subjects s
                JOIN complaint c ON c.record_id = s.complaint_id
                WHERE coalesce(trim(c.complainant), '') <> '' AND s.received IS NOT NULL
                GROUP BY s.person_id, s.complaint_id)
              WHERE who NOT LIKE '%|'),
            ev AS (
              SELECT u.person_id, s.record_id, s.accessed_at, s.subject_searched, s.system,
                     s.action
              FROM system_access s JOIN {ctx.people_of('system_access')} u
                ON u.record_id = s.record_id
              WHERE {ctx.visible('s', 'system_access')}
                AND coalesce(trim(s.subject_searched), '') <> ''
                AND s.accessed_at >= (SELECT min(received) FROM comp)),
            nearby AS MATERIALIZED (  -- cheap filters first: the key is computed on survivors
              SELECT comp.person_id, comp.complaint_id, comp.allegation_id, comp.received,
                     comp.who, ev.record_id, ev.accessed_at, ev.subject_searched, ev.system,
                     ev.action, comp.written, comp.candidates
              FROM comp JOIN ev ON ev.person_id = comp.person_id
                AND ev.accessed_at >= comp.received
                AND ev.accessed_at < comp.received + INTERVAL (? + 1) DAY
                AND contains(lower(ev.subject_searched), comp.word))
            SELECT * EXCLUDE (who) FROM nearby WHERE person_key(subject_searched) = who
            ORDER BY person_id, complaint_id, accessed_at""",
        [cfg.max_days_after]).fetchall()
    found: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        found[(row[0], row[1])].append(row)
    return [_finding(ctx, hits, cfg.max_days_after) for hits in found.values()]


def _finding(ctx: Context, hits: list[tuple], window: int) -> Finding:
    person, complaint, allegation, received = hits[0][:4]
    written, candidates = hits[0][-2:]
    complainant, category = ctx.con.execute(
        "SELECT c.complainant, a.category FROM complaint c, allegation a "
        "WHERE c.record_id = ? AND a.record_id = ?", [complaint, allegation]).fetchone() \
        or (None, None)  # never: both ids were just read from the store
    spans = whole(complaint, "complainant", complainant) + whole(allegation, "category", category)
    for *_, rid, _, subject, system, action, _, _ in hits:
        spans += (whole(rid, "subject_searched", subject) if ctx.view.complainant_details
                  else whole(rid, "action", action) or whole(rid, "system", system))
    days = sorted({(h[5].date() - received).days for h in hits})
    explanation = (f"searched the complainant of the complaint received {received:%-d %b %Y} "
                   f"{len(hits)} time(s), {', '.join(map(str, days))} day(s) after it was "
                   f"made (window {window} days)")
    detail = {"complaint": complaint, "allegation": allegation, "searches": len(hits),
              "days_after": days, "received": received.isoformat()}
    if written is not None:
        explanation += f"; the complaint {possibly(written, candidates)}, this person among them"
        detail["possible"] = {"written": written, "candidates": candidates}
    return Finding(
        detector=NAME, people=[person], key=complaint,
        score=excess(len(hits), 1), explanation=explanation, spans=spans, detail=detail)
