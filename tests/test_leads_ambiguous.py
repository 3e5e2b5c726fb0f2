"""Leads that rest partly on a complaint naming its officer only ambiguously.

A hand-written force with namesakes: two "K Butler"s and two "J Brown"s at Fenholt, two "J Price"s
at Marlhaven Central, four "S Khan"s at Eastgate. Entity resolution leaves those references
unresolved with their candidates; allegation_burst, coaccused and complainant_search count such a
complaint as possibly each candidate, when the candidates are few and the rest of the lead is
resolved, and say so. Nobody else gets a lead from it.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from assistant import store
from assistant.leads.config import Ambiguous, LeadsConfig
from assistant.leads.detect import detect_leads
from assistant.leads.models import Lead
from assistant.settings import Settings
from tests.exports import ingest_export_records

STAFF = """payroll,collar,login,forename,surname,station,rank
1,1001,cooperg,Gareth,Cooper,Fenholt,Constable
2,1002,butlerk1,Kieran,Butler,Fenholt,Constable
3,1003,butlerk2,Krzysztof,Butler,Fenholt,Constable
4,1004,brownj1,Jessica,Brown,Fenholt,Constable
5,1005,brownj2,Jacob,Brown,Fenholt,Constable
6,1006,pricej1,Julie,Price,Marlhaven Central,Constable
7,1007,pricej2,John,Price,Marlhaven Central,Constable
8,1008,khans1,Sara,Khan,Eastgate,Constable
9,1009,khans2,Sam,Khan,Eastgate,Constable
10,1010,khans3,Saj,Khan,Eastgate,Constable
11,1011,khans4,Sean,Khan,Eastgate,Constable
12,1012,shahn,Nadia,Shah,Eastgate,Constable
"""

# (complaint, received, complainant, [(collar, name, station, category)])
COMPLAINTS = [
    # Cooper with Krzysztof Butler three times, and with "PC K Butler" once more.
    ("C-1", "01/02/2023", "Ann Lee", [("1001", "", "Fenholt", "INC"), ("1003", "", "Fenholt", "INC")]),
    ("C-2", "01/05/2023", "Bo Ray", [("1001", "", "Fenholt", "INC"), ("1003", "", "Fenholt", "INC")]),
    ("C-3", "01/08/2023", "Cy Fox", [("1001", "", "Fenholt", "INC"), ("1003", "", "Fenholt", "INC")]),
    ("C-4", "01/11/2023", "Di Orr", [("1001", "", "Fenholt", "INC"),
                                     ("", "PC K Butler", "Fenholt", "INC")]),
    # Jessica Brown: two use-of-force complaints, and a third naming "J Brown" at Fenholt.
    ("C-5", "01/03/2024", "Ed Poe", [("1004", "", "Fenholt", "UOF")]),
    ("C-6", "15/03/2024", "Flo Ng", [("1004", "", "Fenholt", "UOF")]),
    ("C-7", "01/04/2024", "Gus Yeo", [("", "J Brown", "Fenholt", "UOF")]),
    # "J Price" at Marlhaven Central: Julie searches the complainant ten days later.
    ("C-8", "01/06/2024", "Hal Ito", [("", "J Price", "Marlhaven Central", "INC")]),
    # Nadia Shah with one of four S Khans, four times: too many Khans to say anything.
    *[(f"C-{9 + i}", f"01/0{1 + i}/2022", f"Ivy Oh{i}",
       [("1012", "", "Eastgate", "INC"), ("", "PC S Khan", "Eastgate", "INC")]) for i in range(4)],
    # Two use-of-force complaints naming "J Brown" and one Jacob Brown: one possible at most.
    ("C-13", "01/03/2021", "Jo Wu", [("1005", "", "Fenholt", "UOF")]),
    ("C-14", "02/03/2021", "Kit Au", [("", "J Brown", "Fenholt", "UOF")]),
    ("C-15", "03/03/2021", "Lu Ma", [("", "J Brown", "Fenholt", "UOF")]),
]
ACCESS = [
    ("E-1", "2024-06-11T10:00:00", "pricej1", "ITO, Hal"),
    ("E-2", "2024-06-12T10:00:00", "pricej2", "SMITH, Jo"),
]

MAPPING = """
name: namesakes
force: test
namespace: am
defaults:
  date_formats: ["%d/%m/%Y"]
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    fields:
      name: {template: "{forename} {surname}"}
      unit: station
      rank: rank
    identifiers: {payroll: payroll, collar: collar, login: login}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    fields:
      reference: ref
      received_date: received
      complainant: complainant
      narrative: account
  - kind: allegation
    file: allegations.csv
    id: "{ref}"
    fields:
      complaint_id: {id_of: complaint, template: "{complaint}"}
      category: {column: code, map: {UOF: Use of force, INC: Incivility}}
    people:
      - {role: subject, scheme: collar, value: collar, name: name, unit: station}
  - kind: system_access
    file: access.csv
    id: "{event}"
    fields:
      accessed_at: {column: at, date_format: "%Y-%m-%dT%H:%M:%S"}
      system: {value: PNC}
      action: {value: person search}
      subject_searched: subject
    people:
      - {role: user, scheme: login, value: login}
