"""The rule that a model's plan is never broader than the deterministic one.

Why: the LLM planner (`planner.py`) may read a question differently, but a plan that silently
drops or widens a constraint the deterministic planner applied answers a broader question than
the one asked — the failure issue #13 exists to end. `not_dropped` compares the two plans and
raises `PlanRejected` (the deterministic plan is then used, and the reason shown).
"""

from __future__ import annotations

from assistant.understand.models import QueryPlan
from assistant.understand.taxonomy import canonical_category, canonical_finding

from .plan_errors import PlanRejected


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_kind(a: str, b: str) -> bool:
    """A complaint's filter may sit on its allegations (the engine applies it either way)."""
    return a == b or {a, b} == {"complaint", "allegation"}


def not_dropped(det: QueryPlan, plan: QueryPlan, spans: list[tuple[int, int]]) -> None:
    """Raise PlanRejected if `plan` drops or widens a constraint `det` applied, or leaves out
    something `det` could not apply without applying it or listing it as unapplied."""
    if missing := set(det.person_ids) - set(plan.person_ids):
        names = [m.text for m in det.people if set(m.person_ids) & missing]
        raise PlanRejected(f"it drops the person ‘{names[0] if names else sorted(missing)[0]}’")
    kept = {(r.kind, r.value.lower()) for r in plan.references}
    for r in det.references:
        if (r.kind, r.value.lower()) not in kept:
            raise PlanRejected(f"it drops the record reference ‘{r.text}’")
    if (det.date_from and (not plan.date_from or plan.date_from < det.date_from)) or \
            (det.date_to and (not plan.date_to or plan.date_to > det.date_to)):
        raise PlanRejected(f"it drops or widens the dates ‘{det.date_text}’")
    # a narrative search reads categories and findings in the text, it does not filter on them
    searched = det.intent == plan.intent == "describe"
    said = {canonical_category(v) for f in plan.filters for v in f.values}
    for c in [] if searched else det.categories:
        if c not in plan.categories and c not in said:
            raise PlanRejected(f"it drops the category ‘{c}’")
    said = {canonical_finding(v) for f in plan.filters for v in f.values}
    for f in [] if searched else det.findings:
        if f not in plan.findings and f not in said:
            raise PlanRejected(f"it drops the finding ‘{f}’")
    for df in det.filters:
        wanted = {v.lower() for v in df.values}
        if not any(f.field == df.field and _same_kind(f.kind, df.kind) and
                   {v.lower() for v in f.values} <= wanted for f in plan.filters):
            raise PlanRejected(f"it drops or widens the filter {df.field} = "
                               f"{' / '.join(df.values)}")
    for name, stricter in (("min_people", max), ("max_people", min), ("min_count", max),
                           ("max_count", min)):
        old, new = getattr(det, name), getattr(plan, name)
        if old is not None and (new is None or stricter(old, new) != new):
            raise PlanRejected(f"it drops or widens {name.replace('_', ' ')} {old}")
    for u in det.unapplied:
        i = det.question.find(u)
        span = (i, i + len(u)) if i >= 0 else (0, len(det.question))
        if not any(overlaps(span, s) for s in spans):
            raise PlanRejected(f"‘{u}’, which the deterministic planner could not apply, is "
                               "neither applied nor listed as unapplied")
