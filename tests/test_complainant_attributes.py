"""Philadelphia's complainants' race and sex, from the export's side file, filter complaints (issue #13).

Why: ppd_complainant_demographics.csv (one row per complainant, keyed by complaint_id) was not
mapped, so "complaints filed by Black women" read "Black" as an officer's name and reported
"women" as not applied. The mapping now attaches the file's columns to their complaints
(`attach: true`, ingestion/attach.py). The slice keeps 300 complaints of 2017 with exactly one
complainant each (several complainants are matched value by value, not person by person) and
expected figures come from the CSVs with pandas.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from assistant import catalogue, store
from assistant.catalogue.link import CatalogueBinder
from assistant.structured import Scope, find_records
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.models import QueryPlan
from ingestion.mapping import load_mapping
from ingestion.pipeline import ingest_records

PHILLY = Path(__file__).resolve().parents[1] / "data" / "public" / "philly"
DEMOGRAPHICS = "ppd_complainant_demographics.csv"
TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def rows() -> dict[str, pd.DataFrame]:
    complaints = pd.read_csv(PHILLY / "ppd_complaints.csv", dtype=str, keep_default_na=False)
    people = pd.read_csv(PHILLY / DEMOGRAPHICS, dtype=str, keep_default_na=False)
    single = people.groupby("complaint_id").filter(lambda g: len(g) == 1).complaint_id
    of_2017 = complaints[complaints.complaint_id.str.startswith("17-")
                         & complaints.complaint_id.isin(set(single))]
    keep = set(of_2017.complaint_id[:300])
    return {"complaints": complaints[complaints.complaint_id.isin(keep)],
            "people": people[people.complaint_id.isin(keep)]}


@pytest.fixture(scope="module")
def con(rows: dict[str, pd.DataFrame],
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    source = tmp_path_factory.mktemp("complainants")
    rows["complaints"].to_csv(source / "ppd_complaints.csv", index=False)
    orphan = pd.DataFrame([{"complaint_id": "99-9999", "complainant_sex": "female",
                            "complainant_race": "white", "complainant_age": "40"}])
    pd.concat([rows["people"], orphan]).to_csv(source / DEMOGRAPHICS, index=False)
    disciplines = pd.read_csv(PHILLY / "ppd_complaint_disciplines.csv", dtype=str,
                              keep_default_na=False)
    disciplines[disciplines.complaint_id.isin(set(rows["complaints"].complaint_id))].to_csv(
        source / "ppd_complaint_disciplines.csv", index=False)
    con = store.connect(tmp_path_factory.mktemp("complainants-store") / "records.duckdb")
    report = ingest_records(con, "philly", source)
    assert report.error is None, report.error
    catalogue.build(con, load_mapping("philly").aliases)
    yield con
    con.close()


def _plan(con: duckdb.DuckDBPyConnection, question: str) -> QueryPlan:
    binder = CatalogueBinder(catalogue.load(con), True, catalogue.load_aliases(con))
    return understand(question, TODAY, InMemoryDirectory([]), [binder])


def _count(con: duckdb.DuckDBPyConnection, plan: QueryPlan) -> int:
    scope = Scope(kind="complaint", cleared=True, filters=tuple(plan.filters))
    return len(find_records(con, scope).record_ids)


def test_the_side_file_is_attached_and_a_row_without_its_complaint_is_quarantined(
        con: duckdb.DuckDBPyConnection, rows: dict[str, pd.DataFrame]) -> None:
    (attached,) = con.execute("SELECT count(DISTINCT record_id) FROM record_attribute WHERE "
                              "name = 'complainant_sex'").fetchone() or (0,)
    assert attached == (rows["people"].complainant_sex != "").sum()
    reasons = [r for (r,) in con.execute("SELECT reason FROM quarantine WHERE file = ?",
                                         [DEMOGRAPHICS]).fetchall()]
    assert reasons == ["no complaint complaint:ppd:99-9999 to attach to"]
    (complaints,) = con.execute("SELECT count(*) FROM complaint").fetchone() or (0,)
    assert complaints == len(rows["complaints"])  # the side file adds no record


@pytest.mark.parametrize(("question", "race", "sex"), [
    ("Complaints lodged by Black women: what is the total?", "black", "female"),
    ("Number of complaints that came from white men", "white", "male"),
    ("Count the complaints brought by Latino complainants.", "latino", None),
])
def test_a_complainant_described_by_race_and_sex_filters_complaints(
        con: duckdb.DuckDBPyConnection, rows: dict[str, pd.DataFrame], question: str,
        race: str, sex: str | None) -> None:
    plan = _plan(con, question)
    assert plan.unapplied == [] and not plan.people, plan
    fields = {f.field: f.values for f in plan.filters}
    assert fields == {"complainant_race": [race], **({"complainant_sex": [sex]} if sex else {})}
    people = rows["people"]
    held = people[(people.complainant_race == race)
                  & ((people.complainant_sex == sex) if sex else True)]
    assert len(held) > 0 and _count(con, plan) == held.complaint_id.nunique()


@pytest.mark.parametrize(("question", "field"), [
    ("How many complaints were against women officers?", "officer_gender"),
    ("Complaints that named one female officer or more: the count?", "officer_gender"),
    ("Which complaints accused any Black officer?", "officer_race"),
])
def test_a_value_said_of_officers_stays_the_officers_own(
        con: duckdb.DuckDBPyConnection, question: str, field: str) -> None:
    """The complainants' file holds "female" and "black" too: said of no complainant, such a
    value is the accused officer's, as before the side file was mapped."""
    plan = _plan(con, question)
    assert [f.field for f in plan.filters] == [field], plan.filters
