"""A share of records: "what percentage of complaints were upheld in 2024?" answered as a
numerator count over a denominator count, both shown and cited, never as a list of the upheld.

Why: the cue ("percentage", "proportion", "share", "fraction") was reported not applied and the
numerator's records listed: an honest answer, but not the one asked. The denominator is the
records the question is a share *of* — its period, people, forces and whatever is said before the
verb ("of 2024 complaints about use of force"); what is said after the verb ("were upheld") is
the numerator's own condition. With no condition after the verb there is no share to compute:
the cue stays reported not applied.
"""

from __future__ import annotations

import re
from dataclasses import replace

import duckdb

from assistant.answering import Draft, cite_records, cited_ids, evidence_for, scope_text
from assistant.citations import markers
from assistant.facts import noun
from assistant.redaction import Redactor
from assistant.structured import Scope, find_records
from assistant.understand.models import Claim, QueryPlan

# "what percentage of", "the proportion of", "what share of", "what fraction of", "what % of"
CUE = re.compile(r"\b(?P<cue>percentage|per\s*cent|proportion|share|fraction|%)\s+of\b", re.I)
# the verb after the records a share is of: what comes after it is the numerator's condition
VERB = re.compile(r"\b(?:were|was|are|is|had|have|has|got|get|ended|end|resulted|result|"
                  r"involved|involve|concerned|led|came|received|carried|saw)\b", re.I)
ELEMENT = "share: numerator / denominator"


def read(plan: QueryPlan) -> QueryPlan:
    """The plan with its share cue claimed (no longer unapplied) when it asks a share of
    records that has a condition after its verb; else the plan as it was."""
    if plan.intent not in ("count", "list") or plan.group_by or plan.compare or \
            plan.measure is not None or not (cue := CUE.search(plan.question)):
        return plan
    said = cue["cue"].lower()
    if not any(u.lower().strip() in (said, f"a {said}", f"the {said}") for u in plan.unapplied):
        return plan  # not reported unapplied: read as something else already
    if not any(_numerator_only(plan, cue.end())):
        return plan
    return plan.model_copy(update={
        "intent": "count",
        "unapplied": [u for u in plan.unapplied
                      if u.lower().strip() not in (said, f"a {said}", f"the {said}")],
        "claims": [*plan.claims, Claim(start=cue.start(), end=cue.end(), binder="share",
                                       element=ELEMENT)]})


def asked(plan: QueryPlan) -> bool:
    return any(c.element == ELEMENT for c in plan.claims)


def _after_verb(plan: QueryPlan, start: int) -> int | None:
    verb = VERB.search(plan.question, start)
    return verb.end() if verb else None


def _said_after(plan: QueryPlan, words: str, after: int) -> bool:
    return bool(words) and plan.question.lower().find(words.lower(), after) >= 0


def _numerator_only(plan: QueryPlan, start: int) -> tuple[set[str], set[str], set[int]]:
    """(findings, categories, filter indexes) said after the verb: the numerator's condition.
    Empty when nothing is (the share cannot be split)."""
    after = _after_verb(plan, start)
    if after is None:
        return set(), set(), set()
    words = plan.category_words
    findings = {f for f in plan.findings if _said_after(plan, words.get(f, f), after)}
    categories = {c for c in plan.categories if _said_after(plan, words.get(c, c), after)}
    filters = {i for i, f in enumerate(plan.filters) if _said_after(plan, f.text, after)}
    return (findings, categories, filters) if findings or categories or filters else \
        (set(), set(), set())


def answer(con: duckdb.DuckDBPyConnection, redactor: Redactor, plan: QueryPlan,
           base: Scope) -> Draft:
    """'3 of 40 complaints received in 2024 (7.5%) had a sustained finding [1]–[3].'"""
    cue = CUE.search(plan.question)
    findings, categories, filters = _numerator_only(plan, cue.end() if cue else 0)
    kept = [f for i, f in enumerate(plan.filters) if i not in filters]
    whole = replace(base, findings=tuple(f for f in base.findings if f not in findings),
                    categories=tuple(c for c in base.categories if c not in categories),
                    said=(), filters=tuple(f for f in base.filters if f in kept))
    part = find_records(con, base)
    of = find_records(con, whole)
    draft = Draft("")
    if of.count == 0:
        draft.text = f"No {noun(whole.kind, 2)}{scope_text(whole)} are recorded in the records " \
                     "you can access, so there is no share to give."
        draft.searched = f"{noun(whole.kind, 2)}{scope_text(whole)}"
        return draft
    numbers = cite_records(con, redactor, part.record_ids, draft)
    share = 100 * part.count / of.count
    condition = scope_text(base).replace(scope_text(whole), "", 1).strip() or "matching"
    draft.text = (f"{part.count:,} of {of.count:,} {noun(whole.kind, 2)}{scope_text(whole)} "
                  f"({share:.1f}%) {condition}" + (f" {markers(numbers)}" if numbers else "") +
                  f". Numerator: {noun(base.kind, 2)}{scope_text(base)}; denominator: "
                  f"{noun(whole.kind, 2)}{scope_text(whole)}.")
    ids = list(dict.fromkeys(part.record_ids + of.record_ids))
    draft.evidence = evidence_for(ids, cited_ids(draft))
    draft.searched = f"{noun(whole.kind, 2)}{scope_text(whole)}"
    return draft
