"""Operations said in words the phrase tables did not know: breakdowns, two values of one field
compared with the second said as a bare number, rankings asked with the verb "rank" or "top
<field>", and an officer's rank tied to the category of that officer's own allegation. Read
against a real DuckDB store written with the store's own schema and its catalogue.

Why: a held-out set showed each of these misread — a breakdown by status answered as a narrative
search or grouped by category, "the 9th district or the 12th" with one district dropped as
unapplied text, "rank the staff accused of …" sent to the narrative search, and a complaint
whose commander faced a different allegation counted as "a commander accused of excessive force".
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from assistant import catalogue, store
from assistant.catalogue.link import CatalogueBinder
from assistant.structured import Scope, find_records, group_records
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.models import FieldFilter

TODAY = date(2026, 12, 6)
SHARED = ", ".join(name for name, _ in store.SHARED_COLUMNS)
# complaint: district, status, [(allegation category, accused officer's rank)]
COMPLAINTS = {
    "k1": ("District 9", "Closed", [("Excessive Force", "COMMANDER")]),
    "k2": ("District 9", "Open", [("Excessive Force", "POLICE OFFICER"),
                                  ("Verbal Abuse", "COMMANDER")]),
    "k3": ("District 12", "Open", [("Verbal Abuse", "SERGEANT")]),
    "k4": ("District 12", "Open", [("Verbal Abuse", "POLICE OFFICER")]),
    "k5": ("District 12", "Closed", [("Excessive Force", "SERGEANT")]),
    "k6": ("District 30", "Closed", [("Improper Search", "POLICE OFFICER")]),
}


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(":memory:")
    store.create_schema(c)
    n = 0
    for complaint, (district, status, alleged) in COMPLAINTS.items():
        labels = [category for category, _ in alleged]
        c.execute(f"INSERT INTO complaint ({SHARED}, received_date, district, status, category, "
                  "categories) VALUES (?, 'f', 'm', 'f.csv', 0, false, 'h', now(), "
                  "DATE '2020-03-01', ?, ?, ?, ?)", [complaint, district, status, labels[0], labels])
        for category, rank in alleged:
            n += 1
            c.execute(f"INSERT INTO allegation ({SHARED}, complaint_id, category) VALUES (?, 'f', "
                      "'m', 'f.csv', 0, false, 'h', now(), ?, ?)", [f"al{n}", complaint, category])
            c.execute("INSERT INTO person_ref (record_id, kind, force, mapping, idx, role, rank, "
                      "person_id) VALUES (?, 'allegation', 'f', 'm', 0, 'subject', ?, ?)",
                      [f"al{n}", rank, f"p-{rank.lower()}-{n % 2}"])
    for (person,) in c.execute("SELECT DISTINCT person_id FROM person_ref").fetchall():
        c.execute(f"INSERT INTO person ({SHARED}) VALUES (?, 'f', 'm', 'f.csv', 0, false, 'h', "
                  "now())", [person])
    catalogue.build(c)
    return c


def plan_for(con: duckdb.DuckDBPyConnection, question: str):  # type: ignore[no-untyped-def]
    binder = CatalogueBinder(catalogue.load(con), True, catalogue.load_aliases(con))
    return understand(question, TODAY, InMemoryDirectory([]), [binder])


@pytest.mark.parametrize("question, by", [
    ("Could the 2020 complaints be broken down by their present status?", "status"),
    ("For every case status, how many complaints do we hold from 2020?", "status"),
    ("Give me the district split of complaints logged in 2020.", "district"),
    ("Tally 2020 complaints per district please", "district"),
    ("Split the complaints logged in 2020 by district, please.", "district"),
    ("How many 2020 complaints are there of every kind?", "category"),
])
def test_a_breakdown_groups_by_the_field_it_names(con: duckdb.DuckDBPyConnection,
                                                  question: str, by: str) -> None:
    plan = plan_for(con, question)
    assert plan.intent == "count" and plan.group_by == by and plan.unapplied == [], plan.reasons
    groups = group_records(con, Scope(kind="complaint", cleared=True,
                                      date_from=plan.date_from, date_to=plan.date_to),
                           plan.group_by or "")
    assert {i for _, _, ids in groups for i in ids} == set(COMPLAINTS)  # every one, in a group


def test_a_breakdown_by_something_no_field_holds_is_said_not_swapped(
        con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_for(con, "Show me the eye colour breakdown of 2020 complaints")
    assert plan.group_by is None and "colour" in " ".join(plan.unapplied)
    # asked outright, by a field no record holds: said, and no grouping by category instead
    for question in ("Please split the 2020 complaints up by shoe size.",
                     "For 2020, tally complaints per kind of vehicle involved."):
        plan = plan_for(con, question)
        assert plan.group_by is None and plan.unapplied, (question, plan.reasons)
    # "received by the department": who received it, never a breakdown by unit
    plan = plan_for(con, "How many complaints were taken in by the department during 2020?")
    assert plan.group_by is None


@pytest.mark.parametrize("question", [
    "Across 2020, did the 9th district or the 12th receive more complaints?",
    "During 2020 were more complaints made in the 12th district or the 9th?",
    "complaints in 2020: district 9 versus 12",
    # "side by side" is a comparison too, with its verb
    "Put districts 9 and 12 side by side for their 2020 complaints.",
])
def test_two_values_of_one_field_are_both_compared(con: duckdb.DuckDBPyConnection,
                                                    question: str) -> None:
    plan = plan_for(con, question)
    assert plan.intent == "compare" and plan.unapplied == [], plan.reasons
    compared = sorted(v for item in plan.compare if item.filter for v in item.filter.values)
    assert compared == ["District 12", "District 9"]
    counts = [find_records(con, Scope(kind="complaint", cleared=True,
                                      filters=(item.filter,))).count
              for item in plan.compare if item.filter]
    assert sorted(counts) == [2, 3]


def test_rank_said_as_a_verb_ranks_people_not_a_narrative_search(
        con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_for(con, "Rank the staff accused of verbal abuse and tell me who comes first.")
    assert (plan.intent, plan.group_by, plan.limit) == ("count", "person", 1), plan.reasons
    assert plan.unapplied == [] and plan.categories + [f.values[0] for f in plan.filters]
    for question in ("Rank every district by its number of complaints in 2020",
                     "Please rank districts on their 2020 complaint totals"):
        plan = plan_for(con, question)
        assert (plan.group_by, plan.limit) == ("district", None) and plan.unapplied == [], \
            plan.reasons


def test_top_field_by_count_of_a_category_ranks_by_that_field(
        con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_for(con, "Top district during 2020, counting only verbal abuse complaints?")
    assert (plan.group_by, plan.limit) == ("district", 1) and plan.unapplied == [], plan.reasons


def test_an_officers_rank_and_the_category_sit_on_the_same_allegation(
        con: duckdb.DuckDBPyConnection) -> None:
    # k2 names a commander, but for verbal abuse: only k1's commander faced excessive force
    plan = plan_for(con, "Count complaints in which a commander is accused of excessive force")
    assert {f.field for f in plan.filters} >= {"rank"} and plan.unapplied == [], plan.reasons
    scope = Scope(kind="complaint", cleared=True, categories=tuple(plan.categories),
                  filters=tuple(plan.filters))
    assert find_records(con, scope).record_ids == ["k1"]
    plan = plan_for(con, "How many complaints accused a sergeant of verbal abuse?")
    scope = Scope(kind="complaint", cleared=True, categories=tuple(plan.categories),
                  filters=tuple(plan.filters))
    assert find_records(con, scope).record_ids == ["k3"]


def test_officers_grouped_under_a_category_count_their_own_allegations_of_it(
        con: duckdb.DuckDBPyConnection) -> None:
    # the commander of k2 faced verbal abuse there; only k1 is an excessive-force one of theirs
    plan = plan_for(con, "Name each officer who was accused of excessive force, with how often.")
    assert plan.group_by == "person" and plan.unapplied == [], plan.reasons
    groups = group_records(con, Scope(kind="complaint", cleared=True,
                                      categories=tuple(plan.categories),
                                      filters=tuple(plan.filters)), "person")
    assert {g: n for g, n, _ in groups} == {"p-commander-1": 1, "p-police officer-0": 1,
                                            "p-sergeant-0": 1}
    # the same when the data's own label is the filter (a force with several such labels)
    label = FieldFilter(kind="complaint", field="category", values=["Excessive Force"])
    groups = group_records(con, Scope(kind="complaint", cleared=True, filters=(label,)), "person")
    assert {g: n for g, n, _ in groups}["p-commander-1"] == 1
    commander = FieldFilter(kind="officer", field="rank", values=["COMMANDER"])
    assert find_records(con, Scope(kind="complaint", cleared=True,
                                   filters=(label, commander))).record_ids == ["k1"]


def test_a_count_of_distinct_people_said_without_how_many(
        con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_for(con, "Tally the individual officers accused of verbal abuse during 2020.")
    assert (plan.group_by, plan.min_count) == ("person", 1) and plan.unapplied == [], plan.reasons

