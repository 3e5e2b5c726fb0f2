"""Join operator: the subject of a complaint against them — a member of staff looking up, on
police systems, the member of the public who complained about them, after the complaint.

Why: "which officers searched for their own complainants?" and the `complainant_search` lead are
one join: complaint → its accused (allegation subjects) → their system events whose subject is
the complainant. The complaint names the complainant one way ("Mr Thomas Martin (DOB
13/05/1956)") and the audit log another ("MARTIN, Thomas (dob 1956-05-13)"), so both are reduced
to one key — the date of birth, then the name's words sorted, titles dropped — by the
`person_key` SQL macro. Each row carries the complaint, the allegation and the system event, so
an answer cites both kinds. Complaints naming their officer only ambiguously can be joined too
(`possible_within`), each member of staff they could be taking the accused's place.
"""

from __future__ import annotations

import duckdb

from assistant.joins.sources import EVERYTHING, Focus, Rel, Sources

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


def define_person_key(con: duckdb.DuckDBPyConnection) -> None:
    """Create the `person_key(text)` macro on this connection (a temp macro: read-only safe)."""
    con.execute(PERSON_KEY.replace("TITLES", str(TITLES)))


def complainant_searches(src: Sources, max_days_after: int | None = None,
                         focus: Focus = EVERYTHING, possible_within: int = 0) -> Rel:
    """(person_id, complaint_id, allegation_id, received, event_id, accessed_at,
    subject_searched, system, action, written, candidates): each search by an accused of their
    complaint's complainant, at or after the complaint was received and, if `max_days_after`
    is given, within that many days. `focus` narrows the searcher and the search date.
    `written`/`candidates` are set when the complaint names this person only ambiguously
    (allowed when `possible_within` ≥ 1: at most that many staff fit). Needs
    `define_person_key` on the connection."""
    f = focus.clause("u.person_id", "s.accessed_at", "s.force")
    system = focus.system_clause("s.system")
    possible = (f"""UNION ALL SELECT person_id, complaint_id, allegation_id, received, written,
                                   candidates FROM {src.possible_subjects(possible_within)} p"""
                if possible_within >= 1 else "")
    window = ("AND ev.accessed_at < comp.received + INTERVAL (CAST(? AS INTEGER) + 1) DAY"
              if max_days_after is not None else "")
    return Rel(
        f"""(WITH subjects AS (  -- resolved, then possible (written: how the complaint puts it)
              SELECT person_id, complaint_id, allegation_id, received, NULL AS written,
                     NULL AS candidates FROM {src.complaint_subjects()} s
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
              FROM system_access s JOIN {src.people_of('system_access')} u
                ON u.record_id = s.record_id
              WHERE {src.visible('s', 'system_access')} AND {f.sql} AND {system.sql}
                AND coalesce(trim(s.subject_searched), '') <> ''
                AND s.accessed_at >= (SELECT min(received) FROM comp)),
            nearby AS MATERIALIZED (  -- cheap filters first: the key is computed on survivors
              SELECT comp.person_id, comp.complaint_id, comp.allegation_id, comp.received,
                     comp.who, ev.record_id AS event_id, ev.accessed_at, ev.subject_searched,
                     ev.system, ev.action, comp.written, comp.candidates
              FROM comp JOIN ev ON ev.person_id = comp.person_id
                AND ev.accessed_at >= comp.received {window}
                AND contains(lower(ev.subject_searched), comp.word))
            SELECT * EXCLUDE (who) FROM nearby WHERE person_key(subject_searched) = who)""",
        [*f.params, *system.params, *([max_days_after] if max_days_after is not None else [])])
