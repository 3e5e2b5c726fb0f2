"""Whether a grouped count's records can carry what the question put on them: a filter or a
grouping that belongs to another kind of record is reported not applied, never executed.

Why: a question naming two kinds ("staff who used the PND while off sick", "officers by race"
in allegations of complaints) can put a filter of one kind, or a group field held by another,
on the records a grouped count counts (the plan's first kind). The SQL builder raised on them
(`a absence filter does not apply to system_access records`, `cannot group allegation records
by complainant_race`) and the answer was lost to an engine error. Asked here first, with the
builder's own test, the constraint is dropped from the query and said in the answer instead.
"""

from __future__ import annotations

import duckdb

from assistant.structured import Scope, field_filter, group_sql
from assistant.understand.models import FieldFilter, Kind, QueryPlan


def counted_kind(plan: QueryPlan) -> Kind | None:
    """The one kind a grouped count or list counts (its first), or None when the plan is not
    one: a measure, named records or no grouping answer otherwise (service `_draft`)."""
    grouped = plan.intent in ("count", "list") and plan.group_by and plan.measure is None
    first: Kind = plan.kinds[0] if plan.kinds else "complaint"
    return first if grouped and not plan.references else None


def filter_fits(kind: str, f: FieldFilter) -> bool:
    """Whether `f` can narrow `kind` records: the SQL builder makes its test (pure, no query)."""
    try:
        field_filter(kind, f, True)
    except ValueError:
        return False
    return True


def group_fits(con: duckdb.DuckDBPyConnection, kind: str, by: str, field: str | None) -> bool:
    """Whether `kind` records can be grouped `by` (`field`, for a field grouping): the grouping's
    own SQL is built for them (it reads which attributes the store holds, nothing else)."""
    try:
        group_sql(con, Scope(kind=kind, cleared=True), by, field)
    except ValueError:
        return False
    return True


def fit_grouping(con: duckdb.DuckDBPyConnection, plan: QueryPlan) -> QueryPlan:
    """`plan` with a grouping its counted records cannot carry dropped and listed unapplied
    ("by complainant race" on allegations); any other plan unchanged."""
    kind = counted_kind(plan)
    if kind is None or plan.group_by is None or group_fits(con, kind, plan.group_by,
                                                            plan.group_field):
        return plan
    said = (plan.group_field or plan.group_by).replace("_", " ")
    return plan.model_copy(update={"group_by": None, "group_field": None,
                                   "group_field_options": [], "group_valued": False,
                                   "unapplied": [*plan.unapplied, f"by {said}"]})
