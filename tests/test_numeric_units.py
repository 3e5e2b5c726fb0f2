"""A duration said in months, years or "a/an" unit compares the field kept in days or hours.

Why: probing the public stores, "took more than a year to close" and "lasted longer than a month"
were reported as not applied (only weeks and fortnights were converted to days), "over an hour"
was no comparison at all (no number), and "at least a year to close" was read as a ranking of
years, fewest first. A month is taken as 30 days and a year as 365 (the interpretation shows the
number applied). Expected records are computed here from the export's own rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.answers import User
from assistant.service import Engine
from tests.exports import counted_ids, csv_text, export_engine, inclusive_days

READER = User(name="units-test", role="senior_investigator")
MAPPING = """
name: harrowby
force: harrowby
namespace: hb
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields: {name: name}
    identifiers: {payroll: payroll}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {reference: ref, received_date: received, category: category}
    attributes:
      days_to_closure: closure
    people:
      - {role: subject, scheme: payroll, value: payroll}
  - kind: absence
    file: absences.csv
    id: "{ref}"
    fields:
      start_date: {column: first, date_format: "%Y-%m-%d"}
      end_date: {column: last, date_format: "%Y-%m-%d"}
      absence_type: {value: sick}
    people:
      - {role: employee, scheme: payroll, value: payroll}
  - kind: duty_shift
    file: claims.csv
    id: "{ref}"
    fields:
      shift_date: {column: day, date_format: "%Y-%m-%d"}
      duty_type: {value: overtime_claim}
      overtime_hours: hours
    people:
      - {role: staff, scheme: payroll, value: payroll}
"""
COMPLAINTS = [("H1", 1, "2021-01-04", "Incivility", 12), ("H2", 2, "2021-02-08", "Incivility", 364),
              ("H3", 1, "2021-03-01", "Neglect", 365), ("H4", 2, "2021-04-12", "Neglect", 366),
              ("H5", 1, "2021-05-03", "Incivility", 800), ("H6", 2, "2021-06-07", "Neglect", 181)]
ABSENCES = [("A1", 1, "2022-01-03", "2022-01-05"), ("A2", 2, "2022-02-01", "2022-03-10"),
            ("A3", 1, "2022-04-01", "2022-04-30"), ("A4", 2, "2022-06-01", "2022-07-01")]
CLAIMS = [("T1", 1, "2023-01-02", 0.5), ("T2", 2, "2023-01-03", 1), ("T3", 1, "2023-01-04", 3.5)]
FILES = {
    "staff.csv": "payroll,name\n1,Wenna Carthew\n2,Jory Pascoe\n",
    "complaints.csv": csv_text("ref,payroll,received,category,closure", list(COMPLAINTS)),
    "absences.csv": csv_text("ref,payroll,first,last", list(ABSENCES)),
    "claims.csv": csv_text("ref,payroll,day,hours", list(CLAIMS)),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with export_engine(tmp_path_factory.mktemp("units"), FILES, MAPPING) as engine:
        yield engine


CASES = [
    ("Tell me how many complaints needed more than a year to close.",
     {c[0] for c in COMPLAINTS if c[4] > 365}, "days to closure > 365"),
    ("Which complaints took at least a year to close?",
     {c[0] for c in COMPLAINTS if c[4] >= 365}, "days to closure ≥ 365"),
    ("Count complaints that took over six months to close",
     {c[0] for c in COMPLAINTS if c[4] > 180}, "days to closure > 180"),
    ("Sick absences running longer than a month, please count them",
     {a[0] for a in ABSENCES if inclusive_days(a[2], a[3]) > 30}, "absence days > 30"),
    ("Number of overtime claims above an hour?",
     {c[0] for c in CLAIMS if c[3] > 1}, "overtime hours > 1"),
]


@pytest.mark.parametrize(("question", "expected", "said"), CASES)
def test_a_duration_in_another_unit_filters_the_field(engine: Engine, question: str,
                                                      expected: set[str], said: str) -> None:
    answer = engine.answer(question, READER)
    assert said in answer.interpretation and not answer.unapplied, answer.interpretation
    assert counted_ids(answer) == expected, answer.answer


def test_years_of_something_else_are_not_the_unit_s_field(engine: Engine) -> None:
    answer = engine.answer("How many complaints name staff with more than a year of tenure?",
                           READER)
    assert "days to closure" not in answer.interpretation, answer.interpretation
    assert answer.unapplied, answer.interpretation
