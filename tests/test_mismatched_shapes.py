"""Attacks: questions whose constraints belong to another kind of record than the one counted,
and record references said with a source's own word, on every force.

Why: a grouping by a field the counted records do not hold ("officers per race" bound to the
complainant's race on allegations), or a filter of another kind on a grouped count, raised a
ValueError in the SQL builder and the answer was lost; "the log 2022-…" was read as narrative
search text. Each shape must answer with the constraint applied or reported, never raise.
The public forces are a real slice of their exports (tests/test_public_slice_counts.py); the
synthetic force is the real generator's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import joins, store
from assistant.answers import User
from assistant.fit import filter_fits, group_fits
from assistant.service import Engine
from assistant.settings import Settings
from assistant.understand.accounting import Bound
from assistant.understand.fields import field_group
from assistant.understand.models import FieldFilter
from assistant.understand.references import find_references
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people
from tests.test_public_slice_counts import FILES, sliced  # noqa: F401  (the fixture)

READER = User(name="t.reader", role="investigator", cleared_for_restricted=True)


@pytest.fixture(scope="module")
def public(sliced: dict[str, list[dict[str, str]]],  # noqa: F811
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = Path(sliced["root"][0]["path"])
    data = tmp_path_factory.mktemp("public-data")
    con = store.connect(data / "records.duckdb")
    for name in FILES:
        assert ingest_records(con, name, root / name).error is None
    resolve_people(con)
    con.close()
    engine = Engine(Settings(data_dir=data))
    yield engine
    engine.close()


@pytest.mark.parametrize("source_word", ["log", "CR", "file", "COPA log", "record"])
def test_a_sources_own_word_introduces_a_reference(source_word: str) -> None:
    refs, _ = find_references(f"Show me the people named under {source_word} 2021-0004242, please")
    assert [r.value for r in refs] == ["2021-0004242"]


def test_a_year_after_a_source_word_is_not_a_reference() -> None:
    assert find_references("list every log 2020 entry and the audit log for 2021")[0] == []


@pytest.mark.parametrize("asked", [
    "Split by race: the number of distinct officers with an improper search allegation "
    "among 2020 complaints?",
    "Per race, how many separate officers carried a force allegation within 2019 complaints?",
    "Per sex, tally the officers facing a verbal abuse allegation across 2021 complaints.",
])
def test_a_grouping_of_another_kind_is_never_an_engine_error(public: Engine, asked: str) -> None:
    answer = public.answer(asked, READER)  # raised ValueError before: cannot group allegation …
    assert answer.answer
    said = answer.answer + answer.interpretation + " ".join(answer.unapplied)
    assert "race" in said or "sex" in said or "officer gender" in said, said  # sex: the gender held
    assert "complainant race" not in answer.interpretation  # officers: the accused's race


def test_a_reference_in_a_forces_own_words(public: Engine) -> None:
    con = public.con
    chicago, philly = (con.execute("SELECT min(reference) FROM complaint WHERE force = ?",
                                   [f]).fetchall()[0][0] for f in ("chicago", "philadelphia"))
    for said in (f"COPA log {chicago}", f"the log {chicago}", f"PPD complaint {philly}"):
        answer = public.answer(f"Which officers were accused in {said}?", READER)
        assert not answer.abstained and "describe" not in answer.answer, answer.answer
        assert (chicago if "log" in said else philly) in answer.answer
    missing = public.answer("Which officers were accused in COPA log 1999-0000001?", READER)
    assert missing.abstained and "There is no record 1999-0000001" in missing.answer


def test_a_filter_or_grouping_of_another_kind_does_not_fit(synthetic_engine: Engine) -> None:
    sick = FieldFilter(kind="absence", field="absence_type", values=["sick"], text="off sick")
    assert not filter_fits("system_access", sick) and filter_fits("absence", sick)
    con = synthetic_engine.con
    assert not group_fits(con, "system_access", "field", "absence_type")
    assert group_fits(con, "absence", "field", "absence_type")


@pytest.mark.parametrize("asked", [
    "Name the employees who used PND whilst signed off sick.",
    "Which personnel accessed STORM while off sick in 2024?",
])
def test_a_system_the_store_holds_says_system_use(synthetic_engine: Engine, asked: str) -> None:
    # raised "a absence filter does not apply to system_access records" before: no join matched
    answer = synthetic_engine.answer(asked, READER)
    assert "join: police-system use on a day of sick" in answer.interpretation, \
        answer.interpretation
    matched = joins.match(asked, None)  # the words alone name no system: no join
    assert matched is None or matched.name != "off_duty_access"


class _Held:
    """A binder holding one value of each person's race: the complaint's complainant, the
    allegation's accused officer (as a store's catalogue holds them)."""

    name = "held"

    def __init__(self) -> None:
        self.values = {"white": {("complaint", "complainant_race"): ["WHITE"],
                                 ("allegation", "officer_race"): ["WHITE"]}}

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        return []


@pytest.mark.parametrize(("asked", "field"), [
    ("Per race, the tally of accused officers with a weapon allegation among 2018 complaints",
     "officer_race"),
    ("Per race, the tally of complainants behind allegations among 2018 complaints",
     "complainant_race"),
])
def test_a_race_grouping_is_of_the_person_said(asked: str, field: str) -> None:
    found = field_group(asked, ["allegation", "complaint"], [_Held()])
    assert found is not None and found[0] == field  # was complainant_race for both
