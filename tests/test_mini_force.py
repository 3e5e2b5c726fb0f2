"""A hand-written mini-force: messy exports of a 24-person force, written here, ingested through
`probity ingest --mapping FILE` with a mapping written from the README's "Source mappings"
section alone, then every lead detector run over the store.

Why (issue #19): on the synthetic force the detectors read clean structured columns; on exports
like a real force's, patterns hide in free text — a complainant named only inside the account, a
business named only in an intelligence report — and heavy legitimate users (an analyst) look
like misuse. Planted here, each in its messy form:
- PC Dean Morley searched "HARPER, Lee" six times with no case reference (repeated_search);
- PC Gary Lowe searched the complainant whose name and date of birth appear only in the account
  (the complainant column is empty) 3 and 9 days after the complaint (complainant_search);
- an intelligence report says Sgt Ruth Pryce is "running Northgate Vehicle Recovery Ltd", which
  she never declared (undeclared_interest); PC Tom Fielding's declared business, named in
  another report, is left alone;
- PC Karl Finch drew three use-of-force complaints in seven weeks (allegation_burst).
Left alone: Intelligence Analyst Priya Shah, the force's heaviest system user (hundreds of
searches, many of the same people, mostly without a case reference).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from assistant import store
from assistant.leads import detect_leads
from assistant.settings import Settings

TODAY = date(2025, 6, 30)
STAFF = [  # payroll, "Surname, Forename", rank, job title, station, login, collar
    ("P0101", "Morley, Dean", "Constable", "Response Officer", "Northgate", "morleyd", "1501"),
    ("P0102", "Lowe, Gary", "Constable", "Response Officer", "Northgate", "loweg", "1502"),
    ("P0103", "Pryce, Ruth", "Sergeant", "Custody Sergeant", "Northgate", "pricer", "2201"),
    ("P0104", "Finch, Karl", "Constable", "Response Officer", "Eastbrook", "finchk", "1503"),
    ("P0105", "Fielding, Tom", "Constable", "Neighbourhood Officer", "Eastbrook", "fieldingt",
     "1504"),
    ("P0106", "Shah, Priya", "Police Staff", "Intelligence Analyst", "HQ", "shahp", ""),
    ("P0107", "Okafor, Ben", "Constable", "Response Officer", "Northgate", "okaforb", "1505"),
    ("P0108", "Walsh, Amy", "Constable", "Response Officer", "Eastbrook", "walsha", "1506"),
    ("P0109", "Grant, Leo", "Sergeant", "Response Sergeant", "Eastbrook", "grantl", "2202"),
    ("P0110", "Hughes, Nia", "Inspector", "Duty Inspector", "HQ", "hughesn", "3101"),
] + [(f"P02{k:02d}", f"{s}, {f}", "Constable", "Response Officer",
      ("Northgate", "Eastbrook")[k % 2], f"{s.lower()}{f[0].lower()}", f"16{k:02d}")
     for k, (f, s) in enumerate([("Ian", "Cole"), ("Jo", "Baker"), ("Sam", "Reid"),
                                 ("Kim", "Ellis"), ("Raj", "Patel"), ("Zoe", "Price"),
                                 ("Dan", "Hale"), ("Eve", "Marsh"), ("Max", "Doyle"),
                                 ("Ada", "Quinn"), ("Lee", "Short"), ("Tia", "Moss"),
                                 ("Rob", "Kerr"), ("Una", "Boyd")])]
MAPPING = """\
name: minishire
force: minishire
namespace: mini
defaults:
  encoding: utf-8
  delimiter: ","
  date_formats: ["%d/%m/%Y"]
