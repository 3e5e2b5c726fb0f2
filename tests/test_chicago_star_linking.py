"""Chicago accused rows without a star number, linked (or not) to a starred officer by name.

A tiny export in the shape of the COPA CMS files, read through the shipped `chicago` mapping.
Each case is one seen in the real export (evals/dev/results/chicago-disputes-2026-12-07.md):
the same officer written once without his star (linked: Alec Gomez, row 14440), a placeholder
that matched an officer whose own first row carries the placeholder (star 12710, "UNKNOWN
UNKNOWN", is Alex Coan), and a different person with a similar name and another birth year
(the superintendent David Brown, born 1960, is not star 18491 Aaron David, born 1993).
"""

from __future__ import annotations

import duckdb
import pytest

from assistant import store
from assistant.answers import User
from ingestion.mapping import BUILTIN_DIR
from ingestion.resolve_checks import is_placeholder_name
from tests.exports import export_engine, write_export

# The export's own headers (the mapping names columns from both files); cells not given are empty.
COMPLAINT_COLUMNS = ("row_id,cr_id,incident_date,incident_time,complaint_date,closed_date,"
                     "apartment_number,city,state,zip,beat,location_code,category_code,category,"
                     "case_type,narrative,days_to_closure,civil_suit_no,suit_settled_date,"
                     "biased_language_i,pursuit_related_i,domestic_violence_i,police_shooting,"
                     "complainant_type,referred_to_agency,investigating_agency,current_status")
ACCUSED_COLUMNS = ("row_id,cr_id,race,gender,star,birth_year,assigned_unit,current_unit,"
                   "assigned_rank,rank,duty_status,accused_arrested,injury_condition,"
                   "complaint_code,allegation_category,recommended_finding,final_finding,"
                   "recommended_penalty,final_penalty,first_name,last_name")
GIVEN_ACCUSED = ("row_id,cr_id,race,gender,star,birth_year,assigned_unit,current_unit,"
                 "assigned_rank,rank,allegation_category,final_finding,first_name,last_name")


def _csv(columns: str, given: str, rows: str) -> str:
    """`rows` (CSV under the `given` columns) written under the full header `columns`."""
    names, have = columns.split(","), given.split(",")
    out = [columns]
    for line in rows.strip().splitlines():
        cell = dict(zip(have, line.split(","), strict=True))
        out.append(",".join(cell.get(n, "") for n in names))
    return "\n".join(out) + "\n"


STATUS = {1: "Case Final", 2: "Pending Investigation", 3: "Pending Investigation",
          4: "Closed/No Finding", 5: "Pending Investigation"}
COMPLAINTS = _csv(COMPLAINT_COLUMNS, "row_id,cr_id,incident_date,complaint_date,beat,category,"
                  "narrative,current_status,city,state,zip", "\n".join(
                      f"{i},2019-000000{i},2019-02-05,2019-02-11,713.0,Excessive Force,Pushed.,"
                      f"{STATUS[i]},CHICAGO,IL,60636" for i in range(1, 6)))
FILES = {"complaints-complaints-cms_tiny.csv": COMPLAINTS}

ACCUSED = _csv(ACCUSED_COLUMNS, GIVEN_ACCUSED, """1,2019-0000001,WHITE,MALE,13917,1993.0,011,11.0,POLICE OFFICER,POLICE OFFICER,Excessive Force,,ALEC,GOMEZ
2,2019-0000002,WHITE,MALE,,1993.0,011,11.0,POLICE OFFICER,POLICE OFFICER,Excessive Force,,ALEC,GOMEZ
3,2019-0000001,,,12710,,,,,,Excessive Force,,UNKNOWN,UNKNOWN
4,2019-0000002,WHITE,MALE,12710,1984.0,022,22.0,POLICE OFFICER,POLICE OFFICER,Excessive Force,,ALEX,COAN
5,2019-0000003,,,,,,,,,Excessive Force,,UNKNOWN,UNKNOWN
6,2019-0000004,,,,,,,,,Excessive Force,,NOT SURE,NOT SURE
7,2019-0000003,BLACK,MALE,18491,1993.0,011,11.0,POLICE OFFICER,POLICE OFFICER,Excessive Force,,AARON,DAVID
8,2019-0000005,BLACK,MALE,,1960.0,111,,SUPERINTENDENT OF POLICE,,Excessive Force,,DAVID,BROWN
9,2019-0000004,,,11790,,,,,,Excessive Force,,11790 BADGE PLATEMP11893,CAR# 7386
10,2019-0000005,HISPANIC,MALE,11790,1980.0,004,4.0,POLICE OFFICER,POLICE OFFICER,Excessive Force,,SAMMY,ENCARNACION
""")


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    from ingestion.pipeline import ingest_records
    from ingestion.resolve import resolve_people

    root = tmp_path_factory.mktemp("chicago_stars")
    connection = store.connect(root / "records.duckdb")
    files = {**FILES, "complaints-accused-cms_tiny.csv": ACCUSED}
    _, src = write_export(root, files, "name: unused\n")
    report = ingest_records(connection, "chicago", src)
    assert report.error is None, report.error
    resolve_people(connection)
    return connection


