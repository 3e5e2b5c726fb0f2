"""The answer engine over a real synthetic force: real model, real Chroma, real DuckDB.

Expected answers are computed from the raw export files and truth.json (who each reference really
is), never from the store, so a pipeline error shows up as a wrong answer.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from assistant.answers import Answer, User
from assistant.citations import field_text
from assistant.understand.taxonomy import canonical_category

INVESTIGATOR = User(name="test-investigator", role="investigator")
SENIOR = User(name="test-senior", role="senior_investigator")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


class World:
    """Ground truth straight from the exports."""

    def __init__(self, source: Path) -> None:
        self.truth = json.loads((source / "truth.json").read_text())
        self.staff = {f"person:syn:{r['payroll_no']}": r for r in read(source / "hr/staff.csv")}
        self.complaints = {
            f"complaint:syn:{r['ComplaintRef']}": r for r in read(source / "psd/complaints.csv")
        }
        self.allegations = {
            f"allegation:syn:{r['AllegationRef']}": r for r in read(source / "psd/allegations.csv")
        }
        self.conduct = read(source / "psd/conduct_cases.csv")
        self.subject = {
            a["record_id"]: a["person_id"] for a in self.truth["aliases"] if a["role"] == "subject"
        }

    def visible_complaint(self, cid: str) -> bool:
        return self.complaints[cid]["Handling"] != "RESTRICTED"

    def complaints_against(
        self, pid: str, year: int | None = None, cleared: bool = False
    ) -> set[str]:
        out = set()
        for aid, row in self.allegations.items():
            cid = f"complaint:syn:{row['ComplaintRef']}"
            if self.subject.get(aid) != pid or not (cleared or self.visible_complaint(cid)):
                continue
            if not cleared and row.get("Handling") == "RESTRICTED":
                continue
            if (
                year
                and datetime.strptime(self.complaints[cid]["DateReceived"], "%d/%m/%Y").year != year
            ):
                continue
            out.add(cid)
        return out

    def name(self, pid: str) -> str:
        return f"{self.staff[pid]['forename']} {self.staff[pid]['surname']}"


@pytest.fixture(scope="module")
def world(synthetic_source: Path) -> World:
    return World(synthetic_source)


def ask(engine, question: str, user: User = INVESTIGATOR) -> Answer:
    return engine.answer(question, user, "TEST-CASE")


def cited(answer: Answer, kind: str | None = None) -> set[str]:
    return {c.record_id for c in answer.citations if kind is None or c.kind == kind}


def number(answer: Answer) -> int:
    match = re.search(r"(\d[\d,]*) ", answer.answer)
    assert match, answer.answer
    return int(match.group(1).replace(",", ""))


def busiest_officer(world: World) -> str:
    counts: dict[str, int] = defaultdict(int)
    for pid in world.subject.values():
        counts[pid] += 1
    names = defaultdict(int)
    for pid in world.staff:
        names[world.name(pid)] += 1
    # the officer with most complaints whose full name is unique (so the question is unambiguous)
    return max((p for p in counts if names[world.name(p)] == 1), key=lambda p: (counts[p], p))


# Count --------------------------------------------------------------------------------------


def test_count_for_an_officer_is_exact_and_cites_every_counted_complaint(synthetic_engine, world):
    pid = busiest_officer(world)
    expected = world.complaints_against(pid)
    answer = ask(synthetic_engine, f"How many complaints have been made against {world.name(pid)}?")
    assert answer.intent == "count" and not answer.abstained
    assert number(answer) == len(expected)
    assert cited(answer, "complaint") == expected
    assert {c.record_id for c in answer.citations if c.kind == "person"} == {pid}


def test_count_by_collar_number_and_year(synthetic_engine, world):
    pid = busiest_officer(world)
    year = max(
        datetime.strptime(world.complaints[c]["DateReceived"], "%d/%m/%Y").year
        for c in world.complaints_against(pid)
    )
    collar = world.staff[pid]["collar_no"]
    answer = ask(synthetic_engine, f"How many complaints did collar {collar} receive in {year}?")
    expected = world.complaints_against(pid, year)
    assert number(answer) == len(expected)
    assert cited(answer, "complaint") == expected


def test_category_count_by_year_is_exact(synthetic_engine, world):
    expected = set()
    for cid, row in world.complaints.items():
        if not world.visible_complaint(cid) or not row["DateReceived"].endswith("2024"):
            continue
        # "use of force complaints": the complaint's own classification, not its allegations'
        labels = [row["Category"], *row["Categories"].split(";")]
        if any(canonical_category(x.strip()) == "use of force" or x == "UOF" for x in labels):
            expected.add(cid)
    answer = ask(synthetic_engine, "How many use of force complaints were received in 2024?")
    assert number(answer) == len(expected)
    assert cited(answer, "complaint") == expected


def test_complaints_with_an_allegation_of_a_category_read_the_allegations(synthetic_engine, world):
    expected = set()
    for cid, row in world.complaints.items():
        if not world.visible_complaint(cid) or not row["DateReceived"].endswith("2024"):
            continue
        labels = [row["Category"], *row["Categories"].split(";")]
        labels += [
            a["AllegationCode"]
            for a in world.allegations.values()
            if a["ComplaintRef"] == row["ComplaintRef"] and a.get("Handling") != "RESTRICTED"
        ]
        if any(canonical_category(x.strip()) == "use of force" or x == "UOF" for x in labels):
            expected.add(cid)
    answer = ask(synthetic_engine, "Which complaints received in 2024 had a use of force allegation?")
    assert "any of its allegations" in answer.answer
    assert cited(answer, "complaint") == expected


# List ---------------------------------------------------------------------------------------


def test_list_conduct_cases_for_a_year_excludes_restricted(synthetic_engine, world):
    year = "2023"
    visible = {
        f"conduct_case:syn:{r['CaseNo']}"
        for r in world.conduct
        if r["Opened"].startswith(year) and r["Marking"] != "RESTRICTED"
    }
    everything = {
        f"conduct_case:syn:{r['CaseNo']}" for r in world.conduct if r["Opened"].startswith(year)
    }
    answer = ask(synthetic_engine, f"List the conduct cases opened in {year}")
    assert answer.intent == "list"
    assert cited(answer, "conduct_case") == visible
    senior = ask(synthetic_engine, f"List the conduct cases opened in {year}", SENIOR)
    assert cited(senior, "conduct_case") == everything


# Profile ------------------------------------------------------------------------------------


def test_profile_names_identifiers_and_counts(synthetic_engine, world):
    pid = busiest_officer(world)
    answer = ask(synthetic_engine, f"Tell me about {world.name(pid)}")
    assert answer.intent == "profile" and not answer.abstained
    staff = world.staff[pid]
    assert f"collar {staff['collar_no']}" in answer.answer
    assert f"payroll {staff['payroll_no']}" in answer.answer
    complaints = world.complaints_against(pid)
    assert re.search(rf"- {len(complaints)} complaints? ", answer.answer), answer.answer
    assert cited(answer, "complaint") == complaints


def test_a_bare_payroll_number_is_a_profile_of_that_person(synthetic_engine, world):
    pid = busiest_officer(world)
    answer = ask(synthetic_engine, f"Tell me about {world.staff[pid]['payroll_no']}")
    assert answer.intent == "profile" and not answer.abstained, answer.answer
    assert {c.record_id for c in answer.citations if c.kind == "person"} == {pid}
    assert cited(answer, "complaint") == world.complaints_against(pid)


# Duty records -------------------------------------------------------------------------------


def test_overtime_claims_count_only_overtime_records(synthetic_engine, world):
    claims: dict[str, set[str]] = defaultdict(set)
    for alias in world.truth["aliases"]:
        if alias["record_id"].startswith("duty_shift:syn:OT-"):
            claims[alias["person_id"]].add(alias["record_id"])
    pid = max(claims, key=lambda p: (len(claims[p]), p))
    answer = ask(synthetic_engine,
                 f"How many overtime claims by payroll {world.staff[pid]['payroll_no']}?")
    assert answer.intent == "count" and not answer.abstained, answer.answer
    assert number(answer) == len(claims[pid]), answer.answer  # not every rostered shift
    assert cited(answer, "duty_shift") == claims[pid]


# Describe / find-similar ----------------------------------------------------------------------


def test_find_similar_surfaces_the_planted_cluster(synthetic_engine, world):
    clusters = [p for p in world.truth["patterns"] if p["type"] == "similar_complaints"]
    cluster = next(p for p in clusters if p["detail"]["scenario"] == "drugs_for_money")
    gold = {r for r in cluster["record_ids"] if r.startswith("complaint:")}
    answer = ask(
        synthetic_engine,
        "Has an officer threatened to plant drugs on someone unless they paid him?",
    )
    assert answer.intent == "describe" and not answer.abstained
    assert len(cited(answer) & gold) >= 2, answer.answer
    evidence = {e.record_id for e in answer.evidence}
    assert len(evidence & gold) >= 3


# Abstention ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "How many complaints were made against PC Zebedee Quarmby?",
        "What is the home address of the officer with the most complaints?",
        "Will PC Smith reoffend?",
        "What will the weather be like tomorrow?",
    ],
)
def test_unanswerable_questions_abstain(synthetic_engine, question):
    answer = ask(synthetic_engine, question)
    assert answer.abstained
    assert answer.citations == []


def test_off_topic_narrative_question_abstains(synthetic_engine):
    answer = ask(
        synthetic_engine,
        "Describe the officer's recipe for lemon drizzle cake and the oven temperature",
    )
    assert answer.abstained, answer.answer


# Citations ----------------------------------------------------------------------------------


QUESTIONS = [
    "How many complaints were received in 2023?",
    "List the conduct cases opened in 2022",
    "Complaints in 2024 by category",
    "Which officers have the most complaints?",
    "Find complaints about cash going missing after a search",
    "Compare complaints in 2022 and 2023",
]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("user", [INVESTIGATOR, SENIOR], ids=["investigator", "senior"])
def test_every_quote_is_exactly_the_stored_span(synthetic_engine, question, user):
    answer = ask(synthetic_engine, question, user)
    assert answer.citations, answer.answer
    for c in answer.citations:
        text = field_text(synthetic_engine.con, c.record_id, c.field)
        assert text is not None
        if user.sees_complainant_details:
            assert text[c.start : c.end] == c.quote
        else:  # redaction masks characters in place: unmasked characters still match exactly
            stored = text[c.start : c.end]
            assert len(stored) == len(c.quote)
            assert all(q == s or q == "█" for q, s in zip(c.quote, stored, strict=True))
        assert f"[{c.n}]" in answer.answer or re.search(r"\[\d+\]–\[\d+\]", answer.answer)


def test_restricted_records_never_reach_an_uncleared_user(synthetic_engine, world):
    restricted = {cid for cid in world.complaints if not world.visible_complaint(cid)}
    assert restricted, "the synthetic force should hold restricted complaints"
    for question in QUESTIONS:
        answer = ask(synthetic_engine, question)
        seen = cited(answer) | {e.record_id for e in answer.evidence}
        assert not seen & restricted, question


def test_period_text_names_a_whole_month_as_asked():
    from datetime import date

    from assistant.answering import period_text

    assert period_text(date(2019, 3, 1), date(2019, 3, 31)) == " in March 2019"
    assert period_text(date(2024, 2, 1), date(2024, 2, 29)) == " in February 2024"
    assert period_text(date(2019, 1, 1), date(2019, 12, 31)) == " in 2019"
    assert period_text(date(2019, 3, 1), date(2019, 4, 30)) == " between 1 Mar 2019 and 30 Apr 2019"


def test_describe_searches_without_the_force_it_filters_on():
    from assistant.service import _without_forces

    assert _without_forces("off-duty Philadelphia officers", ("philadelphia",)) == "off-duty officers"
    assert _without_forces("Philly officers drunk", ("philadelphia",)) == "officers drunk"
    assert _without_forces("Philadelphia", ("philadelphia",)) == "Philadelphia"  # nothing else
    assert _without_forces("Chicago towing", ()) == "Chicago towing"
