"""A ranking over a date bucket (month, year) is ordered by count, not by the calendar.

Why: a breakdown by month or year was always put in calendar order before the top N was cut,
so "which month of 2021 had the most …" answered with January (3) while September and December
had 6 each. A ranking orders by count (ties at the cut named), a plain breakdown over time stays
in calendar order. Real ingest of a tiny export (tests/exports.py), the real engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.answers import User
from assistant.service import Engine
from tests.exports import export_engine

SENIOR = User(name="ranked-dates-test", role="senior_investigator")
MAPPING = """
name: dated
force: dated
namespace: dated
records:
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {reference: ref, received_date: received, category: category, narrative: account}
"""
# 2024: January 1, February 2, March 3, April 3 (the tie at the top), May 1; 2023: one.
_DATES = ["2023-06-03", "2024-01-09", "2024-02-06", "2024-02-20", "2024-03-04", "2024-03-11",
          "2024-03-25", "2024-04-02", "2024-04-16", "2024-04-29", "2024-05-14"]
FILES = {"complaints.csv": "ref,received,category,account\n" + "".join(
    f'D{n},{day},Incivility,"The officer was rude to me (visit {n})."\n'
    for n, day in enumerate(_DATES, 1))}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with export_engine(tmp_path_factory.mktemp("dated"), FILES, MAPPING) as engine:
        yield engine


def groups(text: str) -> list[tuple[str, int]]:
    return [(g, int(n)) for g, n in re.findall(r"^- (.+?): (\d+)", text, re.M)]


def test_the_top_month_is_the_busiest_with_its_tie(engine: Engine) -> None:
    answer = engine.answer("In 2024 which month had the most complaints?", SENIOR)
    assert groups(answer.answer) == [("2024-03", 3), ("2024-04", 3)], answer.answer
    assert "2 are tied on 3" in answer.answer
    assert not answer.unapplied, answer.interpretation


def test_peak_is_a_top_one_ranking_word(engine: Engine) -> None:
    answer = engine.answer("Peak month of 2024 for complaints?", SENIOR)
    assert groups(answer.answer) == [("2024-03", 3), ("2024-04", 3)], answer.answer
    assert not answer.unapplied, answer.interpretation


def test_a_ranking_of_years_is_by_count(engine: Engine) -> None:
    most = engine.answer("Which year had the most complaints?", SENIOR)
    assert groups(most.answer) == [("2024", 10)], most.answer
    fewest = engine.answer("Which year had the fewest complaints?", SENIOR)
    assert groups(fewest.answer) == [("2023", 1)], fewest.answer


def test_a_breakdown_over_time_stays_in_calendar_order(engine: Engine) -> None:
    answer = engine.answer("Complaints received during 2024, month by month.", SENIOR)
    assert groups(answer.answer) == [("2024-01", 1), ("2024-02", 2), ("2024-03", 3),
                                     ("2024-04", 3), ("2024-05", 1)], answer.answer


def test_the_verb_of_a_ranked_month_is_read(engine: Engine) -> None:
    answer = engine.answer("Which month of 2024 saw the greatest complaint tally?", SENIOR)
    assert groups(answer.answer) == [("2024-03", 3), ("2024-04", 3)], answer.answer
    assert not answer.unapplied, answer.interpretation
