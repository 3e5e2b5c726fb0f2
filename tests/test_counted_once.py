"""Words asking that each be counted once ("each officer counted once", "without double
counting"), read from plans alone: a count of distinct officers when they name officers, read
(never left over) when they name records, reported when they clash with the records counted.

Why: "each officer counted once" was read as a per-officer breakdown with 'once' left over, and
"counting every officer only one time, how many …" counted complaints with 'Counting' reported
unapplied. Engine-level checks are in tests/test_followup_ellipsis.py. Wording is the tests' own.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.models import QueryPlan

BINDERS = [CatalogueBinder([Entry("complaint", "category", "DISCOURTESY", 9, 9)], cleared=True)]


def plan(question: str) -> QueryPlan:
    return understand(question, date(2026, 12, 7), InMemoryDirectory([]), BINDERS)


@pytest.mark.parametrize("question", [
    "Each officer counted a single time: how many had discourtesy complaints in 2015?",
    "Counting every officer only one time, how many were named on discourtesy complaints?",
    "How many officers got discourtesy complaints in 2015, without double counting?",
    "With no officer counted twice, how many were named in discourtesy complaints in 2015?",
])
def test_each_counted_once_counts_distinct_officers(question: str) -> None:
    p = plan(question)
    assert (p.intent, p.group_by, p.min_count) == ("count", "person", 1), p.reasons
    assert not p.unapplied, p.unapplied


def test_records_counted_once_stay_records_and_a_clash_is_reported() -> None:
    records = plan("How many discourtesy complaints in 2015, each complaint counted once?")
    assert records.group_by is None and not records.unapplied, records.reasons
    clash = plan("How many discourtesy complaints per district, every officer counted once?")
    assert not clash.count_people and clash.unapplied, clash.reasons
