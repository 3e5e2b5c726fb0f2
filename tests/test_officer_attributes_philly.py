"""Who the accused officer was — their own district, their race, their sex — read as the
officer's, asked of the real engine over a real slice of the Philadelphia export (its 2018
complaints that arose in, or named an officer of, the 22nd or 25th district; ingested for real).
Every expected figure is computed here from the CSV rows with the csv module, never by the engine.

Why: "officers posted to the 6th district" was read as the district the complaint arose in (the
export keeps both: `district_occurrence`, and `po_assigned_unit` on each accused officer's row);
"Black and white officers" compared was one filter or "Black" a surname; "by sex" grouped by the
complainant's sex or nothing (the officers' field is named gender); "break down the accused
officers by race" counted allegations, not officers.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from assistant.answers import User
from tests.exports import PHILLY, csv_rows, philly_engine

DISTRICTS = {"22", "25"}
READER = User(name="officer-attr-test", role="senior_investigator")


@pytest.fixture(scope="module")
def rows() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(complaints, allegation rows) of the slice."""
    complaints = [r for r in csv_rows(PHILLY / "ppd_complaints.csv")
                  if datetime.strptime(r["date_received"], "%m/%d/%y").year == 2018]
    ids = {r["complaint_id"] for r in complaints}
    rows = [r for r in csv_rows(PHILLY / "ppd_complaint_disciplines.csv")
            if r["complaint_id"] in ids]
    keep = {r["complaint_id"] for r in complaints if r["district_occurrence"] in DISTRICTS} | {
        r["complaint_id"] for r in rows if r["po_district_number"] in DISTRICTS}
    return ([r for r in complaints if r["complaint_id"] in keep],
            [r for r in rows if r["complaint_id"] in keep])


@pytest.fixture(scope="module")
def engine(rows, tmp_path_factory: pytest.TempPathFactory):
    with philly_engine(tmp_path_factory.mktemp("philly-officers"), *rows) as eng:
        yield eng


def first_number(text: str) -> int:
    found = re.search(r"\d[\d,]*", text)
    assert found, text
    return int(found[0].replace(",", ""))


@pytest.mark.parametrize(("question", "district"), [
    ("What number of complaints name an officer posted to the 22nd district?", "22"),
    ("Count complaints against 25th district officers.", "25"),
    ("Tally complaints where the accused's own district was the 25th.", "25"),
])
def test_officers_own_district_is_not_where_it_happened(engine, rows, question: str,
                                                        district: str) -> None:
    complaints, allegations = rows
    own = {r["complaint_id"] for r in allegations if r["po_district_number"] == district}
    there = {r["complaint_id"] for r in complaints if r["district_occurrence"] == district}
    assert own != there and len(own) != len(there)  # the two readings differ on this slice
    answer = engine.answer(question, READER)
    assert answer.unapplied == [] and not answer.abstained, answer.answer
    assert first_number(answer.answer) == len(own), answer.answer


def test_where_it_happened_stays_the_complaints_district(engine, rows) -> None:
    complaints, _ = rows
    there = {r["complaint_id"] for r in complaints if r["district_occurrence"] == "22"}
    answer = engine.answer("How many complaints arose in district 22?", READER)
    assert first_number(answer.answer) == len(there), answer.answer


def _unique(allegations: list[dict[str, str]]) -> list[dict[str, str]]:
    """The allegation rows ingest keeps: a row repeating an earlier one verbatim is dropped."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for r in allegations:
        if (key := tuple(r.values())) not in seen:
            seen.add(key)
            out.append(r)
    return out


@pytest.mark.parametrize("question", [
    "Compare Black and white officers by how many physical abuse allegations they got",
    "Did white officers or Black officers get more physical abuse allegations?",
])
def test_two_races_said_side_by_side_are_compared(engine, rows, question: str) -> None:
    _, allegations = rows
    per = {race: sum(1 for r in _unique(allegations) if r["po_race"] == race
                     and r["allegations_investigated"] == "Physical Abuse")
           for race in ("black", "white")}
    assert per["black"] != per["white"]
    answer = engine.answer(question, READER)
    assert answer.unapplied == [] and not answer.abstained, answer.answer
    assert "ambiguous" not in answer.answer.lower() and "officer black" not in answer.answer.lower()
    for race, n in per.items():
        assert re.search(rf"{race}\W[^\n]*?\b{n}\b", answer.answer, re.I), (race, n, answer.answer)


@pytest.mark.parametrize(("question", "column"), [
    ("Break down the accused officers by sex.", "po_sex"),
    ("Split the officers according to their race.", "po_race"),
])
def test_officers_broken_down_are_counted_once_each(engine, rows, question: str,
                                                    column: str) -> None:
    _, allegations = rows
    officers: dict[str, set[str]] = {}
    for r in allegations:
        if r["officer_id"] and r[column]:
            officers.setdefault(r[column], set()).add(r["officer_id"])
    answer = engine.answer(question, READER)
    assert answer.unapplied == [] and not answer.abstained, answer.answer
    assert "complainant" not in answer.interpretation.lower(), answer.interpretation
    for value, ids in officers.items():
        assert re.search(rf"{value}\W[^\n]*?\b{len(ids)}\b", answer.answer, re.I), (
            value, len(ids), answer.answer)
