"""Filtering records by the rank or unit of the officers they name (catalogue OFFICER), on a real
DuckDB store written with the store's own schema.

Why: "how many complaints accused a sergeant", "complaints against Highway Patrol officers",
"officers assigned to unit 011" were abstained on ("no field of the records matches it") although
every accused row of the export carries the officer's rank and unit at the time.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from assistant import catalogue, store
from assistant.catalogue.link import CatalogueBinder
from assistant.catalogue.officers import rank_head, unit_head
from assistant.structured import Scope, find_records
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 6)
# complaint, its allegation, the accused officer's rank and unit on that allegation
ROWS = [("c1", "SERGEANT OF POLICE", "011"), ("c1", "POLICE OFFICER", "011"),
        ("c2", "SERGEANT", "006"), ("c3", "POLICE OFFICER", "006"),
        ("c4", "DEP CHIEF", "5300 HIGHWAY PATROL"), ("c5", "Mayor", "5300 HIGHWAY PATROL")]
ROWS += [(f"c{n}", "POLICE OFFICER", "011") for n in range(6, 10)]
ROWS += [(f"c{n}", "POLICE OFFICER", "5300 HIGHWAY PATROL") for n in range(10, 13)]
ROWS += [("c13", "POLICE OFFICER", "drugs")]  # a complainant's free text, once


SHARED = ", ".join(name for name, _ in store.SHARED_COLUMNS)


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(":memory:")
    store.create_schema(c)
    for i, (complaint, rank, unit) in enumerate(ROWS):
        if not c.execute("SELECT 1 FROM complaint WHERE record_id = ?", [complaint]).fetchone():
            c.execute(f"INSERT INTO complaint ({SHARED}, received_date) VALUES (?, 'f', 'm', "
                      "'f.csv', 0, ?, 'h', now(), DATE '2020-05-01')",
                      [complaint, complaint == "c2"])
        c.execute(f"INSERT INTO allegation ({SHARED}, complaint_id) VALUES (?, 'f', 'm', 'f.csv', "
                  "0, false, 'h', now(), ?)", [f"a{i}", complaint])
        c.execute("INSERT INTO person_ref (record_id, kind, force, mapping, idx, role, rank, unit) "
                  "VALUES (?, 'allegation', 'f', 'm', 0, 'subject', ?, ?)", [f"a{i}", rank, unit])
    catalogue.build(c)
    return c


def plan_for(con: duckdb.DuckDBPyConnection, question: str, cleared: bool = True):  # type: ignore[no-untyped-def]
    binder = CatalogueBinder(catalogue.load(con), cleared, catalogue.load_aliases(con))
    return understand(question, TODAY, InMemoryDirectory([]), [binder])


def count(con: duckdb.DuckDBPyConnection, question: str, cleared: bool = True) -> int:
    plan = plan_for(con, question, cleared)
    assert plan.unapplied == [], plan
    return find_records(con, Scope(kind="complaint", cleared=cleared,
                                   filters=tuple(plan.filters))).count


def test_heads_spell_out_ranks_and_drop_unit_codes() -> None:
    assert rank_head("SERGEANT OF POLICE") == "sergeant"
    assert rank_head("DEP CHIEF") == "deputy chief"
    assert rank_head("POLICE OFFICER") is None and rank_head("Mayor") is None
    assert unit_head("5300 HIGHWAY PATROL") == "highway patrol"
    assert unit_head("3500 35TH DISTRICT") is None and unit_head("011") is None


def test_a_rank_said_plainly_counts_every_stored_spelling(con: duckdb.DuckDBPyConnection) -> None:
    assert count(con, "how many complaints accused a sergeant?") == 2
    assert count(con, "complaints where the assigned rank was Sergeant of Police") == 2
    assert count(con, "complaints against a deputy chief") == 1


def test_units_by_name_and_by_code(con: duckdb.DuckDBPyConnection) -> None:
    assert count(con, "complaints against Highway Patrol officers") == 5
    assert count(con, "complaints naming officers assigned to unit 011") == 5
    assert count(con, "complaints naming officers from unit 11") == 5


def test_a_restricted_complaint_is_not_counted_for_an_uncleared_reader(
        con: duckdb.DuckDBPyConnection) -> None:
    assert count(con, "complaints against a sergeant", cleared=False) == 1


def test_the_entry_rank_and_free_text_are_not_filters(con: duckdb.DuckDBPyConnection) -> None:
    plan = plan_for(con, "how many complaints named three or more officers about drugs?")
    assert all(f.kind != "officer" for f in plan.filters), plan.filters
    plan = plan_for(con, "how many complaints accused the mayor?")
    assert plan.filters == [] and plan.unapplied == ["mayor"]


def test_filters_on_one_field_are_either_value(con: duckdb.DuckDBPyConnection) -> None:
    from assistant.structured import merged

    question = "complaints naming officers from unit 11 or from Highway Patrol"
    plan = plan_for(con, question)
    assert [f.values for f in merged(plan.filters)] == [["011", "5300 HIGHWAY PATROL"]]
    assert count(con, question) == 10


def test_a_period_on_the_incident_date_filters_that_field(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("UPDATE complaint SET incident_date = DATE '2018-03-01' WHERE record_id = 'c1'")
    scope = Scope(kind="complaint", cleared=True, date_from=date(2020, 1, 1),
                  date_to=date(2020, 12, 31),
                  date_ranges=(("incident_date", date(2018, 1, 1), date(2018, 12, 31)),))
    assert find_records(con, scope).record_ids == ["c1"]


def test_a_label_that_is_its_categorys_name_does_not_narrow_it(
        con: duckdb.DuckDBPyConnection) -> None:
    """One force's "Sexual Misconduct" must not hide the other's "SEXUAL CRIME/MISCONDUCT"."""
    for rid, force, label in (("s1", "a", "Sexual Misconduct"),
                              ("s2", "b", "SEXUAL CRIME/MISCONDUCT")):
        con.execute(f"INSERT INTO complaint ({SHARED}, category) VALUES (?, ?, 'm', 'f.csv', 0, "
                    "false, 'h', now(), ?)", [rid, force, label])
    scope = Scope(kind="complaint", cleared=True, categories=("sexual misconduct",),
                  said=("sexual misconduct",), forces=("b",))
    assert find_records(con, scope).record_ids == ["s2"]


def test_units_group_by_the_references_even_without_a_person_record(
        con: duckdb.DuckDBPyConnection) -> None:
    """The fixture's officers have no person records (Chicago's starless accused): their
    complaints still count under the unit the reference names; a blank 'Beat' is no group."""
    from assistant.structured import group_records

    groups = {g: n for g, n, _ in group_records(con, Scope(kind="complaint", cleared=True),
                                                 "unit")}
    assert groups["011"] == 5 and groups["5300 HIGHWAY PATROL"] == 5
    con.execute("UPDATE complaint SET district = 'Beat' WHERE record_id IN ('c1', 'c2')")
    con.execute("UPDATE complaint SET district = 'Beat 12.0' WHERE record_id = 'c3'")
    districts = [g for g, _, _ in group_records(con, Scope(kind="complaint", cleared=True),
                                                "district")]
    assert districts == ["Beat 12.0"]
