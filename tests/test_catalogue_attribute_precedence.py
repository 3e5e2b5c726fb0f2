"""A value an export's extra column shares with a record's own field is the field's, unless the
question names the column.

Why: Chicago's mapping keeps the recommended finding as an attribute of its own, and it holds
"Sustained" more often than the final finding does. The binder preferred the field holding a value
most often, so "sustained" alone became `recommended_finding = Sustained`; asked of Philadelphia,
which has no such column, the answer was a confident zero where hundreds of officers had a
sustained finding (a held-out question, 2026-12-07). The field's own name said beside the value
still picks the column.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand

TODAY = date(2026, 12, 7)
BINDER = CatalogueBinder([Entry("allegation", "finding", "Upheld", 40, 40),
                          Entry("allegation", "finding", "Upheld In Part", 9, 9),
                          Entry("allegation", "advised_finding", "Upheld", 700, 700)],
                         cleared=True)


def bound(question: str) -> list[tuple[str, list[str]]]:
    plan = understand(question, TODAY, InMemoryDirectory([]), [BINDER])
    return [(f.field, f.values) for f in plan.filters]


def test_a_value_said_alone_is_the_records_own_field_not_a_more_frequent_extra_column() -> None:
    for q in ("How many upheld allegations were there in 2019?",
              "Count the allegations that were upheld."):
        assert ("advised_finding", ["Upheld"]) not in bound(q), q


def test_the_extra_column_named_beside_the_value_is_that_column() -> None:
    assert bound("How many allegations had an advised finding of upheld?") == [
        ("advised_finding", ["Upheld"])]


def test_a_column_the_named_force_does_not_hold_is_not_applied_to_it() -> None:
    """Asked of a force whose export lacks the column, the filter cannot apply (reported as not
    applied by the engine), rather than matching nothing and answering a confident zero."""
    import duckdb

    from assistant.catalogue.unheld import columns_not_held
    from assistant.understand.models import FieldFilter

    con = duckdb.connect()
    con.execute("CREATE TABLE record_attribute(record_id VARCHAR, kind VARCHAR, force VARCHAR, "
                "name VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO record_attribute VALUES ('allegation:a:1', 'allegation', 'eastshire', "
                "'officer_gender', 'FEMALE')")
    gender = FieldFilter(kind="allegation", field="officer_gender", values=["FEMALE"])
    finding = FieldFilter(kind="allegation", field="finding", values=["Upheld"])
    assert columns_not_held(con, [gender, finding], ["westshire"]) == [gender]
    assert columns_not_held(con, [gender, finding], ["eastshire"]) == []
    assert columns_not_held(con, [gender, finding], ["eastshire", "westshire"]) == []
    assert columns_not_held(con, [gender, finding], []) == []  # no force named: all of them
