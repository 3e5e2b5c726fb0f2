"""An investigator's paraphrase of a value Chicago's export holds binds that value (issue #13).

Why: on the fourth fresh set (2026-12-07) values the data holds were said in other words and the
engine answered "I could not apply …" over every complaint, or bound the wrong field: a category
said in other words ("Incident in Custody", "Unnecessary Display of Weapon"), a one-word penalty
said as its verb ("400 - SEPARATION": to separate), a penalty whose label carries a quantity
("200 - SUSPENDED OVER 30 DAYS", read as days to closure > 30). The slice keeps every complaint
holding those labels and 200 others; expected figures are computed from it with pandas. Records
only: plans are read with the engine's store-backed binders and counted with its SQL builder.
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
from assistant.catalogue.quantities import QuantityLabelBinder
from assistant.catalogue.wordset import WordSetBinder
from assistant.structured import Scope, find_records
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.accounting import Binder
from assistant.understand.followup import inherit
from assistant.understand.models import QueryPlan
from assistant.understand.numeric import NumericBinder
from ingestion.mapping import load_mapping
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people

CHICAGO = Path(__file__).resolve().parents[1] / "data" / "public" / "chicago-copa-cms"
COMPLAINTS = "complaints-complaints-cms_2019-2022_2022-09.csv"
ACCUSED = "complaints-accused-cms_2019-2022_2022-09_p031093.csv"
TODAY = date(2026, 12, 7)
CUSTODY, DISPLAY = "Incident in Custody", "Unnecessary Display of Weapon"
SEPARATION, OVER_30 = "400 - SEPARATION", "200 - SUSPENDED OVER 30 DAYS"


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    complaints = pd.read_csv(CHICAGO / COMPLAINTS, dtype=str, keep_default_na=False)
    accused = pd.read_csv(CHICAGO / ACCUSED, dtype=str, keep_default_na=False)
    labelled = complaints[complaints.category.isin([CUSTODY, DISPLAY])].cr_id
    penalised = accused[accused.recommended_penalty.isin([SEPARATION, OVER_30])
                        | accused.final_penalty.isin([SEPARATION, OVER_30])].cr_id
    ids = list(dict.fromkeys(complaints.cr_id))
    keep = set(labelled) | set(penalised) | set(ids[len(ids) // 3:len(ids) // 3 + 200])
    return {"complaints": complaints[complaints.cr_id.isin(keep)],
            "accused": accused[accused.cr_id.isin(keep)]}


@pytest.fixture(scope="module")
def con(rows: dict[str, pd.DataFrame],
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    source = tmp_path_factory.mktemp("paraphrase-slice")
    rows["complaints"].to_csv(source / COMPLAINTS, index=False)
    rows["accused"].to_csv(source / ACCUSED, index=False)
    con = store.connect(tmp_path_factory.mktemp("paraphrase-store") / "records.duckdb")
    report = ingest_records(con, "chicago", source)
    assert report.error is None, report.error
    resolve_people(con)
    catalogue.build(con, load_mapping("chicago").aliases)
    yield con
    con.close()


@pytest.fixture(scope="module")
def binders(con: duckdb.DuckDBPyConnection) -> list[Binder]:
    """The engine's store-backed binders, in its order (assistant/service.py)."""
    entries, aliases = catalogue.load(con), catalogue.load_aliases(con)
    return [QuantityLabelBinder(entries, True), NumericBinder(catalogue.numeric_fields(con)),
            WordSetBinder(entries, True, aliases), CatalogueBinder(entries, True, aliases)]


def _plan(binders: list[Binder], question: str) -> QueryPlan:
    return understand(question, TODAY, InMemoryDirectory([]), binders)


def _count(con: duckdb.DuckDBPyConnection, plan: QueryPlan, year: int | None = None) -> int:
    said = tuple(w for c, w in plan.category_words.items() if c in plan.categories)
    scope = Scope(kind="complaint", cleared=True, forces=("chicago",), filters=tuple(plan.filters),
                  categories=tuple(plan.categories), said=said,
                  date_from=date(year, 1, 1) if year else None,
                  date_to=date(year, 12, 31) if year else None)
    return len(find_records(con, scope).record_ids)


def _complaints(rows: dict[str, pd.DataFrame], year: int | None, *, category: str = "",
                recommended: str = "") -> int:
    """Complaints of `year` holding the category (complaint or accused row) or recommendation."""
    complaints, accused = rows["complaints"], rows["accused"]
    if category:
        ids = set(complaints[complaints.category == category].cr_id) | set(
            accused[accused.allegation_category == category].cr_id)
    else:
        ids = set(accused[accused.recommended_penalty == recommended].cr_id)
    held = complaints[complaints.cr_id.isin(ids)]
    if year:
        held = held[held.complaint_date.str.startswith(str(year))]
    return held.cr_id.nunique()


