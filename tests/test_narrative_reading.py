"""A narrative answer's interpretation says exactly what its search applied (issues #13, #14).

The attack: narrative questions whose category, year, officer, officers-per-record bound,
incident period, finding or named subject is said in different positions. For each answer, on the
real ingested synthetic force:
- every filter the interpretation lists holds for every returned record (checked by SQL of the
  test's own over the store), and the number of narratives searched is exactly the number the
  listed filters admit — a filter applied but not listed is caught too;
- every constraint of the question is a listed filter, or its words are in the topic shown, or
  it is reported not applied; a listed filter's words are not also shown as searched text.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from assistant.answers import Answer, User
from assistant.api.app import create_app
from assistant.identity import os_user
from assistant.keys import KeyStore
from assistant.service import Engine
from assistant.settings import Settings
from assistant.understand.interpret import PLURAL

ROOT = Path(__file__).resolve().parents[1]
INVESTIGATOR = User(name="test-investigator", role="investigator")
KINDS = {plural: kind for kind, plural in PLURAL.items()}
YEAR = re.compile(r"^(\w+) in (\d{4})$")


def officer_of_most_complaints(con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
    """(name as the question says it, person id) of the officer accused on most complaints."""
    row = con.execute(
        "SELECT r.person_id, p.name FROM person_ref r JOIN allegation a ON a.record_id = "
        "r.record_id JOIN person p ON p.record_id = r.person_id WHERE r.role = 'subject' "
        "GROUP BY ALL ORDER BY count(DISTINCT a.complaint_id) DESC, 1 LIMIT 1").fetchone()
    assert row is not None, "the synthetic force should have accused officers"
    return f"Constable {row[1]}", row[0]


def first_complainant(source: Path) -> str:
    with (source / "psd" / "complaints.csv").open(newline="", encoding="utf-8") as f:
        return next(csv.DictReader(f))["ComplainantName"]


def refs_of(role_test: str) -> str:
    """SQL: the references of record `c.record_id` (its own, or its allegations') by role."""
    return ("EXISTS (SELECT 1 FROM person_ref r LEFT JOIN allegation a ON a.record_id = "
            "r.record_id WHERE (r.record_id = c.record_id OR a.complaint_id = c.record_id) "
            f"AND {role_test} AND r.person_id = ?)")


def condition(part: str, people: dict[str, str]) -> tuple[str, list[Any]]:
    """SQL over `c` (a chunk row) for one filter the interpretation lists."""
    if m := re.fullmatch(r"category = (.+?)(?: \(“.*”\))?", part):
        return ("(SELECT count(*) FROM complaint t WHERE t.record_id = c.record_id AND ("
                "lower(t.category) = ? OR list_contains(list_transform(t.categories, "
                "lambda x: lower(x)), ?))) + (SELECT count(*) FROM allegation a WHERE a.complaint_id "
                "= c.record_id AND lower(a.category) = ?) > 0", [m.group(1)] * 3)
    if m := re.fullmatch(r"finding = (.+?)(?: \(“.*”\))?", part):
        return ("EXISTS (SELECT 1 FROM allegation a WHERE a.complaint_id = c.record_id AND "
                "lower(a.finding) = ?)", [m.group(1)])
    if (m := YEAR.fullmatch(part)) and m.group(1) == "incident":
        return ("(SELECT year(incident_date) FROM complaint t WHERE t.record_id = c.record_id) "
                "= ?", [int(m.group(2))])
    if m := YEAR.fullmatch(part):
        return "year(c.record_date) = ?", [int(m.group(2))]
    if m := re.fullmatch(r"(mentions officer|officer) = (.+)", part):
        role = "r.role = 'mentioned'" if m.group(1) != "officer" else "r.role <> 'mentioned'"
        return refs_of(role), [people[m.group(2)]]
    if m := re.fullmatch(r"subject = (.+)", part):
        return ("(SELECT lower(complainant) FROM complaint t WHERE t.record_id = c.record_id) "
                "= ?", [m.group(1).lower()])
    if m := re.fullmatch(r"officers named per record ≥ (\d+)", part):
        return ("(SELECT count(DISTINCT coalesce(r.person_id, lower(r.name))) FROM allegation a "
                "JOIN person_ref r ON r.record_id = a.record_id AND r.role = 'subject' WHERE "
                "a.complaint_id = c.record_id) + (SELECT count(*) > 0 FROM allegation a WHERE "
                "a.complaint_id = c.record_id AND NOT EXISTS (SELECT 1 FROM person_ref r WHERE "
                "r.record_id = a.record_id AND r.role = 'subject'))::INT >= ?",
                [int(m.group(1))])
    pytest.fail(f"the interpretation lists a filter this test cannot check: {part!r}")


def read_line(interpretation: str) -> tuple[list[str], list[str], str]:
    """(kinds, filters listed, topic shown) of a narrative answer's interpretation."""
    m = re.match(r"Read as: (.+?) → search narratives for “(.*?)”", interpretation)
    assert m, interpretation
    kinds, *filters = m.group(1).split(" · ")
    return ([KINDS[k] for k in kinds.split(" + ")],
            [f for f in filters if not f.startswith("(")], m.group(2))


def check_reading(con: duckdb.DuckDBPyConnection, answer: Answer, said: list[tuple[str, str]],
                  people: dict[str, str]) -> None:
    assert answer.intent == "describe", answer.interpretation
    kinds, filters, topic = read_line(answer.interpretation)
    conditions = [condition(f, people) for f in filters]
    where = " AND ".join(["c.kind IN (SELECT unnest(?::VARCHAR[]))", "NOT c.restricted",
                          *(sql for sql, _ in conditions)])
    params = [kinds, *(p for _, ps in conditions for p in ps)]
    members = sorted({e.record_id for e in answer.evidence if e.cited})
    outside = con.execute(f"SELECT DISTINCT c.record_id FROM chunk c WHERE c.record_id IN "
                          f"(SELECT unnest(?::VARCHAR[])) AND NOT ({where})",
                          [members, *params]).fetchall()
    assert not outside, (answer.interpretation, outside)
    admitted = con.execute(f"SELECT count(DISTINCT c.record_id) FROM chunk c WHERE {where}",
                           params).fetchall()[0][0]
    searched = re.match(r"(\d+) narratives", answer.searched)
    assert searched and int(searched.group(1)) == admitted, (answer.interpretation,
                                                             answer.searched, admitted)
    for words, part in said:
        in_topic = words.lower() in topic.lower()
        reported = any(words.lower() in u.lower() or u == part for u in answer.unapplied)
        assert part in filters or in_topic or reported, (words, answer.interpretation)
        assert not (part in filters and in_topic), (words, answer.interpretation)


QUESTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Improper search complaints where the officer went through a bag",
     [("Improper search", "category = improper search")]),
    ("complaints where an officer went through a bag during an improper search",
     [("improper search", "category = improper search")]),
    ("Use of force complaints from 2022 describing a taser",
     [("Use of force", "category = use of force"), ("2022", "received in 2022")]),
    ("In 2022, use of force complaints describing a taser",
     [("use of force", "category = use of force"), ("2022", "received in 2022")]),
    ("Use of force allegations describing a taser",
     [("Use of force", "category = use of force")]),
    ("complaints naming two or more officers describing handcuffs",
     [("two or more officers", "officers named per record ≥ 2")]),
    ("complaints received in 2023 about incidents that happened in 2022 describing handcuffs",
     [("2023", "received in 2023"), ("2022", "incident in 2022")]),
    ("officers with more than 2 complaints describing handcuffs",
     [("more than 2", "at least 3 per person")]),
    ("Upheld complaints describing a taser", [("Upheld", "finding = upheld")]),
    ("Which records describe a dog bite?", []),
    ("complaints against {officer} describing a bag", [("{officer}", "officer = {officer}")]),
    ("Which complaints mention {officer} and describe a bag search?",
     [("{officer}", "mentions officer = {officer}")]),
    ("complaints from {complainant} describing handcuffs",
     [("{complainant}", "subject = {complainant}")]),
]


