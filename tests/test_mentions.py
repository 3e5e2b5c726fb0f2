"""Staff and complainants named in free text (mapping `mentions:`, issue #20), on real DuckDB.

Intelligence report text links the staff it names; a complainant named in an account is a
complainant reference and is never matched to a member of staff, even one with the same name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from assistant import store
from evals.resolution.score import ingest
from ingestion.mentions import find_mentions
from tests.exports import ingest_export_records


@pytest.mark.parametrize(("text", "found"), [
    ("Source says PC Tom Fielding met him.", [("mentioned", None, None, "Tom Fielding", "PC")]),
    ("PC 2231 Marsh and Fielding (2087) were there.",
     [("mentioned", None, None, "Marsh", "PC"), ("mentioned", None, None, "Fielding", None)]),
    ("Mail from david.marsh@eastmoor.police.uk.",
     [("mentioned", "email", "david.marsh@eastmoor.police.uk", None, None)]),
    ("Searched under login: marshd twice.", [("mentioned", "login", "marshd", None, None)]),
    ("DS Steve McAllister and Insp O'Connell; PC Doyle's car.",
     [("mentioned", None, None, "Steve McAllister", "DS"),
      ("mentioned", None, None, "O'Connell", "Insp"), ("mentioned", None, None, "Doyle", "PC")]),
    ("My name is Jane Doe and PC Marsh stopped me.",
     [("complainant", None, None, "Jane Doe", None), ("mentioned", None, None, "Marsh", "PC")]),
    ("Mrs Alison Grey states that she was pushed.",
     [("complainant", None, None, "Mrs Alison Grey", None)]),
    ("The officer was polite and nobody else was there.", []),
])
def test_find_mentions(text: str, found: list[tuple]) -> None:
    assert [(m.role, m.scheme, m.value, m.name, m.rank) for m in find_mentions(text)] == found


@pytest.fixture(scope="module")
def eastmoor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = store.connect(tmp_path_factory.mktemp("mentions") / "records.duckdb")
    ingest(con)
    yield con
    con.close()


@pytest.mark.parametrize(("record_id", "people"), [
    ("intel_report:emr:I001", [("mentioned", "person:emr:E1004")]),  # PC Tom Fielding
    ("intel_report:emr:I002", [("mentioned", "person:emr:E1017"), ("mentioned", "person:emr:E1005")]),
    ("intel_report:emr:I003", [("mentioned", "person:emr:E1004")]),  # Fielding (2087)
    ("intel_report:emr:I004", [("mentioned", "person:emr:E1001")]),  # email
    ("intel_report:emr:I005", [("mentioned", "person:emr:E1019")]),  # login
    ("intel_report:emr:I006", [("mentioned", None)]),  # PC Butler: one of two, not guessed
])
def test_intelligence_text_links_the_staff_it_names(eastmoor, record_id, people) -> None:
    got = eastmoor.execute("SELECT role, person_id FROM person_ref WHERE record_id = ? "
                           "ORDER BY idx", [record_id]).fetchall()
    assert got == people


def test_an_ambiguous_mention_keeps_its_candidates(eastmoor) -> None:
    cands = eastmoor.execute(
        "SELECT person_id FROM person_ref_candidate WHERE record_id = 'intel_report:emr:I006' "
        "ORDER BY 1").fetchall()
    assert cands == [("person:emr:E1006",), ("person:emr:E1007",)]


def test_a_complainant_named_in_the_account_is_never_matched_to_staff(tmp_path: Path) -> None:
    files = {"staff.csv": "payroll,name\n1,Gemma Lowe\n2,David Marsh\n",
             "complaints.csv": 'ref,account\nA1,"My name is Gemma Lowe. PC Marsh pushed me outside '
                               'the shop."\n'}
    con = store.connect(tmp_path / "records.duckdb")
    ingest_export_records(con, tmp_path, files, """
name: tiny
force: tiny
namespace: tiny
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields: {name: name}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {narrative: account}
    mentions: [narrative]
""")
    rows = con.execute("SELECT role, name, person_id, method FROM person_ref ORDER BY idx").fetchall()
    assert rows == [("complainant", "Gemma Lowe", None, "public"),
                    ("mentioned", "Marsh", "person:tiny:2", "name_context")]


def test_mentions_must_name_a_mapped_text_field(tmp_path: Path) -> None:
    from ingestion.mapping import MappingError, load_mapping

    (tmp_path / "m.yaml").write_text("""
name: tiny
force: tiny
namespace: tiny
records:
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {narrative: account, received_date: received}
    mentions: [summary, received_date]
""")
    with pytest.raises(MappingError) as err:
        load_mapping(str(tmp_path / "m.yaml"))
    assert "'summary' is not a mapped field" in str(err.value)
    assert "'received_date' is not a text field" in str(err.value)
