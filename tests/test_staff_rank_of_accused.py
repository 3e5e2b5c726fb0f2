"""The rank of an accused officer whose complaint record gives none is the staff list's (issue #13).

Why: the synthetic force's allegations name an officer by collar number or name only; ranks are
kept on the HR staff list. "Complaints against sergeants" reported "sergeants" as not applied
(the catalogue offered only ranks the references themselves carry), though each reference
resolves to a staff record that holds the rank. Expected figures join the store's resolved
references to the HR export's ranks read with pandas (the staff list, not the engine, says who
is a sergeant).
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
from ingestion.resolve import resolve_people

TODAY = date(2025, 12, 31)


@pytest.fixture(scope="module")
def con(synthetic_source: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = store.connect(tmp_path_factory.mktemp("staff-rank") / "records.duckdb")
    report = ingest_records(con, "synthetic", synthetic_source)
    assert report.error is None, report.error
    resolve_people(con)
    catalogue.build(con, load_mapping("synthetic").aliases)
    yield con
    con.close()


def _plan(con: duckdb.DuckDBPyConnection, question: str) -> QueryPlan:
    binder = CatalogueBinder(catalogue.load(con), True, catalogue.load_aliases(con))
    return understand(question, TODAY, InMemoryDirectory([]), [binder])


def _staff_of_rank(source: Path, rank: str) -> set[str]:
    staff = pd.read_csv(source / "hr" / "staff.csv", dtype=str)
    return {f"person:syn:{p}" for p in staff[staff["rank"] == rank].payroll_no}


def _complaints_naming(con: duckdb.DuckDBPyConnection, people: set[str]) -> int:
    rows = con.execute("SELECT DISTINCT a.complaint_id, r.person_id FROM allegation a JOIN "
                       "person_ref r ON r.record_id = a.record_id WHERE r.person_id IS NOT NULL"
                       ).fetchall()
    return len({c for c, p in rows if p in people})


@pytest.mark.parametrize(("question", "rank"), [
    ("How many complaints were brought against sergeants?", "Sergeant"),
    ("Count the complaints where an inspector was the officer complained about.", "Inspector"),
])
def test_a_rank_the_references_omit_is_read_from_the_staff_record(
        con: duckdb.DuckDBPyConnection, synthetic_source: Path, question: str,
        rank: str) -> None:
    (given,) = con.execute("SELECT count(rank) FROM person_ref WHERE kind = 'allegation'"
                           ).fetchone() or (0,)
    assert given == 0  # the allegations' references carry no rank of their own
    plan = _plan(con, question)
    assert plan.unapplied == [], plan.unapplied
    assert [(f.kind, f.field, f.values) for f in plan.filters] == [("officer", "rank", [rank])]
    expected = _complaints_naming(con, _staff_of_rank(synthetic_source, rank))
    assert expected > 0
    scope = Scope(kind="complaint", cleared=True, filters=tuple(plan.filters))
    assert len(find_records(con, scope).record_ids) == expected
