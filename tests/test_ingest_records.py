"""Record ingestion over real DuckDB: mapping validation, quarantine, idempotency, atomicity.

These tests stop before the embedding stage (`ingest_records`), so they need no model.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import duckdb
import pytest

from assistant import store
from ingestion.mapping import MappingError, load_mapping
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people

STAFF = """payroll,collar,forename,surname,station,rank
100001,1234,John,Smith,Northtown,PC
100002,2345,Sarah,Jones,Southtown,PS
100003,3456,Amir,Khan,Northtown,PC
"""

COMPLAINTS = """ref,received,category,officer_collar,officer_name,account
C-1,03/02/2023,Use of force,PC 1234,"Smith, John",The complainant says the officer pushed him against a wall. He was not under arrest.
C-2,31/02/2023,Incivility,2345,S Jones,The caller says she was shouted at.
,05/03/2023,Incivility,3456,A Khan,No reference on this row.
C-3,07/03/2023,Incivility,,Amir Khan,Officer swore at the complainant during a stop.
C-4,08/03/2023,Use of force,1234,John Smith,Too many,fields,here
C-1,09/03/2023,Use of force,1234,John Smith,A second row claiming the same reference.
"""

MAPPING = """
name: testforce
force: test
namespace: tf
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields:
      name: {template: "{forename} {surname}"}
      unit: station
      rank: rank
    identifiers: {payroll: payroll, collar: collar}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    date_formats: ["%d/%m/%Y"]
    fields:
      reference: ref
      received_date: received
      category: {column: category, map: {use of force: use of force, incivility: incivility}}
      narrative: account
    people:
      - {role: subject, scheme: collar, value: officer_collar, name: officer_name}
