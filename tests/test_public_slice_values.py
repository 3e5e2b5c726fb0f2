"""Real slices of the Philadelphia and Chicago exports: their own labels, flags and penalties bind
from a question's words and count exactly what the CSVs hold (issue #13).

Why: on the third fresh set (2026-12-07) Philadelphia's "Unprofessional Conduct" said exactly was
widened to the taxonomy's incivility (the "Verbal Abuse" complaints too: 9 where the label holds
8); Chicago's indicator columns (`pursuit_related_i`, `police_shooting`, `biased_language_i`)
were not linked from "pursuit", "involving a police shooting", "biased language"; and the final
penalty "100 - REPRIMAND" was not linked from "reprimand". The slice keeps every flagged and every
reprimanded Chicago complaint and every Philadelphia district-18 complaint of 2018–19, plus 200 others
of each; expected figures are computed from the slice with pandas. Records only (no index): the
plan is read with the store's own catalogue binder and counted with the engine's SQL builder.
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
from assistant.understand.followup import inherit
from assistant.understand.models import QueryPlan
from ingestion.mapping import load_mapping
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
CHICAGO = PUBLIC / "chicago-copa-cms"
CHICAGO_COMPLAINTS = "complaints-complaints-cms_2019-2022_2022-09.csv"
CHICAGO_ACCUSED = "complaints-accused-cms_2019-2022_2022-09_p031093.csv"
PHILLY = PUBLIC / "philly"
TODAY = date(2026, 12, 7)
OTHERS = 200


def _middle(ids: pd.Series) -> set[str]:
    unique = list(dict.fromkeys(ids))
    return set(unique[len(unique) // 2:len(unique) // 2 + OTHERS])


@pytest.fixture(scope="module")
def sliced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    root = tmp_path_factory.mktemp("values-slice")
    complaints = pd.read_csv(CHICAGO / CHICAGO_COMPLAINTS, dtype=str, keep_default_na=False)
    accused = pd.read_csv(CHICAGO / CHICAGO_ACCUSED, dtype=str, keep_default_na=False)
    flagged = complaints[(complaints.pursuit_related_i == "Y") | (complaints.police_shooting == "Yes")
                         | (complaints.biased_language_i == "Y")].cr_id
    reprimanded = accused[accused.final_penalty.str.contains("REPRIMAND")].cr_id
    keep = set(flagged) | set(reprimanded) | _middle(complaints.cr_id)
    (root / "chicago").mkdir()
    complaints = complaints[complaints.cr_id.isin(keep)]
    accused = accused[accused.cr_id.isin(keep)]
    complaints.to_csv(root / "chicago" / CHICAGO_COMPLAINTS, index=False)
    accused.to_csv(root / "chicago" / CHICAGO_ACCUSED, index=False)
    philly = pd.read_csv(PHILLY / "ppd_complaints.csv", dtype=str, keep_default_na=False)
    philly["year"] = pd.to_datetime(philly.date_received, format="%m/%d/%y").dt.year
    district = philly[(philly.district_occurrence == "18") & philly.year.isin([2018, 2019])
                      ].complaint_id
    keep = set(district) | _middle(philly.complaint_id)
    (root / "philly").mkdir()
    philly = philly[philly.complaint_id.isin(keep)]
    philly.drop(columns="year").to_csv(root / "philly" / "ppd_complaints.csv", index=False)
    for name in ("ppd_complaint_disciplines.csv", "ppd_complainant_demographics.csv"):
        rows = pd.read_csv(PHILLY / name, dtype=str, keep_default_na=False)
        rows[rows.complaint_id.isin(keep)].to_csv(root / "philly" / name, index=False)
    return {"root": pd.DataFrame({"path": [str(root)]}), "chicago": complaints,
            "accused": accused, "philly": philly}


@pytest.fixture(scope="module")
def con(sliced: dict[str, pd.DataFrame],
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = Path(sliced["root"].path[0])
    con = store.connect(tmp_path_factory.mktemp("values-store") / "records.duckdb")
    aliases: dict[str, list[str]] = {}
    for name in ("chicago", "philly"):
        report = ingest_records(con, name, root / name)
        assert report.error is None, report.error
        aliases.update(load_mapping(name).aliases)
    resolve_people(con)
    catalogue.build(con, aliases)
    yield con
    con.close()


@pytest.fixture(scope="module")
def binder(con: duckdb.DuckDBPyConnection) -> CatalogueBinder:
    return CatalogueBinder(catalogue.load(con), True, catalogue.load_aliases(con))


def _plan(binder: CatalogueBinder, question: str) -> QueryPlan:
    return understand(question, TODAY, InMemoryDirectory([]), [binder])


def _count(con: duckdb.DuckDBPyConnection, plan: QueryPlan, year: int, force: str) -> int:
    """The plan's complaints of `force` in `year`, scoped as the engine scopes them."""
    said = tuple(w for c, w in plan.category_words.items() if c in plan.categories)
    scope = Scope(kind="complaint", cleared=True, forces=(force,), filters=tuple(plan.filters),
                  categories=tuple(plan.categories), said=said, date_from=date(year, 1, 1),
                  date_to=date(year, 12, 31))
    return len(find_records(con, scope).record_ids)


