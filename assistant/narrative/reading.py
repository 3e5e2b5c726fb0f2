"""How a narrative answer read its question: exactly what its search applied, nothing more.

The interpretation line is the investigator's account of the set they were given. On the
narrative path most of the question's words are searched for in the text, not filtered on: a
category said anywhere but right before the record noun ("complaints where an officer went
through a bag during an improper search"), a finding ("upheld complaints describing …"), a named
member of the public. Listing those as filters ("category = improper search") would tell the
reader the set is narrower than it is — as dangerous as dropping them silently. So the plan the
interpretation shows is rebuilt here from what the search applies:

- the record kinds searched (all narrative kinds when none is named; an allegation's narrative is
  its complaint's), the filed categories (assistant/narrative/filed.py), the staff named, the
  periods and the officers-per-record bounds — each applied inside retrieval (Engine.describe);
- every other category, finding and named subject stays in the topic, which is shown as searched
  (without the filed category's words, which are not searched for);
- a threshold per officer ("officers with more than 2 complaints …") no narrative search applies
  is reported not applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.narrative.filed import filed_under, topic_without
from assistant.narrative.search import is_literal
from assistant.narrative.unheld import unheld
from assistant.narrative.unread import unread
from assistant.understand.models import QueryPlan


@dataclass(frozen=True)
class Reading:
    """The narrative search's own reading of a plan."""

    kinds: tuple[str, ...]  # the record kinds whose narratives are searched
    filed: dict[str, str]  # category → the question's words for it, filtered on
    topic: str  # the text searched, as the answer quotes it back

    def plan(self, plan: QueryPlan) -> QueryPlan:
        """`plan` as applied: what the interpretation line may list."""
        return plan.model_copy(update={
            "kinds": list(self.kinds),
            "categories": list(self.filed),
            "findings": [],
            "filters": [],
            "people": [m for m in plan.people if m.role == "officer"],
            "subjects": [],
            "topic_text": self.topic,
            "min_count": None, "max_count": None, "group_by": None, "limit": None,
        })


def read(plan: QueryPlan, narrative_kinds: tuple[str, ...]) -> Reading:
    """The kinds, filed categories and topic a narrative search of `plan` applies."""
    kinds = tuple(k for k in (plan.kinds or narrative_kinds) if k in narrative_kinds) or (
        ("complaint",) if "allegation" in plan.kinds else narrative_kinds)
    # A category named as the kind of record ("excessive force complaints where …") filters;
    # said anywhere else it stays in the topic: "threatened to plant drugs" is about drugs
    # without being filed under the drugs category.
    filed = filed_under(plan.question, plan.categories, plan.category_words)
    return Reading(kinds, filed, searched_topic(plan, filed))


def searched_topic(plan: QueryPlan, filed: dict[str, str] | None = None) -> str:
    """The text a narrative search of `plan` looks for: its topic less the filed categories'
    words (`filed`: those of `read`, else read again)."""
    if filed is None:
        filed = filed_under(plan.question, plan.categories, plan.category_words)
    return topic_without(plan.topic_text or plan.question, list(filed.values()))


def unapplied(plan: QueryPlan) -> list[str]:
    """What of `plan` a narrative search cannot apply: a count threshold per officer or group
    (its words were taken out of the topic), and the topic's words that ask about a field or an
    operation, not conduct (assistant/narrative/unread.py: the answer abstains on them), or,
    for a record question nothing binds to what accounts describe, the phrase no field holds
    (assistant/narrative/unheld.py: the answer searches the accounts and says so first)."""
    group = plan.group_by or "group"
    return ([f"at least {plan.min_count} per {group}"] if plan.min_count is not None else []) + (
        [f"at most {plan.max_count} per {group}"] if plan.max_count is not None else []) + (
        unread(plan.topic_text or plan.question, is_literal(plan.question))
        or unheld(plan.question, searched_topic(plan)))
