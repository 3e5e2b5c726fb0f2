"""Groups ranked by the distinct officers their records name ("the unit with the most different
officers …"), asked of the real engine over a real slice of the Philadelphia export (its 2019
complaints in six districts, ingested for real). Every expected count is computed here with
pandas from the CSV rows, never by the engine.

Why: issue #13 — a unit ranked by "the number of different officers" whose allegation was
sustained was ranked by allegations (one officer with three sustained allegations counted
three times), a confidently wrong leader.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from assistant.answers import Answer, User
from tests.exports import PHILLY, philly_engine

DISTRICTS = {"14", "15", "19", "22", "24", "35"}
SENIOR = User(name="group-people-test", role="senior_investigator")
SUSTAINED = "Sustained Finding"


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    complaints = pd.read_csv(PHILLY / "ppd_complaints.csv", dtype=str, keep_default_na=False)
    received = pd.to_datetime(complaints["date_received"], format="%m/%d/%y")
    complaints = complaints[(received.dt.year == 2019) &
                            complaints["district_occurrence"].isin(DISTRICTS)]
    allegations = pd.read_csv(PHILLY / "ppd_complaint_disciplines.csv", dtype=str,
                              keep_default_na=False)
    allegations = allegations[allegations["complaint_id"].isin(set(complaints["complaint_id"]))]
    return complaints, allegations


@pytest.fixture(scope="module")
def engine(frames, tmp_path_factory: pytest.TempPathFactory):
    complaints, allegations = frames
    with philly_engine(tmp_path_factory.mktemp("philly-people-slice"),
                       complaints.to_dict("records"), allegations.to_dict("records")) as eng:
        yield eng


def sustained(frames: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    rows = frames[1].drop_duplicates()
    return rows[(rows["investigative_findings"] == SUSTAINED) & (rows["po_assigned_unit"] != "")]


def lines(answer: Answer) -> dict[str, int]:
    """{unit: n} from the answer's '- UNIT: n [..]' lines."""
    return {m[1]: int(m[2].replace(",", "")) for m in
            re.finditer(r"^- (.+?): ([\d,]+)\b", answer.answer, re.M)}


@pytest.mark.parametrize("question", [
    "In 2019 which unit had the most distinct officers with sustained allegations?",
    "During 2019, what unit holds the greatest number of officers sustained against?",
    "For 2019 complaints with a sustained finding, which unit has the most individual officers?",
])
def test_units_ranked_by_distinct_officers(engine, frames, question: str) -> None:
    people = sustained(frames).groupby("po_assigned_unit")["officer_id"].nunique()
    allegations = sustained(frames).groupby("po_assigned_unit").size()
    assert (people != allegations).any()  # the slice tells the two readings apart
    ans = engine.answer(question, SENIOR, "CASE-1")
    shown = lines(ans)
    assert shown, ans.answer
    assert shown == {unit: int(people[unit]) for unit in shown}, ans.answer
    top = int(people.max())
    assert {u for u, n in shown.items() if n == top} == set(people[people == top].index)
    assert "distinct officers per unit" in ans.interpretation


def test_units_ranked_by_allegations_unchanged(engine, frames) -> None:
    allegations = sustained(frames).groupby("po_assigned_unit").size()
    ans = engine.answer("Which unit had the most sustained allegations in 2019?", SENIOR, "CASE-1")
    shown = lines(ans)
    assert shown and shown == {unit: int(allegations[unit]) for unit in shown}, ans.answer
    assert "distinct officers" not in ans.interpretation


# A breakdown counts the noun its verb or count names ("split the allegations … by", "an
# allegation tally"), even when that noun is said again inside the grouping ("by allegation
# type") and another kind scopes it ("of 2019 complaints").
@pytest.mark.parametrize("question", [
    "Please break the allegations of 2019 complaints down by allegation type.",
    "Over the complaints of 2019, show me an allegation tally for each type of allegation.",
])
def test_allegations_broken_down_by_their_type(engine, frames, question: str) -> None:
    rows = frames[1].drop_duplicates()
    expected = rows.groupby("allegations_investigated").size()
    ans = engine.answer(question, SENIOR, "CASE-1")
    assert ans.answer.startswith("Allegations"), ans.answer
    shown = lines(ans)
    assert shown and shown == {t: int(expected[t]) for t in shown}, ans.answer
    assert f"Total: {len(rows):,} allegations" in ans.answer
