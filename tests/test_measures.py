"""Sums and averages of a numeric field, asked of the real engine over the synthetic force
(tests/conftest.py: real ingest, real DuckDB): overall, narrowed by a value, per officer ranked
with ties, per month, and averaged over a duration. Every expected figure is computed here from
the generator's source exports with the csv module — nothing from the product.

Why: issue #13 — "total overtime hours per officer" was answered with the number of claims per
officer, and "the average days …" was not applied at all; the plan had no sum or average.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from assistant.answers import Answer, User
from tests.exports import csv_rows

SENIOR = User(name="measure-test", role="senior_investigator")


@pytest.fixture(scope="module")
def claims(synthetic_source: Path) -> list[dict[str, str]]:
    return csv_rows(synthetic_source / "overtime" / "claims.csv")


def ask(engine, question: str) -> Answer:
    answer = engine.answer(question, SENIOR)
    assert not answer.abstained and answer.unapplied == [], (answer.answer, answer.unapplied)
    return answer


def figures(answer: Answer) -> list[float]:
    """The figure of each '- group: figure (n records)' line, in order."""
    return [float(m[1].replace(",", "")) for m in
            re.finditer(r"^- .*?: ([\d,.]+) \(", answer.answer, re.M)]


def test_a_sum_narrowed_by_a_value(synthetic_engine, claims) -> None:
    reason = max({r["reason"] for r in claims}, key=lambda v: (v == "Mutual aid", v))
    chosen = [float(r["hours"]) for r in claims if r["reason"] == reason]
    answer = ask(synthetic_engine, f"Give the combined overtime hours claimed for {reason}.")
    assert "sum of overtime hours" in answer.interpretation
    said = re.search(r"is ([\d,.]+), over ([\d,]+)", answer.answer)
    assert said, answer.answer
    assert float(said[1].replace(",", "")) == pytest.approx(sum(chosen))
    assert int(said[2].replace(",", "")) == len(chosen)


def test_a_sum_per_officer_is_ranked_by_the_sum_with_ties(synthetic_engine, claims) -> None:
    per: dict[str, float] = defaultdict(float)
    for r in claims:
        per[r["warrant_number"]] += float(r["hours"])
    ranked = sorted(per.values(), reverse=True)
    answer = ask(synthetic_engine, "Overtime hours totalled up for each officer, please")
    assert "sum of overtime hours per person" in answer.interpretation
    got = figures(answer)
    assert got[:10] == pytest.approx(ranked[:10])
    assert len(got) == 10 + sum(1 for x in ranked[10:] if x == ranked[9])  # a tie at the cut
    top = ask(synthetic_engine, "Who recorded the most overtime hours?")
    assert figures(top) == pytest.approx([x for x in ranked if x == ranked[0]])


def test_a_sum_per_month_reads_in_calendar_order(synthetic_engine, claims) -> None:
    per: dict[str, float] = defaultdict(float)
    for r in claims:
        day = datetime.strptime(r["claim_date"], "%d-%b-%Y")
        per[f"{day:%Y-%m}"] += float(r["hours"])
    year = max(per)[:4]
    answer = ask(synthetic_engine, f"total overtime hours month by month during {year}")
    want = {k: v for k, v in per.items() if k.startswith(year)}
    assert figures(answer) == pytest.approx([want[k] for k in sorted(want)])


def test_an_average_of_a_duration(synthetic_engine, synthetic_source: Path) -> None:
    spells = csv_rows(synthetic_source / "hr" / "sickness.csv")

    def day(text: str) -> datetime:
        return datetime.strptime(text, "%d-%m-%Y")

    lengths = [(day(r["last_day"]) - day(r["first_day"])).days + 1 for r in spells
               if day(r["first_day"]).year == 2023]
    answer = ask(synthetic_engine, "Mean absence length in days for sickness that started in 2023")
    assert "average of absence days" in answer.interpretation
    said = re.search(r"is ([\d,.]+), over ([\d,]+)", answer.answer)
    assert said, answer.answer
    assert float(said[1]) == pytest.approx(sum(lengths) / len(lengths), abs=0.005)
    assert int(said[2].replace(",", "")) == len(lengths)


def test_a_count_of_claims_is_still_a_count(synthetic_engine, claims) -> None:
    """'overtime claims' names the records: counted, never summed."""
    answer = ask(synthetic_engine, "Altogether, how many overtime claims exist?")
    assert "sum of" not in answer.interpretation and "average" not in answer.interpretation
    assert f"{len(claims):,}" in answer.answer


def test_a_measure_a_comparison_cannot_apply_is_said() -> None:
    """A comparison counts records: the sum it was asked with is reported, never dropped."""
    from datetime import date

    from assistant.catalogue import Entry
    from assistant.catalogue.link import CatalogueBinder
    from assistant.understand import InMemoryDirectory, understand
    from assistant.understand.accounting import Binder
    from assistant.understand.numeric import NumericBinder, NumericField

    reasons = [Entry("duty_shift", "claim_reason", "Mutual aid", 3, 3),
               Entry("duty_shift", "claim_reason", "Court attendance", 3, 3)]
    binders: list[Binder] = [NumericBinder([NumericField("duty_shift", "overtime_hours")]),
                             CatalogueBinder(reasons, cleared=True)]
    plan = understand("overtime hours in total: mutual aid versus court attendance",
                      date(2026, 1, 1), InMemoryDirectory([]), binders)
    assert plan.intent == "compare" and plan.measure is None, plan.reasons
    assert any("overtime hours" in u for u in plan.unapplied), plan.unapplied
    alone = understand("overtime hours in total for mutual aid", date(2026, 1, 1),
                       InMemoryDirectory([]), binders)
    assert alone.measure is not None and alone.measure.op == "sum" and alone.unapplied == []
