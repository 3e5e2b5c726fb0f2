"""A category named as the kind of record filters a narrative question (issue #14, cause 6 of the
narrative error analysis): "<category> complaints that …" searches that category's complaints
only, and the category's words are no concepts of the search. On the real ingested synthetic
force; the expected set is read from the source CSV, never from the engine."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from assistant.answers import User
from assistant.narrative.filed import filed_under, topic_without
from assistant.service import Engine

INVESTIGATOR = User(name="test-investigator", role="investigator")


def source_rows(source: Path) -> list[dict[str, str]]:
    with (source / "psd" / "complaints.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_only_a_category_said_as_the_record_noun_is_filed_under() -> None:
    said = {"Use of force": "use of force", "Drugs": "drugs"}
    assert filed_under("Use of force complaints where a child saw it", list(said), said) == {
        "Use of force": "use of force"}
    # the category word inside the topic is what the narrative says, not how it was filed
    assert filed_under("complaints that an officer planted drugs on a driver", list(said),
                       said) == {}
    assert topic_without("Use of force complaints where a child saw it", ["use of force"]) == (
        "complaints where a child saw it")


def test_a_category_complaint_question_searches_that_category_only(
        synthetic_engine: Engine, synthetic_source: Path) -> None:
    rows = source_rows(synthetic_source)
    expected = {f"complaint:syn:{r['ComplaintRef']}" for r in rows
                if "Use of force" in [c.strip() for c in r["Categories"].split(";")]
                and re.search(r"\bthreat", r["Account"], re.I)}
    assert expected, "the synthetic force should hold use-of-force accounts of threats"
    answer = synthetic_engine.answer("Use of force complaints that mention threats",
                                     INVESTIGATOR)
    assert answer.intent == "describe", answer.answer
    cited = {e.record_id for e in answer.evidence if e.cited}
    assert cited == expected, answer.answer
