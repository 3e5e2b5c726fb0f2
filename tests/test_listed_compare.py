"""Values of one field compared when the question lists them apart from the field's noun ("which
district, 22 or 8, …", "was it 16 or 9", "3 or district 26: which had more", "which of districts
6, 9 and 12 …"), asked of the real engine over a real slice of the Philadelphia export (its 2017
complaints in eight districts, ingested for real). Every expected count is computed here from the
CSV rows with the csv module, never by the engine.

Why: issue #13 — a district question listing two bare numbers between commas was answered "I
could not apply" those numbers; two values said before the question ("X or Y: which had more") and three values had no
comparison at all, and a tie among three was never said.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from assistant.answers import Answer, User
from tests.exports import csv_rows, write_csv

PHILLY = Path(__file__).resolve().parents[1] / "data" / "public" / "philly"
DISTRICTS = {"3", "6", "8", "9", "12", "16", "22", "26"}
SENIOR = User(name="listed-test", role="senior_investigator")


def year(r: dict[str, str]) -> int:
    return datetime.strptime(r["date_received"], "%m/%d/%y").year


@pytest.fixture(scope="module")
def complaints() -> list[dict[str, str]]:
    return [r for r in csv_rows(PHILLY / "ppd_complaints.csv")
            if year(r) == 2017 and r["district_occurrence"] in DISTRICTS]


@pytest.fixture(scope="module")
def engine(complaints, tmp_path_factory: pytest.TempPathFactory):
    from assistant.service import Engine
    from assistant.settings import Settings
    from ingestion.run import ingest

    src = tmp_path_factory.mktemp("philly-slice")
    ids = {r["complaint_id"] for r in complaints}
    write_csv(src / "ppd_complaints.csv", complaints)
    for name in ("ppd_complaint_disciplines.csv", "ppd_complainant_demographics.csv"):
        write_csv(src / name, [r for r in csv_rows(PHILLY / name) if r["complaint_id"] in ids])
    settings = Settings(data_dir=tmp_path_factory.mktemp("philly-data"), today=date(2026, 1, 1))
    summary = ingest(settings, ["philly"], src, show_progress=False)
    assert not summary.failed, [s.error for s in summary.sources]
    eng = Engine(settings)
    yield eng
    eng.close()


def per_district(complaints: list[dict[str, str]], category: str | None = None) -> Counter[str]:
    return Counter(r["district_occurrence"] for r in complaints
                   if category is None or r["general_cap_classification"] == category)


def counts(answer: Answer) -> dict[str, int]:
    """{district number: count} from the answer's '- District N: n complaints' lines."""
    return {m[1]: int(m[2].replace(",", "")) for m in
            re.finditer(r"^- District (\d+): ([\d,]+) complaints?", answer.answer, re.M)}


@pytest.mark.parametrize(("question", "said", "category"), [
    ("For 2017, which district, 22 or 8, took in more complaints?", ["22", "8"], None),
    ("Was it 16 or 9 — which district saw more complaints during 2017?", ["16", "9"], None),
    ("District 3 or 26: which one had more 2017 lack of service complaints?", ["3", "26"],
     "LACK OF SERVICE"),
    ("Complaints of physical abuse received in 2017: which of districts 6, 9 and 12 had the "
     "most?", ["6", "9", "12"], "PHYSICAL ABUSE"),
    ("2017 verbal abuse complaints by district — 22, 12 or 6, which had the most?",
     ["22", "12", "6"], "VERBAL ABUSE"),
])
def test_listed_values_are_each_counted_and_the_larger_said(
        engine, complaints, question: str, said: list[str], category: str | None) -> None:
    answer = engine.answer(question, SENIOR)
    assert not answer.abstained and answer.unapplied == [], (answer.answer, answer.unapplied)
    want = per_district(complaints, category)
    assert counts(answer) == {d: want[d] for d in said}, answer.answer
    top = max(want[d] for d in said)
    first = answer.answer.splitlines()[0]
    winners = [d for d in said if want[d] == top]
    for d in said:  # every tied value named in the verdict, no other
        assert (f"District {d}" in first) == (d in winners or len(said) == 2), first
    if len(winners) > 1:
        assert "same number" in first or "tie" in first, first
