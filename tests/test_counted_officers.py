"""What a question says of the officers it counts, lists or ranks picks those officers: their
unit, rank, recorded gender or duty status on their own reference/allegation row — not only the
records that name some such officer. Read against a real store (the real ingest of a small
export), planned by the real planner with the store's catalogue.

Why: a held-out question counting the different Highway Patrol officers named in Philadelphia's
2019 complaints was answered 62 — every officer named in a complaint that names *some* Highway
Patrol officer — where the source rows give 34 (Philadelphia 2019: distinct officer_id over the
rows whose po_assigned_unit is 5300 HIGHWAY PATROL). The same reading made "which sergeants had
the most complaints" drop the rank silently and rank everyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from assistant import catalogue, store
from assistant.catalogue import OFFICER, Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.catalogue.officers import officer_phrases
from assistant.catalogue.unheld import columns_not_held
from assistant.structured import Scope, group_records
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.interpret import interpretation
from assistant.understand.models import FieldFilter, QueryPlan
from tests.exports import ingest_export_records

TODAY = date(2026, 12, 7)
MAPPING = """
name: rankshire
force: rankshire
namespace: rk
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields:
      name: {template: "{forename} {surname}"}
      unit: station
      rank: rank
    identifiers: {collar: collar}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields:
      reference: ref
      received_date: received
      category: category
  - kind: allegation
    file: allegations.csv
    id: "{ref}"
    fields:
      complaint_id: {id_of: complaint, template: "{complaint}"}
      category: category
    attributes:
      officer_gender: gender
      duty_status: duty
    people:
      - {role: subject, scheme: collar, value: collar, name: officer, unit: station, rank: rank}
"""
# Today's posting and rank; each allegation row below gives the officer's at the time.
STAFF = """payroll,collar,forename,surname,station,rank
1,101,Ann,Ash,North,Sergeant
2,102,Bo,Birch,North,Constable
3,103,Cy,Cedar,Eastgate,Constable
4,104,Di,Dogwood,South,Sergeant
5,105,Ed,Elm,Eastgate,Constable
6,106,Fay,Fir,South,Inspector
"""
COMPLAINTS = """ref,received,category
C-1,2019-02-01,Incivility
C-2,2019-03-01,Incivility
C-3,2019-04-01,Incivility
C-4,2020-05-01,Incivility
C-5,2019-06-01,Incivility
C-6,2020-07-01,Incivility
C-7,2020-08-01,Incivility
C-8,2020-09-01,Incivility
C-9,2020-10-01,Incivility
"""
# C-1 and C-2 each name a Eastgate officer beside an officer of another unit; Ann (101) was in
# Eastgate for C-1 and in North for C-5 (the unit on the row is the one counted). The 2020 rows
# give each unit the records a unit needs to be offered as one (catalogue.officers.MIN_RECORDS).
ALLEGATIONS = """ref,complaint,category,collar,officer,station,rank,gender,duty
A-1,C-1,Incivility,101,,Eastgate,Sergeant,FEMALE,ON DUTY
A-2,C-1,Incivility,102,,North,Constable,MALE,OFF DUTY
A-3,C-2,Incivility,103,,Eastgate,Constable,MALE,ON DUTY
A-4,C-2,Incivility,104,,South,Sergeant,FEMALE,ON DUTY
A-5,C-3,Incivility,102,,North,Constable,MALE,OFF DUTY
A-6,C-4,Incivility,105,,Eastgate,Constable,FEMALE,ON DUTY
A-7,C-5,Incivility,101,,North,Sergeant,FEMALE,ON DUTY
A-8,C-6,Incivility,105,,Eastgate,Constable,FEMALE,ON DUTY
A-9,C-6,Incivility,104,,South,Sergeant,FEMALE,ON DUTY
A-10,C-7,Incivility,105,,Eastgate,Constable,FEMALE,ON DUTY
A-11,C-7,Incivility,104,,South,Sergeant,FEMALE,ON DUTY
A-12,C-8,Incivility,104,,South,Sergeant,FEMALE,ON DUTY
A-13,C-8,Incivility,102,,North,Constable,MALE,ON DUTY
A-14,C-8,Incivility,101,,North,Sergeant,FEMALE,ON DUTY
A-15,C-7,Incivility,104,,South,Sergeant,FEMALE,ON DUTY
A-16,C-9,Incivility,106,,South,Inspector,FEMALE,ON DUTY
A-17,C-9,Incivility,103,,Eastgate,Constable,MALE,ON DUTY
"""
PEOPLE = {f"person:rk:{n}": f"10{n}" for n in range(1, 7)}  # person id → collar


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root: Path = tmp_path_factory.mktemp("rankshire")
    con = store.connect(root / "records.duckdb")
    ingest_export_records(con, root, {"staff.csv": STAFF, "complaints.csv": COMPLAINTS,
                                      "allegations.csv": ALLEGATIONS},
                          MAPPING, mapping_file="rankshire.yaml")
    catalogue.build(con)
    yield con
    con.close()


def plan_for(con: duckdb.DuckDBPyConnection, question: str) -> QueryPlan:
    binder = CatalogueBinder(catalogue.load(con), True, catalogue.load_aliases(con))
    return understand(question, TODAY, InMemoryDirectory([]), [binder])


def counted(con: duckdb.DuckDBPyConnection, plan: QueryPlan) -> dict[str, int]:
    """Each group the plan's grouping gives (collar for a person) → its number of complaints."""
    assert plan.group_by in ("person", "unit"), plan.reasons
    scope = Scope(kind=(plan.kinds or ["complaint"])[0], cleared=True, date_from=plan.date_from,
                  date_to=plan.date_to, categories=tuple(plan.categories),
                  findings=tuple(plan.findings), filters=tuple(plan.filters))
    return {PEOPLE.get(g, g): n for g, n, _ in group_records(con, scope, plan.group_by)}


