"""'Complaints naming more than one officer' counted without a subquery per complaint.

`structured.people_count_test` replaced the correlated `people_per_record(t) >= ?` for complaints
(2.3 s of CPU at 45,000 staff). This holds it to the correlated form on a real store whose
allegations name resolved officers, unresolved collar numbers, bare names, "UNKNOWN" and no one,
some restricted, at every bound either way and for both clearances.
"""

from __future__ import annotations

import pytest

from assistant import structured
from assistant.structured import (
    few_refs,
    people_count_test,
    people_per_record,
    person_record_ids,
    ref_of,
)
from tests.test_group_rank import groupshire

WHO = [("101", ""), ("102", ""), ("", "J Smith"), ("", "UNKNOWN"), ("", ""), ("999", ""),
       ("101", "Ann Ash"), ("", "j smith"), ("103", "")]


def allegations() -> str:
    rows = ["ref,complaint,category,collar,officer,station,restricted"]
    for i in range(36):
        for j in range(i % 4):
            collar, name = WHO[(i * 3 + j) % len(WHO)]
            rows.append(f"A-{i}-{j},C-{i},Incivility,{collar},{name},North,"
                        f"{'yes' if (i + j) % 5 == 0 else 'no'}")
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    con = groupshire(tmp_path_factory.mktemp("people"), allegations())
    yield con
    con.close()


@pytest.mark.parametrize("cleared", [True, False])
@pytest.mark.parametrize("op", [">=", "<="])
def test_people_count_test_is_the_correlated_count(con, cleared: bool, op: str) -> None:
    seen = set()
    for bound in range(0, 5):
        def ids(test: str, bound: int = bound) -> list[str]:
            return [r for (r,) in con.execute(
                f"SELECT record_id FROM complaint t WHERE {test} ORDER BY 1", [bound]).fetchall()]
        expected = ids(f"({people_per_record('complaint', cleared)}) {op} ?")
        assert ids(people_count_test("complaint", cleared, op, bound)) == expected, bound
        seen.add(len(expected))
    assert len(seen) >= 3  # the bounds split the complaints in different ways


def test_a_reference_kind_is_its_record_kind(con) -> None:
    """`structured.ref_of` narrows person_ref joins by `kind`: that must drop no reference."""
    wrong = con.execute("SELECT count(*) FROM person_ref "
                        "WHERE kind <> split_part(record_id, ':', 1)").fetchone()[0]
    assert con.execute("SELECT count(*) FROM person_ref").fetchone()[0] > 0
    assert wrong == 0
    assert ref_of("allegation") == "r.kind = 'allegation'"
    with pytest.raises(ValueError):
        ref_of("allegation' OR true --")


@pytest.mark.parametrize("cleared", [True, False])
def test_person_record_ids_are_the_same_read_by_kind_or_by_index(con, monkeypatch,
                                                                 cleared: bool) -> None:
    """`few_refs` only chooses how DuckDB reads a person's references, never which."""
    people = [p for (p,) in con.execute("SELECT DISTINCT person_id FROM person_ref "
                                        "WHERE person_id IS NOT NULL").fetchall()]
    assert people
    monkeypatch.setattr(structured, "FEW_REFS", 0.0)  # never narrowed: the index read
    assert few_refs(con, ["complaint", "allegation"]) == ""
    by_index = {p: person_record_ids(con, "complaint", [p], cleared) for p in people}
    monkeypatch.setattr(structured, "FEW_REFS", 10.0)  # always narrowed by kind
    assert few_refs(con, ["complaint", "allegation"]) == (
        " AND (person_ref.kind = 'complaint' OR person_ref.kind = 'allegation')")
    assert {p: person_record_ids(con, "complaint", [p], cleared) for p in people} == by_index
    assert any(by_index.values())
