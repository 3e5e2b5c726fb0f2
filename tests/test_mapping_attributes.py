"""A mapping's `attributes:` — an export's own columns beyond the record model — are stored,
catalogued and filterable, so a new force's flags and types answer questions with no code change.

Why: the Chicago export holds case type, complainant type and a police-shooting flag that no
field of the record model has; before `attributes:` a question about them was answered with a
nearby category or reported unapplied. Real ingest (ingestion.run.ingest), real DuckDB, the real
catalogue and the engine's own SQL builder (assistant.structured).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from assistant import catalogue
from assistant.answers import User
from assistant.service import Engine
from assistant.settings import Settings
from assistant.store import connect
from assistant.structured import Scope, find_records
from assistant.understand.models import FieldFilter
from ingestion.mapping import MappingError, load_mapping
from ingestion.run import ingest
from tests.exports import ingest_export, write_export

MAPPING = """
name: tiny
force: tiny
namespace: tiny
records:
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    on_duplicate_id: merge
    fields:
      reference: ref
      received_date: received
      category: category
      categories: category
      district: {template: "Beat {beat}"}
    attributes:
      case_type: case_type
      police_shooting: {column: shooting, map: {"yes": "police shooting", "no": "not a police shooting"}}
    restricted: {column: handling, in: [RESTRICTED]}
  - kind: allegation
    file: allegations.csv
    id: "{aref}"
    fields:
      complaint_id: {id_of: complaint, template: "{ref}"}
      category: category
    attributes:
      duty_status: duty
