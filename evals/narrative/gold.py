"""Gold for the narrative dev set, computed from the SOURCE FILES only.

Each question in evals/questions/narrative/questions.yaml says, in terms of the source CSVs, which
narratives answer it: `pattern` (a regex, case-insensitive) that must match, `also` (regexes
that must all match too), `unless` (regexes that rule a narrative out), `filters` (year, month,
category, district — the question's own restrictions) and, after reading every borderline record
by hand, `include`/`exclude` maps of record id → the reason for that decision. The gold set is
(regex matches − exclude) ∪ include — or, when `others` gives the reason the remaining
candidates fail, `include` alone — minus records the asker may not see (RESTRICTED handling).

This module imports neither `assistant` nor `ingestion` (a test runs it in a subprocess that
forbids both), so the gold cannot inherit the engine's mistakes.

    python -m evals.narrative.gold --synthetic /tmp/narrdev-syn     # → gold.jsonl + MANIFEST
    python -m evals.narrative.gold --synthetic DIR --review ID      # matches and near-misses
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from evals.narrative import slice as sl

HERE = Path(__file__).resolve().parents[1] / "questions" / "narrative"
QUESTIONS, GOLD, MANIFEST = HERE / "questions.yaml", HERE / "gold.jsonl", HERE / "MANIFEST.sha256"
SYNTHETIC_WORLD = {"people": 300, "seed": 23}


@dataclass(frozen=True)
class Narrative:
    record_id: str  # as the mappings' id templates make it: complaint:<namespace>:<id>
    text: str
    year: int
    month: int
    categories: tuple[str, ...]
    district: str
    restricted: bool


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def philly(root: Path = sl.PUBLIC_DATA) -> list[Narrative]:
    out = []
    for r in _rows(root / "philly" / "ppd_complaints.csv"):
        if sl.philly_kept(r) and r["summary"].strip():
            month, _, year = r["date_received"].split("/")
            out.append(Narrative(f"complaint:ppd:{r['complaint_id']}", r["summary"], 2000 + int(year),
                                 int(month), (r["general_cap_classification"],),
                                 f"District {r['district_occurrence']}", False))
    return out


def chicago(root: Path = sl.PUBLIC_DATA) -> list[Narrative]:
    by_id: dict[str, Narrative] = {}
    for r in _rows(sl.chicago_files(root)[0]):
        if not sl.chicago_kept(r) or not r["narrative"].strip():
            continue
        rid = f"complaint:copa:{r['cr_id']}"
        seen = by_id.get(rid)
        cats = (*(seen.categories if seen else ()), r["category"])
        by_id[rid] = Narrative(rid, r["narrative"], int(r["complaint_date"][:4]),
                               int(r["complaint_date"][5:7]), cats, f"Beat {r['beat']}", False)
    return list(by_id.values())


def synthetic(source: Path) -> list[Narrative]:
    out = []
    for r in _rows(source / "psd" / "complaints.csv"):
        _day, month, year = r["DateReceived"].split("/")
        cats = tuple(c.strip() for c in r["Categories"].split(";") if c.strip())
        out.append(Narrative(f"complaint:syn:{r['ComplaintRef']}", r["Account"], int(year),
                             int(month), cats, r["District"], r["Handling"] == "RESTRICTED"))
    return out


def admitted(n: Narrative, filters: dict[str, Any]) -> bool:
    if "year" in filters and n.year != filters["year"]:
        return False
    if "month" in filters and n.month != filters["month"]:
        return False
    if "category" in filters and filters["category"] not in n.categories:
        return False
    return "district" not in filters or n.district == filters["district"]


def matches(q: dict[str, Any], n: Narrative) -> bool:
    if not re.search(q["pattern"], n.text, re.IGNORECASE):
        return False
    if not all(re.search(p, n.text, re.IGNORECASE) for p in q.get("also", [])):
        return False
    return not any(re.search(p, n.text, re.IGNORECASE) for p in q.get("unless", []))


def gold_set(q: dict[str, Any], narratives: list[Narrative]) -> list[str]:
    include, exclude = q.get("include") or {}, q.get("exclude") or {}
    visible = {n.record_id: n for n in narratives if not n.restricted}
    ids = {rid for rid, n in visible.items()
           if admitted(n, q.get("filters", {})) and matches(q, n) and rid not in exclude}
    if q.get("others"):  # every candidate was read: only `include` answers, `others` says why
        ids = set()
    unknown = [i for i in [*include, *exclude] if i not in visible]
    if unknown:
        raise ValueError(f"{q['id']}: include/exclude name unknown or restricted records {unknown}")
    return sorted(ids | set(include))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources(synthetic_dir: Path) -> dict[str, list[Narrative]]:
    return {"philly": philly(), "chicago": chicago(), "synthetic": synthetic(synthetic_dir)}


def build(synthetic_dir: Path) -> list[dict[str, Any]]:
    spec = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    by_source = sources(synthetic_dir)
    out = []
    for q in spec["questions"]:
        out.append({"id": q["id"], "source": q["source"], "style": q["style"],
                    "text": q["text"], "filters": q.get("filters", {}),
                    "gold": gold_set(q, by_source[q["source"]]),
                    "include": q.get("include") or {}, "exclude": q.get("exclude") or {},
                    "others": q.get("others", "")})
    return out


def write(synthetic_dir: Path) -> None:
    questions = build(synthetic_dir)
    ids = [q["id"] for q in questions]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate question ids")
    header = {"synthetic_world": SYNTHETIC_WORLD,
              "synthetic_complaints_sha256": sha256(synthetic_dir / "psd" / "complaints.csv"),
              "philly_years": list(sl.PHILLY_YEARS), "chicago_year": sl.CHICAGO_YEAR,
              "role": "investigator"}
    lines = [json.dumps({"header": header}, sort_keys=True)]
    lines += [json.dumps(q, sort_keys=True, ensure_ascii=False) for q in questions]
    GOLD.write_text("\n".join(lines) + "\n", encoding="utf-8")
    MANIFEST.write_text("".join(f"{sha256(p)}  {p.name}\n" for p in (QUESTIONS, GOLD)),
                        encoding="utf-8")


def review(synthetic_dir: Path, qid: str, broad: str | None, width: int = 130) -> None:
    spec = {q["id"]: q for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]}
    q = spec[qid]
    narratives = [n for n in sources(synthetic_dir)[q["source"]]
                  if not n.restricted and admitted(n, q.get("filters", {}))]
    gold = set(gold_set(q, narratives))
    print(f"{qid}: {q['text']} — {len(gold)} gold")
    for n in narratives:
        hit = re.search(broad or q["pattern"], n.text, re.IGNORECASE)
        if n.record_id in gold or hit:
            mark = "GOLD" if n.record_id in gold else "near"
            at = hit.start() if hit else 0
            print(f"{mark} {n.record_id[10:]} | {n.text[max(0, at - width):at + width]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=Path, required=True, help="the synthetic force's source")
    ap.add_argument("--review", help="print a question's gold and near-misses instead")
    ap.add_argument("--broad", help="with --review: a wider regex for near-misses")
    args = ap.parse_args()
    if args.review:
        review(args.synthetic, args.review, args.broad)
    else:
        write(args.synthetic)


if __name__ == "__main__":
    main()