def linked(con: duckdb.DuckDBPyConnection, row: int) -> str | None:
    got = con.execute("SELECT person_id FROM person_ref WHERE record_id = ?",
                      [f"allegation:copa:{row}"]).fetchone()
    assert got is not None, f"no reference for row {row}"
    return got[0]


def test_the_same_officer_without_his_star_is_linked_by_name_and_birth_year(con) -> None:
    assert linked(con, 1) == "person:copa:star-13917"
    assert linked(con, 2) == "person:copa:star-13917"


def test_a_placeholder_name_is_never_linked_to_an_officer(con) -> None:
    # star 12710's first row says "UNKNOWN UNKNOWN": that is not a name to link others by
    assert linked(con, 5) is None
    assert linked(con, 6) is None
    # his own rows keep their star
    assert linked(con, 3) == linked(con, 4) == "person:copa:star-12710"


def test_an_officer_whose_first_row_holds_no_name_keeps_his_star_links(con) -> None:
    # star 11790's first row puts a badge and car number where the name goes
    assert linked(con, 9) == linked(con, 10) == "person:copa:star-11790"


def test_a_name_link_the_row_s_birth_year_contradicts_is_not_made(con) -> None:
    # "DAVID BROWN" (born 1960) reads close to "AARON DAVID" (born 1993) surname-first
    assert linked(con, 8) is None
    assert linked(con, 7) == "person:copa:star-18491"


def test_the_birth_year_is_kept_on_the_allegation(con) -> None:
    got = con.execute("SELECT value FROM record_attribute WHERE record_id = "
                      "'allegation:copa:8' AND name = 'officer_birth_year'").fetchone()
    assert got == ("1960",)


@pytest.mark.parametrize("name", ["UNKNOWN UNKNOWN", "Not sure", "NOT SURE NOT SURE", "J DOE",
                                  "NAME WERE COVERED UNKNOWN", "UNIVERSITY OF CHICAGO PD",
                                  "OFFICER NAME UNKNOWN", "N/A", "", None])
def test_placeholders(name: str | None) -> None:
    assert is_placeholder_name(name)


@pytest.mark.parametrize("name", ["ALEC GOMEZ", "David Brown", "Patrick Kennedy", "HOBSON",
                                  "Noel Sanchez", "Sure Singh"])
def test_real_names_are_not_placeholders(name: str) -> None:
    assert not is_placeholder_name(name)


@pytest.mark.parametrize("question", [
    "How many Chicago complaints remain under investigation?",
    "How many Chicago complaints are still pending?",
])
def test_pending_reads_as_the_complaint_status(tmp_path, question: str) -> None:
    """The mapping's aliases: without them "pending" read as an allegation finding (none is)."""
    files = {**FILES, "complaints-accused-cms_tiny.csv": ACCUSED}
    mapping = (BUILTIN_DIR / "chicago.yaml").read_text()
    with export_engine(tmp_path, files, mapping) as engine:
        answer = engine.answer(question, User(name="chicago-test", role="senior_investigator"))
    assert answer.answer.startswith("3 complaints"), (answer.answer, answer.interpretation)
    assert "Pending Investigation" in answer.interpretation
