"""A mapping's `attributes:` may be typed `date`: read with the date formats, stored as YYYY-MM-DD,
a value that is no date quarantined with its reason; and Chicago's complaint file keeps the
columns it used to drop (location code, closed and settled dates, civil suit, …).

Why: the held-out run of 2026-12-07 could not answer "closed in 2021" (no closed date stored),
"settled during 2022" (no settlement date) or a lock-up as the place (no location code): the
complaints file held them, the mapping did not carry them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from assistant import store
from ingestion.mapping import MappingError, load_mapping
from ingestion.pipeline import ingest_records
from tests.exports import csv_text, ingest_export_records, write_export

CHICAGO = Path(__file__).resolve().parents[1] / "data" / "public" / "chicago-copa-cms"
COMPLAINTS = "complaints-complaints-cms_2019-2022_2022-09.csv"
ACCUSED = "complaints-accused-cms_2019-2022_2022-09_p031093.csv"
Slice = tuple[pd.DataFrame, pd.DataFrame, dict[str, dict]]  # complaints, accused, attributes held

TINY = """\
    name: tiny
    force: tiny
    namespace: tiny
    records:
      - kind: complaint
        file: cases.csv
        id: "{ref}"
        fields:
          reference: ref
          received_date: {column: opened, date_format: "%d/%m/%Y"}
        attributes:
          shut_on: {column: shut, type: date, date_format: "%d/%m/%Y"}
          tier: tier
"""


def test_a_date_attribute_is_stored_as_an_iso_date_and_a_bad_one_quarantined(
        tmp_path: Path) -> None:
    files = {"cases.csv": csv_text("ref,opened,shut,tier", [
        ("A1", "02/03/2021", "15/06/2021", "gold"),
        ("A2", "04/03/2021", "", "silver"),
        ("A3", "05/03/2021", "31/02/2021", "gold"),  # no such day
    ])}
    con = store.connect(tmp_path / "r.duckdb")
    report = ingest_export_records(con, tmp_path, files, TINY, resolve=False)
    assert report.error is None
    held = con.execute("SELECT record_id, name, value FROM record_attribute WHERE name = 'shut_on'"
                       ).fetchall()
    assert held == [("complaint:tiny:A1", "shut_on", "2021-06-15")]
    (reason,) = con.execute("SELECT reason FROM quarantine").fetchone() or ("",)
    assert "shut_on" in reason and "31/02/2021" in reason and "column shut" in reason


@pytest.mark.parametrize(("where", "spec"), [
    ("fields", "received_date: {column: opened, type: date}"),
    ("attributes", "tier: {column: tier, type: date, map: {a: b}}"),
    ("attributes", "tier: {column: tier, type: number}"),
])
def test_a_type_is_for_an_attribute_and_only_text_or_date(tmp_path: Path, where: str,
                                                           spec: str) -> None:
    mapping = f"""\
    name: tiny
    force: tiny
    namespace: tiny
    records:
      - kind: complaint
        file: cases.csv
        id: "{{ref}}"
        {"fields" if where == "fields" else "attributes"}:
          {spec}
    """
    if where == "attributes":
        mapping += "        fields: {reference: ref, received_date: opened}\n"
    path, _ = write_export(tmp_path, {}, mapping)
    with pytest.raises(MappingError):
        load_mapping(path)


@pytest.fixture(scope="module")
def chicago(tmp_path_factory: pytest.TempPathFactory) -> Slice:
    """Every complaint with a settlement date or a jail location, plus 300 others."""
    rows = pd.read_csv(CHICAGO / COMPLAINTS, dtype=str, keep_default_na=False)
    special = rows[(rows.suit_settled_date != "") | rows.location_code.str.contains("JAIL")].cr_id
    keep = set(special) | set(list(dict.fromkeys(rows.cr_id))[1000:1300])
    rows = rows[rows.cr_id.isin(keep)]
    root = tmp_path_factory.mktemp("chicago-dates")
    (root / "src").mkdir()
    rows.to_csv(root / "src" / COMPLAINTS, index=False)
    accused = pd.read_csv(CHICAGO / ACCUSED, dtype=str, keep_default_na=False)
    accused = accused[accused.cr_id.isin(keep)]
    accused.to_csv(root / "src" / ACCUSED, index=False)
    con = store.connect(root / "r.duckdb")
    report = ingest_records(con, "chicago", root / "src")
    assert report.error is None, report.error
    held: dict[str, dict] = {}
    for record_id, name, value in con.execute(
            "SELECT record_id, name, value FROM record_attribute").fetchall():
        held.setdefault(name, {}).setdefault(record_id.rsplit(":", 1)[-1], set()).add(value)
    assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (0,)
    con.close()
    return rows, accused, held


@pytest.mark.parametrize(("attribute", "column"), [
    ("closed_date", "closed_date"), ("suit_settled_date", "suit_settled_date"),
    ("location_type", "location_code"), ("civil_suit", "civil_suit_no"),
    ("category_code", "category_code"), ("incident_time", "incident_time"),
    ("investigating_agency", "investigating_agency"),
])
def test_chicagos_complaint_columns_are_kept_as_the_file_holds_them(
        chicago: Slice, attribute: str, column: str) -> None:
    rows, _, held = chicago
    expected = rows[rows[column] != ""].groupby("cr_id")[column].agg(set).to_dict()
    assert expected
    assert held.get(attribute) == expected


def test_chicagos_domestic_violence_flag_is_in_words(
        chicago: Slice) -> None:
    rows, _, held = chicago
    words = {"Y": "domestic violence", "N": "not domestic violence"}
    expected = {c: {words[v]} for c, v in zip(rows.cr_id, rows.domestic_violence_i, strict=True)}
    assert held.get("domestic_violence") == expected


def test_chicagos_allegation_code_is_kept(chicago: Slice) -> None:
    _, accused, held = chicago
    codes = accused[accused.complaint_code != ""]
    assert len(codes)
    assert held.get("allegation_code") == {
        r: {c} for r, c in zip(codes.row_id, codes.complaint_code, strict=True)}
