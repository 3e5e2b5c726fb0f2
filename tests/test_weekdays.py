"""Days of the week, read from each record kind's own date field: a filter ("lodged at
weekends", "on Fridays in March") and a grouping ("per day of the week", "which weekday … most").

Why: the day of the week is derivable from the date every record kind keeps, yet such a
constraint was reported unapplied or searched for in the narratives. Expected figures come from
pandas over the same real rows: a Philadelphia slice (date_received) and the synthetic force's
audit log (timestamp), each ingested for real.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from assistant.answers import Answer, User
from assistant.service import Engine
from assistant.settings import Settings
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.weekdays import said_weekdays
from tests.conftest import API_PHILLY_COMPLAINTS

READER = User(name="weekday-test", role="senior_investigator")
PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public" / "philly"
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def count_of(answer: Answer) -> int:
    m = re.search(r"([\d,]+) (?:complaints?|system searches|system search)", answer.answer)
    assert m, answer.answer
    return int(m.group(1).replace(",", ""))


def groups(text: str) -> list[tuple[str, int]]:
    return [(g, int(n.replace(",", ""))) for g, n in re.findall(r"^- (\w+): ([\d,]+)", text, re.M)]


@pytest.fixture(scope="module")
def philly() -> pd.DataFrame:
    """The Philadelphia complaints of the api store (conftest): the first ones of 2019."""
    frame = pd.read_csv(PUBLIC / "ppd_complaints.csv", dtype=str)
    frame = frame[frame["date_received"].str.endswith("/19")].head(API_PHILLY_COMPLAINTS)
    frame["day"] = pd.to_datetime(frame["date_received"], format="%m/%d/%y").dt.day_name()
    return frame


@pytest.fixture(scope="module")
def engine(api_store: Settings) -> Iterator[Engine]:
    engine = Engine(api_store)
    yield engine
    engine.close()


def test_days_said_in_words_become_iso_weekdays() -> None:
    assert said_weekdays("audits run over Saturdays and Sundays")[0] == [6, 7]
    assert said_weekdays("anything lodged at weekends")[0] == [6, 7]
    assert said_weekdays("over weekend days")[1] == [(0, 17)]
    assert said_weekdays("on working days only")[0] == [1, 2, 3, 4, 5]
    assert said_weekdays("leave beginning on a Monday or a Friday")[0] == [1, 5]


def test_a_weekday_said_as_one_date_is_not_every_such_day() -> None:
    assert said_weekdays("what came in last Friday")[0] == []
    assert said_weekdays("the stop on Monday 3 June")[0] == []


def test_a_weekday_filter_is_claimed_and_shown_on_the_record_date() -> None:
    plan = understand("tally the complaints lodged at weekends during 2020", TODAY,
                      InMemoryDirectory([]))
    assert plan.weekdays == [6, 7] and not plan.unapplied, plan
    assert plan.intent == "count"


def test_on_the_narrative_path_a_weekday_stays_in_the_search_text() -> None:
    plan = understand("complaints describing a Saturday night brawl outside a bar", TODAY,
                      InMemoryDirectory([]))
    assert plan.intent == "describe" and "Saturday" in plan.topic_text, plan


def test_philadelphia_weekday_counts_match_pandas(engine: Engine, philly: pd.DataFrame) -> None:
    answer = engine.answer("Tally the Philadelphia complaints lodged at weekends in 2019", READER)
    assert not answer.unapplied, answer.interpretation
    assert "received in 2019 on a Saturday or Sunday" in answer.interpretation
    weekend = int(philly["day"].isin(["Saturday", "Sunday"]).sum())
    assert (count_of(answer) if weekend else 0) == weekend, answer.answer
    if not weekend:  # the slice has none: said as none, never every complaint
        assert answer.answer.startswith("No complaints"), answer.answer
    expected = int(philly["day"].isin(["Tuesday", "Friday"]).sum())
    answer = engine.answer("Tally the Philadelphia complaints lodged on Tuesdays or Fridays",
                           READER)
    assert not answer.unapplied and "on a Tuesday or Friday" in answer.interpretation, answer
    assert expected and count_of(answer) == expected, answer.answer


def test_philadelphia_weekday_breakdown_matches_pandas(engine: Engine,
                                                       philly: pd.DataFrame) -> None:
    counts = philly["day"].value_counts()
    answer = engine.answer("Split the Philadelphia complaints of 2019 by day of the week", READER)
    assert not answer.unapplied, answer.interpretation
    assert groups(answer.answer) == [(d, int(counts[d])) for d in DAYS if d in counts]
    if none := [d for d in DAYS if d not in counts]:  # days with none are named, not dropped
        assert f"None on {' or '.join(none)}." in answer.answer


def test_philadelphia_busiest_weekday_names_every_tie(engine: Engine,
                                                      philly: pd.DataFrame) -> None:
    counts = philly["day"].value_counts()
    top = sorted(d for d in counts.index if counts[d] == counts.max())
    answer = engine.answer("For Philadelphia in 2019, which weekday drew the highest number "
                           "of complaints?", READER)
    assert not answer.unapplied, answer.interpretation
    assert sorted(g for g, _ in groups(answer.answer)) == top, answer.answer
    assert {n for _, n in groups(answer.answer)} == {int(counts.max())}


def test_a_weekday_combines_with_a_month(engine: Engine, philly: pd.DataFrame) -> None:
    dates = pd.to_datetime(philly["date_received"], format="%m/%d/%y")
    month = int(dates.dt.month.mode()[0])
    name = dates[dates.dt.month == month].dt.strftime("%B").iloc[0]
    day = philly[dates.dt.month == month]["day"].mode()[0]
    expected = int(((dates.dt.month == month) & (philly["day"] == day)).sum())
    answer = engine.answer(f"Philadelphia complaints filed on {day}s in {name} 2019, how many?",
                           READER)
    assert not answer.unapplied, answer.interpretation
    assert count_of(answer) == expected, answer.answer


def test_synthetic_audit_searches_on_a_sunday_match_pandas(synthetic_engine: Engine,
                                                           synthetic_source: Path) -> None:
    lines = (synthetic_source / "audit" / "system_access.jsonl").read_text().splitlines()
    events = pd.DataFrame([json.loads(x) for x in lines])
    expected = int((pd.to_datetime(events["timestamp"]).dt.dayofweek == 6).sum())
    answer = synthetic_engine.answer("how many system searches happened on Sundays?", READER)
    assert not answer.unapplied, answer.interpretation
    assert "searched on a Sunday" in answer.interpretation
    assert count_of(answer) == expected, answer.answer


TODAY = pd.Timestamp("2024-06-30").date()