@pytest.mark.parametrize("question", [
    "How many separate officers from the Eastgate unit were accused in complaints during 2019?",
    "Count the distinct Eastgate officers accused in complaints from 2019.",
    "List the Eastgate officers who were complained about in 2019.",
])
def test_a_unit_said_of_the_officers_counted_is_each_officers_own(
        con: duckdb.DuckDBPyConnection, question: str) -> None:
    plan = plan_for(con, question)
    assert plan.unapplied == [], plan.reasons
    # Ann (C-1, in Eastgate then) and Cy (C-2); not Bo and Di, named beside them; not Ann's C-5
    # (North by then); not Ed (2020)
    assert counted(con, plan) == {"101": 1, "103": 1}
    read = interpretation(plan)
    assert "officers whose unit is Eastgate" in read, read


@pytest.mark.parametrize("question", [
    "Which sergeants faced the most complaints in 2019?",
    "Rank the sergeants by their complaints of 2019.",
])
def test_a_rank_ranked_is_a_filter_on_the_officers_ranked(
        con: duckdb.DuckDBPyConnection, question: str) -> None:
    plan = plan_for(con, question)
    assert plan.unapplied == [], plan.reasons
    assert [(f.kind, f.field) for f in plan.filters] == [("officer", "rank")], plan.reasons
    assert counted(con, plan) == {"101": 2, "104": 1}  # not Bo (2) nor Cy, named beside them
    assert "officers whose rank is Sergeant" in interpretation(plan)


