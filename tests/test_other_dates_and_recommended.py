"""Real slices of the Chicago and Philadelphia exports: a period said of another date the store
holds (Chicago's closed and settlement dates) filters that date, and a recommended finding said
with any of its words is the recommendation — never the final finding, nor another force's label.

Why: on the held-out run of 2026-12-07 a complaint closing year had no field, a settlement year
fell to the narrative search ("Yes: 95 complaints describe …" where 5 were settled), and a
recommended or proposed finding of sustained was read as the final one. Expected figures come
from pandas over the same rows. Records only (no index): plans are read with the store's
binders and counted with the engine's SQL builder.
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
from assistant.understand.accounting import Binder
from assistant.understand.date_fields import HeldFields
from assistant.understand.followup import inherit
from assistant.understand.interpret import interpretation
from assistant.understand.models import QueryPlan
from ingestion.mapping import load_mapping
from ingestion.pipeline import ingest_records

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
COMPLAINTS = "complaints-complaints-cms_2019-2022_2022-09.csv"
ACCUSED = "complaints-accused-cms_2019-2022_2022-09_p031093.csv"
TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Every settled Chicago complaint and 400 others (with their accused); 300 Philadelphia
    complaints (the label "Sustained Finding" among their findings)."""
    root = tmp_path_factory.mktemp("dates-slice")
    complaints = pd.read_csv(PUBLIC / "chicago-copa-cms" / COMPLAINTS, dtype=str,
                             keep_default_na=False)
    accused = pd.read_csv(PUBLIC / "chicago-copa-cms" / ACCUSED, dtype=str,
                          keep_default_na=False)
    ids = list(dict.fromkeys(complaints.cr_id))
    keep = set(complaints[complaints.suit_settled_date != ""].cr_id) | set(ids[2000:2400])
    (root / "chicago").mkdir()
    complaints = complaints[complaints.cr_id.isin(keep)]
    accused = accused[accused.cr_id.isin(keep)]
    complaints.to_csv(root / "chicago" / COMPLAINTS, index=False)
    accused.to_csv(root / "chicago" / ACCUSED, index=False)
    (root / "philly").mkdir()
    philly = pd.read_csv(PUBLIC / "philly" / "ppd_complaints.csv", dtype=str,
                         keep_default_na=False)
    kept = set(list(philly.complaint_id)[:300])
    philly[philly.complaint_id.isin(kept)].to_csv(root / "philly" / "ppd_complaints.csv",
                                                  index=False)
    for name in ("ppd_complaint_disciplines.csv", "ppd_complainant_demographics.csv"):
        part = pd.read_csv(PUBLIC / "philly" / name, dtype=str, keep_default_na=False)
        part[part.complaint_id.isin(kept)].to_csv(root / "philly" / name, index=False)
    return {"root": pd.DataFrame({"path": [str(root)]}), "complaints": complaints,
            "accused": accused}


