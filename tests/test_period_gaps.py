"""Periods said apart are those periods only; an open start and an open end said together bound
one period. Asked of the real engine over a slice of the real Philadelphia complaints file.

Why: "received in 2015 or 2018" was answered over 2015–2018 (2016 and 2017 counted too), "since
2016 but before 2018" over every complaint up to today, and "after 2015 and before 2018" as
"2015 and before" plus 2018. Expected figures are computed with pandas from the slice's rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from assistant.answers import User
from assistant.service import Engine
from tests.exports import counted_ids, export_engine

PHILLY = Path(__file__).resolve().parents[1] / "data" / "public" / "philly" / "ppd_complaints.csv"
READER = User(name="gaps-test", role="senior_investigator")
MAPPING = """
name: ppdslice
force: philadelphia
namespace: ppd
defaults:
  date_formats: ["%m/%d/%y"]
records:
  - kind: complaint
    file: complaints.csv
    id: "{complaint_id}"
    fields:
      reference: complaint_id
      received_date: date_received
      category: general_cap_classification
"""


@pytest.fixture(scope="module")
def sliced() -> pd.DataFrame:
    rows = pd.read_csv(PHILLY, dtype=str)[["complaint_id", "date_received",
                                           "general_cap_classification"]]
    rows = rows.iloc[::12].reset_index(drop=True)  # every twelfth complaint, all years
    rows["year"] = pd.to_datetime(rows["date_received"], format="%m/%d/%y").dt.year
    return rows


@pytest.fixture(scope="module")
def engine(sliced: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    files = {"complaints.csv": sliced.drop(columns=["year"]).to_csv(index=False)}
    with export_engine(tmp_path_factory.mktemp("gaps"), files, MAPPING) as engine:
        yield engine


def _ids(rows: pd.DataFrame) -> set[str]:
    return set(rows["complaint_id"])


def test_years_said_apart_leave_out_the_years_between(engine: Engine,
                                                      sliced: pd.DataFrame) -> None:
    answer = engine.answer("Tell me how many complaints arrived in 2015 or in 2018", READER)
    expected = _ids(sliced[sliced["year"].isin([2015, 2018])])
    assert counted_ids(answer) == expected, answer.answer
    assert f"{len(expected)} " in answer.answer, answer.answer
    assert "in 2015 or in 2018" in answer.interpretation and not answer.unapplied, \
        answer.interpretation


def test_months_said_apart_are_those_months(engine: Engine, sliced: pd.DataFrame) -> None:
    answer = engine.answer("List complaints that arrived in May 2016 and May 2019", READER)
    month = pd.to_datetime(sliced["date_received"], format="%m/%d/%y").dt.strftime("%Y-%m")
    assert counted_ids(answer) == _ids(sliced[month.isin(["2016-05", "2019-05"])]), answer.answer


@pytest.mark.parametrize("question", ["Tell me how many complaints arrived since 2016 but "
                                      "before 2018",
                                      "Tell me how many complaints arrived after 2015 and "
                                      "before 2018"])
def test_an_open_start_and_an_open_end_bound_one_period(engine: Engine, sliced: pd.DataFrame,
                                                        question: str) -> None:
    answer = engine.answer(question, READER)
    assert counted_ids(answer) == _ids(sliced[sliced["year"].isin([2016, 2017])]), \
        answer.interpretation
