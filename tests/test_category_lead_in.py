"""A category the data holds, introduced by "categorised/labelled/tagged as", is a field value.

Why: "categorised as" was not read as a value lead-in (only "classified/recorded as" were), and a
complaint's category is a topic field a narrative search keeps in its text, so a yes/no asking
whether any complaint was categorised as a held category went to the narrative search and
answered "Yes: 3 complaints describe …" where the category count was 0. Also a yes/no opened by
a phrase set off with a comma ("In 2019, did …") was not answered Yes/No.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.interpret import is_yes_no

TODAY = date(2026, 12, 6)
ENTRIES = [
    Entry("complaint", "category", "Prisoner Transport", 4, 4),
    Entry("complaint", "category", "Excessive Force", 500, 500),
]


def plan_for(question: str):  # type: ignore[no-untyped-def]
    return understand(question, TODAY, InMemoryDirectory([]), [CatalogueBinder(ENTRIES, True, {})])


def test_a_category_after_a_lead_in_is_the_field_not_a_search() -> None:
    for question in ("Did the force log any complaint in 2018 categorised as a prisoner transport?",
                     "Has any 2018 complaint been labelled as a prisoner transport?",
                     "Any complaint from 2018 tagged as a prisoner transport?"):
        plan = plan_for(question)
        assert plan.intent in ("list", "count"), question
        assert [(f.field, f.values) for f in plan.filters] == [("category", ["Prisoner Transport"])]
        assert plan.unapplied == [], question


def test_a_yes_no_after_a_leading_phrase_is_still_yes_no() -> None:
    plan = plan_for("In 2018, did the force log a complaint labelled as a prisoner transport?")
    assert is_yes_no(plan)
    assert not is_yes_no(plan_for("In 2018, how many complaints were labelled as excessive force?"))
