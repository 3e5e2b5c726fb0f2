"""People with records of one kind *and* of another, where no join operator reads the relation:
the relation is reported not applied, never answered as the two kinds listed side by side.

Why: "list officers who received gifts and also had complaints" read both kinds and listed the
26 gift declarations and then every complaint: the people with both were never found, and the
answer looked complete. Until a person-level intersection answers it, the relation ("and also
had complaints") is said not applied, so the union is labelled as the broader answer it is.
"""

from __future__ import annotations

import re

from assistant.understand.lexicon import KIND_TABLE
from assistant.understand.models import QueryPlan

# the question asks about people: "officers who …", "which staff …", "anyone who …"
PEOPLE = re.compile(r"\b(?:officers?|staff|people|persons?|anyone|anybody|employees?|"
                    r"constables?|members?\s+of\s+staff|who|whom)\b", re.I)
# what ties the second kind to the same people: "and also", "but", "as well as", "who also"
RELATION = re.compile(r"\b(?:and|but|as\s+well\s+as|while|yet|also|plus)\b|"
                      r"\b(?:never|without|no)\b", re.I)


def unjoined(plan: QueryPlan) -> str | None:
    """The words relating a second record kind to the people of the first, when the plan reads
    two kinds of people's records and nothing joins them; else None."""
    if plan.intent not in ("count", "list") or plan.group_by or plan.compare or \
            len(set(plan.kinds) - {"person"}) < 2:
        return None
    q = plan.question
    hits = [h for h in KIND_TABLE.find(q) if h.key in plan.kinds]
    if not hits:
        return None
    first = hits[0]
    if not PEOPLE.search(q[:first.start]):
        return None
    for later in hits[1:]:
        if later.key == first.key:
            continue
        if tie := RELATION.search(q, first.end, later.start):  # to its last kind word
            end = max(h.end for h in hits if h.start >= tie.start() and h.key != first.key)
            return q[tie.start():end].strip()
    return None
