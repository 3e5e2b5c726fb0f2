"""Bare ellipsis follow-ups and "each counted once", asked of the real engine over a real slice
of the Philadelphia export (its 2017–2019 complaints that arose in the 12th or 25th district,
ingested for real), through the conversation paths a user has: POST /v1/ask with a
conversation_id and `probity ask --conversation`. Every expected figure is computed here from the
CSV rows, never by the engine.

Why: a short follow-up that changes one constraint ("how did that figure look a year earlier?")
fell into the narrative search, or kept the previous grouping but lost what it counted (a count
of distinct officers became a ranking of them); asked with no earlier question it was answered
as if it stood alone (every complaint of the year). "Each officer counted once" was read as a
per-officer breakdown with 'once' left over. Wording here is the tests' own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.answers import User
from assistant.api.app import create_app
from assistant.identity import os_user
from assistant.keys import KeyStore
from assistant.service import Engine
from tests.exports import PHILLY, csv_rows, philly_engine

ROOT = Path(__file__).resolve().parents[1]
READER = User(name="ellipsis-test", role="senior_investigator")
Rows = tuple[list[dict[str, str]], list[dict[str, str]]]


def year(row: dict[str, str]) -> int:
    return datetime.strptime(row["date_received"], "%m/%d/%y").year


@pytest.fixture(scope="module")
def rows() -> Rows:
    complaints = [r for r in csv_rows(PHILLY / "ppd_complaints.csv")
                  if year(r) in (2017, 2018, 2019) and r["district_occurrence"] in ("12", "25")]
    ids = {r["complaint_id"] for r in complaints}
    return complaints, [r for r in csv_rows(PHILLY / "ppd_complaint_disciplines.csv")
                        if r["complaint_id"] in ids]


@pytest.fixture(scope="module")
def engine(rows: Rows, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with philly_engine(tmp_path_factory.mktemp("philly-ellipsis"), *rows) as eng:
        yield eng


def complaints_in(rows: Rows, when: int, district: str, sustained: bool = False) -> int:
    complaints, allegations = rows
    held = {r["complaint_id"] for r in allegations if r["investigative_findings"] ==
            "Sustained Finding"}
    return len({r["complaint_id"] for r in complaints if year(r) == when and
                r["district_occurrence"] == district and
                (not sustained or r["complaint_id"] in held)})


def officers_in(rows: Rows, when: int, district: str) -> int:
    complaints, allegations = rows
    ids = {r["complaint_id"] for r in complaints if year(r) == when and
           r["district_occurrence"] == district}
    return len({r["officer_id"] for r in allegations if r["complaint_id"] in ids and
                r["officer_id"]})


def first_number(text: str) -> int:
    found = re.search(r"\d[\d,]*", text)
    assert found, text
    return int(found[0].replace(",", ""))


def test_a_follow_up_changing_one_constraint_keeps_the_rest(engine: Engine, rows: Rows) -> None:
    with TestClient(create_app(engine.settings)) as client:
        key = KeyStore(engine.settings.data_dir / "keys.sqlite").create("ellipsis", "investigator")[1]
        headers = {"Authorization": f"Bearer {key}", "X-Case-Ref": "ELL/1"}

        def ask(question: str) -> dict[str, Any]:
            r = client.post("/v1/ask", headers=headers,
                            json={"question": question, "conversation_id": "ell-api"})
            assert r.status_code == 200, r.text
            return dict(r.json())

        first = ask("Count the complaints Philadelphia received during 2018 that arose in "
                    "district 25.")
        assert first_number(first["answer"]) == complaints_in(rows, 2018, "25"), first["answer"]
        # a year moved relative to the previous one, said with a pointer back: not a text search
        back = ask("How did that figure look a year earlier?")
        assert first_number(back["answer"]) == complaints_in(rows, 2017, "25"), back["answer"]
        assert "from the conversation" in back["interpretation"] and not back["unapplied"], back
        # a new district replaces the old one; the year (2017 now) is kept
        other = ask("Same query for the 12th district")
        assert first_number(other["answer"]) == complaints_in(rows, 2017, "12"), other["answer"]
        assert not other["unapplied"], other["interpretation"]
        # a finding added, said without any operation of its own: still the count
        narrowed = ask("and just the ones that ended up sustained?")
        assert first_number(narrowed["answer"]) == complaints_in(rows, 2017, "12", True), narrowed
        assert narrowed["intent"] == "count" and not narrowed["unapplied"], narrowed


def test_a_count_of_distinct_officers_stays_one_after_a_follow_up(engine: Engine,
                                                                   rows: Rows) -> None:
    def turn(question: str) -> str:
        return engine.answer(question, READER, conversation_id="ell-officers").answer

    said = turn("How many separate officers were accused in district 12 complaints received "
                "in 2018?")
    assert first_number(said) == officers_in(rows, 2018, "12"), said
    after = turn("what about the year after?")
    assert first_number(after) == officers_in(rows, 2019, "12"), after
    assert "by officer" not in after, after  # a number of officers, never a ranking of them


def test_a_follow_up_with_nothing_to_follow_is_not_answered_alone(engine: Engine) -> None:
    for question in ("What about in 2019?", "How did that figure look a year earlier?",
                     "And of those, how many were sustained?"):
        for conversation in (None, "ell-never-started"):
            answer = engine.answer(question, READER, conversation_id=conversation)
            assert answer.abstained and answer.unapplied, (question, answer.answer)
            assert "follow-up" in answer.answer and not answer.citations, answer.answer
    # a question naming its own records after "what about" stands alone
    alone = engine.answer("What about complaints from district 12 in 2019?", READER)
    assert not alone.abstained, alone.answer


def cli(engine: Engine, *args: str) -> dict[str, Any]:
    KeyStore(engine.settings.data_dir / "keys.sqlite").grant(os_user(), "investigator")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROBITY_TODAY": str(engine.settings.today)}
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", *args, "--case", "ELL/2",
                           "--json", "--data-dir", str(engine.settings.data_dir)],
                          capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    return dict(json.loads(done.stdout))


def test_the_cli_follow_up_moves_the_previous_year_back(engine: Engine, rows: Rows) -> None:
    cli(engine, "How many Philadelphia complaints came from the 12th district in 2019?",
        "--conversation", "ell-cli")
    then = cli(engine, "How about a year before that one?", "--conversation", "ell-cli")
    assert first_number(then["answer"]) == complaints_in(rows, 2018, "12"), then["answer"]
    assert "moved back a year" in then["interpretation"] and not then["unapplied"], then


@pytest.mark.parametrize("question", [
    "Every officer counted just once; how many were accused in district 25 complaints from 2019?",
    "Counting every officer only one time, how many had 2019 complaints in district 25?",
    "In district 25 during 2019, how many officers were accused, without double counting?",
])
def test_each_counted_once_is_a_count_of_distinct_officers(engine: Engine, rows: Rows,
                                                           question: str) -> None:
    answer = engine.answer(question, READER)
    assert not answer.unapplied and not answer.abstained, answer.interpretation
    assert first_number(answer.answer) == officers_in(rows, 2019, "25"), answer.answer
