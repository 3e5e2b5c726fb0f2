"""Benchmarks say PASS/FAIL against the targets they state (bench/targets.py), and the README's
45k table says what the stored results say."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from targets import Check, checks_for, judged, whole_ingest_ratio  # noqa: E402


def test_a_verdict_compares_the_figure_with_its_limit() -> None:
    assert Check("p95", 300.0, 300.0, unit="ms").verdict == "PASS"
    assert Check("p95", 300.1, 300.0, unit="ms").verdict == "FAIL"
    assert Check("ratio", 0.89, 0.9, at_most=False).verdict == "FAIL"
    assert Check("ratio", 0.9, 0.9, at_most=False).verdict == "PASS"
    assert Check("ratio", None, 0.9, at_most=False).verdict == "NOT MEASURED"


def test_the_whole_ingest_ratio_counts_every_second_of_the_ingest() -> None:
    result = {"chunks": 100, "ingest_seconds_total": 10.0, "people": 10, "backend": "torch",
              "chunks_per_s": {"raw_encode_wall": 20.0},
              "ratio_ingest_to_raw": {"wall": 0.95, "cpu": 0.97}}
    assert whole_ingest_ratio(result) == 0.5  # 10 chunks/s of 20
    verdicts = {v["target"]: v["verdict"] for v in judged(result)["verdicts"]}
    assert verdicts == {"embedding stage ÷ raw encoder, CPU time": "PASS",
                        "embedding stage ÷ raw encoder, wall time": "PASS",
                        "whole ingest ÷ raw encoder, wall time": "FAIL"}
    assert judged(result)["passed"] is False


def test_the_readme_reports_the_stored_45k_verdicts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Benchmarks", 1)[1]
    rows = [(line.split(" | ")[2], line) for line in readme.splitlines()
            if line.startswith("| ") and line.count(" | ") >= 3]
    for name in ("question_latency", "serve_memory", "ingest"):
        result = json.loads((ROOT / "bench/results" / f"{name}_45000.json").read_text())
        for check in checks_for(result) or []:
            limit = f"{'≤' if check.at_most else '≥'} {check.limit:g}"
            row = next((r for t, r in rows
                        if limit in t and f"**{check.verdict}**" in r), None)
            assert row is not None, (name, check.target, check.verdict)


# Benchmark scripts that state no target (they measure for comparison only), and why.
NO_TARGET = {"embedding_backends.py": "compares backends; the choice is made on retrieval",
             "load_api.py": "throughput under load; the README states no figure for it",
             "scale_45k_build.py": "builds the 45k store scale_45k.py times; its build time "
                                   "is recorded, and the verdicts are scale_45k.py's"}


def silent_scripts(scripts: dict[str, str]) -> list[str]:
    """Runnable scripts (name → source) that print no PASS/FAIL verdict of their own or through
    bench/targets.py, other than those NO_TARGET names."""
    return sorted(name for name, text in scripts.items()
                  if '__name__ == "__main__"' in text and name not in NO_TARGET
                  and name != "targets.py"
                  and not ('"PASS"' in text or "'PASS'" in text or "verdict_table" in text))


def test_every_benchmark_script_says_pass_or_fail() -> None:
    scripts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "bench").glob("*.py")}
    assert silent_scripts(scripts) == []
    assert set(NO_TARGET) <= set(scripts)
    for name in NO_TARGET:  # a target added to one of them must come with a verdict
        assert not re.search(r"\btarget\b.*[≤≥]|TARGET_", scripts[name]), name


def test_the_silent_script_check_sees_a_script_without_a_verdict() -> None:
    quiet = 'TARGET_MS = 300\nif __name__ == "__main__":\n    print(p95)\n'
    loud = quiet.replace("print(p95)", 'print("PASS" if p95 <= TARGET_MS else "FAIL")')
    assert silent_scripts({"quiet.py": quiet, "loud.py": loud}) == ["quiet.py"]