"""


def write_source(tmp_path: Path, complaints: bytes | str = COMPLAINTS) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "staff.csv").write_text(STAFF)
    data = complaints.encode() if isinstance(complaints, str) else complaints
    (src / "complaints.csv").write_bytes(data)
    return src


def write_mapping(tmp_path: Path, text: str = MAPPING) -> str:
    path = tmp_path / "mapping.yaml"
    path.write_text(textwrap.dedent(text))
    return str(path)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return store.connect(tmp_path / "records.duckdb")


def test_malformed_rows_are_quarantined_with_reasons_and_nothing_is_lost(tmp_path, con):
    report = ingest_records(con, write_mapping(tmp_path), write_source(tmp_path))
    assert report.error is None
    complaints = next(e for e in report.entries if e.label.endswith("complaints.csv"))
    c = complaints.counts
    assert (c.rows, c.stored, c.quarantined) == (6, 2, 4)
    assert c.rows == c.stored + c.merged + c.skipped + c.quarantined
    reasons = dict(con.execute("SELECT row, reason FROM quarantine ORDER BY row").fetchall())
    assert "received_date: '31/02/2023' (column received) is not a date" in reasons[2]
    assert reasons[3] == "id column ref is empty"
    assert reasons[5] == "ragged row: 8 fields, header has 6"
    assert reasons[6].startswith("duplicate id complaint:tf:C-1: already stored from row 1")
    raw = con.execute("SELECT raw FROM quarantine WHERE row = 5").fetchone()
    assert raw is not None and "Too many" in raw[0]  # the raw row is kept, not just the reason


def test_numbered_duplicates_keep_rows_that_differ_and_quarantine_verbatim_repeats(tmp_path, con):
    # An id that names (complaint, officer, allegation type) but not the allegation: rows with
    # other findings are allegations of their own; a verbatim repeat is still a duplicate.
    src = tmp_path / "src"
    src.mkdir()
    (src / "allegations.csv").write_text(
        "key,complaint,finding\n"
        "C-1-1234-Rude,C-1,Not sustained\n"
        "C-1-1234-Rude,C-1,Sustained\n"
        "C-1-1234-Rude,C-1,Not sustained\n"
        "C-1-1234-Force,C-1,Sustained\n"
    )
    mapping = """
    name: numbered
    force: test
    namespace: tf
    records:
      - kind: allegation
        file: allegations.csv
        id: "{key}"
        on_duplicate_id: number
        fields:
          complaint_id: {id_of: complaint, template: "{complaint}"}
          finding: finding
    """
    report = ingest_records(con, write_mapping(tmp_path, mapping), src)
    assert report.error is None
    stored = dict(con.execute("SELECT record_id, finding FROM allegation").fetchall())
    assert stored == {
        "allegation:tf:C-1-1234-Rude": "Not sustained",
        "allegation:tf:C-1-1234-Rude#2": "Sustained",
        "allegation:tf:C-1-1234-Force": "Sustained",
    }
    reasons = [r for (r,) in con.execute("SELECT reason FROM quarantine").fetchall()]
    assert reasons == ["duplicate id allegation:tf:C-1-1234-Rude: already stored from row 1"]
    again = ingest_records(con, write_mapping(tmp_path, mapping), src)  # ids are stable
    assert [e.counts.unchanged for e in again.entries] == [3]


def test_wrong_encoding_is_quarantined_not_guessed(tmp_path, con):
    latin1 = COMPLAINTS.replace("pushed him", "pushed Zoë").encode("latin-1")
    report = ingest_records(con, write_mapping(tmp_path), write_source(tmp_path, latin1))
    reasons = [r for (r,) in con.execute("SELECT reason FROM quarantine WHERE row = 1").fetchall()]
    assert reasons == ["not valid utf-8 (byte 0xEB); declare the file's encoding"]
    assert report.error is None
    # Declaring the file's real encoding ingests the row, with the text decoded correctly.
    fixed = MAPPING.replace("    date_formats:", "    encoding: latin-1\n    date_formats:")
    con2 = store.connect(tmp_path / "other.duckdb")
    ingest_records(con2, write_mapping(tmp_path, fixed), tmp_path / "src")
    text = con2.execute("SELECT narrative FROM complaint WHERE reference = 'C-1'").fetchone()
    assert text is not None and "Zoë" in text[0]


def test_reingest_adds_nothing_and_changed_rows_update(tmp_path, con):
    mapping, src = write_mapping(tmp_path), write_source(tmp_path)
    ingest_records(con, mapping, src)
    again = ingest_records(con, mapping, src)
    assert sum(e.counts.inserted + e.counts.updated for e in again.entries) == 0
    assert con.execute("SELECT count(*) FROM complaint").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (4,)
    (src / "complaints.csv").write_text(COMPLAINTS.replace("swore at", "shouted at"))
    changed = ingest_records(con, mapping, src)
    entry = next(e for e in changed.entries if e.label.endswith("complaints.csv"))
    assert (entry.counts.inserted, entry.counts.updated, entry.counts.unchanged) == (0, 1, 1)
    assert changed.changed_records == ["complaint:tf:C-3"]


def test_unknown_column_fails_the_source_with_a_clear_error_and_writes_nothing(tmp_path, con):
    bad = MAPPING.replace("narrative: account", "narrative: acount")
    report = ingest_records(con, write_mapping(tmp_path, bad), write_source(tmp_path))
    assert report.error is not None
    assert (
        "records[1] (complaint): column 'acount' is not in the header of complaints.csv"
        in report.error
    )
    assert "did you mean 'account'?" in report.error
    # The person entry came first and was valid, but the source is all-or-nothing.
    assert con.execute("SELECT count(*) FROM person").fetchone() == (0,)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind: complaint", "kind: complain"), "records[1].kind: unknown record kind 'complain'"),
        (
            ("reference: ref", "referense: ref"),
            "records[1].fields.referense: complaint has no field 'referense' (did you mean 'reference'?)",
        ),
        (
            ("    fields:\n      reference", "    colour: red\n    fields:\n      reference"),
            "records[1].colour: Extra inputs are not permitted",
        ),
        (
            ("name: {template", "nme: {template"),
            "records[0].fields.name: required for person but not mapped",
        ),
        (("namespace: tf", "namespace: T F"), "namespace: String should match pattern"),
    ],
)
def test_mapping_errors_name_file_key_and_problem(tmp_path, change, message):
    path = write_mapping(tmp_path, MAPPING.replace(*change))
    with pytest.raises(MappingError) as err:
        load_mapping(path)
    assert str(err.value).startswith(path)
    assert message in str(err.value)


def test_a_failing_source_does_not_touch_another(tmp_path, con):
    good = ingest_records(con, write_mapping(tmp_path), write_source(tmp_path))
    assert good.error is None
    missing = MAPPING.replace("file: complaints.csv", "file: nowhere.csv")
    report = ingest_records(con, write_mapping(tmp_path, missing), tmp_path / "src")
    assert report.error is not None and "no file matches 'nowhere.csv'" in report.error
    assert con.execute("SELECT count(*) FROM complaint").fetchone() == (2,)


def test_references_resolve_by_identifier_variants_and_by_name(tmp_path, con):
    ingest_records(con, write_mapping(tmp_path), write_source(tmp_path))
    resolve_people(con)
    refs = dict(
        ((rec, method), pid)
        for rec, method, pid in con.execute(
            "SELECT record_id, method, person_id FROM person_ref"
        ).fetchall()
    )
    # "PC 1234" normalises to collar 1234; C-3 has no collar and resolves by name.
    assert refs[("complaint:tf:C-1", "normalised_identifier")] == "person:tf:100001"
    assert refs[("complaint:tf:C-3", "name_context")] == "person:tf:100003"


def test_identifier_is_not_trusted_against_a_clearly_different_name(tmp_path, con):
    # Collar 2345 is Sarah Jones's, but the case worker named Amir Khan: the number is a typo.
    typo = COMPLAINTS.replace(
        "C-3,07/03/2023,Incivility,,Amir Khan", "C-3,07/03/2023,Incivility,2345,Amir Khan"
    )
    ingest_records(con, write_mapping(tmp_path), write_source(tmp_path, typo))
    resolve_people(con)
    row = con.execute(
        "SELECT person_id, method FROM person_ref WHERE record_id = 'complaint:tf:C-3'"
    ).fetchone()
    assert row == ("person:tf:100003", "name_context")


def test_ambiguous_names_stay_unresolved(tmp_path, con):
    staff = STAFF + "100004,4567,Jane,Smith,Northtown,PC\n"
    src = write_source(
        tmp_path,
        "ref,received,category,officer_collar,officer_name,account\n"
        "C-9,01/01/2023,Incivility,,PC Smith,Rude.\n",
    )
    (src / "staff.csv").write_text(staff)
    ingest_records(con, write_mapping(tmp_path), src)
    resolve_people(con)
    assert con.execute("SELECT person_id, method FROM person_ref").fetchall() == [
        (None, "unresolved")
    ]
