"""Whose attribute a value is, and which of two fields holding it the question means, asked of
the real engine over a tiny export (tests/exports.py).

Why: a held-out set asked for complaints "lodged by Black complainants" of a force whose export
holds only the accused officer's race and got the officers' figure; asked what investigators
recommended and got the final penalty (the same label is in both fields); asked for a
suspension longer than a month (in days) and got the complaints that took that long to close.
The export here is written for this test: a complaint's complainant race, the accused's race, a
final and a recommended penalty. Expected figures come from the rows below, never the engine;
the questions appear in no eval set.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.answers import Answer, User
from assistant.service import Engine
from tests.exports import counted_ids, csv_text, export_engine

SENIOR = User(name="role-test", role="senior_investigator")
MAPPING = """
name: brackwater
force: brackwater
namespace: bw
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields: {name: name, rank: rank}
    identifiers: {payroll: payroll}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {reference: ref, received_date: received, category: category}
    attributes:
      complainant_race: who_race
      days_to_closure: closed_after
  - kind: allegation
    file: allegations.csv
    id: "{row}"
    fields:
      complaint_id: {id_of: complaint, template: "{ref}"}
      category: category
      outcome: penalty
    attributes:
      recommended_outcome: advised
      officer_race: race
    people:
      - {role: subject, scheme: payroll, value: payroll}
"""
COMPLAINTS = [  # ref, received, category, complainant race, days to closure
    ("Q1", "2024-01-04", "Incivility", "Black", 12), ("Q2", "2024-02-04", "Incivility", "White", 64),
    ("Q3", "2024-03-04", "Use of force", "Black", 80), ("Q4", "2024-04-04", "Incivility", "Asian", 5),
    ("Q5", "2024-05-04", "Use of force", "White", 45),
]
ALLEGATIONS = [  # row, complaint, payroll, category, final penalty, recommended, officer race
    ("A1", "Q1", 1, "Incivility", "Dismissal", "Dismissal", "White"),
    ("A2", "Q2", 2, "Incivility", "Reprimand", "Dismissal", "Black"),
    ("A3", "Q3", 1, "Use of force", "Reprimand", "Reprimand", "White"),
    ("A4", "Q4", 2, "Incivility", "Reprimand", "Dismissal", "Black"),
    ("A5", "Q5", 3, "Use of force", "No action", "Reprimand", "Black"),
    ("A6", "Q5", 1, "Use of force", "No action", "Suspension", "White"),
]


FILES = {
    "staff.csv": "payroll,name,rank\n1,Tamsin Vellacott,PC\n2,Bryher Angove,PS\n"
                 "3,Jago Pascoe,PC\n",
    "complaints.csv": csv_text("ref,received,category,who_race,closed_after", list(COMPLAINTS)),
    "allegations.csv": csv_text("row,ref,payroll,category,penalty,advised,race", list(ALLEGATIONS)),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with export_engine(tmp_path_factory.mktemp("role"), FILES, MAPPING) as engine:
        yield engine


def _complaints(answer: Answer) -> set[str]:
    return counted_ids(answer, "complaint")


def test_a_race_said_of_a_role_no_field_holds_is_reported(engine: Engine) -> None:
    # victims: no field of theirs; the accused's race must not stand in for it
    for question in ("How many Brackwater complaints involved Black victims?",
                     "Count Brackwater complaints where the witness was Black."):
        answer = engine.answer(question, SENIOR)
        assert "officer race" not in answer.interpretation, answer.interpretation
        assert any("Black" in u for u in answer.unapplied), answer.interpretation


def test_a_race_binds_the_field_of_whom_it_is_said(engine: Engine) -> None:
    # "Black" is both a complainant's and an accused officer's race here
    answer = engine.answer("Brackwater complaints naming Black officers: how many?", SENIOR)
    assert "officer race" in answer.interpretation and not answer.unapplied, \
        answer.interpretation
    assert _complaints(answer) == {a[1] for a in ALLEGATIONS if a[6] == "Black"}, answer.answer
    answer = engine.answer("Brackwater complaints brought by Black complainants: how many?",
                           SENIOR)
    assert "complainant race" in answer.interpretation, answer.interpretation
    assert "officer race" not in answer.interpretation, answer.interpretation
    assert _complaints(answer) == {c[0] for c in COMPLAINTS if c[3] == "Black"}, answer.answer
    answer = engine.answer("Count Brackwater complaints whose complainant was recorded as White.",
                           SENIOR)
    assert "officer race" not in answer.interpretation, answer.interpretation
    assert _complaints(answer) == {c[0] for c in COMPLAINTS if c[3] == "White"}, answer.answer


def test_a_recommendation_binds_the_recommended_field(engine: Engine) -> None:
    # "Dismissal" is both a final and a recommended penalty; the question says recommended
    for question in ("In how many Brackwater complaints was dismissal recommended?",
                     "Brackwater complaints where the recommended outcome was dismissal: "
                     "count them."):
        answer = engine.answer(question, SENIOR)
        assert "recommended outcome" in answer.interpretation and not answer.unapplied, \
            answer.interpretation
        assert _complaints(answer) == {a[1] for a in ALLEGATIONS if a[5] == "Dismissal"}, \
            answer.answer
    # unqualified, the same value is the final penalty
    answer = engine.answer("How many Brackwater complaints ended in dismissal?", SENIOR)
    assert "recommended" not in answer.interpretation, answer.interpretation
    assert _complaints(answer) == {a[1] for a in ALLEGATIONS if a[4] == "Dismissal"}, answer.answer


def test_a_comparison_of_another_thing_is_not_the_unit_s_field(engine: Engine) -> None:
    answer = engine.answer("How many Brackwater complaints carried a suspension of more than 40 days?",
                           SENIOR)
    assert "days to closure" not in answer.interpretation, answer.interpretation
    assert any("40 days" in u for u in answer.unapplied), answer.interpretation
    # the record's own duration still binds
    answer = engine.answer("How many Brackwater complaints took more than 30 days to close?",
                           SENIOR)
    assert "days to closure > 30" in answer.interpretation and not answer.unapplied, \
        answer.interpretation
    assert _complaints(answer) == {c[0] for c in COMPLAINTS if c[4] > 30}, answer.answer


def test_a_follow_up_s_search_words_are_reported_when_the_count_is_kept(engine: Engine) -> None:
    # read alone it is a text search; as a follow-up it keeps the previous count, so its words
    # are a constraint the count does not apply: said, never dropped with the search
    engine.answer("How many Brackwater complaints ended in dismissal?", SENIOR,
                  conversation_id="role-follow")
    answer = engine.answer("What about a ban longer than 40 days?", SENIOR,
                           conversation_id="role-follow")
    assert "days to closure" not in answer.interpretation, answer.interpretation
    assert any("40 days" in u for u in answer.unapplied), answer.interpretation
