"""A breakdown bound to the field its words name: when two fields share a word, and when the
field's own words are said again ("referred elsewhere": only records holding a value).

Why: "by disciplinary finding" was grouped by the investigative `finding` (its last word) although
the question had already held the finding to "sustained" — one group, everything in it — while
the data's discipline is its `outcome` (Philadelphia's `disciplinary_findings`). The field naming
more of the words said wins; on a tie, not a field already held to one value. Real ingest of a
tiny export (tests/exports.py), the real engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.answers import User
from assistant.service import Engine
from tests.exports import export_engine

SENIOR = User(name="breakdown-fields-test", role="senior_investigator")
MAPPING = """
name: twofield
force: twofield
namespace: twofield
records:
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {reference: ref, received_date: received, category: category, narrative: account}
    attributes:
      referred_to_agency: referral
  - kind: allegation
    file: allegations.csv
    id: "{aref}"
    fields:
      complaint_id: {id_of: complaint, template: "{ref}"}
      category: category
      finding: finding
      outcome: penalty
"""
FILES = {
    # K1, K2 referred to the Ombudsman, K3 to the Sheriff; K4-K6 referred nowhere
    "complaints.csv": "ref,received,category,account,referral\n" + "".join(
        f'K{n},2022-0{n}-10,Incivility,"An officer was rude to me (call {n}).",{to}\n'
        for n, to in enumerate(["Ombudsman", "Ombudsman", "Sheriff", "", "", ""], 1)),
    "allegations.csv": (
        "aref,ref,category,finding,penalty\n"
        "B1,K1,Incivility,Sustained,Reprimand\nB2,K2,Incivility,Sustained,Reprimand\n"
        "B3,K3,Incivility,Sustained,Suspension\nB4,K4,Incivility,Not sustained,\n"
        "B5,K5,Incivility,Exonerated,\nB6,K6,Incivility,Sustained,Reprimand\n"),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with export_engine(tmp_path_factory.mktemp("twofield"), FILES, MAPPING) as engine:
        yield engine


def groups(text: str) -> dict[str, int]:
    return {g: int(n) for g, n in re.findall(r"^- (.+?): (\d+)", text, re.M)}


def test_a_qualified_breakdown_takes_the_field_its_words_name(engine: Engine) -> None:
    answer = engine.answer("Sustained allegations of 2022, split by disciplinary finding.", SENIOR)
    assert groups(answer.answer) == {"Reprimand": 3, "Suspension": 1}, answer.answer
    assert not answer.unapplied, answer.interpretation


def test_the_plain_finding_stays_the_finding(engine: Engine) -> None:
    answer = engine.answer("Allegations of 2022 split by finding.", SENIOR)
    assert groups(answer.answer) == {"Sustained": 4, "Not sustained": 1, "Exonerated": 1}, \
        answer.answer


def test_which_outcomes_followed_and_how_many_of_each(engine: Engine) -> None:
    answer = engine.answer("For 2022's sustained allegations, what disciplinary outcomes "
                           "followed, with how many of each?", SENIOR)
    assert groups(answer.answer) == {"Reprimand": 3, "Suspension": 1}, answer.answer
    assert not answer.unapplied, answer.interpretation


def test_which_agencies_and_how_many_each_counts_the_referred(engine: Engine) -> None:
    answer = engine.answer("To which agencies were 2022 complaints referred by the force, and "
                           "how many to each?", SENIOR)
    assert groups(answer.answer) == {"Ombudsman": 2, "Sheriff": 1}, answer.answer
    assert "Total: 3 complaints" in answer.answer and "3 more complaints" in answer.answer, \
        answer.answer
    assert not answer.unapplied, answer.interpretation


def test_the_fields_own_verb_binds_to_the_breakdown(engine: Engine) -> None:
    answer = engine.answer("The 2022 complaints that got referred elsewhere, split by agency.",
                           SENIOR)
    assert groups(answer.answer) == {"Ombudsman": 2, "Sheriff": 1}, answer.answer
    assert "Total: 3 complaints" in answer.answer, answer.answer
    assert not answer.unapplied, answer.interpretation
    every = engine.answer("The 2022 complaints, split by agency.", SENIOR)
    assert "Total: 6 complaints" in every.answer, every.answer


def test_a_kind_of_discipline_is_the_outcome_not_a_record_kind(engine: Engine) -> None:
    per_kind = engine.answer("Count 2022's sustained allegations for each type of discipline "
                             "given.", SENIOR)
    assert groups(per_kind.answer) == {"Reprimand": 3, "Suspension": 1}, per_kind.answer
    assert not per_kind.unapplied, per_kind.interpretation
    by_penalty = engine.answer("2022 allegations grouped by penalty.", SENIOR)
    assert groups(by_penalty.answer) == {"Reprimand": 3, "Suspension": 1}, by_penalty.answer