records:
  - kind: person
    file: staff.csv
    id: "{Payroll}"
    fields:
      name: Name
      rank: Rank
      role_title: Job
      unit: Station
    identifiers:
      payroll: Payroll
      login: Login
      collar: Collar
  - kind: complaint
    file: complaints.csv
    id: "{Ref}"
    fields:
      reference: Ref
      received_date: Received
      category: Type
      complainant: Complainant
      narrative: Account
    mentions: [narrative]
  - kind: allegation
    file: complaints.csv
    id: "{Ref}-1"
    fields:
      complaint_id: {id_of: complaint, template: "{Ref}"}
      category: Type
    people:
      - role: subject
        scheme: collar
        name: Officer
        extract: '(?i)^(?:(?P<rank>PC|PS|Sgt)\\.?\\s*)?(?P<id>\\d+)?\\s*(?P<name>[A-Za-z][A-Za-z .-]*)?$'
  - kind: system_access
    file: audit.csv
    id: "{EventNo}"
    fields:
      accessed_at: {column: When, date_format: "%d/%m/%Y %H:%M"}
      system: System
      action: Action
      subject_searched: Subject
      linked_case_ref: CaseRef
    people:
      - role: user
        scheme: login
        value: User
  - kind: declaration
    file: declarations.csv
    id: "{DeclNo}"
    fields:
      declaration_type: {column: Type, map: {Business: business_interest}}
      counterparty: Company
      description: Details
    people:
      - role: declarant
        scheme: payroll
        value: Payroll
  - kind: intel_report
    file: intel.csv
    id: "{IR}"
    fields:
      reference: IR
      report_date: Date
      text: Text
    people:
      - role: subject
        scheme: collar
        value: Collar
        name: Officer
    restricted: true
