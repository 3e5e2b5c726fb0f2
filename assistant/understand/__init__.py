"""Question understanding: deterministic, lexicon-based; no store access, no LLM.

    plan = understand("How many use of force complaints against PC Smith since 2021?",
                      today=date.today(), directory=directory)

See `models.QueryPlan` for what comes back, `taxonomy` for the category vocabulary (and
`canonical_category`, the single comparison point between stored labels and plans), and
`directory` for the `PeopleDirectory` protocol plus an in-memory implementation.
"""

from .directory import InMemoryDirectory, PeopleDirectory, normalise_identifier, normalise_name
from .models import CompareItem, Period, PersonMention, QueryPlan
from .plan import understand
from .ranks import canonical_rank
from .taxonomy import (
    CANONICAL_CATEGORIES,
    CANONICAL_FINDINGS,
    canonical_category,
    canonical_finding,
)

__all__ = [
    "CANONICAL_CATEGORIES", "CANONICAL_FINDINGS", "CompareItem", "InMemoryDirectory",
    "PeopleDirectory", "Period", "PersonMention", "QueryPlan", "canonical_category",
    "canonical_finding", "canonical_rank", "normalise_identifier", "normalise_name", "understand",
]