def test_units_ranked_for_complaints_against_a_rank_are_those_officers_units(
        con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_for(con, "Which unit had the most complaints against sergeants in 2019?")
    assert plan.unapplied == [], plan.reasons
    # the sergeants' units then: Ann in Eastgate (C-1) and North (C-5), Di in South (C-2) — not
    # Bo's North on C-1 nor Cy's Eastgate on C-2
    assert counted(con, plan) == {"Eastgate": 1, "North": 1, "South": 1}


@pytest.mark.parametrize("question, expected", [
    # a hyphenated word saying which officers still makes it a count of officers
    ("How many different off-duty officers were complained about in 2019?", {"102": 2}),
    ("How many distinct female officers were accused in complaints received in 2019?",
     {"101": 2, "104": 1}),
])
def test_an_attribute_of_the_accused_row_picks_the_officers_counted(
        con: duckdb.DuckDBPyConnection, question: str, expected: dict[str, int]) -> None:
    plan = plan_for(con, question)
    assert plan.unapplied == [], plan.reasons
    assert plan.group_by == "person" and plan.min_count == 1, plan.reasons
    assert counted(con, plan) == expected
    assert "officers whose" in interpretation(plan)


def test_a_rank_no_officer_of_the_named_force_holds_is_not_applied(
        con: duckdb.DuckDBPyConnection) -> None:
    """Asked of a force whose references give no rank at all, a rank filter cannot apply: it is
    reported as not applied, never answered as 'none'."""
    sergeant = FieldFilter(kind="officer", field="rank", values=["Sergeant"])
    unit = FieldFilter(kind="officer", field="unit", values=["Eastgate"])
    assert columns_not_held(con, [sergeant, unit], ["rankshire"]) == []
    con.execute("CREATE TEMP TABLE saved AS SELECT * FROM person_ref")
    try:
        con.execute("UPDATE person_ref SET rank = NULL")
        assert columns_not_held(con, [sergeant, unit], ["rankshire"]) == [sergeant]
    finally:
        con.execute("DELETE FROM person_ref")
        con.execute("INSERT INTO person_ref SELECT * FROM saved")
        con.execute("DROP TABLE saved")


def test_senior_officers_are_the_ranks_above_the_sergeant_the_data_holds(
        con: duckdb.DuckDBPyConnection) -> None:
    """'Senior officers' is bound to every stored rank at inspector/lieutenant or above, and the
    interpretation lists them, so the reading is shown; a force with no such rank leaves the
    words not applied (never dropped)."""
    plan = plan_for(con, "How many complaints accused senior officers?")
    assert plan.unapplied == [], plan.reasons
    assert [(f.kind, f.field, f.values) for f in plan.filters] == [
        ("officer", "rank", ["Inspector"])]
    assert "officer rank = Inspector" in interpretation(plan)
    plan = plan_for(con, "Which senior officers had the most complaints?")
    assert plan.unapplied == [], plan.reasons
    assert counted(con, plan) == {"106": 1}  # Fay, not Cy named beside her on C-9
    entries = [Entry(OFFICER, "rank", value, 9, 9) for value in (
        "LIEUTENANT OF POLICE", "SERGEANT OF POLICE", "COMMANDER", "POLICE OFFICER", "DEP CHIEF")]
    assert officer_phrases(entries, True)["senior officer"] == (
        "rank", ["COMMANDER", "DEP CHIEF", "LIEUTENANT OF POLICE"], 27)
    juniors = [e for e in entries if e.value in ("SERGEANT OF POLICE", "POLICE OFFICER")]
    assert "senior officer" not in officer_phrases(juniors, True)
    binder = CatalogueBinder(juniors, True)
    plan = understand("How many complaints accused senior officers?", TODAY,
                      InMemoryDirectory([]), [binder])
    assert plan.unapplied, plan.reasons  # said not applied, not dropped


@pytest.mark.parametrize("question, group_by", [
    # a possessive before "officers" names another group: the units are ranked
    ("In 2019, which unit's officers faced the most complaints?", "unit"),
    # the words between "who" and "the most" are the ranking's verb, not a kind of officer
    ("Who carried out the most system searches last year?", "person"),
])
def test_only_words_describing_officers_are_left_to_bind(
        con: duckdb.DuckDBPyConnection, question: str, group_by: str) -> None:
    plan = plan_for(con, question)
    assert plan.group_by == group_by, plan.reasons
    assert plan.unapplied == [], plan.reasons
