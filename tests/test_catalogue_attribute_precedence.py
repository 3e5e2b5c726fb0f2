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
from pathlib import Path

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


EAST = """
name: eastshire
force: eastshire
namespace: ea
records:
  - kind: person
    file: east_staff.csv
    id: "{payroll}"
    fields: {name: name}
  - kind: complaint
    file: east_complaints.csv
    id: "{ref}"
    fields: {reference: ref, received_date: received, category: category}
  - kind: allegation
    file: east_allegations.csv
    id: "{ref}"
    fields:
      complaint_id: {id_of: complaint, template: "{complaint}"}
      category: category
    attributes: {officer_gender: gender}
"""
WEST = EAST.replace("eastshire", "westshire").replace("namespace: ea", "namespace: we") \
    .replace("east_", "west_").replace("    attributes: {officer_gender: gender}\n", "")


def test_a_filter_reported_not_applied_is_not_in_the_interpretation(tmp_path: Path) -> None:
    """Asked of the force whose export lacks the column, the filter is reported not applied —
    and the interpretation must not list it as applied too ("officer gender = FEMALE · … NOT
    applied: 'female officer'" said both)."""
    from assistant.answers import User
    from assistant.service import Engine
    from ingestion.run import ingest
    from tests.exports import TODAY as EXPORT_TODAY
    from tests.exports import write_export

    rows = "ref,received,category\nC-1,2024-03-01,Incivility\nC-2,2024-04-01,Incivility\n"
    accused = "ref,complaint,category,gender\nA-1,C-1,Incivility,FEMALE\nA-2,C-2,Incivility,MALE\n"
    staff = "payroll,name\n1,Ann Ash\n"
    east, src = write_export(tmp_path, {"east_staff.csv": staff, "east_complaints.csv": rows,
                                        "east_allegations.csv": accused}, EAST,
                             mapping_file="east.yaml")
    west, _ = write_export(tmp_path, {"west_staff.csv": staff, "west_complaints.csv": rows,
                                      "west_allegations.csv": accused.replace(",gender", "")
                                      .replace(",FEMALE", "").replace(",MALE", "")}, WEST,
                           mapping_file="west.yaml")
    from assistant.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", today=EXPORT_TODAY)
    assert not ingest(settings, [east, west], src, show_progress=False).failed
    engine = Engine(settings)
    try:
        user = User(name="precedence-test", role="senior_investigator")
        held = engine.answer("How many Eastshire allegations named a female officer?", user)
        assert "officer gender = FEMALE" in held.interpretation and not held.unapplied, \
            held.interpretation
        unheld = engine.answer("How many Westshire allegations named a female officer?", user)
        assert unheld.unapplied, unheld.interpretation
        assert "gender" not in unheld.interpretation.split("NOT applied")[0], \
            unheld.interpretation
    finally:
        engine.close()
