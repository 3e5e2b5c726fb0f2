"""Periods said in more than one piece are those pieces only, never a broader period: unions of
open and closed periods ("earlier than 2022 or later than 2023"), complements ("outside 2023",
"from 2021 to 2024 excluding 2022"), negated bounds ("no later than 2022"), the same on the
incident date, and "both … and …" said of people (reported unapplied: not executed yet). Asked of
the real synthetic force (tests/conftest.py); expected figures come from its complaints export
(csv module), never from the planner.

Why: "received before 2015 or after 2018" counted every complaint, with nothing reported; "before
2020 or in 2022" counted 2020 and 2021 too; "outside 2019" answered 2019 with 'outside' unapplied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from assistant.answers import User
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.models import Period
from assistant.understand.period_gaps import period_gaps, unexecuted
from tests.exports import counted_ids, csv_rows

READER = User(name="unions-test", role="investigator")
TODAY = date(2025, 12, 31)
Keep = Callable[[date, date], bool]  # (received, incident) → counted?


@pytest.fixture(scope="module")
def complaints(synthetic_source: Path) -> list[dict[str, str]]:
    """The complaints an investigator may see (RESTRICTED ones are not theirs to count)."""
    return [r for r in csv_rows(synthetic_source / "psd" / "complaints.csv")
            if r["Handling"] != "RESTRICTED"]


def _day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


@pytest.mark.parametrize(("question", "keep"), [
    ("tell me how many complaints arrived earlier than 2022 or later than 2023",
     lambda r, i: r.year < 2022 or r.year > 2023),
    ("count the complaints that came in prior to 2022 or during 2024",
     lambda r, i: r.year < 2022 or r.year == 2024),
    ("count the complaints that came in before April 2022 or after September 2024",
     lambda r, i: r < date(2022, 4, 1) or r > date(2024, 9, 30)),
    ("tell me how many complaints arrived outside 2023", lambda r, i: r.year != 2023),
    ("count the complaints that came in from 2021 to 2024 excluding 2022",
     lambda r, i: 2021 <= r.year <= 2024 and r.year != 2022),
    ("tell me how many complaints arrived no later than 2022", lambda r, i: r.year <= 2022),
    ("count complaints that came in over 2024 about incidents that happened before 2024 or "
     "in December 2024", lambda r, i: r.year == 2024 and (i.year < 2024 or i.month == 12)),
])
def test_periods_in_pieces_count_those_pieces_only(synthetic_engine, complaints, question: str,
                                                   keep: Keep) -> None:
    expected = {c["ComplaintRef"] for c in complaints
                if keep(_day(c["DateReceived"]), _day(c["IncidentDate"]))}
    answer = synthetic_engine.answer(question, READER)
    assert not answer.abstained and answer.unapplied == [], answer.answer
    assert counted_ids(answer) == expected, (answer.interpretation, answer.answer[:200])
    assert f"{len(expected)} " in answer.answer, answer.answer


def test_both_periods_of_people_is_never_read_as_either(synthetic_engine) -> None:
    answer = synthetic_engine.answer("which officers were complained about both in 2022 and in "
                                     "2024", READER)
    assert any("both in 2022 and in 2024" in u for u in answer.unapplied), answer.interpretation


@pytest.mark.parametrize("question", ["complaints logged before 2016 or after 2019",
                                      "complaints logged other than in 2017"])
def test_a_union_or_complement_is_shown_and_leaves_its_middle_out(question: str) -> None:
    plan = understand(question, TODAY, InMemoryDirectory([]))
    middle = (date(2016, 1, 1), date(2019, 12, 31)) if "2016" in question else \
        (date(2017, 1, 1), date(2017, 12, 31))
    assert period_gaps(plan) == (middle,) and not plan.unapplied, plan


def test_a_covering_span_broader_than_the_periods_said_is_reported() -> None:
    """The safety net: whatever reads the periods, a date filter that keeps more days than were
    said is reported unapplied, never answered silently."""
    plan = understand("complaints logged in 2018", TODAY, InMemoryDirectory([]))
    pieces = plan.model_copy(update={"date_from": None, "date_to": date(2019, 3, 31), "periods": [
        Period(date_from=None, date_to=date(2015, 12, 31), text="before 2016"),
        Period(date_from=date(2019, 1, 1), date_to=date(2019, 3, 31), text="in Q1 2019")]})
    assert unexecuted(pieces) == []  # the gaps carry the union out
    no_end = pieces.model_copy(update={"date_to": None})  # every day after Q1 2019 kept too
    assert unexecuted(no_end) == ["before 2016 / in Q1 2019"]
    less = [*pieces.periods, Period(date_from=date(2017, 1, 1), date_to=date(2017, 12, 31),
                                    text="not 2017", excluded=True)]
    assert unexecuted(pieces.model_copy(update={"periods": less})) == []
    lost = plan.model_copy(update={"date_from": None, "date_to": None})
    assert unexecuted(lost) == ["in 2018"], unexecuted(lost)
