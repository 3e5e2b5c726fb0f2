"""Free-text mentions (mapping `mentions:`, role `mentioned`) are not complaint subjects.

A force that maps `mentions:` on complaint accounts gets a `mentioned` reference for every member
of staff the account names. Those must not count as complaints *against* the officer (counts,
lists, rankings, "named three or more officers"); a question that asks what *mentions* the
officer reads only them. Real ingest (ingestion.run.ingest), real DuckDB, the real engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.answers import User
from assistant.service import Engine
from tests.exports import export_engine

SENIOR = User(name="mentions-test", role="senior_investigator")
MAPPING = """
name: tiny
force: tiny
namespace: tiny
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields: {name: name, rank: rank}
    identifiers: {payroll: payroll}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields: {reference: ref, received_date: received, category: category, narrative: account}
    mentions: [narrative]
  - kind: allegation
    file: allegations.csv
    id: "{aref}"
    fields:
      complaint_id: {id_of: complaint, template: "{ref}"}
      category: category
      finding: finding
    people:
      - role: subject
        scheme: payroll
        value: payroll
"""
# Marsh is the subject of C1 and C2 and only mentioned in C3 and C4; Lowe is the subject of
# C3 and C4 and only mentioned in C1.
FILES = {
    "staff.csv": "payroll,name,rank\n1,Gemma Lowe,PC\n2,David Marsh,PC\n",
    "complaints.csv": (
        "ref,received,category,account\n"
        'C1,2024-01-05,Incivility,"PC Marsh swore at me. PC Gemma Lowe stood by."\n'
        'C2,2024-02-05,Incivility,"The officer swore at me in the street."\n'
        'C3,2024-03-05,Incivility,"The officer was rude; PC David Marsh was not there."\n'
        'C4,2024-04-05,Incivility,"Rude again. PC David Marsh was elsewhere."\n'),
    "allegations.csv": (
        "aref,ref,category,finding,payroll\nA1,C1,Incivility,Sustained,2\n"
        "A2,C2,Incivility,Not sustained,2\nA3,C3,Incivility,Not sustained,1\n"
        "A4,C4,Incivility,Sustained,1\n"),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with export_engine(tmp_path_factory.mktemp("mentioned"), FILES, MAPPING) as engine:
        roles = engine.con.execute("SELECT record_id, role, person_id FROM person_ref "
                                   "WHERE role = 'mentioned' ORDER BY 1").fetchall()
        assert {(r, p) for r, _, p in roles} >= {
            ("complaint:tiny:C1", "person:tiny:1"), ("complaint:tiny:C3", "person:tiny:2")}, roles
        yield engine


def complaints(answer) -> set[str]:
    return {e.record_id.rsplit(":", 1)[1] for e in answer.evidence
            if e.record_id.startswith("complaint:")}


def test_a_mention_is_not_a_complaint_against_the_officer(engine: Engine) -> None:
    answer = engine.answer("How many complaints against PC David Marsh?", SENIOR)
    assert answer.answer.startswith("2 complaints"), answer.answer
    assert complaints(answer) == {"C1", "C2"}
    listed = engine.answer("List the complaints against PC Gemma Lowe", SENIOR)
    assert complaints(listed) == {"C3", "C4"}, listed.answer


def test_a_ranking_counts_subjects_not_mentions(engine: Engine) -> None:
    answer = engine.answer("Which officer has the most complaints?", SENIOR)
    counts = dict(re.findall(r"PC (?:Gemma|David) (\w+) \[\d+\]: (\d+) ", answer.answer))
    assert counts == {"Lowe": "2", "Marsh": "2"}, answer.answer  # with mentions: 3 and 4


def test_complaints_naming_two_officers_ignore_mentions(engine: Engine) -> None:
    answer = engine.answer("How many complaints named two or more officers?", SENIOR)
    assert answer.answer.startswith(("No ", "0 ")), answer.answer


def test_asking_what_mentions_the_officer_reads_only_mentions(engine: Engine) -> None:
    answer = engine.answer("Which complaints mention PC David Marsh?", SENIOR)
    assert complaints(answer) == {"C1", "C3", "C4"}, answer.answer  # C1: "PC Marsh swore"
    assert "mentions officer" in answer.interpretation
    assert "complaints mentioning PC David Marsh" in answer.answer, answer.answer
