"""Sums and averages of a numeric field (`QueryPlan.measure`) over the records a question
scopes: overall, or per group (officer, unit, year, any field) ranked by the figure with ties
named, each figure cited to the records with the largest values.

Why: counting, listing and ranking records could not say "total overtime hours per officer" or
"the average days to closure": those were answered with a count of records instead. The field is
one the store holds (`catalogue.numeric_fields`: a column, a mapping attribute read as a number,
or the days a record lasted); its name never comes from the question's text.
"""

from __future__ import annotations

from typing import Any

import duckdb

from assistant.answering import (
    MAX_CITED,
    RANKED,
    Draft,
    cite_people,
    cite_person,
    cite_records,
    cited_ids,
    evidence_for,
    scope_text,
)
from assistant.catalogue import DURATIONS
from assistant.citations import markers
from assistant.facts import noun
from assistant.records import RECORD_KINDS
from assistant.redaction import Redactor
from assistant.structured import Scope, group_sql, where_clause
from assistant.understand.models import Measure, QueryPlan

CITED_PER_GROUP = 3  # records cited for each group's figure (those with the largest values)
OPS = {"sum": "total", "avg": "average"}


def value_sql(m: Measure) -> tuple[str, list[Any]]:
    """SQL for the measured value of `t` (a `m.kind` record) and its parameters."""
    model = RECORD_KINDS[m.kind]
    if m.field in model.model_fields:  # a record model column's name, never question text
        return f"TRY_CAST(t.{m.field} AS DOUBLE)", []
    if m.kind in DURATIONS and m.field == f"{m.kind}_days":
        start, end, extra = DURATIONS[m.kind]
        return f"(date_diff('day', t.{start}::DATE, t.{end}::DATE) + {extra})", []
    return ("(SELECT max(TRY_CAST(x.value AS DOUBLE)) FROM record_attribute x "
            "WHERE x.record_id = t.record_id AND x.name = ?)", [m.field])


def figure(x: float | None) -> str:
    """'1,234.5', '12', '7.33': two decimals at most, none when whole."""
    if x is None:
        return "none"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def measured(con: duckdb.DuckDBPyConnection, redactor: Redactor, plan: QueryPlan,
             scope: Scope) -> Draft:
    """The plan's measure over `scope` (whose kind is the measure's), overall or per group."""
    m = plan.measure
    assert m is not None
    where, params, _ = where_clause(con, scope)
    expr, expr_params = value_sql(m)
    values = (f"SELECT t.record_id, {expr} AS v FROM {m.kind} t WHERE {where}",
              [*expr_params, *params])
    draft = Draft("")
    who = cite_people(con, scope.person_ids, draft)
    name = f"{OPS[m.op]} {m.field.replace('_', ' ')}"
    if plan.group_by is None:
        return _overall(con, redactor, draft, m, values, f"{name}{scope_text(scope, who)}")
    return _grouped(con, redactor, draft, plan, scope, values,
                    f"{name.capitalize()}{scope_text(scope, who)}")


def _overall(con: duckdb.DuckDBPyConnection, redactor: Redactor, draft: Draft, m: Measure,
             values: tuple[str, list[Any]], name: str) -> Draft:
    sql, params = values
    n, total, mean = con.execute(f"SELECT count(v), sum(v), avg(v) FROM ({sql})",
                                 params).fetchone() or (0, None, None)
    ids = [r for (r,) in con.execute(f"SELECT record_id FROM ({sql}) WHERE v IS NOT NULL "
                                     "ORDER BY v DESC, record_id", params).fetchall()]
    nums = cite_records(con, redactor, ids[:MAX_CITED], draft)
    value = total if m.op == "sum" else mean
    draft.text = (f"The {name} is {figure(value)}, over {n:,} {noun(m.kind, n)} that record one"
                  f" {markers(nums)}".rstrip() + "." if n else
                  f"The {name}: no {noun(m.kind, 2)} in the records you can access hold a value.")
    draft.evidence = evidence_for(ids, cited_ids(draft))
    return draft


def _grouped(con: duckdb.DuckDBPyConnection, redactor: Redactor, draft: Draft, plan: QueryPlan,
             scope: Scope, values: tuple[str, list[Any]], head: str) -> Draft:
    m = plan.measure
    assert m is not None and plan.group_by is not None
    groups_sql, group_params, by = group_sql(con, scope, plan.group_by, plan.group_field)
    sql, params = values
    figure_sql = "sum(v.v)" if m.op == "sum" else "avg(v.v)"
    rows = con.execute(
        f"SELECT g.g, {figure_sql}, count(v.v), list(v.record_id ORDER BY v.v DESC, v.record_id) "
        f"FROM (SELECT DISTINCT g, record_id FROM ({groups_sql})) g JOIN ({sql}) v "
        "ON v.record_id = g.record_id WHERE v.v IS NOT NULL AND g.g IS NOT NULL GROUP BY g.g",
        [*group_params, *params]).fetchall()
    ranking = bool(plan.limit) or plan.ascending or by in ("person", "unit", "district")
    if ranking:
        rows.sort(key=lambda r: ((r[1] if plan.ascending else -r[1]), str(r[0])))
    else:
        rows.sort(key=lambda r: str(r[0]))
    limit = plan.limit or (RANKED if by in ("person", "unit", "district") else None)
    tied = 0
    if limit and 0 < limit < len(rows):  # a tie at the cut is named in full
        tied = sum(1 for r in rows[limit:] if r[1] == rows[limit - 1][1])
        limit += tied
    hidden = len(rows) - limit if limit and len(rows) > limit else 0
    shown = rows[:limit] if limit else rows
    label = {"person": "officer"}.get(by) or (plan.group_field or by).replace("_", " ")
    if not shown:
        draft.text = f"{head} by {label}: none in the records you can access."
        return draft
    lines = [f"{head} by {label}:"]
    ids: list[str] = []
    for g, value, n, record_ids in shown:
        ids += record_ids
        who = cite_person(con, g, draft) if by == "person" else str(g)
        nums = cite_records(con, redactor, record_ids[:CITED_PER_GROUP], draft)
        lines.append(f"- {who}: {figure(value)} ({n:,} {noun(m.kind, n)}) {markers(nums)}"
                     .rstrip())
    if tied:
        lines.append(f"{tied + 1} are tied on {figure(shown[-1][1])}: all of them are named.")
    if hidden:
        lines.append(f"… and {hidden:,} more with {'more' if plan.ascending else 'less'} "
                     "(ask for the top N to see more).")
    draft.text = "\n".join(lines)
    draft.evidence = evidence_for(ids, cited_ids(draft))
    return draft