@pytest.mark.parametrize(("question", "said"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_a_narrative_interpretation_lists_only_what_its_search_applied(
        synthetic_engine: Engine, synthetic_source: Path, question: str,
        said: list[tuple[str, str]]) -> None:
    officer, pid = officer_of_most_complaints(synthetic_engine.con)
    names = {"officer": officer, "complainant": first_complainant(synthetic_source)}
    answer = synthetic_engine.answer(question.format(**names), INVESTIGATOR)
    check_reading(synthetic_engine.con, answer,
                  [(w.format(**names), p.format(**names)) for w, p in said], {officer: pid})


def test_a_named_record_is_not_read_as_a_narrative_search(synthetic_engine: Engine) -> None:
    """'What is complaint <ref> about?' lists that record as it is: no narrative kinds searched."""
    rows = synthetic_engine.con.execute(
        "SELECT reference FROM complaint WHERE NOT restricted ORDER BY 1 LIMIT 1").fetchall()
    answer = synthetic_engine.answer(f"What is complaint {rows[0][0]} about?", INVESTIGATOR)
    assert answer.interpretation.startswith(f"Read as: complaints · complaint = {rows[0][0]}"), (
        answer.interpretation)
    assert "conduct cases" not in answer.interpretation, answer.interpretation


def test_the_api_and_the_cli_json_carry_the_same_reading(synthetic_engine: Engine,
                                                       synthetic_settings: Settings) -> None:
    """POST /v1/ask and `probity ask --json` show the engine's own interpretation and unapplied
    parts of a narrative answer: its category filter and its threshold reported not applied."""
    question = "Use of force complaints by officers with more than 2 such complaints, describing a taser"
    answer = synthetic_engine.answer(question, INVESTIGATOR)
    assert "category = use of force" in answer.interpretation, answer.interpretation
    assert answer.unapplied == ["at least 3 per person"], answer.interpretation
    key = KeyStore(synthetic_settings.data_dir / "keys.sqlite").create("reading", "investigator")[1]
    with TestClient(create_app(synthetic_settings)) as client:
        r = client.post("/v1/ask", json={"question": question},
                        headers={"Authorization": f"Bearer {key}", "X-Case-Ref": "X"})
    assert r.status_code == 200, r.text
    KeyStore(synthetic_settings.data_dir / "keys.sqlite").grant(os_user(), "investigator")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROBITY_TODAY": str(synthetic_settings.today)}
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", question, "--json",
                           "--case", "X", "--data-dir", str(synthetic_settings.data_dir)],
                          capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    for shown in (r.json(), json.loads(done.stdout)):
        assert (shown["interpretation"], shown["unapplied"]) == (answer.interpretation,
                                                                 answer.unapplied)
