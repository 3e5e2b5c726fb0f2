"""The latency and serving-memory benchmarks run end to end on a small store (slow: each loads the
model and asks dozens of questions). Nothing here is timed: the numbers belong in bench/results/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True,
                          text=True, timeout=900, check=False)


@pytest.fixture(scope="module")
def store_copy(synthetic_settings, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the session's synthetic store: the benchmarks add an API key and audit entries."""
    copy = tmp_path_factory.mktemp("bench") / "data"
    shutil.copytree(synthetic_settings.data_dir, copy)
    return copy


@pytest.mark.slow
def test_question_latency_reports_every_intent_and_compares(store_copy: Path, tmp_path: Path):
    out = tmp_path / "latency.json"
    run = bench("question_latency.py", "--data-dir", str(store_copy), "--per-intent", "2",
                "--out", str(out), "--profile", "describe", "--profile-top", "5")
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(out.read_text())
    assert set(result["intents"]) == {"count", "list", "profile", "describe", "compare",
                                      "unanswerable"}
    assert result["people"] > 0 and result["chunks"] == result["chroma_vectors"] > 0
    for s in result["intents"].values():
        assert s["n"] == 2 and s["probity"]["p95_ms"] > 0 and s["llamaindex"]["p95_ms"] > 0
    assert len(result["profile"]["top"]) == 5
    growth = bench("question_latency.py", "--compare", str(out), str(out))
    assert growth.returncode == 0, growth.stderr[-2000:]
    assert "×1.0" in growth.stdout


@pytest.mark.slow
def test_serve_memory_reports_peak_rss_without_errors(store_copy: Path, tmp_path: Path):
    out = tmp_path / "memory.json"
    run = bench("serve_memory.py", "--data-dir", str(store_copy), "--per-intent", "1",
                "--out", str(out))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["requests"] == 6 and not result["errors"]
    assert result["rss_mib"]["peak"] >= result["rss_mib"]["idle_after_start"] > 0


@pytest.mark.slow
def test_narrative_latency_reports_both_sides_and_the_cold_ask(store_copy: Path, tmp_path: Path):
    out = tmp_path / "narrative.json"
    run = bench("narrative_latency.py", "--data-dir", str(store_copy), "--rounds", "2",
                "--cold-runs", "2", "--torch-threads", "1", "--out", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(out.read_text())
    for side in ("narrative", "count"):
        assert result[side]["wall"]["p95"] > 0 and result[side]["cpu"]["p95"] > 0
    assert result["cold_ask_s"] > 0 and len(result["checks"]) == 3
    assert len(result["cold_ask"]["runs"]) == 2 and result["cold_ask"]["imports_s"]
    # The ask path imports none of the libraries that made it slow (masking's Presidio pulled
    # spaCy, thinc and torch; the dense index chromadb).
    assert not {"torch", "spacy", "presidio_analyzer", "chromadb", "pandas"} & set(
        result["cold_ask"]["heavy_loaded"])
    assert all(("PASS" in line or "FAIL" in line) for line in run.stdout.splitlines()[-3:])
    assert len(result["cpu_checks"]) == 3 and result["narrative_set_sizes"]


@pytest.mark.slow
def test_cold_ask_reports_wall_and_cpu_per_run(store_copy: Path, tmp_path: Path):
    out = tmp_path / "cold.json"
    run = bench("cold_ask.py", "--data-dir", str(store_copy), "--runs", "2", "--out", str(out))
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(out.read_text())
    assert [set(r) for r in result["runs"]] == [{"wall_s", "cpu_s", "load"}] * 2
    assert result["cpu_s"]["median"] > 0 and result["imports_s"] and len(result["checks"]) == 2
    assert not {"torch", "chromadb", "pandas"} & set(result["heavy_loaded"])
    assert [line[:4] in ("PASS", "FAIL") for line in run.stdout.splitlines()[-2:]] == [True] * 2
