"""Join operator: co-accused in the same complaint — every pair of staff named as subjects of
one complaint, weighted by how many separate complaints name both.

Why: "which officers have been co-accused together 3 or more times?" and the `coaccused` lead
read the same link graph. It is one self-join of resolved allegation subjects on the complaint,
in DuckDB; each edge carries the complaint ids (by date) and the allegation ids of both officers,
so an answer can cite every complaint it counts. A question's period narrows the complaints (by
date received) before they are counted; a named officer or unit keeps the pairs that include
them.
"""

from __future__ import annotations

from assistant.joins.sources import EVERYTHING, Focus, Rel, Sources


def pairs(src: Sources, min_complaints: int, focus: Focus = EVERYTHING) -> Rel:
    """Edges (a, b, n, complaint_ids by date received, allegation_ids) with a < b, at least
    `min_complaints` complaints each. `focus` people/units: either officer; period: received."""
    people = Focus(person_ids=focus.person_ids, units=focus.units)
    who_a, who_b = people.clause("a", "NULL"), people.clause("b", "NULL")
    when = Focus(date_from=focus.date_from, date_to=focus.date_to,
                 forces=focus.forces).clause("NULL", "x.received", "c.force")
    return Rel(
        f"""(WITH s AS (SELECT x.* FROM {src.complaint_subjects()} x
                        JOIN complaint c ON c.record_id = x.complaint_id WHERE {when.sql}),
            linked AS (
              SELECT a.person_id AS a, b.person_id AS b, a.complaint_id,
                     min(a.received) AS received,
                     list(DISTINCT a.allegation_id) || list(DISTINCT b.allegation_id) AS alls
              FROM s a JOIN s b ON a.complaint_id = b.complaint_id AND a.person_id < b.person_id
              GROUP BY ALL)
            SELECT a, b, count(*) AS n, list(complaint_id ORDER BY received, complaint_id)
                     AS complaint_ids,
                   flatten(list(alls ORDER BY received, complaint_id)) AS allegation_ids
            FROM linked WHERE ({who_a.sql}) OR ({who_b.sql})
            GROUP BY a, b HAVING count(*) >= CAST(? AS INTEGER))""",
        [*when.params, *who_a.params, *who_b.params, min_complaints])
