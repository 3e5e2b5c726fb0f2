"""The real Philadelphia and Chicago exports, ingested through their ordinary mappings.

Expected figures are computed here straight from the source CSVs with the csv module, independently
of the mapping engine, so the two can disagree.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from assistant import store
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people
from tests.exports import csv_rows

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"  # vendored in the repo
PHILLY, CHICAGO = PUBLIC / "philly", PUBLIC / "chicago-copa-cms"


# the disciplines file's columns that the philly mapping reads for an allegation
# po_race/po_sex are mapped as the accused's attributes: two rows of 13-0227 agree in every other
# column (no officer_id, initials WB) but one officer is recorded black, the other white, so
# they are two allegations, not one repeated.
PHILLY_MAPPED = ("discipline_id", "complaint_id", "allegations_investigated",
                 "investigative_findings", "disciplinary_findings", "officer_id",
                 "officer_initials", "po_assigned_unit", "po_race", "po_sex")


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    con = store.connect(tmp_path_factory.mktemp("public") / "records.duckdb")
    for name, source in (("philly", PHILLY), ("chicago", CHICAGO)):
        report = ingest_records(con, name, source)
        assert report.error is None, report.error
    resolve_people(con)
    return con


def count(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> int:
    row = con.execute(sql, list(params)).fetchone()
    assert row is not None
    return int(row[0])


def test_philly_complaints_and_allegations(con):
    complaints = csv_rows(PHILLY / "ppd_complaints.csv")
    disciplines = csv_rows(PHILLY / "ppd_complaint_disciplines.csv")
    assert count(con, "SELECT count(*) FROM complaint WHERE force = 'philadelphia'") == len(
        complaints
    )
    # discipline_id is not unique: rows with the same id but other findings are allegations of
    # their own; rows repeating an earlier row (in every mapped column) are duplicates.
    unique = {tuple(r[c] for c in PHILLY_MAPPED) for r in disciplines}
    assert count(con, "SELECT count(*) FROM allegation WHERE force = 'philadelphia'") == len(unique)
    # Exact duplicate rows are quarantined as duplicates, not double-counted.
    dupes = len(disciplines) - len(unique)
    assert (
        count(
            con,
            "SELECT count(*) FROM quarantine WHERE mapping = 'philly' "
            "AND reason LIKE 'duplicate id%'",
        )
        == dupes
    )
    received_2019 = sum(1 for r in complaints if r["date_received"].endswith("/19"))
    assert (
        count(
            con,
            "SELECT count(*) FROM complaint WHERE force = 'philadelphia' "
            "AND year(received_date) = 2019",
        )
        == received_2019
    )


def test_philly_findings_of_repeated_discipline_ids_are_kept(con):
    # 19-0003-57290021-Departmental Violation: one row not sustained, one sustained. Keyed on
    # discipline_id alone the second was quarantined and 22 complaints of 2019 lost their
    # sustained finding (185 counted instead of 207).
    complaints = {r["complaint_id"] for r in csv_rows(PHILLY / "ppd_complaints.csv")
                  if r["date_received"].endswith("/19")}
    sustained = {r["complaint_id"] for r in csv_rows(PHILLY / "ppd_complaint_disciplines.csv")
                 if r["complaint_id"] in complaints
                 and r["investigative_findings"] == "Sustained Finding"}
    got = count(con, """SELECT count(DISTINCT a.complaint_id) FROM allegation a
                        JOIN complaint c ON c.record_id = a.complaint_id
                        WHERE year(c.received_date) = 2019 AND a.finding = 'Sustained Finding'""")
    assert got == len(sustained) == 207


def test_philly_officer_allegations_resolve_to_the_officer(con):
    disciplines = csv_rows(PHILLY / "ppd_complaint_disciplines.csv")
    officer, _ = Counter(r["officer_id"] for r in disciplines if r["officer_id"]).most_common(1)[0]
    expected = len({tuple(r[c] for c in PHILLY_MAPPED) for r in disciplines
                    if r["officer_id"] == officer})
    got = count(
        con,
        "SELECT count(DISTINCT record_id) FROM person_ref WHERE person_id = ?",
        f"person:ppd:{officer}",
    )
    assert got == expected
    # Initials-only references (2013–14) are never guessed into a person.
    assert (
        count(
            con,
            """SELECT count(*) FROM person_ref WHERE force = 'philadelphia'
                         AND value IS NULL AND person_id IS NOT NULL""",
        )
        == 0
    )


def test_chicago_complaint_rows_merge_by_cr_id_with_all_categories(con):
    complaints = csv_rows(CHICAGO / "complaints-complaints-cms_2019-2022_2022-09.csv")
    by_cr: dict[str, set[str]] = {}
    for r in complaints:
        by_cr.setdefault(r["cr_id"], set()).add(r["category"])
    assert count(con, "SELECT count(*) FROM complaint WHERE force = 'chicago'") == len(by_cr)
    multi = next(cr for cr, cats in sorted(by_cr.items()) if len(cats - {""}) > 1)
    stored = con.execute("SELECT categories FROM complaint WHERE reference = ?", [multi]).fetchone()
    assert stored is not None and set(stored[0]) == by_cr[multi] - {""}


def test_chicago_accused_resolve_by_star(con):
    accused = csv_rows(CHICAGO / "complaints-accused-cms_2019-2022_2022-09_p031093.csv")
    assert count(con, "SELECT count(*) FROM allegation WHERE force = 'chicago'") == len(accused)
    star, _ = Counter(r["star"] for r in accused if r["star"]).most_common(1)[0]
    expected = sum(1 for r in accused if r["star"] == star)
    by_star = count(
        con,
        "SELECT count(*) FROM person_ref WHERE person_id = ? AND method = 'identifier'",
        f"person:copa:star-{star}",
    )
    assert by_star == expected


def test_forces_never_mix(con):
    assert (
        count(
            con,
            """SELECT count(*) FROM person_ref r JOIN person p ON p.record_id = r.person_id
                         WHERE p.force <> r.force""",
        )
        == 0
    )


def _labels_by_complaint(force: str, year: str) -> dict[str, set[str]]:
    """complaint id → its category labels and its allegations' (lower case), from the CSVs."""
    labels: dict[str, set[str]] = {}
    if force == "philadelphia":
        for r in csv_rows(PHILLY / "ppd_complaints.csv"):
            if r["date_received"].endswith(f"/{year[2:]}"):
                labels[r["complaint_id"]] = {r["general_cap_classification"].lower()}
        for r in csv_rows(PHILLY / "ppd_complaint_disciplines.csv"):
            if r["complaint_id"] in labels:
                labels[r["complaint_id"]].add(r["allegations_investigated"].lower())
    else:
        for r in csv_rows(CHICAGO / "complaints-complaints-cms_2019-2022_2022-09.csv"):
            if r["complaint_date"].startswith(year):
                labels.setdefault(r["cr_id"], set()).add(r["category"].lower())
        for r in csv_rows(CHICAGO / "complaints-accused-cms_2019-2022_2022-09_p031093.csv"):
            if r["cr_id"] in labels:
                labels[r["cr_id"]].add(r["allegation_category"].lower())
    return labels


