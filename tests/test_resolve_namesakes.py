"""Entity resolution of namesakes: references whose written name fits several members of staff.

A large force has several "Andrew Williams" and several "PC K Butler"s at one station. The unit
written on the row, the record's dates, the rank written and a collar number in the record's own
text may single one out; when nothing does, the reference stays unresolved and its few possible
people are kept (`person_ref_candidate`), never guessed.
"""

from __future__ import annotations

import duckdb
import pytest

from assistant import store
from ingestion.resolve import _identifiers_in_text, _written_rank, resolve_people
from tests.exports import ingest_export_records

STAFF = """payroll,collar,forename,surname,station,rank,joined,left
1,1001,Andrew,Williams,Wexcombe,Constable,01/01/2010,
2,1002,Andrew,Williams,Castlebridge,Constable,01/01/2010,
3,1003,Andrew,Williams,Force Contact Centre,Police Staff,01/01/2010,
4,1004,Kieran,Butler,Fenholt,Constable,01/01/2010,
5,1005,Krzysztof,Butler,Fenholt,Constable,01/01/2010,
6,1006,Jessica,Brown,Fenholt,Constable,01/06/2023,
7,1007,Jacob,Brown,Fenholt,Constable,01/01/2010,
8,1008,Howard,Pearson,Marlhaven North,Constable,01/01/2010,
9,1009,Hamza,Pearson,Marlhaven North,Sergeant,01/01/2010,
10,63000,Martin,Ormerod,Marlhaven Central,Sergeant,01/01/2010,
11,1713,Russell,Ormerod,Marlhaven Central,Sergeant,01/01/2010,
12,5442,Patrick,Foster,Harrowby,Chief Inspector,01/01/2000,
13,1013,Lee,Evans,Dunmere,Constable,01/01/2010,01/01/2022
14,1014,Luke,Evans,Dunmere,Constable,01/01/2010,
15,1015,Mary,Davies,Quayside,Constable,01/01/2010,
16,1016,Mary,Davies,Quayside,Constable,01/01/2010,
"""

COMPLAINTS = """ref,received,incident,account
C-1,10/03/2023,01/03/2023,The officer pushed me.
C-2,10/03/2023,01/03/2023,The officer pushed me.
C-3,10/03/2023,01/03/2023,Officers searched my car.
C-4,10/03/2023,01/03/2023,The sergeant swore at me.
C-5,10/03/2023,01/03/2023,I complain about PS 63000 Ormerod who grabbed my arm.
C-6,10/03/2023,01/03/2023,At 1713 hours PS Ormerod grabbed my arm.
C-7,10/03/2023,01/03/2023,The inspector was rude.
C-8,10/03/2023,01/06/2023,The officer was rude.
C-9,10/03/2023,01/03/2023,The officer was rude.
C-10,10/03/2023,01/03/2023,The officer was rude.
C-11,10/03/2023,01/03/2023,The officer was rude.
"""

ALLEGATIONS = """ref,complaint,collar,name,station
C-1/A1,C-1,,Andrew Williams,Wexcombe
C-2/A1,C-2,,PC K Butler,Fenholt
C-3/A1,C-3,,J Brown,Fenholt
C-4/A1,C-4,,PS H Pearson,Marlhaven North
C-4/A2,C-4,,PC H Pearson,Marlhaven North
C-5/A1,C-5,,PS Ormerod,Marlhaven Central
C-6/A1,C-6,,PS Ormerod,Marlhaven Central
C-7/A1,C-7,CI 5442,P Foster,Harrowby
C-8/A1,C-8,,L Evans,Dunmere
C-9/A1,C-9,,PC K Butlr,Fenholt
C-10/A1,C-10,,Mary Davies,Quayside
C-11/A1,C-11,,Andrew Williams,
"""

MAPPING = """
name: namesakes
force: test
namespace: ns
defaults:
  date_formats: ["%d/%m/%Y"]
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields:
      name: {template: "{forename} {surname}"}
      unit: station
      rank: rank
      start_date: joined
      leave_date: left
    identifiers: {payroll: payroll, collar: collar}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields:
      reference: ref
      received_date: received
      incident_date: incident
      narrative: account
  - kind: allegation
    file: allegations.csv
    id: "{ref}"
    fields:
      complaint_id: {id_of: complaint, template: "{complaint}"}
    people:
      - {role: subject, scheme: collar, value: collar, name: name, unit: station}
"""


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    root = tmp_path_factory.mktemp("namesakes")
    connection = store.connect(root / "records.duckdb")
    files = {"staff.csv": STAFF, "complaints.csv": COMPLAINTS, "allegations.csv": ALLEGATIONS}
    ingest_export_records(connection, root, files, MAPPING)
    return connection


