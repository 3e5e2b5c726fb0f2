"""Compute every dev-set question's gold from the source files and freeze it with a manifest.

Why this exists: gold that can drift with the code under test measures nothing. `freeze` reads
the question files, evaluates each `gold` spec (query.py / joins.py over tables.py frames),
writes `gold.json`, and writes `manifest.json` with the sha256 of every question file and of
`gold.json`. tests/test_dev_set.py fails when a question or the gold changes without the
manifest being updated, and when recomputing the gold from the source files gives a different
answer. Person gold carries display names (Philadelphia: the anonymised officer number; Chicago:
first and last name; synthetic: forename and surname) so a scorer can accept a named person.

    python -m evals.dev.gold.freeze --synthetic /tmp/devset-syn [--public DIR] [--set fresh]

`--set fresh` freezes the 20 held-out questions of `evals/questions/dev-fresh/` the same way, and
`--set fresh2` the second held-out 20 of `evals/questions/dev-fresh2/` (written after the first
fresh report was published, so the first set was no longer unseen), and `--set fresh3` the third
held-out 20 of `evals/questions/dev-fresh3/` (written once both earlier fresh sets had been asked),
`--set fresh4` the fourth held-out 20 of `evals/questions/dev-fresh4/` (written once all three
earlier fresh sets had been asked), and `--set fresh5` the fifth held-out 20 of
`evals/questions/dev-fresh5/` (written once all four earlier fresh sets had been written), and
`--set fresh6` the sixth held-out 20 of `evals/questions/dev-fresh6/` (written once all five
earlier fresh sets had been asked; representative of an investigator's everyday questions), and
`--set fresh7` the seventh held-out 20 of `evals/questions/dev-fresh7/` (written once all six
earlier fresh sets had been asked; representative in the same way), and `--set fresh8` the eighth
held-out 20 of `evals/questions/dev-fresh8/` (written once all seven earlier fresh sets had been
asked; representative in the same way).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from evals.dev.gold import tables
from evals.dev.gold.joins import evaluate_join
from evals.dev.gold.query import Frames, SpecError, evaluate

DEV_DIR = Path(__file__).resolve().parents[2] / "questions" / "dev"
FRESH_DIR = DEV_DIR.parent / "dev-fresh"
FRESH2_DIR = DEV_DIR.parent / "dev-fresh2"
FRESH3_DIR = DEV_DIR.parent / "dev-fresh3"
FRESH4_DIR = DEV_DIR.parent / "dev-fresh4"
FRESH5_DIR = DEV_DIR.parent / "dev-fresh5"
FRESH6_DIR = DEV_DIR.parent / "dev-fresh6"
FRESH7_DIR = DEV_DIR.parent / "dev-fresh7"
FRESH8_DIR = DEV_DIR.parent / "dev-fresh8"
SETS = {"dev": DEV_DIR, "fresh": FRESH_DIR, "fresh2": FRESH2_DIR, "fresh3": FRESH3_DIR,
        "fresh4": FRESH4_DIR, "fresh5": FRESH5_DIR, "fresh6": FRESH6_DIR, "fresh7": FRESH7_DIR,
        "fresh8": FRESH8_DIR}
QUESTION_FILES = ("public.yaml", "synthetic.yaml")


def question_files(dev_dir: Path) -> tuple[str, ...]:
    """The dev set's two files; any other set (the fresh one): every YAML file in it, sorted."""
    if dev_dir == DEV_DIR:
        return QUESTION_FILES
    return tuple(sorted(p.name for p in dev_dir.glob("*.yaml")))
# The checkout's vendored copy; gold code reads no settings (it must not import the product).
DEFAULT_PUBLIC = Path(__file__).resolve().parents[3] / "data" / "public"
SYNTH = {"people": 300, "seed": 23}


def load_questions(dev_dir: Path = DEV_DIR) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for name in question_files(dev_dir):
        items.extend(yaml.safe_load((dev_dir / name).read_text()))
    return items


def frames(public: Path, synthetic: Path | None) -> Frames:
    out = {**tables.philly(public), **tables.chicago(public)}
    if synthetic is not None:
        out.update(tables.synthetic(synthetic))
    return out


def _names(f: Frames) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    ph = f["ph_allegations"].dropna(subset=["person"])
    for pid, oid in zip(ph["person"], ph["officer_id"], strict=True):
        names[pid] = [f"Officer {oid}", str(oid)]
    ch = f["ch_accused"].dropna(subset=["person"])
    for pid, name, star in zip(ch["person"], ch["name"], ch["star"], strict=True):
        names[pid] = [name, f"Star {star}"]
    if "syn_staff" in f:
        for pid, name in zip(f["syn_staff"]["person"], f["syn_staff"]["name"], strict=True):
            names[pid] = [name]
    return names


def gold_of(f: Frames, spec: dict[str, Any]) -> dict[str, Any]:
    if "parts" in spec:
        groups = {label: gold_of(f, part)["count"] for label, part in spec["parts"].items()}
        return {"groups": groups, "total": sum(groups.values())}
    if "join" in spec:
        return evaluate_join(f, spec)
    if "none" in spec:  # a trap: the data holds nothing the constraint could be applied to
        return {"unapplied": spec["none"]}
    return evaluate(f, spec)


def compute(items: list[dict[str, Any]], f: Frames) -> dict[str, Any]:
    names = _names(f)
    gold: dict[str, Any] = {}
    for item in items:
        try:
            value = gold_of(f, item["gold"])
        except (SpecError, KeyError) as exc:
            raise SpecError(f"{item['id']}: {exc}") from exc
        people = [i for i in value.get("ids", []) if str(i).startswith("person:")]
        if people:
            value["names"] = {p: names.get(p, []) for p in people}
        gold[item["id"]] = value
    return gold


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(dev_dir: Path = DEV_DIR) -> dict[str, str]:
    return {name: sha256(dev_dir / name) for name in (*question_files(dev_dir), "gold.json")}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--public", type=Path, default=DEFAULT_PUBLIC)
    p.add_argument("--synthetic", type=Path, required=True,
                   help=f"`probity synth --people {SYNTH['people']} --seed {SYNTH['seed']}` output")
    p.add_argument("--set", choices=sorted(SETS), default="dev", help="which question set")
    a = p.parse_args(argv)
    where = SETS[a.set]
    gold = compute(load_questions(where), frames(a.public, a.synthetic))
    (where / "gold.json").write_text(json.dumps(gold, indent=1, sort_keys=True) + "\n")
    (where / "manifest.json").write_text(json.dumps(
        {"synthetic": SYNTH, "sha256": manifest(where)}, indent=1, sort_keys=True) + "\n")
    print(f"froze gold for {len(gold)} questions in {where}")


if __name__ == "__main__":
    main()
