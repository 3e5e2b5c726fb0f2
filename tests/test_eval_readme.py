"""The README's Evaluation section stays honest: its gate table shows, for every gate in
evals/thresholds.toml, the threshold set there and the figure and verdict of the last stored
fast-suite run (evals/results/fast_gates.json), with the CI role `[ci].blocking` gives it; and
every test the "Review findings" table names as a guard exists."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
THRESHOLDS = tomllib.loads((ROOT / "evals/thresholds.toml").read_text(encoding="utf-8"))
STORED = json.loads((ROOT / "evals/results/fast_gates.json").read_text(encoding="utf-8"))
HEADER = "| gate | where | gold | threshold | last figure | verdict | CI |"


def gate_rows(readme: str) -> dict[str, list[str]]:
    """Rows of the gate table keyed by the metric named first in backticks in their first cell."""
    lines = readme[readme.index(HEADER):].splitlines()[2:]
    rows: dict[str, list[str]] = {}
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        if m := re.match(r"`(\w+)`", cells[0]):
            rows[m.group(1)] = cells
    return rows


def problems(readme: str, thresholds: dict, stored: dict) -> list[str]:
    """What in the table disagrees with the thresholds file or the stored run."""
    rows, found = gate_rows(readme), []
    blocking = set(thresholds["ci"]["blocking"])
    runs = {g["metric"]: g for g in stored["gates"]}
    for side, sign in (("min", "≥"), ("max", "≤")):
        for metric, bound in thresholds[side].items():
            cells = rows.get(metric)
            if cells is None:
                found.append(f"{metric}: no row")
                continue
            _, _, _, threshold, figure, verdict, ci = cells
            if threshold != f"{sign} {bound}":
                found.append(f"{metric}: threshold {threshold!r}, file says {sign} {bound}")
            run = runs.get(metric)
            if run is None or float(figure) != float(run["value"]):
                found.append(f"{metric}: figure {figure}, stored run {run and run['value']}")
            ok = float(figure) >= bound if side == "min" else float(figure) <= bound
            if run is not None and run["ok"] != ok:
                found.append(f"{metric}: the stored run says ok={run['ok']} for {figure}")
            if verdict != ("PASS" if ok else "FAIL"):
                found.append(f"{metric}: verdict {verdict} for {figure} {sign} {bound}")
            if ci != ("blocks" if metric in blocking else "printed"):
                found.append(f"{metric}: CI {ci!r}, [ci].blocking says otherwise")
    if thresholds.get("retrieval", {}).get("hybrid_recall10_at_least_best_single"):
        cells, run = rows.get("hybrid_recall10"), runs.get("hybrid_recall10")
        if cells is None or run is None or cells[4] != run["value"] or \
                cells[5] != ("PASS" if run["ok"] else "FAIL"):
            found.append(f"hybrid_recall10: row {cells}, stored run {run}")
    return found


def test_the_gate_table_matches_thresholds_and_the_stored_run() -> None:
    assert problems(README, THRESHOLDS, STORED) == []


def test_the_check_sees_a_stale_figure_a_wrong_verdict_and_a_missing_gate() -> None:
    stored = {g["metric"]: g["value"] for g in STORED["gates"]}
    row = f"| ≥ 0.99 | {stored['citation_recall']:g} | FAIL |"
    assert row in README
    stale = README.replace(row, "| ≥ 0.99 | 0.874 | FAIL |")
    assert any("citation_recall: figure" in p for p in problems(stale, THRESHOLDS, STORED))
    row = f"| ≤ 0.1 | {stored['false_refusal_rate']:g} | FAIL |"
    assert row in README
    flattering = README.replace(row, row.replace("FAIL", "PASS"))
    assert any("false_refusal_rate: verdict" in p
               for p in problems(flattering, THRESHOLDS, STORED))
    relaxed = {**THRESHOLDS, "min": {**THRESHOLDS["min"], "abstention_f1": 0.5}}
    assert any("abstention_f1: the stored run says ok=False" in p
               for p in problems(README, relaxed, STORED))
    extra = {**THRESHOLDS, "min": {**THRESHOLDS["min"], "new_gate": 0.5}}
    assert "new_gate: no row" in problems(README, extra, STORED)


def guards(readme: str) -> list[tuple[str, str | None]]:
    """(test file, test name or None) for each test the findings table names; `::name` alone
    refers to the file named before it in the same cell."""
    table = readme[readme.index("#### Review findings, each fixed or answered"):]
    table = table[: table.index("\n\n", table.index("| finding |"))]
    out: list[tuple[str, str | None]] = []
    for line in table.splitlines():
        if not line.startswith("| "):
            continue
        last = None
        for m in re.finditer(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", line.rsplit("|", 2)[-2]):
            last = m.group(1) or last
            if last:
                out.append((last, m.group(2)))
    return out


def missing_guards(readme: str) -> list[tuple[str, str | None]]:
    return [(f, t) for f, t in guards(readme) if not (ROOT / f).is_file() or
            (t and not re.search(rf"^def {t}\(", (ROOT / f).read_text(encoding="utf-8"), re.M))]


def test_every_guard_the_findings_table_names_exists() -> None:
    assert len(guards(README)) >= 20, guards(README)
    assert missing_guards(README) == []


def test_the_guard_check_sees_a_missing_test_and_a_missing_file() -> None:
    renamed = README.replace("::test_git_tracks_no_binary_artefacts", "::test_no_such_thing")
    assert missing_guards(renamed) == [("tests/test_packaging.py", "test_no_such_thing")]
    moved = README.replace("`tests/test_eval_llamaindex.py`", "`tests/test_gone.py`")
    assert missing_guards(moved) == [("tests/test_gone.py", None)]