"""


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _exports(src: Path) -> None:
    _write(src / "staff.csv", ["Payroll", "Name", "Rank", "Job", "Station", "Login", "Collar"],
           [[p, n, r, j, s, lg, c] for p, n, r, j, s, lg, c in STAFF])
    d = lambda x: x.strftime("%d/%m/%Y")  # noqa: E731
    complaints = [
        ["C25/001", d(date(2025, 3, 3)), "Incivility", "", "PC 1502 Lowe",
         "My name is Jane Doe and I was born on 04/09/1987. The officer swore at me when I "
         "asked why my son was being stopped outside the chip shop on Mill Road."],
        ["C25/002", d(date(2025, 2, 10)), "Use of force", "Mr A Khan", "PC Finch",
         "The officer pushed me against the van during the arrest and twisted my wrist."],
        ["C25/003", d(date(2025, 3, 2)), "Use of force", "Ms B Ortiz", "1503 Finch",
         "I was taken to the ground by the officer although I was not resisting at all."],
        ["C25/004", d(date(2025, 3, 28)), "Use of force", "Mr C Young", "PC 1503",
         "The officer used his baton on my leg when I was already handcuffed on the floor."],
        ["C25/005", d(date(2025, 1, 20)), "Incivility", "Mrs D Evans", "PC Walsh",
         "The officer was short with me on the phone about my stolen bike."],
        ["C25/006", d(date(2025, 4, 14)), "Neglect of duty", "Mr E Moss", "Sgt 2202 Grant",
         "Nobody came back to me about the burglary at my flat for three weeks."],
    ]
    _write(src / "complaints.csv", ["Ref", "Received", "Type", "Complainant", "Officer",
                                    "Account"], complaints)
    events: list[list[str]] = []

    def log(user: str, when: datetime, subject: str, case: str = "",
            system: str = "PNC", action: str = "Person enquiry") -> None:
        events.append([f"E{len(events) + 1:05d}", when.strftime("%d/%m/%Y %H:%M"), user,
                       system, action, subject, case])

    start = datetime(2025, 1, 6, 9, 0)
    for k in range(160):  # ordinary work: every officer, each search for a job
        user = STAFF[k % len(STAFF)][5]
        if user in ("shahp", "morleyd"):
            continue
        log(user, start + timedelta(hours=7 * k), f"PUBLIC{k:03d}, Person (DOB 01/01/1990)",
            f"CR/{1000 + k}/25")
    for k in range(300):  # the analyst: many people, many repeats, mostly no case reference
        subject = f"NOMINAL{k % 30:02d}, Target (DOB 02/02/1985)"
        log("shahp", start + timedelta(hours=5 * k, minutes=13), subject,
            f"OP/{k}" if k % 5 == 0 else "", "Intel DB", "Nominal search")
    for k in range(6):  # PC Morley: one member of the public, again and again, no job
        log("MORLEYD", datetime(2025, 4, 2, 21, 40) + timedelta(days=9 * k),
            "HARPER, Lee (DOB 12/12/1991)")
    for k in (3, 9):  # PC Lowe: the complainant named only in the account
        log("loweg", datetime(2025, 3, 3, 15, 0) + timedelta(days=k),
            "DOE, Jane (DOB 04/09/1987)", system="Niche RMS", action="Search nominal")
    log("walsha", datetime(2025, 5, 2, 10, 0), "DOE, Jane (DOB 04/09/1987)", "CR/9001/25")
    _write(src / "audit.csv", ["EventNo", "When", "User", "System", "Action", "Subject",
                               "CaseRef"], events)
    _write(src / "declarations.csv", ["DeclNo", "Payroll", "Type", "Company", "Details"],
           [["D1", "P0105", "Business", "Fielding Joinery Ltd",
             "I am a director of Fielding Joinery Ltd, a family joinery firm."]])
    _write(src / "intel.csv", ["IR", "Date", "Officer", "Collar", "Text"], [
        ["IR/25/0007", d(date(2025, 5, 1)), "PS Pryce", "2201",
         "Source reports that PS PRYCE is running Northgate Vehicle Recovery Ltd and steers "
         "drivers after collisions towards it."],
        ["IR/25/0011", d(date(2025, 5, 20)), "PC Fielding", "1504",
         "PC FIELDING is said to be a director of Fielding Joinery Ltd in Eastbrook."],
        ["IR/25/0014", d(date(2025, 6, 2)), "PC Okafor", "1505",
         "PC OKAFOR seized CCTV from Mill Road Convenience Ltd after a robbery."]])


pytestmark = pytest.mark.slow  # an ingest with the embedding model: minutes on a shared machine


@pytest.fixture(scope="module")
def leads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    root = tmp_path_factory.mktemp("mini")
    src, data = root / "exports", root / "data"
    src.mkdir()
    _exports(src)
    (root / "minishire.yaml").write_text(MAPPING, encoding="utf-8")
    env = {**os.environ, "ORT_DISABLE_TELEMETRY": "1",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]),
                                          os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", "--mapping", str(root / "minishire.yaml"),
         "--source", str(src), "--data-dir", str(data), "--quiet"],
        env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    settings = Settings(data_dir=data, today=TODAY)
    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        found = detect_leads(con, settings)
    finally:
        con.close()
    out: dict[str, set[str]] = {}
    for lead in found:
        for person in lead.people:
            out.setdefault(person.split(":")[-1], set()).add(lead.detector)
    return out


def test_planted_patterns_are_flagged(leads: dict[str, set[str]]) -> None:
    assert "repeated_search" in leads.get("P0101", set())
    assert "complainant_search" in leads.get("P0102", set())
    assert "undeclared_interest" in leads.get("P0103", set())
    assert "allegation_burst" in leads.get("P0104", set())


def test_the_innocent_are_left_alone(leads: dict[str, set[str]]) -> None:
    assert "P0106" not in leads  # the analyst, heaviest user of all
    assert "undeclared_interest" not in leads.get("P0105", set())  # declared
    assert "undeclared_interest" not in leads.get("P0107", set())  # CCTV from a shop
    assert "complainant_search" not in leads.get("P0108", set())  # not accused; case reference
    assert set(leads) <= {"P0101", "P0102", "P0103", "P0104"}, leads
