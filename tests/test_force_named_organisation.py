"""An organisation whose name starts with the force's name can be asked about.

Why: the force binder claimed "Brackenmoor" as `force = brackenmoor` before the catalogue could
claim "Brackenmoor Angling Society", so the question lost its organisation and the list's
members were never found. A tiny force (tests/exports.py), real ingest, the real engine; the
names are made up for this test and appear in no eval set.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.answers import User
from assistant.service import Engine
from tests.exports import export_engine

SENIOR = User(name="force-org-test", role="senior_investigator")
MAPPING = """
name: brackenmoor
force: brackenmoor
namespace: bm
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields: {name: name, rank: rank, birth_date: dob}
    identifiers: {payroll: payroll}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {reference: ref, received_date: received, category: category}
    people:
      - {role: subject, scheme: payroll, value: payroll}
  - kind: membership
    file: memberships.csv
    id: "{row}"
    fields:
      organisation: organisation
      member_name: member
      member_dob: dob
    people:
      - role: member
        name: member
"""
FILES = {
    "staff.csv": "payroll,name,rank,dob\n1,Gemma Lowe,PC,1980-03-02\n2,David Marsh,PC,1975-07-09\n",
    "complaints.csv": "ref,received,category,payroll\nC1,2024-01-05,Incivility,1\n",
    "memberships.csv": (
        "row,organisation,member,dob\n"
        "M1,Brackenmoor Angling Society,David Marsh,1975-07-09\n"
        "M2,Quarrydale Rifle Club,Gemma Lowe,1980-03-02\n"),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with export_engine(tmp_path_factory.mktemp("force-org"), FILES, MAPPING) as engine:
        yield engine


def _members(engine: Engine, organisation: str) -> set[str]:
    answer = engine.answer(f"Which staff are on the {organisation} membership list?", SENIOR)
    assert not answer.unapplied, answer.interpretation
    return {c.record_id for c in answer.citations if c.kind == "person"}


def test_an_organisation_named_after_the_force_finds_its_members(engine: Engine) -> None:
    assert _members(engine, "Brackenmoor Angling Society") == {"person:bm:2"}


def test_an_organisation_not_named_after_the_force_still_works(engine: Engine) -> None:
    assert _members(engine, "Quarrydale Rifle Club") == {"person:bm:1"}


def test_the_force_alone_is_still_the_force(engine: Engine) -> None:
    answer = engine.answer("How many complaints in Brackenmoor?", SENIOR)
    assert "force = brackenmoor" in answer.interpretation, answer.interpretation
    assert answer.answer.startswith("1 complaint"), answer.answer
