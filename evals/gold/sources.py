"""The synthetic force read straight from its export files and truth.json — never from the store.

Gold answers are computed here, so an ingestion, resolution or query bug shows up as a wrong
answer instead of agreeing with itself. Who each reference really is comes from truth.json's
aliases (the generator's own record of it), not from entity resolution. Category names are this
module's own: the synthetic labels are grouped by meaning, independently of the engine's
taxonomy (assistant/understand/taxonomy.py).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

CODES = {"UOF": "Use of force", "INC": "Incivility", "DIS": "Discriminatory behaviour",
         "SRCH": "Improper search", "PROP": "Handling of property",
         "CORR": "Corruption / abuse of position", "NEG": "Neglect of duty", "DATA": "Data misuse",
         "SEX": "Sexual misconduct", "OFFD": "Off-duty conduct",
         "ARR": "Unlawful arrest or detention"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _day(text: str, fmt: str) -> date:
    return datetime.strptime(text, fmt).date()


@dataclass
class Complaint:
    record_id: str
    ref: str
    received: date
    labels: set[str]  # its category and its allegations' categories (synthetic labels)
    restricted: bool
    subjects: set[str]  # person ids, from truth
    narrative: str
    allegations: dict[str, set[str]] = field(default_factory=dict)  # person → allegation ids


class Source:
    """Everything the gold generator needs, from one synthetic export directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
        self.staff = {f"person:syn:{r['payroll_no']}": r for r in _rows(root / "hr/staff.csv")}
        alias = {a["record_id"]: a["person_id"] for a in self.truth["aliases"]}
        self.complaints: dict[str, Complaint] = {}
        for r in _rows(root / "psd/complaints.csv"):
            rid = f"complaint:syn:{r['ComplaintRef']}"
            self.complaints[rid] = Complaint(
                rid, r["ComplaintRef"], _day(r["DateReceived"], "%d/%m/%Y"),
                {r["Category"], *(x.strip() for x in r["Categories"].split(";") if x.strip())},
                r["Handling"] == "RESTRICTED", set(), r["Account"])
        for r in _rows(root / "psd/allegations.csv"):
            c = self.complaints[f"complaint:syn:{r['ComplaintRef']}"]
            c.labels.add(CODES[r["AllegationCode"]])
            aid = f"allegation:syn:{r['AllegationRef']}"
            c.subjects.add(alias[aid])
            c.allegations.setdefault(alias[aid], set()).add(aid)
        self.conduct: list[dict[str, Any]] = [
            {"record_id": f"conduct_case:syn:{r['CaseNo']}", "opened": _day(r["Opened"], "%Y%m%d"),
             "restricted": r["Marking"] == "RESTRICTED", "category": r["Category"],
             "subject": alias[f"conduct_case:syn:{r['CaseNo']}"]}
            for r in _rows(root / "psd/conduct_cases.csv")]
        self.declarations: list[dict[str, Any]] = [
            {"record_id": f"declaration:syn:{r['decl_id']}", "type": r["decl_type"],
             "date": _day(r["date_submitted"], "%d %b %Y"), "person": f"person:syn:{r['payroll_no']}"}
            for r in _rows(root / "hr/declarations.csv")]
        self.absences: list[dict[str, Any]] = [
            {"record_id": f"absence:syn:{r['absence_ref']}", "start": _day(r["first_day"], "%d-%m-%Y"),
             "person": f"person:syn:{r['employee_no']}"}
            for r in _rows(root / "hr/sickness.csv")]
        self.intel: list[dict[str, Any]] = [{"record_id": f"intel_report:syn:{r['report_id']}",
                       "subject": alias[f"intel_report:syn:{r['report_id']}"],
                       "text": r["report_text"]} for r in _rows(root / "intel/reports.csv")]

    # people ---------------------------------------------------------------------------------

    def name(self, pid: str) -> str:
        s = self.staff[pid]
        return f"{s['forename']} {s['surname']}"

    def unique_name(self, pid: str) -> bool:
        return sum(1 for p in self.staff if self.name(p) == self.name(pid)) == 1

    def unique_surname(self, pid: str) -> bool:
        surname = self.staff[pid]["surname"]
        return sum(1 for s in self.staff.values() if s["surname"] == surname) == 1

    def officers_by_complaints(self) -> list[str]:
        counts: dict[str, int] = defaultdict(int)
        for c in self.complaints.values():
            for p in c.subjects:
                counts[p] += 1
        return sorted(counts, key=lambda p: (-counts[p], p))

    # gold queries ----------------------------------------------------------------------------

    def complaints_where(self, *, person: str | None = None, labels: set[str] | None = None,
                         start: date | None = None, end: date | None = None,
                         cleared: bool = False) -> set[str]:
        return {c.record_id for c in self.complaints.values()
                if (cleared or not c.restricted)
                and (person is None or person in c.subjects)
                and (labels is None or c.labels & labels)
                and (start is None or c.received >= start) and (end is None or c.received <= end)}

    def links(self, complaint_ids: set[str], person: str) -> set[str]:
        """The person's allegations on these complaints: the records that tie them together."""
        return {a for c in complaint_ids for a in self.complaints[c].allegations.get(person, ())}

    def restricted_ids(self) -> set[str]:
        out = {c.record_id for c in self.complaints.values() if c.restricted}
        out |= {c["record_id"] for c in self.conduct if c["restricted"]}
        out |= {r["record_id"] for r in self.intel}  # every intelligence report is restricted
        return out
