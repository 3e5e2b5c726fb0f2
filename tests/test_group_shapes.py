"""Group-by shapes on a real engine (the tiny force of tests/test_mentioned_role.py: four
complaints, January to April 2024, in two districts): per month, per district."""

from __future__ import annotations

import re

from assistant.service import Engine
from tests.test_mentioned_role import SENIOR, engine  # noqa: F401  (the fixture)


def groups(text: str) -> dict[str, int]:
    return {g: int(n) for g, n in re.findall(r"^- (.+?): (\d+)", text, re.M)}


def test_a_count_per_month(engine: Engine) -> None:  # noqa: F811
    answer = engine.answer("How many complaints were received in each month of 2024?", SENIOR)
    assert groups(answer.answer) == {"2024-01": 1, "2024-02": 1, "2024-03": 1, "2024-04": 1}
    assert "per month" in answer.interpretation
    assert "Total: 4 complaints" in answer.answer


def test_groups_are_the_datas_own_labels(engine: Engine) -> None:  # noqa: F811
    by_category = engine.answer("Break down complaints by category.", SENIOR)
    assert groups(by_category.answer) == {"Incivility": 4}, by_category.answer
    by_finding = engine.answer("How many allegations were there by finding?", SENIOR)
    assert groups(by_finding.answer) == {"Not sustained": 2, "Sustained": 2}, by_finding.answer
