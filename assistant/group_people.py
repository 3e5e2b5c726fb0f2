"""Groups counted by the distinct officers their records name, not by the records.

Why: "which unit had the largest number of different officers with a sustained allegation"
was ranked by allegations (Philadelphia 2018: the 24th district first on 44 allegations) while
it asks for people: the 22nd and 35th districts tie on 34 officers each. The groups and their
records stay those of `group_rank.ranked_groups`; each group's size becomes the number of
distinct staff its records reference (as subjects, or as the mentioned where the question asks
about mentions), and the total the distinct staff over all groups shown or not.
"""

from __future__ import annotations

from typing import Any

import duckdb

from assistant.group_rank import RankedGroups
from assistant.structured import Scope, _same_allegation, ref_of, role_test

# an officer's unit when the record was made (the reference's), else today's: as the grouping
UNIT = "coalesce(r.unit, p.unit)"


def people_counts(con: duckdb.DuckDBPyConnection, scope: Scope, ranked: RankedGroups, by: str
                  ) -> tuple[list[tuple[str, int]], int]:
    """Each group's distinct officers, largest first (ties by label), and the distinct officers
    of every group together. A record whose officer is unknown adds nobody."""
    keys = [g for g, _ in ranked.counts]
    ids = ranked.ids(keys)
    records = sorted({r for key in keys for r in ids[key]})
    params: list[Any] = []
    test = f"{role_test(scope.mentioned)} AND r.person_id IS NOT NULL"
    if scope.kind == "complaint":  # a complaint names its officers through its allegations
        # ... and only through an allegation carrying the category/finding asked ("officers
        # with a sustained finding"), not a co-accused's on the same complaint
        same, params = _same_allegation(con, scope)
        visible = "" if scope.cleared else " AND NOT a.restricted"
        sql = (f"SELECT DISTINCT a.complaint_id, r.person_id, {UNIT} FROM allegation a "
               f"JOIN person_ref r ON r.record_id = a.record_id AND {ref_of('allegation')} "
               f"AND {test}{visible} LEFT JOIN person p ON p.record_id = r.person_id "
               f"WHERE a.complaint_id IN (SELECT unnest(?::VARCHAR[])){same}")
    else:
        sql = (f"SELECT DISTINCT r.record_id, r.person_id, {UNIT} FROM person_ref r "
               f"LEFT JOIN person p ON p.record_id = r.person_id WHERE {ref_of(scope.kind)} "
               f"AND {test} AND r.record_id IN (SELECT unnest(?::VARCHAR[]))")
    rows = con.execute(sql, [records, *params]).fetchall()
    people: dict[str, set[tuple[str, Any]]] = {}
    for record, person, unit in rows:
        people.setdefault(record, set()).add((person, unit))
    # grouped by unit, a record counts under each of its officers' units: there only the
    # officers of that unit are counted (a complaint naming a 22nd and a 35th district officer)
    per_group = {key: {p for r in ids[key] for p, unit in people.get(r, ())
                       if by != "unit" or unit in ranked.raw[key]} for key in keys}
    counts = sorted(((key, len(who)) for key, who in per_group.items() if who),
                    key=lambda x: (-x[1], x[0]))
    return counts, len(set().union(*per_group.values())) if per_group else 0