def _chicago(sliced: dict[str, pd.DataFrame], year: int, column: str, yes: str) -> int:
    rows = sliced["chicago"]
    rows = rows[rows.complaint_date.str.startswith(str(year)) & (rows[column] == yes)]
    return rows.cr_id.nunique()


@pytest.mark.parametrize(("question", "column", "yes", "field"), [
    ("How many complaints in 2019 had to do with a pursuit?", "pursuit_related_i", "Y",
     "pursuit_related"),
    ("Number of 2020 complaints involving a police shooting", "police_shooting", "Yes",
     "police_shooting"),
    ("How many 2019 complaints were about biased language?", "biased_language_i", "Y",
     "biased_language"),
])
def test_chicago_indicator_columns_are_linked_from_their_names(
        con: duckdb.DuckDBPyConnection, binder: CatalogueBinder, sliced: dict[str, pd.DataFrame],
        question: str, column: str, yes: str, field: str) -> None:
    plan = _plan(binder, question)
    assert plan.unapplied == [] and [f.field for f in plan.filters] == [field], plan
    assert not plan.categories, plan.categories  # the column, not a taxonomy category
    year = int(next(w for w in question.split() if w.isdigit()))
    expected = _chicago(sliced, year, column, yes)
    assert expected > 0
    assert _count(con, plan, year, "chicago") == expected


@pytest.mark.parametrize("question", [
    "Which 2019 complaints ended in a reprimand for one of the officers?",
    "Complaints of 2019 with a final penalty of reprimand",
    "2019 complaints in which an accused got a reprimand as penalty",  # the field named after
])
def test_a_chicago_penalty_is_linked_from_its_label_and_is_the_final_one(
        con: duckdb.DuckDBPyConnection, binder: CatalogueBinder, sliced: dict[str, pd.DataFrame],
        question: str) -> None:
    plan = _plan(binder, question)
    assert plan.unapplied == [], plan.unapplied
    assert [(f.kind, f.field, f.values) for f in plan.filters] == [
        ("allegation", "outcome", ["100 - REPRIMAND"])]  # the final penalty, not the recommended
    accused = sliced["accused"]
    ids = set(accused[accused.final_penalty == "100 - REPRIMAND"].cr_id)
    complaints = sliced["chicago"]
    expected = complaints[complaints.cr_id.isin(ids)
                          & complaints.complaint_date.str.startswith("2019")].cr_id.nunique()
    assert expected > 0
    assert _count(con, plan, 2019, "chicago") == expected


def test_philadelphias_own_label_is_bound_not_the_wider_taxonomy_category(
        con: duckdb.DuckDBPyConnection, binder: CatalogueBinder,
        sliced: dict[str, pd.DataFrame]) -> None:
    plan = _plan(binder, "How many unprofessional conduct complaints in 2018 were in district 18?")
    assert plan.unapplied == [], plan
    rows = sliced["philly"]
    rows = rows[(rows.year == 2018) & (rows.district_occurrence == "18")]
    label = rows.general_cap_classification.str.strip() == "UNPROFESSIONAL CONDUCT"
    wider = rows.general_cap_classification.str.strip().isin(["UNPROFESSIONAL CONDUCT",
                                                              "VERBAL ABUSE"])
    assert rows[wider].complaint_id.nunique() > rows[label].complaint_id.nunique()
    assert _count(con, plan, 2018, "philadelphia") == rows[label].complaint_id.nunique()
    # words no label holds still read the taxonomy, which counts both labels
    rude = _plan(binder, "How many complaints in 2018 in district 18 were about rudeness?")
    assert rude.categories == ["incivility"], rude
    assert _count(con, rude, 2018, "philadelphia") == rows[wider].complaint_id.nunique()


def test_a_follow_up_keeps_the_label_said_not_the_wider_family(
        con: duckdb.DuckDBPyConnection, binder: CatalogueBinder,
        sliced: dict[str, pd.DataFrame]) -> None:
    """The next year asked elliptically keeps the words the label was said in (the third fresh
    set's follow-up counted 5 in 2019 where the label holds 3)."""
    first = _plan(binder, "Count district 18's unprofessional conduct complaints of 2018.")
    then, inherited = inherit(_plan(binder, "And the following year?"), first)
    assert inherited and then.unapplied == [], (inherited, then)
    rows = sliced["philly"]
    rows = rows[(rows.district_occurrence == "18")]
    label = rows.general_cap_classification.str.strip() == "UNPROFESSIONAL CONDUCT"
    year = then.date_from.year if then.date_from else 0
    assert year == 2019
    expected = rows[label & (rows.year == 2019)].complaint_id.nunique()
    wider = rows.general_cap_classification.str.strip().isin(["UNPROFESSIONAL CONDUCT",
                                                              "VERBAL ABUSE"])
    assert rows[wider & (rows.year == 2019)].complaint_id.nunique() > expected
    assert _count(con, then, 2019, "philadelphia") == expected