"""
# C1 is two rows (one per category), merged into one complaint; C3 has no beat; C4 is restricted.
FILES = {
    "complaints.csv": (
        "ref,received,category,beat,case_type,shooting,handling\n"
        "C1,2024-01-05,Excessive Force,1011,Notification,Yes,\n"
        "C1,2024-01-05,Firearm Discharge,1011,Notification,Yes,\n"
        "C2,2024-02-05,Verbal Abuse,1012,Complaint Register,No,\n"
        "C3,2024-03-05,Verbal Abuse,,Complaint Register,No,\n"
        "C4,2024-04-05,Excessive Force,1013,Notification,Yes,RESTRICTED\n"),
    "allegations.csv": (
        "aref,ref,category,duty\nA1,C1,Excessive Force,On Duty\nA2,C2,Verbal Abuse,Off Duty\n"
        "A3,C3,Verbal Abuse,\nA4,C4,Excessive Force,Off Duty\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("attributes")
    settings = ingest_export(root, FILES, MAPPING)
    again = ingest(settings, [str(root / "tiny.yaml")], root / "source", show_progress=False)
    assert not again.failed  # idempotent
    return settings


@pytest.fixture(scope="module")
def store(built: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(built.data_dir / "records.duckdb", read_only=True)
    yield con
    con.close()


def _ids(con: duckdb.DuckDBPyConnection, kind: str, cleared: bool, *filters: FieldFilter) -> list[str]:
    return sorted(find_records(con, Scope(kind=kind, cleared=cleared, filters=filters)).record_ids)


def test_attributes_are_stored_once_per_record_with_their_mapped_words(
        store: duckdb.DuckDBPyConnection) -> None:
    rows = store.execute("SELECT record_id, name, value FROM record_attribute "
                         "WHERE kind = 'complaint' ORDER BY 1, 2").fetchall()
    assert rows == [
        ("complaint:tiny:C1", "case_type", "Notification"),
        ("complaint:tiny:C1", "police_shooting", "police shooting"),
        ("complaint:tiny:C2", "case_type", "Complaint Register"),
        ("complaint:tiny:C2", "police_shooting", "not a police shooting"),
        ("complaint:tiny:C3", "case_type", "Complaint Register"),
        ("complaint:tiny:C3", "police_shooting", "not a police shooting"),
        ("complaint:tiny:C4", "case_type", "Notification"),
        ("complaint:tiny:C4", "police_shooting", "police shooting"),
    ]
    # an empty cell is no attribute, not an empty one
    assert store.execute("SELECT count(*) FROM record_attribute WHERE record_id = "
                         "'allegation:tiny:A3'").fetchone() == (0,)


def test_a_template_whose_columns_are_all_empty_is_no_value(store: duckdb.DuckDBPyConnection) -> None:
    # "Beat {beat}" for a row with no beat was a district called "Beat" holding every such row
    assert store.execute("SELECT record_id, district FROM complaint ORDER BY 1").fetchall() == [
        ("complaint:tiny:C1", "Beat 1011"), ("complaint:tiny:C2", "Beat 1012"),
        ("complaint:tiny:C3", None), ("complaint:tiny:C4", "Beat 1013")]


def test_attributes_are_catalogued_with_counts_an_uncleared_reader_may_see(
        store: duckdb.DuckDBPyConnection) -> None:
    entries = {(e.kind, e.field, e.value): (e.n, e.n_open) for e in catalogue.load(store)}
    assert entries[("complaint", "case_type", "Notification")] == (2, 1)  # C4 is restricted
    assert entries[("complaint", "police_shooting", "police shooting")] == (2, 1)
    assert entries[("allegation", "duty_status", "Off Duty")] == (2, 2)
    assert ("complaint", "district", "Beat") not in entries


def test_an_attribute_filters_records_and_respects_clearance(store: duckdb.DuckDBPyConnection) -> None:
    shooting = FieldFilter(kind="complaint", field="police_shooting", values=["police shooting"],
                           text="police shooting")
    assert _ids(store, "complaint", True, shooting) == ["complaint:tiny:C1", "complaint:tiny:C4"]
    assert _ids(store, "complaint", False, shooting) == ["complaint:tiny:C1"]
    register = FieldFilter(kind="complaint", field="case_type", values=["Complaint Register"],
                           text="complaint register")
    assert _ids(store, "complaint", True, shooting, register) == []
    # an allegation's attribute filters the complaints it belongs to
    off = FieldFilter(kind="allegation", field="duty_status", values=["Off Duty"], text="off duty")
    assert _ids(store, "complaint", True, off) == ["complaint:tiny:C2", "complaint:tiny:C4"]
    assert _ids(store, "complaint", False, off) == ["complaint:tiny:C2"]


def test_an_attribute_value_is_a_bound_parameter_never_sql(store: duckdb.DuckDBPyConnection) -> None:
    evil = FieldFilter(kind="complaint", field="case_type", values=["x' OR '1'='1"], text="x")
    assert _ids(store, "complaint", True, evil) == []


@pytest.mark.parametrize(("attributes", "problem"), [
    ("      category: case_type\n", "already has a field 'category'"),
    ("      Case-Type: case_type\n", "lower-case letters"),
    ("      restricted: case_type\n", "already has a field 'restricted'"),
])
def test_a_bad_attribute_name_is_a_mapping_error(tmp_path: Path, attributes: str, problem: str) -> None:
    bad = MAPPING.replace("      case_type: case_type\n", attributes, 1)
    path, _ = write_export(tmp_path, FILES, bad)
    with pytest.raises(MappingError, match=problem):
        load_mapping(path)


@pytest.mark.parametrize(("question", "count", "unapplied"), [
    ("How many complaints were a police shooting?", "2 complaints", []),
    ("How many complaints had case type Complaint Register?", "2 complaints", []),
    ("How many complaints were not a police shooting?", "2 complaints", []),  # a stored value
    ("How many complaints were not of case type Notification?", None, ["not"]),
])
def test_questions_read_attributes_and_never_drop_a_negation(
        built: Settings, question: str, count: str | None, unapplied: list[str]) -> None:
    engine = Engine(built)
    try:
        answer = engine.answer(question, User(name="attributes-test", role="senior_investigator"))
    finally:
        engine.close()
    assert answer.unapplied == unapplied, answer.interpretation
    if count:
        assert answer.answer.startswith(count), answer.answer
    else:  # the broader answer, if given at all, is labelled as such first
        assert answer.answer.startswith(("I could not apply", "I can't")), answer.answer