"""


def _source() -> dict[str, str]:
    complaints = ["ref,received,complainant,account"]
    allegations = ["ref,complaint,collar,name,station,code"]
    for ref, received, complainant, subjects in COMPLAINTS:
        complaints.append(f"{ref},{received},{complainant},The officers were rude.")
        allegations += [f"{ref}/A{k + 1},{ref},{collar},{name},{station},{code}"
                        for k, (collar, name, station, code) in enumerate(subjects)]
    return {"staff.csv": STAFF, "complaints.csv": "\n".join(complaints) + "\n",
            "allegations.csv": "\n".join(allegations) + "\n",
            "access.csv": "event,at,login,subject\n"
                          + "".join(f"{e},{t},{u},\"{s}\"\n" for e, t, u, s in ACCESS)}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("ambiguous")
    settings = Settings(data_dir=root / "data", today=date(2024, 12, 31))
    con = store.connect(settings.duckdb_path)
    ingest_export_records(con, root, _source(), MAPPING)
    con.close()
    return settings


@pytest.fixture(scope="module")
def con(settings: Settings) -> duckdb.DuckDBPyConnection:
    connection = store.connect(settings.duckdb_path, read_only=True)
    yield connection
    connection.close()


DETECTORS = ["allegation_burst", "coaccused", "complainant_search"]


def leads(con: duckdb.DuckDBPyConnection, settings: Settings,
          config: LeadsConfig | None = None) -> list[Lead]:
    return detect_leads(con, settings, DETECTORS, config=config or LeadsConfig())


def about(found: list[Lead], detector: str) -> list[list[str]]:
    return sorted(sorted(x.people) for x in found if x.detector == detector)


def test_the_namesakes_are_unresolved_with_their_candidates(con):
    rows = con.execute(
        """SELECT r.record_id, count(k.person_id) FROM person_ref r
           LEFT JOIN person_ref_candidate k USING (record_id, idx)
           WHERE r.kind = 'allegation' AND r.person_id IS NULL GROUP BY ALL ORDER BY 1""").fetchall()
    assert dict(rows) == {
        "allegation:am:C-4/A2": 2, "allegation:am:C-7/A1": 2, "allegation:am:C-8/A1": 2,
        **{f"allegation:am:C-{9 + i}/A2": 4 for i in range(4)},
        "allegation:am:C-14/A1": 2, "allegation:am:C-15/A1": 2}


def test_coaccused_counts_one_possible_complaint_and_says_so(con, settings):
    found = leads(con, settings)
    assert about(found, "coaccused") == [["person:am:1", "person:am:3"]]
    lead = next(x for x in found if x.detector == "coaccused")
    assert "named together in 3 separate complaints, and possibly in 1 more" in lead.explanation
    assert "“PC K Butler, Fenholt”, which fits 2 members of staff" in lead.explanation
    assert lead.detail["possible"] == [
        {"complaint_id": "complaint:am:C-4", "written": "PC K Butler, Fenholt", "candidates": 2}]
    assert lead.score < 0.5  # weaker than a pair named four times outright


def test_allegation_burst_counts_one_possible_complaint_and_says_so(con, settings):
    found = leads(con, settings)
    # Jessica Brown, not Jacob: he has one resolved complaint, and two possible ones never make
    # a lead on their own.
    assert about(found, "allegation_burst") == [["person:am:4"]]
    lead = next(x for x in found if x.detector == "allegation_burst")
    assert lead.explanation.startswith("3 use of force complaints within 31 days")
    assert "the complaint of 1 Apr 2024 names the officer only as “J Brown, Fenholt”" in (
        lead.explanation)


def test_complainant_search_checks_each_possible_officer(con, settings):
    found = leads(con, settings)
    assert about(found, "complainant_search") == [["person:am:6"]]
    lead = next(x for x in found if x.detector == "complainant_search")
    assert "“J Price, Marlhaven Central”, which fits 2 members of staff, this person among them" in (
        lead.explanation)


def test_too_many_candidates_or_no_room_for_them_means_no_lead(con, settings):
    strict = LeadsConfig(ambiguous=Ambiguous(max_candidates=1))
    assert leads(con, settings, strict) == []
    loose = LeadsConfig(ambiguous=Ambiguous(max_candidates=4))
    # With four Khans allowed, Nadia Shah is still only possibly paired four times: no lead.
    assert about(leads(con, settings, loose), "coaccused") == [["person:am:1", "person:am:3"]]
    none = LeadsConfig(ambiguous=Ambiguous(per_lead=0))
    assert leads(con, settings, none) == []
