"""A rank said of the member of staff a record is about — the declarant, the absent employee,
the user of a police system — is applied to that person (their rank on the staff list), on the
real synthetic force (tests/conftest.py). Expected figures come from the generator's exports.

Why: "gifts declared by sergeants" and "sergeants with over three absences" were answered for
every rank with "sergeants" reported not applied, although the staff list holds each person's
rank; "which constables searched the PNC …" listed every rank and dropped "constables" silently
(the word was the entry rank's, taken for boilerplate, and "constables" was looked up as
"constabl").
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from assistant.answers import User
from tests.exports import csv_rows

READER = User(name="rank-test", role="senior_investigator")


@pytest.fixture(scope="module")
def staff(synthetic_source: Path) -> list[dict[str, str]]:
    return csv_rows(synthetic_source / "hr" / "staff.csv")


def _rank_by(staff: list[dict[str, str]], key: str) -> dict[str, str]:
    return {r[key]: r["rank"] for r in staff if r[key]}


def _first_number(text: str) -> int:
    return int(next(w for w in text.replace(",", "").split() if w.isdigit()))


def test_declarations_by_a_rank(synthetic_engine, synthetic_source, staff) -> None:
    rank = _rank_by(staff, "payroll_no")
    want = sum(1 for r in csv_rows(synthetic_source / "hr" / "declarations.csv")
               if rank.get(r["payroll_no"]) == "Sergeant")
    answer = synthetic_engine.answer("Count the declarations sergeants have submitted.", READER)
    assert answer.unapplied == [] and not answer.abstained, answer.answer
    assert "Sergeant" in answer.interpretation
    assert _first_number(answer.answer) == want


def test_absences_of_a_rank(synthetic_engine, synthetic_source, staff) -> None:
    rank = _rank_by(staff, "payroll_no")
    want = sum(1 for r in csv_rows(synthetic_source / "hr" / "sickness.csv")
               if rank.get(r["employee_no"]) == "Inspector")
    answer = synthetic_engine.answer("What is the total number of absences of inspectors?",
                                     READER)
    assert answer.unapplied == [] and not answer.abstained, answer.answer
    assert _first_number(answer.answer) == want


def test_constables_over_a_threshold_of_searches(synthetic_engine, synthetic_source,
                                                 staff) -> None:
    """The people listed are the constables over the threshold, no other rank."""
    login = {r["network_login"].lower(): r for r in staff if r["network_login"]}
    per: Counter[str] = Counter()
    with open(synthetic_source / "audit" / "system_access.jsonl") as lines:
        for line in lines:
            event = json.loads(line)
            when = datetime.fromisoformat(event["timestamp"])
            user = event["userId"].lower()  # the audit log writes logins in either case
            if event["system"] == "PNC" and when.year == 2025 and user in login:
                per[user] += 1
    threshold = sorted(per.values())[len(per) // 2]  # the median user's count
    want = {f"{login[u]['forename']} {login[u]['surname']}" for u, n in per.items()
            if n > threshold and login[u]["rank"] == "Constable"}
    others = {f"{login[u]['forename']} {login[u]['surname']}" for u, n in per.items()
              if n > threshold and login[u]["rank"] != "Constable"}
    assert want and others  # both sides exist, so a dropped rank shows
    answer = synthetic_engine.answer(
        f"Name the constables with over {threshold} PNC searches during 2025", READER)
    assert answer.unapplied == [] and not answer.abstained, answer.answer
    assert "Constable" in answer.interpretation
    assert _first_number(answer.answer) == len(want), answer.answer
    assert not any(name in answer.answer for name in others), answer.answer


def test_a_force_whose_entry_rank_is_constable_counts_its_constables() -> None:
    """"Constable" is a word of many questions and a rank the staff list holds: the number of
    constables is the staff with that rank, not every complaint (the word was boilerplate)."""
    from datetime import date

    from assistant.catalogue import Entry
    from assistant.catalogue.link import CatalogueBinder
    from assistant.understand import InMemoryDirectory, understand

    entries = [Entry("person", "rank", rank, n, n) for rank, n in
               (("Constable", 40), ("Sergeant", 9), ("Police Staff", 30))]
    entries += [Entry("officer", "rank", rank, n, n) for rank, n in
                (("Constable", 400), ("Sergeant", 90))]
    plan = understand("What number of constables does the force employ?", date(2025, 1, 1),
                      InMemoryDirectory([]), [CatalogueBinder(entries, True)])
    assert plan.kinds == ["person"], plan
    assert [(f.field, f.values) for f in plan.filters] == [("rank", ["Constable"])], plan


def test_a_rank_inside_a_longer_title_is_not_that_rank() -> None:
    """The "Constable" of "Chief Constable" is not the constables' rank (a chief officer)."""
    from datetime import date

    from assistant.catalogue import Entry
    from assistant.catalogue.link import CatalogueBinder
    from assistant.understand import InMemoryDirectory, understand

    entries = [Entry("officer", "rank", "Constable", 400, 400)]
    plan = understand("Count the complaints about our Chief Constable.", date(2025, 1, 1),
                      InMemoryDirectory([]), [CatalogueBinder(entries, True)])
    assert not [f for f in plan.filters if f.field == "rank"], plan.filters
