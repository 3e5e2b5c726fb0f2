"""The data's own value is bound, not a wider taxonomy; indicator columns and coded penalties are
said in words (issue #13).

Why: on the third fresh set (2026-12-07) "unprofessional conduct" in Philadelphia counted the
"Verbal Abuse" complaints too (the taxonomy's incivility) though the data holds the label itself;
a question on vehicle pursuits searched narratives where Chicago's `pursuit_related_i` column holds
the answer; "resulted in a reprimand" was left unapplied where the penalty "100 - REPRIMAND" is
held. A new force's export below has an indicator column (a bare Y/N, no `map:`), coded outcomes
and a category vocabulary of its own (a label the taxonomy reads as broader than another label it
holds), and is answered with no code change. Expected figures come from the CSV text with pandas.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from assistant.answers import Answer, User
from assistant.service import Engine
from tests.exports import export_engine

MAPPING = """
name: eastmoor
force: eastmoor
namespace: em
records:
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields:
      reference: ref
      received_date: received
      category: category
      categories: category
      narrative: summary
    attributes:
      foot_chase_i: foot_chase_i
  - kind: allegation
    file: allegations.csv
    id: "{aref}"
    fields:
      complaint_id: {id_of: complaint, template: "{ref}"}
      category: category
      outcome: sanction
"""
COMPLAINTS = """ref,received,category,foot_chase_i,summary
E1,2024-01-05,Misuse of Authority,Y,The officer ran after the complainant across the estate.
E2,2024-02-11,Coercion,N,The complainant says the officer pressed him to sign a statement.
E3,2024-03-17,Misuse of Authority,N,The officer used his position to obtain a discount.
E4,2024-04-02,Coercion,Y,The complainant was chased and then threatened with arrest.
E5,2024-05-23,Misuse of Authority,Y,A chase on foot ended in a fall near the canal.
E6,2023-06-30,Misuse of Authority,N,The officer would not give his collar number when asked.
E7,2023-07-14,Coercion,N,The complainant was told to withdraw her complaint or be arrested.
"""
ALLEGATIONS = """aref,ref,category,sanction
A1,E1,Misuse of Authority,20 - WRITTEN WARNING
A2,E2,Coercion,35 - FINAL WRITTEN WARNING
A3,E3,Misuse of Authority,20 - WRITTEN WARNING
A4,E4,Coercion,90 - NO FURTHER ACTION
A5,E5,Misuse of Authority,20 - WRITTEN WARNING
A6,E6,Misuse of Authority,90 - NO FURTHER ACTION
A7,E7,Coercion,35 - FINAL WRITTEN WARNING
"""
FILES = {"complaints.csv": COMPLAINTS, "allegations.csv": ALLEGATIONS}
COMPLAINT_ROWS = pd.read_csv(io.StringIO(COMPLAINTS), dtype=str)
ALLEGATION_ROWS = pd.read_csv(io.StringIO(ALLEGATIONS), dtype=str)
USER = User(name="values-test", role="senior_investigator")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root: Path = tmp_path_factory.mktemp("values")
    with export_engine(root, FILES, MAPPING) as built:
        yield built


def _flagged(year: str) -> int:
    rows = COMPLAINT_ROWS[COMPLAINT_ROWS.received.str.startswith(year)]
    return int((rows.foot_chase_i == "Y").sum())


def _ask(engine: Engine, question: str) -> Answer:
    return engine.answer(question, USER)


def test_an_indicator_column_is_said_by_its_name_and_counted_from_the_column(
        engine: Engine) -> None:
    expected = _flagged("2024")
    assert expected == 3
    for question in ("How many complaints during 2024 involved a foot chase?",
                     "Count 2024's complaints that related to a foot chase.",
                     "How many 2024 complaints were linked to a foot chase?"):
        answer = _ask(engine, question)
        assert answer.unapplied == [], answer.interpretation
        assert answer.answer.startswith(f"{expected} complaints"), answer.answer
        assert "foot chase: yes" in answer.interpretation, answer.interpretation


def test_a_yes_no_question_on_a_flag_is_answered_from_the_column_not_the_narratives(
        engine: Engine) -> None:
    """2023 has no flagged complaint (though E7's narrative is about a threat of arrest, and a
    narrative search for 'chase' finds E4 and E5 in 2024 only): the answer is a no, counted."""
    assert _flagged("2023") == 0
    answer = _ask(engine, "Were any complaints from 2023 flagged for a foot chase?")
    assert answer.unapplied == [], answer.interpretation
    assert answer.answer.startswith("No"), answer.answer
    assert "foot chase: yes" in answer.interpretation, answer.interpretation


def test_a_coded_outcome_is_said_by_its_label(engine: Engine) -> None:
    held = ALLEGATION_ROWS[ALLEGATION_ROWS.sanction == "20 - WRITTEN WARNING"]
    expected = held.ref.nunique()
    answer = _ask(engine, "How many complaints ended with a written warning?")
    assert answer.unapplied == [], answer.interpretation
    assert answer.answer.startswith(f"{expected} complaints"), answer.answer


def test_a_label_the_data_holds_binds_that_label_not_the_taxonomys_wider_family(
        engine: Engine) -> None:
    """'Misuse of Authority' is the taxonomy's abuse of position, and 'Coercion' one kind of it:
    said exactly, the held label alone is counted."""
    expected = int((COMPLAINT_ROWS.category == "Misuse of Authority").sum())
    answer = _ask(engine, "How many misuse of authority complaints were received?")
    assert answer.unapplied == [], answer.interpretation
    assert answer.answer.startswith(f"{expected} complaints"), answer.answer


def test_words_matching_no_held_value_still_widen_through_the_taxonomy(engine: Engine) -> None:
    """'Abuse of power' is no label of this export: the taxonomy still reads it, and counts both
    labels it covers (the broader one and the kind of it)."""
    expected = len(COMPLAINT_ROWS)
    answer = _ask(engine, "How many complaints alleged an abuse of power?")
    assert answer.unapplied == [], answer.interpretation
    assert answer.answer.startswith(f"{expected} complaints"), answer.answer


def test_the_thesaurus_still_names_a_word_inside_a_longer_held_value() -> None:
    """'Taser' is said 'CED' or 'conducted energy device': a held 'Taser Discharge' is found
    from those words too (it was reported unapplied), and a form that is itself a held value
    stays that value's."""
    from datetime import date

    from assistant.catalogue import Entry
    from assistant.catalogue.link import CatalogueBinder
    from assistant.understand import InMemoryDirectory, understand

    binder = CatalogueBinder([Entry("complaint", "category", "Taser Discharge", 5, 5),
                              Entry("complaint", "category", "Stun Gun Discharge", 2, 2)],
                             cleared=True)
    for question, held in (("How many complaints in 2020 were about a CED discharge?",
                            ["Taser Discharge"]),
                           ("Count complaints about a conducted energy device discharge.",
                            ["Taser Discharge"]),
                           ("Count complaints about a stun gun discharge.",
                            ["Stun Gun Discharge"])):
        plan = understand(question, date(2026, 12, 7), InMemoryDirectory([]), [binder])
        assert plan.unapplied == [], (question, plan.unapplied)
        assert [f.values for f in plan.filters] == [held], (question, plan.filters)
