"""Compute the public gold answers from the source files of the public slice (never the store).

    python -m evals.public.gold [--source DIR]   # → evals/questions/public.jsonl

A complaint is "about" a label when its classification/category (any of Chicago's rows for it)
or any of its allegations carries the label; it is "against" an officer when an allegation names
that officer (Philadelphia officer_id, Chicago star). Labels compare case-insensitively.
"""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from evals.gold.io import Question, write_questions

HERE = Path(__file__).parent


@dataclass
class Complaint:
    record_id: str
    received: date
    labels: set[str] = field(default_factory=set)
    officers: set[str] = field(default_factory=set)
    findings: set[str] = field(default_factory=set)
    text: str = ""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load(source: Path) -> dict[str, dict[str, Complaint]]:
    philly: dict[str, Complaint] = {}
    for r in _rows(source / "philly/ppd_complaints.csv"):
        philly[r["complaint_id"]] = Complaint(
            f"complaint:ppd:{r['complaint_id']}",
            datetime.strptime(r["date_received"], "%m/%d/%y").date(),
            {r["general_cap_classification"].lower()}, text=f"{r['summary']} {r['shortened_summary']}")
    for r in _rows(source / "philly/ppd_complaint_disciplines.csv"):
        c = philly[r["complaint_id"]]
        c.labels.add(r["allegations_investigated"].lower())
        c.findings.add(r["investigative_findings"].lower())
        if r["officer_id"]:
            c.officers.add(r["officer_id"])
    chicago: dict[str, Complaint] = {}
    [complaints] = (source / "chicago").glob("complaints-complaints-cms_*.csv")
    [accused] = (source / "chicago").glob("complaints-accused-cms_*.csv")
    for r in _rows(complaints):
        c = chicago.setdefault(r["cr_id"], Complaint(
            f"complaint:copa:{r['cr_id']}", date.fromisoformat(r["complaint_date"]), text=r["narrative"]))
        c.labels.add(r["category"].lower())
    for r in _rows(accused):
        c = chicago[r["cr_id"]]
        c.labels.add(r["allegation_category"].lower())
        c.findings.add((r["final_finding"] or r["recommended_finding"]).lower())
        if r["star"]:
            c.officers.add(r["star"])
    return {"philly": philly, "chicago": chicago}


def matches(c: Complaint, spec: dict[str, Any]) -> bool:
    if (labels := spec.get("labels")) and not c.labels & {x.lower() for x in labels}:
        return False
    if (officer := spec.get("officer")) and officer not in c.officers:
        return False
    if (month := spec.get("month")) and c.received.month != month:
        return False
    if (finding := spec.get("finding")) and not c.findings & {x.lower() for x in finding}:
        return False
    return not (p := spec.get("pattern")) or bool(re.search(p, c.text, re.IGNORECASE))


def select(data: dict[str, dict[str, Complaint]], spec: dict[str, Any]) -> set[str]:
    forces = [spec["force"]] if spec.get("force") else sorted(data)
    return {c.record_id for f in forces for c in data[f].values() if matches(c, spec)}


def person_id(spec: dict[str, Any]) -> str:
    return f"person:ppd:{spec['officer']}" if spec["force"] == "philly" else \
        f"person:copa:star-{spec['officer']}"


def build(source: Path) -> list[Question]:
    data = load(source)
    items = yaml.safe_load(
        (resources.files("evals.public") / "questions.yaml").read_text(encoding="utf-8"))
    counts: dict[str, int] = defaultdict(int)
    out = []
    for item in items:
        kind, spec = item["type"], item["spec"]
        counts[kind] += 1
        gold: dict[str, Any]
        supporting: set[str] = set()
        if spec.get("abstain"):
            gold = {"abstain": True}
        elif "compare" in spec:
            sets = [select(data, s) for s in spec["compare"]]
            gold, supporting = {"values": [len(s) for s in sets]}, set().union(*sets)
        else:
            supporting = select(data, spec)
            gold = {"value": len(supporting)} if kind == "count" else {
                "records": sorted(supporting), "kind": "complaint"}
            if spec.get("officer"):
                supporting.add(person_id(spec))
        out.append(Question(f"pub-{kind}-{counts[kind]:03d}", "public", kind, item["text"],
                            "investigator", gold, sorted(supporting), [spec.get("force", "both")]))
    return out


def main() -> None:
    from evals.world import public_slice

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="the slice (default: cut it afresh)")
    args = parser.parse_args()
    source = args.source or public_slice(Path(tempfile.mkdtemp()))
    out = HERE.parent / "questions" / "public.jsonl"
    questions = build(source)
    write_questions(out, questions, {"world": "public slice", "source": "evals/world.py"})
    print(f"{len(questions)} questions → {out}")


if __name__ == "__main__":
    main()