# A question naming a dataset label that is one kind of a broader category counts that label only
# (verbal abuse: 126 Philadelphia complaints of 2019, not 226 with "Unprofessional Conduct");
# the broader category counts them all.
NARROWER = [
    ("philadelphia", "2019", "verbal abuse", ["verbal abuse"]),
    ("philadelphia", "2019", "incivility", ["verbal abuse", "unprofessional conduct"]),
    ("chicago", "2022", "coercion", ["coercion"]),
    ("chicago", "2022", "abuse of position", ["coercion", "abuse of authority"]),
    ("chicago", "2022", "firearm discharge at animal", ["firearm discharge at animal"]),
]


@pytest.mark.parametrize(("force", "year", "category", "labels"), NARROWER,
                         ids=[f"{n[0]}-{n[2]}" for n in NARROWER])
def test_category_counts_only_the_labels_it_means(con, force, year, category, labels):
    from datetime import date

    from assistant.structured import Scope, find_records

    expected = sum(1 for ls in _labels_by_complaint(force, year).values() if ls & set(labels))
    y = int(year)
    # The labels of a complaint *or its allegations* (expected above): the reading a question
    # naming allegations asks for ("complaints with a verbal abuse allegation"); "verbal abuse
    # complaints" alone reads the complaint's own classification (tests/test_answer_engine.py).
    got = find_records(con, Scope(
        kind="complaint", cleared=True, date_from=date(y, 1, 1), date_to=date(y, 12, 31),
        categories=(category,), forces=(force,), allegations_named=True)).count
    assert got == expected > 0
    if category == "verbal abuse":
        assert got == 126
