"""Precision and recall of entity resolution on a hand-labelled messy force (issue #20).

`evals/resolution/source/` is a small force written by hand, not by `ingestion/synth` (whose
variants are its own test set): 40 staff with namesakes, near-identical surnames, a promoted
sergeant, a transferred detective, a leaver and her namesake's successor; and officer cells as
complaint and conduct systems hold them — "PC 2231 Marsh", "D. Marsh", "Warrant 40231", "PC Marsh
(Westgate)", "PC 1502 Lowe; PC 1503 Finch", two names on two lines, misspellings, swapped
forename and surname, a colleague's number. Each file's `expected` column says, part by part,
who is meant: a payroll id, `?A|B` (ambiguous as written: must stay unresolved with A and B among
its candidates) or `-` (nobody on the staff).

Scored through the real pipeline (mapping → DuckDB → resolve_people). Precision = right / all
resolved; recall = right / references that name one knowable person. Targets: precision ≥ 0.98,
recall ≥ 0.9, and no ambiguous reference guessed.
`probity eval --suite resolution --out DIR` (or `python -m evals.resolution.score [--out DIR]`)
prints the table and PASS/FAIL and writes report.json / report.md; exits 1 on FAIL.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import duckdb

from assistant import store
from assistant.resolution.report import SchemeCounts, format_counts, resolution_counts
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people

# Package data (pyproject.toml [tool.setuptools.package-data]) found through importlib.resources,
# so `probity eval --suite resolution` runs from an installed wheel (a regular package is
# installed as files: the directory is a real path, which ingest reads).
HERE = Path(str(resources.files("evals.resolution")))
MAPPING = HERE / "mapping.yaml"
SOURCE = HERE / "source"
LABELLED = {"psd_complaints.csv": ("complaint", "ref"), "conduct_cases.csv": ("conduct_case", "case"),
            "intel.csv": ("intel_report", "ref")}
PRECISION_TARGET, RECALL_TARGET = 0.98, 0.9


@dataclass
class Score:
    references: int = 0
    knowable: int = 0  # truth is one person
    right: int = 0
    wrong: int = 0
    missed: int = 0
    ambiguous: int = 0  # truth is "one of these"
    ambiguous_kept: int = 0  # unresolved, every truth among the candidates
    ambiguous_guessed: int = 0
    nobody: int = 0
    nobody_guessed: int = 0
    extra: int = 0  # references found that the labels do not have
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        resolved = self.right + self.wrong + self.ambiguous_guessed + self.nobody_guessed
        return self.right / resolved if resolved else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.knowable if self.knowable else 0.0

    @property
    def passed(self) -> bool:
        return (self.precision >= PRECISION_TARGET and self.recall >= RECALL_TARGET
                and self.ambiguous_guessed == 0 and self.ambiguous_kept == self.ambiguous)

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"precision": round(self.precision, 4),
                               "recall": round(self.recall, 4), "passed": self.passed}


def ingest(con: duckdb.DuckDBPyConnection, source: Path = SOURCE) -> None:
    report = ingest_records(con, str(MAPPING), source)
    if report.error:
        raise RuntimeError(report.error)
    resolve_people(con)


def _truth(source: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(record id, reference index) → (expected, form)."""
    out = {}
    for name, (kind, key) in LABELLED.items():
        with open(source / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for idx, part in enumerate(row["expected"].split(";"), start=1):
                    out[(f"{kind}:emr:{row[key]}", idx)] = (part.strip(), row["form"])
    return out


def score(con: duckdb.DuckDBPyConnection, source: Path = SOURCE) -> Score:
    got = {(r, i): (p, n) for r, i, p, n in con.execute(
        "SELECT record_id, idx, person_id, coalesce(name, value) FROM person_ref").fetchall()}
    options: dict[tuple[str, int], set[str]] = {}
    for r, i, p in con.execute(
            "SELECT record_id, idx, person_id FROM person_ref_candidate").fetchall():
        options.setdefault((r, i), set()).add(p.rsplit(":", 1)[1])
    result = Score()
    truth = _truth(source)
    labelled = {record_id for record_id, _ in truth}
    for key in sorted(k for k in got if k[0] in labelled and k not in truth):
        result.extra += 1  # a reference nobody wrote (a mention read wrongly, a bad split)
        if got[key][0]:
            result.wrong += 1
            result.failures.append(f"WRONG extra reference {key[0]}#{key[1]} {got[key][1]!r}")
    for key, (expected, form) in sorted(truth.items()):
        result.references += 1
        person, raw = got.get(key, (None, None))
        pid = person.rsplit(":", 1)[1] if person else None
        where = f"{key[0]}#{key[1]} {raw!r} ({form})"
        if expected.startswith("?"):
            result.ambiguous += 1
            if pid:
                result.ambiguous_guessed += 1
                result.failures.append(f"guessed {pid} for ambiguous {where}")
            elif set(expected[1:].split("|")) <= options.get(key, set()):
                result.ambiguous_kept += 1
            else:
                result.failures.append(f"ambiguous without its candidates {where}")
        elif expected == "-":
            result.nobody += 1
            if pid:
                result.nobody_guessed += 1
                result.failures.append(f"resolved {pid} for nobody {where}")
        else:
            result.knowable += 1
            if pid == expected:
                result.right += 1
            elif pid:
                result.wrong += 1
                result.failures.append(f"WRONG {pid} for {expected} {where}")
            else:
                result.missed += 1
                result.failures.append(f"missed {expected} {where}")
    return result


def run() -> tuple[Score, list[SchemeCounts]]:
    """Ingest the labelled force into an in-memory store and score it."""
    con = store.connect(Path(":memory:"))
    try:
        ingest(con)
        return score(con), resolution_counts(con)
    finally:
        con.close()


def table(result: Score, counts: list[SchemeCounts]) -> str:
    lines = [
        f"{'references':>10} {'knowable':>8} {'right':>6} {'wrong':>6} {'missed':>6} "
        f"{'ambig.':>6} {'kept':>5} {'nobody':>6} {'extra':>5} {'precision':>9} {'recall':>7}",
        f"{result.references:>10} {result.knowable:>8} {result.right:>6} {result.wrong:>6} "
        f"{result.missed:>6} {result.ambiguous:>6} {result.ambiguous_kept:>5} "
        f"{result.nobody:>6} {result.extra:>5} {result.precision:>9.3f} {result.recall:>7.3f}",
        "", "by source and scheme:", *format_counts(counts), "",
        *("  " + line for line in result.failures), "",
        f"{'PASS' if result.passed else 'FAIL'}: precision ≥ {PRECISION_TARGET}, recall ≥ "
        f"{RECALL_TARGET}, ambiguous kept as candidates, never guessed",
    ]
    return "\n".join(lines)


def write_report(result: Score, counts: list[SchemeCounts], out: Path) -> None:
    """report.json and report.md (the table) in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    body = result.as_dict() | {"by_source_and_scheme": [c.as_dict() for c in counts],
                               "targets": {"precision": PRECISION_TARGET,
                                           "recall": RECALL_TARGET}}
    (out / "report.json").write_text(json.dumps(body, indent=2), encoding="utf-8")
    (out / "report.md").write_text(
        "# Entity resolution: hand-labelled messy references\n\n```\n"
        + table(result, counts) + "\n```\n", encoding="utf-8")


def main() -> None:
    result, counts = run()
    print(table(result, counts))
    if "--out" in sys.argv:
        write_report(result, counts, Path(sys.argv[sys.argv.index("--out") + 1]))
    sys.exit(0 if result.passed else 1)


if __name__ == "__main__":
    main()
