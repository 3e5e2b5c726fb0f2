"""What the accused was, tied to what they were accused of: a filter on a field stored per
allegation (the accused officer's recorded gender, their duty status — a mapping's `attributes:`
of allegations, or an allegation column) is tested on the same allegation row as the question's
category / finding / outcome. Read against a real DuckDB store with the store's own schema and
its catalogue, planned by the real planner.

Why: a held-out question (the third fresh set, asked once) counting complaints in which a woman
officer faced an excessive-force allegation was answered 35 where the source rows give 25 — a
complaint where a woman faced another allegation while a man faced the excessive-force one was
counted.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from assistant import catalogue, store
from assistant.catalogue.link import CatalogueBinder
from assistant.structured import Scope, find_records, group_records
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.interpret import interpretation
from assistant.understand.models import FieldFilter, QueryPlan

TODAY = date(2026, 12, 6)
SHARED = ", ".join(name for name, _ in store.SHARED_COLUMNS)
# complaint: [(allegation category, accused's gender, duty status, finding, restricted)]
COMPLAINTS = {
    # a woman accused of verbal abuse, a man of excessive force: not "a woman accused of force"
    "k1": [("Excessive Force", "MALE", "ON DUTY", "Sustained", False),
           ("Verbal Abuse", "FEMALE", "OFF DUTY", "Not Sustained", False)],
    "k2": [("Excessive Force", "FEMALE", "ON DUTY", "Not Sustained", False)],
    "k3": [("Verbal Abuse", "FEMALE", "ON DUTY", "Sustained", False)],
    "k4": [("Excessive Force", "MALE", "ON DUTY", "Not Sustained", False),
           ("Excessive Force", "FEMALE", "OFF DUTY", "Sustained", False)],
    "k5": [("Excessive Force", "MALE", "OFF DUTY", "Sustained", False)],
    # the woman's excessive-force allegation here is restricted: only a cleared user counts it
    "k6": [("Excessive Force", "MALE", "ON DUTY", "Not Sustained", False),
           ("Excessive Force", "FEMALE", "ON DUTY", "Not Sustained", True)],
}


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(":memory:")
    store.create_schema(c)
    n = 0
    for complaint, alleged in COMPLAINTS.items():
        labels = list(dict.fromkeys(category for category, *_ in alleged))
        c.execute(f"INSERT INTO complaint ({SHARED}, received_date, category, categories) VALUES "
                  "(?, 'f', 'm', 'f.csv', 0, false, 'h', now(), DATE '2021-03-01', ?, ?)",
                  [complaint, labels[0], labels])
        for category, gender, duty, finding, restricted in alleged:
            n += 1
            c.execute(f"INSERT INTO allegation ({SHARED}, complaint_id, category, finding) VALUES "
                      "(?, 'f', 'm', 'f.csv', 0, ?, 'h', now(), ?, ?, ?)",
                      [f"al{n}", restricted, complaint, category, finding])
            for name, value in (("officer_gender", gender), ("duty_status", duty)):
                c.execute("INSERT INTO record_attribute VALUES (?, 'allegation', 'f', ?, ?)",
                          [f"al{n}", name, value])
            c.execute("INSERT INTO person_ref (record_id, kind, force, mapping, idx, role, "
                      "person_id) VALUES (?, 'allegation', 'f', 'm', 0, 'subject', ?)",
                      [f"al{n}", f"p{n}"])
            c.execute(f"INSERT INTO person ({SHARED}) VALUES (?, 'f', 'm', 'f.csv', 0, false, "
                      "'h', now())", [f"p{n}"])
    catalogue.build(c)
    return c


def plan_for(con: duckdb.DuckDBPyConnection, question: str) -> QueryPlan:
    binder = CatalogueBinder(catalogue.load(con), True, catalogue.load_aliases(con))
    return understand(question, TODAY, InMemoryDirectory([]), [binder])


def matched(con: duckdb.DuckDBPyConnection, plan: QueryPlan, cleared: bool = True) -> list[str]:
    scope = Scope(kind="complaint", cleared=cleared, date_from=plan.date_from,
                  date_to=plan.date_to, categories=tuple(plan.categories),
                  findings=tuple(plan.findings), filters=tuple(plan.filters))
    return sorted(find_records(con, scope).record_ids)


@pytest.mark.parametrize("question", [
    "Count the 2021 complaints where a female officer was accused of excessive force.",
    "How many complaints from 2021 accused a female officer of excessive force?",
])
def test_the_accuseds_gender_sits_on_the_excessive_force_allegation(
        con: duckdb.DuckDBPyConnection, question: str) -> None:
    plan = plan_for(con, question)
    assert {f.field for f in plan.filters} >= {"officer_gender"}, plan.reasons
    assert plan.unapplied == [], plan.reasons
    read = interpretation(plan)  # both parts said, and nothing else
    assert "officer gender = FEMALE" in read and "excessive force" in read.lower(), read
    assert read.endswith("received in 2021 → count"), read
    assert matched(con, plan) == ["k2", "k4", "k6"]  # not k1: its woman faced verbal abuse
    assert matched(con, plan, cleared=False) == ["k2", "k4"]  # k6's is restricted


def test_the_accuseds_duty_status_sits_on_the_finding(con: duckdb.DuckDBPyConnection) -> None:
    # a sustained finding against an off-duty officer: k4's woman and k5's man, not k1 (its
    # off-duty officer was not sustained, its sustained one was on duty)
    duty = FieldFilter(kind="allegation", field="duty_status", values=["OFF DUTY"])
    scope = Scope(kind="complaint", cleared=True, findings=("sustained",), filters=(duty,))
    assert sorted(find_records(con, scope).record_ids) == ["k4", "k5"]
    # both tied at once: an off-duty woman accused of excessive force is k4's only
    female = FieldFilter(kind="allegation", field="officer_gender", values=["FEMALE"])
    label = FieldFilter(kind="complaint", field="category", values=["Excessive Force"])
    scope = Scope(kind="complaint", cleared=True, filters=(label, female, duty))
    assert find_records(con, scope).record_ids == ["k4"]


def test_an_accused_filter_without_a_category_still_reads_any_allegation(
        con: duckdb.DuckDBPyConnection) -> None:
    # nothing to tie it to: complaints naming any female accused (k6's only for the cleared)
    female = FieldFilter(kind="allegation", field="officer_gender", values=["FEMALE"])
    for cleared, expected in ((True, ["k1", "k2", "k3", "k4", "k6"]),
                              (False, ["k1", "k2", "k3", "k4"])):
        scope = Scope(kind="complaint", cleared=cleared, filters=(female,))
        assert sorted(find_records(con, scope).record_ids) == expected


def test_officers_grouped_count_their_own_allegation_of_the_category(
        con: duckdb.DuckDBPyConnection) -> None:
    # "female officers accused of excessive force, by officer": k1's woman (p2) is not one
    female = FieldFilter(kind="allegation", field="officer_gender", values=["FEMALE"])
    label = FieldFilter(kind="complaint", field="category", values=["Excessive Force"])
    groups = group_records(con, Scope(kind="complaint", cleared=True,
                                      filters=(label, female)), "person")
    assert {g: ids for g, _, ids in groups} == {"p3": ["k2"], "p6": ["k4"], "p9": ["k6"]}
