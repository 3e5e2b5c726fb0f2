"""The noun a question counts decides the counted record kind (issue #13, constraint accounting).

Why: a held-out set showed the counted unit misread when a category value contains or precedes
the kind word — "criminal allegations … sustained" was answered as complaints because the value
"criminal allegation" swallowed the word "allegations"; and "cases with a <value> allegation"
was answered as allegations although it counts the cases holding one. Each question below is
worded for this file, over a small catalogue shaped like a force export's.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.catalogue.wordset import WordSetBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.interpret import interpretation

TODAY = date(2026, 12, 6)
ENTRIES = [
    Entry("complaint", "category", "CRIMINAL ALLEGATION", 60, 60),
    Entry("complaint", "category", "CIVIL RIGHTS COMPLAINT", 30, 30),
    Entry("complaint", "category", "Lockup Procedures", 20, 20),
    Entry("allegation", "category", "Criminal Allegation", 90, 90),
    Entry("allegation", "category", "Verbal Abuse", 80, 80),
    Entry("allegation", "allegation_type", "Excessive Force", 70, 70),
    Entry("allegation", "duty_status", "Off Duty", 40, 40),
    Entry("allegation", "duty_status", "On Duty", 400, 400),
    Entry("allegation", "finding", "Sustained", 50, 50),
    Entry("allegation", "outcome", "Training/Counseling", 25, 25),
]


def plan_for(question: str):  # type: ignore[no-untyped-def]
    binders = [WordSetBinder(ENTRIES, True, {}), CatalogueBinder(ENTRIES, True, {})]
    return understand(question, TODAY, InMemoryDirectory([]), binders)


def test_a_value_ending_in_the_kind_word_still_counts_that_kind() -> None:
    """The value "criminal allegation" holds the word "allegations": allegations are counted."""
    for question in ("In 2015, what was the count of upheld criminal allegations?",
                     "Tally up the criminal allegations made against officers in 2016.",
                     "criminal allegations found sustained in 2016 - give me the total"):
        plan = plan_for(question)
        assert plan.kinds[:1] == ["allegation"], (question, plan.kinds, plan.reasons)
        assert interpretation(plan).startswith("Read as: allegations"), question
        assert plan.unapplied == [], (question, plan.unapplied)


def test_the_value_is_still_a_filter_when_it_holds_the_kind_word() -> None:
    plan = plan_for("In 2015, what was the count of upheld criminal allegations?")
    said = {*plan.categories, *(v.lower() for f in plan.filters for v in f.values)}
    assert "criminal allegation" in said, plan.reasons
    assert plan.findings == ["sustained"] or any(f.field == "finding" for f in plan.filters)


def test_a_tally_counts_the_kind_named_after_it_not_the_one_named_first() -> None:
    plan = plan_for("Among complaints received in 2018, tally up the verbal abuse allegations.")
    assert plan.kinds[:1] == ["allegation"], (plan.kinds, plan.reasons)
    assert interpretation(plan).startswith("Read as: allegations")


def test_cases_with_an_allegation_count_the_cases() -> None:
    for question in ("Count the 2020 cases that had an excessive force allegation against an "
                     "officer who was off duty.",
                     "How many files from 2019 carry at least one excessive force allegation?",
                     "In 2020, how many cases involved an off-duty allegation?"):
        plan = plan_for(question)
        assert plan.kinds[:1] == ["complaint"] and "allegation" in plan.kinds, \
            (question, plan.kinds, plan.reasons)
        assert interpretation(plan).startswith("Read as: complaints"), question
        assert plan.categories or any(f.kind == "allegation" for f in plan.filters), question
        assert plan.unapplied == [], (question, plan.unapplied)


def test_the_allegations_themselves_are_counted_when_they_are_the_noun() -> None:
    """Guards: "allegations in cases…" and "complaints about criminal allegations" keep their
    own counted nouns."""
    plan = plan_for("How many excessive force allegations were made in 2020 cases?")
    assert plan.kinds[:1] == ["allegation"], (plan.kinds, plan.reasons)
    plan = plan_for("how many complaints concerning criminal allegations came in during 2016?")
    assert plan.kinds[:1] == ["complaint"], (plan.kinds, plan.reasons)
    plan = plan_for("what number of civil rights complaints arrived in 2017?")
    assert plan.kinds[:1] in ([], ["complaint"]), (plan.kinds, plan.reasons)


def test_the_first_kind_said_heads_the_counted_noun_unless_kinds_run_together() -> None:
    """"allegations in <year> <force> complaints" counts allegations; "complaints alleged
    <value>" counts complaints even when the value names another kind; "complaint allegations"
    are allegations."""
    plan = plan_for("how many allegations across 2017 Lockup Procedures complaints got sustained?")
    assert plan.kinds[:1] == ["allegation"], (plan.kinds, plan.reasons)
    plan = plan_for("how many complaints alleged sexual misconduct by an officer in 2018?")
    assert plan.kinds == [] or plan.kinds[:1] == ["complaint"], (plan.kinds, plan.reasons)
    plan = plan_for("the number of complaint allegations recorded as sustained in 2014?")
    assert plan.kinds == ["allegation"], (plan.kinds, plan.reasons)
