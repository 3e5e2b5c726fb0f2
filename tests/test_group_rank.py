"""Grouped answers read ids only for shown groups, and still group exactly as before.

`assistant.group_rank.ranked_groups` replaced `structured.group_records` in grouped answers (for
speed at 45,000 staff). These tests hold the two to the same labels, sizes, order and ids on a
real store whose labels differ only in case or spacing, include a field's own name as a blank
("District") and leave some records with no value, by every grouping an answer can ask for.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant import group_rank, store, structured
from assistant.group_rank import ranked_groups, record_count
from assistant.structured import Scope, find_records, group_records
from tests.exports import ingest_export_records

MAPPING = """
name: groupshire
force: groupshire
namespace: gs
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields:
      name: {template: "{forename} {surname}"}
      given_name: forename
      family_name: surname
      unit: station
    identifiers: {collar: collar}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    restricted: {column: restricted}
    fields:
      reference: ref
      received_date: received
      category: category
      district: district
      narrative: account
  - kind: allegation
    file: allegations.csv
    id: "{ref}"
    restricted: {column: restricted}
    fields:
      complaint_id: {id_of: complaint, template: "{complaint}"}
      category: category
    people:
      - {role: subject, scheme: collar, value: collar, name: officer, unit: station}
"""
STAFF = """payroll,collar,forename,surname,station
1,101,Ann,Ash,North
2,102,Bo,Birch,north
3,103,Cy,Cedar,South
4,104,Di,Dogwood,
"""
CATEGORIES = ["Incivility", "incivility", "Incivility ", "Use of force", "use of  force", "",
              "Neglect", "Neglect 2", "Incivility"]
DISTRICTS = ["North", "north", "District", "", "South 7", "South 7", "East", "North ", "East"]


def complaints() -> str:
    rows = ["ref,received,category,district,account,restricted"]
    for i in range(36):
        rows.append(f"C-{i},20{20 + i % 5}-{i % 12 + 1:02d}-03,{CATEGORIES[i % 9]},"
                    f"{DISTRICTS[(i * 5) % 9]},Account {i}.,{'yes' if i % 7 == 0 else 'no'}")
    return "\n".join(rows) + "\n"


def allegations() -> str:
    """One to three allegations a complaint, against one to three officers; a few restricted,
    and a few at a station written differently from the officer's own."""
    rows = ["ref,complaint,category,collar,officer,station,restricted"]
    for i in range(36):
        for j in range(i % 3 + 1):
            collar = 101 + (i + j) % 4
            rows.append(f"A-{i}-{j},C-{i},{CATEGORIES[(i + j) % 9]},{collar},,"
                        f"{['North', 'north', 'South', ''][(i * j) % 4]},"
                        f"{'yes' if (i + j) % 11 == 0 else 'no'}")
    return "\n".join(rows) + "\n"


def groupshire(root: Path, allegations_csv: str) -> duckdb.DuckDBPyConnection:
    """A real store of the groupshire export with these allegation rows (shared with
    test_people_count)."""
    con = store.connect(root / "records.duckdb")
    ingest_export_records(con, root, {"staff.csv": STAFF, "complaints.csv": complaints(),
                                     "allegations.csv": allegations_csv},
                          MAPPING, mapping_file="groupshire.yaml")
    return con


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    con = groupshire(tmp_path_factory.mktemp("groups"), allegations())
    yield con
    con.close()


@pytest.fixture(params=["temporary table", "in memory"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways `ranked_groups` reads groups: a big store's (temporary table) and a small's."""
    monkeypatch.setattr(group_rank, "IN_MEMORY_ROWS", -1 if request.param[0] == "t" else 10**9)
    return str(request.param)


@pytest.mark.parametrize("by", ["year", "month", "category", "district", "person", "unit"])
@pytest.mark.parametrize("cleared", [True, False])
def test_ranked_groups_are_group_records_groups(con, way: str, by: str, cleared: bool) -> None:
    scope = Scope(kind="complaint", cleared=cleared)
    expected = group_records(con, scope, by)
    assert expected, by
    with ranked_groups(con, scope, by) as ranked:
        assert ranked.counts == [(g, n) for g, n, _ in expected]
        keys = [g for g, _ in ranked.counts]
        assert ranked.ids(keys) == {g: ids for g, _, ids in expected}
        assert ranked.ids(keys[:1]) == {expected[0][0]: expected[0][2]}
        first = {g: i % 3 + 1 for i, g in enumerate(keys)}  # the smallest few of each
        assert ranked.ids(keys, first) == {g: ids[:first[g]] for g, _, ids in expected}
        assert ranked.total(keys) == len({r for _, _, ids in expected for r in ids})
        assert ranked.total(keys[1:]) == len({r for _, _, ids in expected[1:] for r in ids})
        table = ranked.table
        assert (ranked.held is None) == (way == "temporary table")
    assert not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                           [table]).fetchone()[0]


def test_labels_that_differ_in_case_or_spacing_are_one_group(con, monkeypatch) -> None:
    monkeypatch.setattr(group_rank, "IN_MEMORY_ROWS", -1)
    with ranked_groups(con, Scope(kind="complaint", cleared=True), "category") as ranked:
        labels = [g for g, _ in ranked.counts]
        assert "Incivility" in labels and "incivility" not in labels
        assert len(ranked.raw["Incivility"]) == 2  # "Incivility", "incivility" (ingest trims)
    with ranked_groups(con, Scope(kind="complaint", cleared=True), "district") as ranked:
        assert "District" not in {g for g, _ in ranked.counts}  # the field's own name: a blank


@pytest.mark.parametrize("scope", [Scope(kind="complaint", cleared=True),
                                   Scope(kind="allegation", cleared=False),
                                   Scope(kind="complaint", cleared=False, min_people=2)])
def test_record_count_is_find_records_count(con, scope: Scope) -> None:
    assert record_count(con, scope) == find_records(con, scope).count > 0


@pytest.mark.parametrize("scope", [Scope(kind="complaint", cleared=True),
                                   Scope(kind="allegation", cleared=False),
                                   Scope(kind="complaint", cleared=False, min_people=2)])
def test_find_records_past_its_id_cap_counts_every_match(con, monkeypatch, scope: Scope) -> None:
    """More matches than ids returned: the count is still all of them (read with the ids, in
    one query), and the ids are the first of all matches in the answer's order."""
    every = find_records(con, scope)
    assert every.count == len(every.record_ids) > 3
    monkeypatch.setattr(structured, "MAX_IDS", 3)
    capped = find_records(con, scope)
    assert capped.count == every.count
    assert capped.record_ids == every.record_ids[:3]
