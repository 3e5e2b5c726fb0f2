"""Follow-ups: pronouns and ellipsis bound to the previous plan of the conversation.

Why: "how many of his complaints were upheld?" after a question about PC Smith was answered
force-wide. A question that reads as a follow-up (starts "and…", "what about…", "only…", or
says his/her/their/those) keeps every part of the previous plan it does not say itself: a new
date replaces the old one ("and in 2022?"), a new finding narrows ("only the sustained ones").
What was inherited is returned, so the interpretation line shows it — nothing is carried over
silently.
"""

from __future__ import annotations

import re

from .interpret import PLURAL, period
from .models import QueryPlan

FOLLOW_UP = re.compile(
    r"^\W*(?:and|but|what about|how about|same|only|just|of (?:those|these|them)|those|these|"
    r"them|what of|now)\b|\b(?:his|her|hers|him|he|she|their|them|they|those|these|the same|"
    r"that officer|this officer)\b", re.I)
PERSON_PRONOUN = re.compile(r"\b(?:his|her|hers|him|he|she|their|them|they|that officer|"
                            r"this officer)\b", re.I)
SAID_INTENT = ("count cue", "list cue", "profile cue", "describe cue")


def inherit(plan: QueryPlan, previous: QueryPlan | None) -> tuple[QueryPlan, list[str]]:
    """`plan` completed from `previous` when it is a follow-up; the parts inherited, said."""
    if previous is None or previous.intent == "unanswerable" or plan.intent == "unanswerable" \
            or not FOLLOW_UP.search(plan.question):
        return plan, []
    update: dict[str, object] = {}
    said: list[str] = []
    officers = [m for m in previous.people if m.role == "officer"]
    if not plan.people and not plan.unresolved_people and officers and (
            PERSON_PRONOUN.search(plan.question) or not plan.kinds):
        update["people"] = previous.people
        said += [f"officer = {m.text}" for m in officers]
    if not plan.kinds and previous.kinds:
        update["kinds"] = previous.kinds
        said.append(" + ".join(PLURAL.get(k, k) for k in previous.kinds))
    if not plan.periods and previous.periods:
        update.update(periods=previous.periods, date_from=previous.date_from,
                      date_to=previous.date_to, date_text=previous.date_text)
        said.append(period(previous.date_from, previous.date_to))
    for slot, label in (("categories", "category"), ("findings", "finding"),
                        ("subjects", "subject"), ("references", "record")):
        if not getattr(plan, slot) and getattr(previous, slot):
            update[slot] = getattr(previous, slot)
            said += [f"{label} = {getattr(v, 'value', v)}" for v in getattr(previous, slot)]
    # the force ("Philadelphia") is claimed by the engine's force binder; "and in 2019?" keeps it
    forces = [c for c in previous.claims if c.element.startswith("force = ")]
    if forces and not any(c.element.startswith("force = ") for c in plan.claims):
        update["claims"] = plan.claims + forces
        said += list(dict.fromkeys(c.element for c in forces))
    fields = {(f.kind, f.field) for f in plan.filters}
    kept = [f for f in previous.filters if (f.kind, f.field) not in fields]
    if kept:
        update["filters"] = kept + plan.filters
        said += [f"{f.field} = {' / '.join(f.values)}" for f in kept]
    if plan.min_people is None and plan.max_people is None and (
            previous.min_people is not None or previous.max_people is not None):
        update.update(min_people=previous.min_people, max_people=previous.max_people)
        said.append("officers named per record")
    explicit = plan.reasons and any(cue in plan.reasons[0] for cue in SAID_INTENT)
    if not explicit and not plan.compare:
        update.update(intent=previous.intent, group_by=plan.group_by or previous.group_by,
                      limit=plan.limit or previous.limit, compare=previous.compare)
        said.append(f"→ {previous.intent}")
    if not said:
        return plan, []
    return plan.model_copy(update=update), said