@pytest.fixture(scope="module")
def con(rows: dict[str, pd.DataFrame],
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = Path(rows["root"].path[0])
    con = store.connect(tmp_path_factory.mktemp("dates-store") / "records.duckdb")
    aliases: dict[str, list[str]] = {}
    for name in ("chicago", "philly"):
        report = ingest_records(con, name, root / name)
        assert report.error is None, report.error
        aliases.update(load_mapping(name).aliases)
    catalogue.build(con, aliases)
    yield con
    con.close()


@pytest.fixture(scope="module")
def binders(con: duckdb.DuckDBPyConnection) -> list[Binder]:
    dates = catalogue.date_fields(con)
    texts = catalogue.text_attributes(con, catalogue.numeric_fields(con), dates)
    return [HeldFields(tuple(dates), tuple(texts)),
            CatalogueBinder(catalogue.load(con), True, catalogue.load_aliases(con))]


def _plan(binders: list[Binder], question: str) -> QueryPlan:
    return understand(question, TODAY, InMemoryDirectory([]), binders)


def _count(con: duckdb.DuckDBPyConnection, plan: QueryPlan) -> int:
    """The plan's Chicago records, scoped as the engine scopes them."""
    scope = Scope(kind=(plan.kinds or ["complaint"])[0], cleared=True, forces=("chicago",),
                  filters=tuple(plan.filters), findings=tuple(plan.findings),
                  date_from=plan.date_from, date_to=plan.date_to,
                  date_ranges=tuple((p.field, p.date_from, p.date_to) for p in plan.periods
                                    if p.field))
    return len(find_records(con, scope).record_ids)


def _complaints(rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return rows["complaints"].drop_duplicates("cr_id")


def test_a_closing_year_filters_the_closed_date_not_the_received_one(
        con: duckdb.DuckDBPyConnection, binders: list[Binder],
        rows: dict[str, pd.DataFrame]) -> None:
    plan = _plan(binders, "Tally of COPA cases whose investigation closed during 2021")
    assert [(p.field, p.date_from, p.date_to) for p in plan.periods] == [
        ("closed_date", date(2021, 1, 1), date(2021, 12, 31))]
    assert plan.date_from is None and plan.unapplied == [], plan
    assert "closed in 2021" in interpretation(plan)
    complaints = _complaints(rows)
    expected = complaints.closed_date.str.startswith("2021").sum()
    received = complaints.complaint_date.str.startswith("2021").sum()
    assert 0 < expected != received
    assert _count(con, plan) == expected


def test_a_received_period_and_a_closing_bound_apply_each_to_its_own_date(
        con: duckdb.DuckDBPyConnection, binders: list[Binder],
        rows: dict[str, pd.DataFrame]) -> None:
    plan = _plan(binders, "Cases filed in 2020 yet closing before March 2021: how many?")
    assert plan.date_from == date(2020, 1, 1) and plan.date_to == date(2020, 12, 31)
    assert [(p.field, p.date_to) for p in plan.periods if p.field] == [
        ("closed_date", date(2021, 2, 28))]
    complaints = _complaints(rows)
    closed = complaints[(complaints.closed_date != "") & (complaints.closed_date < "2021-03-01")]
    expected = closed.complaint_date.str.startswith("2020").sum()
    assert 0 < expected < complaints.complaint_date.str.startswith("2020").sum()
    assert _count(con, plan) == expected


def test_a_settlement_year_is_the_settled_date_and_no_narrative_search(
        con: duckdb.DuckDBPyConnection, binders: list[Binder],
        rows: dict[str, pd.DataFrame]) -> None:
    plan = _plan(binders, "Did the city settle suits over complaints, settled during 2022?")
    assert [p.field for p in plan.periods] == ["suit_settled_date"]
    assert plan.intent != "describe", plan.reasons
    assert "suit settled in 2022" in interpretation(plan)
    expected = _complaints(rows).suit_settled_date.str.startswith("2022").sum()
    assert expected > 0
    assert _count(con, plan) == expected


@pytest.mark.parametrize("question", [
    "How many accusations carried a proposed finding of sustained?",
    "Allegations where investigators recommended a sustained finding",
    "Count allegations COPA suggested be sustained",
])
def test_a_recommended_finding_said_any_way_is_the_recommendation(
        con: duckdb.DuckDBPyConnection, binders: list[Binder], rows: dict[str, pd.DataFrame],
        question: str) -> None:
    plan = _plan(binders, question)
    assert [(f.kind, f.field, f.values) for f in plan.filters] == [
        ("allegation", "recommended_finding", ["Sustained"])], plan
    assert plan.findings == [], plan.findings  # not the final finding, nor Philadelphia's label
    accused = rows["accused"]
    expected = (accused.recommended_finding == "Sustained").sum()
    assert expected > (accused.final_finding == "Sustained").sum()
    assert _count(con, plan.model_copy(update={"kinds": ["allegation"]})) == expected


def test_a_follow_up_on_the_final_finding_keeps_the_recommended_one(
        con: duckdb.DuckDBPyConnection, binders: list[Binder],
        rows: dict[str, pd.DataFrame]) -> None:
    first = _plan(binders, "Which allegations drew a proposed finding of sustained?")
    then, inherited = inherit(_plan(binders, "Of those, which ones then got sustained as the "
                                             "final finding?"), first)
    assert inherited, then
    line = interpretation(then)
    assert "recommended finding = Sustained" in line and "finding = sustained" in line, line
    accused = rows["accused"]
    both = ((accused.recommended_finding == "Sustained")
            & (accused.final_finding == "Sustained")).sum()
    assert 0 < both < (accused.recommended_finding == "Sustained").sum()
    assert _count(con, then.model_copy(update={"kinds": ["allegation"]})) == both


@pytest.mark.parametrize(("question", "present"), [
    ("List the complaints that came with a civil suit", True),
    ("Count complaints lacking any civil suit, received during 2020", False),
])
def test_a_civil_suit_number_present_or_absent_is_a_suit_or_none(
        con: duckdb.DuckDBPyConnection, binders: list[Binder], rows: dict[str, pd.DataFrame],
        question: str, present: bool) -> None:
    """Too many suit numbers to be a category (420 in the file): the field is there or not."""
    plan = _plan(binders, question)
    assert [(f.field, f.op) for f in plan.filters] == [
        ("civil_suit", "present" if present else "absent")], plan
    assert all(not p.field for p in plan.periods) and plan.unapplied == [], plan
    complaints = _complaints(rows)
    if plan.date_from is not None:
        complaints = complaints[complaints.complaint_date.str.startswith("2020")]
    expected = ((complaints.civil_suit_no != "") == present).sum()
    assert 0 < expected < len(complaints)
    assert _count(con, plan) == expected
