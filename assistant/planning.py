"""What the engine adds to a plan before and after executing it: store-backed binders, named
records looked up, and the rule that a broader answer is never given unlabelled.

Why: `understand` has no store access, but whether "district 12", "Philadelphia" or "complaint
31-0001" exist is a question for the store. The engine registers the force and catalogue binders
here; what no binder claims is said first ("I could not apply 'in district 24'. Without it: …")
or, when nothing else narrows the question, the answer abstains ("I can't filter complaints by
'on a rainy day'") — the broader answer is never given as if it were the one asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import duckdb

from assistant.answering import Draft
from assistant.catalogue import OFFICER
from assistant.catalogue.link import OFFICER_KINDS, officer_field_fits
from assistant.facts import noun
from assistant.understand.accounting import Binder, Bound
from assistant.understand.interpret import is_yes_no
from assistant.understand.models import (
    COMPARED_OPS,
    PERSON_KIND,
    FieldFilter,
    QueryPlan,
    RecordReference,
)
from assistant.understand.period_gaps import period_gaps

REFERENCE_KINDS = ("complaint", "conduct_case", "intel_report", "declaration", "allegation")


def force_binder(forces: Iterable[str], aliases: dict[str, str],
                 values: Callable[[str, list[str]], list[tuple[int, int]]] | None = None
                 ) -> Binder:
    """Claims the words that name a force held in the store ('Philadelphia', 'PPD'), except
    inside a longer value the data holds, said in full (`values`: the catalogue's value spans):
    "CPD" in "complaints by CPD employees" is part of the complainant type "CPD Employee"."""
    known = set(forces)
    words = known | {a for a, f in aliases.items() if f in known}

    def forces_named(text: str, kinds: list[str]) -> list[Bound]:
        out = []
        longer = values(text, kinds) if values is not None else []
        for m in re.finditer(r"[A-Za-z]+", text):
            low = m.group(0).lower()
            inside = any(a <= m.start() and m.end() <= b and (a, b) != m.span()
                         for a, b in longer)
            if low in words and not inside:
                out.append(Bound(m.start(), m.end(), f"force = {aliases.get(low, low)}"))
        return out

    return forces_named


def find_referenced(con: duckdb.DuckDBPyConnection, ref: RecordReference,
                    cleared: bool) -> list[str]:
    """Ids of the records a reference names that this reader may see (a restricted record is
    as absent as a missing one, so the answer never reveals it exists)."""
    found = _referenced(con, ref.value, [ref.kind] if ref.kind else list(REFERENCE_KINDS), cleared)
    if not found and ref.kind == "conduct_case" and re.match(r"(?i)case\b", ref.text):
        # a bare "case" is also what a force calls its complaints ("COPA case 2019-0004592"):
        # the other kinds are looked at before the reference is reported missing
        found = _referenced(con, ref.value, [k for k in REFERENCE_KINDS if k != ref.kind], cleared)
    return found


def _referenced(con: duckdb.DuckDBPyConnection, value: str, kinds: list[str],
                cleared: bool) -> list[str]:
    visible = "" if cleared else " AND NOT restricted"
    found: list[str] = []
    for kind in kinds:
        has_reference = kind in ("complaint", "conduct_case", "intel_report")
        match = "lower(reference) = lower(?) OR " if has_reference else ""
        params = ([value] if has_reference else []) + [f"{kind}:%:{value.lower()}"]
        found += [r for (r,) in con.execute(
            f"SELECT record_id FROM {kind} WHERE ({match}lower(record_id) LIKE ?){visible} "
            "ORDER BY record_id", params).fetchall()]
    return found


def missing_reference(ref: RecordReference) -> Draft:
    what = noun(ref.kind) if ref.kind else "record"
    return Draft(f"There is no {what} {ref.value} in the records you can access, so there is "
                 "nothing to answer from.", abstained=True,
                 searched=f"{noun(ref.kind, 2) if ref.kind else 'records'} by reference")


def applies(f: FieldFilter, kind: str) -> bool:
    """Whether a filter narrows `kind` records: its own field, a complaint's allegations' field,
    or the rank/unit of an officer the record names (catalogue OFFICER; a staff record's kind:
    the rank of the one it is about) or a number their staff record holds ("officers born
    before 1970")."""
    return f.kind == kind or (f.kind == "allegation" and kind == "complaint") or (
        f.kind == OFFICER and officer_field_fits(f.field, [kind])) or (
        f.kind == PERSON_KIND and f.op in COMPARED_OPS and kind in OFFICER_KINDS)


def narrows(plan: QueryPlan, filters: list[FieldFilter]) -> bool:
    """Does anything applied narrow the question, so that an answer without the unapplied part
    is still useful (said as such)? A bare kind is not enough: that is the broader question."""
    return bool(plan.person_ids or plan.date_from or plan.date_to or period_gaps(plan) or
                plan.categories or
                plan.findings or filters or plan.references or plan.compare or plan.subjects)


def label_unapplied(draft: Draft, plan: QueryPlan, unapplied: list[str], useful: bool) -> Draft:
    """Say first what could not be applied, or abstain when nothing else narrows the question."""
    # a narrative answer already says first what it searched as text instead (narrative/unheld)
    said = re.findall(r"‘([^’]*)’", draft.text.split("\n", 1)[0])
    unsaid = [u for u in unapplied if not any(u in s for s in said)]
    if not unsaid or draft.abstained:
        draft.unapplied = unapplied
        return draft
    quoted = " or ".join(f"‘{u}’" for u in unsaid)
    kind = noun((plan.kinds or ["complaint"])[0], 2)
    if not useful:
        return Draft(f"I can't filter {kind} by {quoted}: no field of the records matches it, "
                     f"and without it the answer would be about all {kind}, which is not what "
                     "was asked.", abstained=True, unapplied=unapplied,
                     searched=f"the fields and values of {kind}")
    it = "it" if len(unsaid) == 1 else "them"
    draft.text = f"I could not apply {quoted}. Without {it}:\n{draft.text}"
    draft.unapplied = unapplied
    return draft


ALREADY_ANSWERED = re.compile(r"(?:Yes|No|Not certain)[.:,]")


def yes_or_no(draft: Draft, plan: QueryPlan) -> Draft:
    """'Has PC Smith had any complaints?' answered Yes/No first, then the count as usual; a zero
    that is not certain (references that may be them, not linked) is not a plain No."""
    if draft.abstained or not is_yes_no(plan) or ALREADY_ANSWERED.match(draft.text):
        return draft  # a handler that already opens with its verdict ("No searches of …")
    if "not a certain zero" in draft.text:
        verdict = "Not certain"
    else:
        verdict = "Yes" if draft.evidence else "No"
    draft.text = f"{verdict}. {draft.text}"
    return draft