def _fields(plan: QueryPlan) -> list[tuple[str, list[str]]]:
    return [(f.field, f.values) for f in plan.filters]


@pytest.mark.parametrize(("question", "category", "year"), [
    ("Give a complaint count for anything that occurred to a detainee in custody.",
     CUSTODY, None),
    ("Complaints during 2021 where something occurred to someone while in custody?",
     CUSTODY, 2021),
    ("Count complaints in 2022 of an officer needlessly showing a weapon... displaying it.",
     DISPLAY, 2022),
    ("2020 complaints that an officer gratuitously displayed his weapon: how many?",
     DISPLAY, 2020),
])
def test_a_category_said_in_other_words_binds_the_held_label(
        con: duckdb.DuckDBPyConnection, binders: list[Binder], rows: dict[str, pd.DataFrame],
        question: str, category: str, year: int | None) -> None:
    plan = _plan(binders, question)
    assert plan.unapplied == [], (plan.unapplied, plan.claims)
    held = {v for f in plan.filters for v in f.values} | set(plan.categories)
    assert held == {category}, plan
    assert _count(con, plan, year) == _complaints(rows, year, category=category)


def test_the_custody_label_counts_a_true_zero_for_a_year_without_one(
        con: duckdb.DuckDBPyConnection, binders: list[Binder],
        rows: dict[str, pd.DataFrame]) -> None:
    assert _complaints(rows, 2019, category=CUSTODY) == 0 < _complaints(rows, None,
                                                                        category=CUSTODY)
    plan = _plan(binders, "Was any 2019 complaint about anything that happened to someone "
                          "held in custody?")
    assert plan.unapplied == [] and _count(con, plan, 2019) == 0, plan


@pytest.mark.parametrize("question", [
    "How many 2021 complaints included a recommendation to separate the accused?",
    "In 2021, on how many complaints was it recommended to separate an officer?",
    "In 2021 how many complaints had investigators recommending that he be separated from the force?",
])
def test_a_one_word_penalty_said_as_its_verb_binds_the_recommendation(
        con: duckdb.DuckDBPyConnection, binders: list[Binder], rows: dict[str, pd.DataFrame],
        question: str) -> None:
    plan = _plan(binders, question)
    assert plan.unapplied == [], plan.unapplied
    assert _fields(plan) == [("recommended_penalty", [SEPARATION])]
    expected = _complaints(rows, 2021, recommended=SEPARATION)
    assert expected > 0 and _count(con, plan, 2021) == expected


def test_separate_as_an_adjective_is_not_the_penalty(binders: list[Binder]) -> None:
    plan = _plan(binders, "How many separate complaints from 2021 are there?")
    assert plan.filters == [], plan.filters


@pytest.mark.parametrize("question", [
    "How many 2021 complaints had a suspension of more than thirty days recommended?",
    "2021 complaints where the investigation recommended suspending an officer for over 30 days",
    "In 2021, count complaints with a recommended suspension longer than 30 days.",
])
def test_a_penalty_label_holding_a_quantity_binds_the_label_not_a_numeric_field(
        con: duckdb.DuckDBPyConnection, binders: list[Binder], rows: dict[str, pd.DataFrame],
        question: str) -> None:
    plan = _plan(binders, question)
    assert plan.unapplied == [], plan.unapplied
    assert _fields(plan) == [("recommended_penalty", [OVER_30])], plan.filters
    assert plan.date_from == date(2021, 1, 1) and plan.date_to == date(2021, 12, 31)
    expected = _complaints(rows, 2021, recommended=OVER_30)
    assert expected > 0 and _count(con, plan, 2021) == expected


def test_a_quantity_without_the_labels_words_stays_a_numeric_comparison(
        binders: list[Binder]) -> None:
    plan = _plan(binders, "How many complaints took more than 30 days to close in 2021?")
    assert [(f.field, f.op) for f in plan.filters] == [("days_to_closure", "gt")], plan.filters


def test_a_follow_up_naming_another_penalty_replaces_the_previous_one(
        con: duckdb.DuckDBPyConnection, binders: list[Binder],
        rows: dict[str, pd.DataFrame]) -> None:
    first = _plan(binders, "How many 2021 complaints included a recommendation to separate "
                           "the accused?")
    then, inherited = inherit(_plan(binders, "Same year: and with a recommended suspension "
                                             "above thirty days?"), first)
    assert inherited and then.unapplied == [], (inherited, then.unapplied)
    assert _fields(then) == [("recommended_penalty", [OVER_30])], then.filters
    assert then.date_from == date(2021, 1, 1)
    assert _count(con, then, 2021) == _complaints(rows, 2021, recommended=OVER_30)