def resolved(con: duckdb.DuckDBPyConnection, allegation: str) -> str | None:
    row = con.execute("SELECT person_id FROM person_ref WHERE record_id = ?",
                      [f"allegation:ns:{allegation}"]).fetchone()
    return row[0]


def candidates(con: duckdb.DuckDBPyConnection, allegation: str) -> list[tuple[str, int]]:
    return con.execute(
        "SELECT person_id, candidates FROM person_ref_candidate WHERE record_id = ? "
        "ORDER BY person_id", [f"allegation:ns:{allegation}"]).fetchall()


def test_the_unit_written_picks_out_a_namesake_even_when_the_name_is_exact(con):
    # Three Andrew Williams in the force, one at Wexcombe: the station on the row decides.
    assert resolved(con, "C-1/A1") == "person:ns:1"


def test_namesakes_nothing_separates_stay_unresolved_with_their_candidates(con):
    assert resolved(con, "C-2/A1") is None  # two K Butlers, both constables at Fenholt
    assert candidates(con, "C-2/A1") == [("person:ns:4", 2), ("person:ns:5", 2)]
    assert resolved(con, "C-10/A1") is None  # two Mary Davies at Quayside
    assert candidates(con, "C-10/A1") == [("person:ns:15", 2), ("person:ns:16", 2)]
    # No station written: the three Andrew Williams are equally possible.
    assert resolved(con, "C-11/A1") is None
    assert [p for p, _ in candidates(con, "C-11/A1")] == [
        "person:ns:1", "person:ns:2", "person:ns:3"]


def test_staff_who_had_not_joined_or_had_left_are_set_aside(con):
    assert resolved(con, "C-3/A1") == "person:ns:7"  # Jessica Brown joined after the complaint
    assert resolved(con, "C-8/A1") == "person:ns:14"  # Lee Evans left before the incident


def test_a_rank_written_sets_aside_lower_ranks_only(con):
    assert resolved(con, "C-4/A1") == "person:ns:9"  # "PS": the constable is not it
    # "PC": the sergeant may have been a constable then; promotion is not evidence against.
    assert resolved(con, "C-4/A2") is None
    assert [p for p, _ in candidates(con, "C-4/A2")] == ["person:ns:8", "person:ns:9"]


def test_a_collar_number_in_the_account_picks_out_its_officer(con):
    assert resolved(con, "C-5/A1") == "person:ns:10"  # "PS 63000 Ormerod"
    # "At 1713 hours" is a time, not Russell Ormerod's collar number 1713.
    assert resolved(con, "C-6/A1") is None


def test_a_senior_rank_prefix_on_a_collar_number_is_normalised(con):
    row = con.execute("SELECT person_id, method FROM person_ref WHERE record_id = ?",
                      ["allegation:ns:C-7/A1"]).fetchone()
    assert row == ("person:ns:12", "normalised_identifier")


def test_a_misspelt_surname_gets_no_namesakes(con):
    assert resolved(con, "C-9/A1") is None
    assert candidates(con, "C-9/A1") == []


def test_candidates_are_rebuilt_not_accumulated(con):
    before = con.execute("SELECT count(*) FROM person_ref_candidate").fetchone()
    resolve_people(con)
    assert con.execute("SELECT count(*) FROM person_ref_candidate").fetchone() == before


def test_written_rank_and_identifiers_in_text():
    assert _written_rank("PS H Pearson") == "sergeant"
    assert _written_rank("Det Supt D Bird") == "superintendent"
    assert _written_rank("Di Smith") is None  # a given name, not a detective inspector
    assert _written_rank("Smith, John") is None
    text = "PC Brown (04521) stopped me at 1713 hours at 12 Mill Lane; collar number 777."
    assert _identifiers_in_text(text, "brown") == {"4521", "777"}
