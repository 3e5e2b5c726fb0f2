"""A person's year of birth as a filter ("staff born before 1970", "born in the 1980s", "born in
1985"), never a date of the records; on the real synthetic force (its staff list holds dates of
birth; tests/conftest.py), and on a force that holds no birth year, where it is reported not
applied. Expected figures come from the generator's exports (csv module) and its truth.json.

Why: issue #13 — "officers born in 1985" was read as complaints received in 1985.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from assistant.answers import User
from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.born import BirthBinder, births
from assistant.understand.numeric import NumericField
from tests.exports import csv_rows

SENIOR = User(name="born-test", role="senior_investigator")


@pytest.fixture(scope="module")
def born(synthetic_source: Path) -> dict[str, int]:
    """payroll number → year of birth."""
    return {r["payroll_no"]: datetime.strptime(r["date_of_birth"], "%d/%m/%Y").year
            for r in csv_rows(synthetic_source / "hr" / "staff.csv") if r["date_of_birth"]}


def first_number(text: str) -> int:
    found = re.search(r"\d[\d,]*", text)
    assert found, text
    return int(found[0].replace(",", ""))


@pytest.mark.parametrize(("question", "keep"), [
    ("How many employees were born prior to 1970?", lambda y: y < 1970),
    ("Count the officers born in the 1980s.", lambda y: 1980 <= y <= 1989),
    ("how many staff were born in {year}?", None),
])
def test_staff_counted_by_year_of_birth(synthetic_engine, born, question, keep) -> None:
    if keep is None:  # a year some staff were born in
        year = sorted(born.values())[len(born) // 2]
        question, keep = question.format(year=year), (lambda y: y == year)
    answer = synthetic_engine.answer(question, SENIOR)
    assert not answer.abstained and answer.unapplied == [], answer.answer
    assert "birth" in answer.interpretation and "received" not in answer.interpretation
    assert first_number(answer.answer) == sum(1 for y in born.values() if keep(y))


def test_records_naming_officers_born_in_a_decade(synthetic_engine, synthetic_source, born) -> None:
    truth = json.loads((synthetic_source / "truth.json").read_text())
    complaint_of = {r["AllegationRef"]: r["ComplaintRef"]
                    for r in csv_rows(synthetic_source / "psd" / "allegations.csv")}
    want = {complaint_of[a["record_id"].split(":", 2)[2]] for a in truth["aliases"]
            if a["record_id"].startswith("allegation:") and a["role"] == "subject"
            and 1980 <= born.get(a["person_id"].rsplit(":", 1)[1], 0) <= 1989}
    answer = synthetic_engine.answer(
        "How many complaints name an officer who was born during the 1980s?", SENIOR)
    assert not answer.abstained and answer.unapplied == [], answer.answer
    assert first_number(answer.answer) == len(want)
    cited = {e.record_id.split(":", 2)[2] for e in answer.evidence
             if e.record_id.startswith("complaint:")}
    assert cited == want


def test_a_birth_year_is_never_a_date_of_the_records() -> None:
    """Where the store holds no birth field (Philadelphia's export has none) the phrase is said
    not applied; where it does, it binds — never a period of the records either way."""
    binders = [CatalogueBinder([Entry("complaint", "district", "District 12", 9, 9)],
                               cleared=True)]
    for q in ("complaints against officers born before 1970",
              "how many complaints named officers born in 1985?"):
        plan = understand(q, date(2026, 1, 1), InMemoryDirectory([]), [BirthBinder([]),
                                                                       *binders])
        assert plan.date_from is None and plan.date_to is None, plan.reasons
        assert any("born" in u for u in plan.unapplied), plan.unapplied
        held = understand(q, date(2026, 1, 1), InMemoryDirectory([]), [BirthBinder(
            [NumericField("allegation", "officer_birth_year", column=False)]), *binders])
        assert held.date_from is None and held.unapplied == [], held.unapplied
        assert [(f.field, f.op) for f in held.filters] in (
            [("officer_birth_year", "lt")], [("officer_birth_year", "eq")])


def test_birth_phrases() -> None:
    said = {(b.op, b.values) for b in births(
        "born in 1985, born before 1970, born in the 1980s, born between 1960 and 1964, "
        "with a birth year after 1990")}
    assert said == {("eq", ("1985",)), ("lt", ("1970",)), ("between", ("1980", "1989")),
                    ("between", ("1960", "1964")), ("gt", ("1990",))}
