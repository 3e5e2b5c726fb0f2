"""The eval suite itself: gold files are current and independent of the pipeline, they cover what
the contract asks for, gates fail runs below thresholds, and the report is written.

The end-to-end run of the fast suite builds a synthetic store (minutes on 2 shared cores), so it
is marked slow; everything else here runs in seconds.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from evals.gates import check_gates
from evals.gold.io import Question, read_questions
from evals.report import write
from evals.runner import QUESTIONS, aggregate, fast_sample
from evals.world import FAST, FULL

INTENTS = {"count", "list", "profile", "describe", "compare", "unanswerable"}
RED = {"leak_direct", "leak_paraphrase", "leak_count", "leak_profile", "injection"}


def questions(name: str) -> list[Question]:
    return read_questions(QUESTIONS / f"{name}.jsonl")[1]


def test_full_gold_set_covers_the_contract():
    qs = questions(FULL.name)
    syn = [q for q in qs if q.suite == "synthetic"]
    types = Counter(q.type for q in syn)
    assert len(syn) >= 300 and set(types) == INTENTS
    assert types["unanswerable"] >= 40
    assert {q.type for q in qs if q.suite == "redteam"} == RED
    for t in INTENTS:  # several phrasings per type, not one template
        openings = {" ".join(q.text.split()[:2]) for q in syn if q.type == t}
        assert len(openings) >= 3, t
    tags = {tag for q in syn for tag in q.tags}
    assert {"collar", "payroll", "name", "rank+name", "find-similar"} <= tags
    for q in qs:
        assert q.gold and q.text and q.role == "investigator"
        if q.type in ("count", "list", "describe", "profile", "compare"):
            assert "value" in q.gold or "values" in q.gold or "records" in q.gold
    assert len({q.text for q in syn}) >= 0.9 * len(syn)


def test_public_gold_set_is_hand_written_and_sized():
    qs = questions("public")
    assert len(qs) >= 40
    assert {q.type for q in qs} == INTENTS
    assert all(q.supporting or q.type == "unanswerable" for q in qs)


def test_gold_code_never_reads_the_store_or_the_engine():
    for path in (Path("evals/gold").glob("*.py")):
        tree = ast.parse(path.read_text())
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m.startswith(("assistant", "duckdb", "ingestion.run")) for m in imported), path


def test_committed_gold_matches_a_fresh_generation(tmp_path: Path):
    from evals.gold.io import write_questions
    from evals.gold.sources import Source
    from evals.gold.synthetic import build
    from ingestion.synth import generate

    generate(people=FAST.people, seed=FAST.seed, out=tmp_path / "src")
    header, committed = read_questions(QUESTIONS / f"{FAST.name}.jsonl")
    fresh = tmp_path / "fresh.jsonl"
    write_questions(fresh, build(Source(tmp_path / "src"), FAST.name), header)
    assert fresh.read_text() == (QUESTIONS / f"{FAST.name}.jsonl").read_text(), \
        "gold is stale: run python -m evals.gold.synthetic --world fast (and --world full)"
    assert committed


def test_committed_public_gold_matches_the_source_files(tmp_path: Path):
    from evals.public.gold import build
    from evals.world import public_slice

    fresh = build(public_slice(tmp_path / "slice"))
    committed = questions("public")
    assert [(q.id, q.gold) for q in fresh] == [(q.id, q.gold) for q in committed]


def test_fast_sample_is_deterministic_and_stratified():
    qs = questions(FAST.name)
    a, b = fast_sample(qs), fast_sample(qs)
    assert [q.id for q in a] == [q.id for q in b]
    assert {(q.suite, q.type) for q in a} == {(q.suite, q.type) for q in qs}
    assert len(a) < len(qs) / 3
    # The gated retrieval type is kept whole; the others spread over their runs of questions.
    assert [q.id for q in a if q.type == "describe"] == [q.id for q in qs if q.type == "describe"]
    counts = [q for q in a if (q.suite, q.type) == ("synthetic", "count")]
    all_counts = [q for q in qs if (q.suite, q.type) == ("synthetic", "count")]
    assert counts[0] == all_counts[0] and counts[-1] in all_counts[len(all_counts) * 5 // 6 :]


def _row(system: str, **metrics: Any) -> dict[str, Any]:
    return {"id": "q", "suite": "synthetic", "type": "count", "system": system,
            "abstained": False, **metrics}


def test_gates_fail_a_run_below_thresholds_and_pass_a_good_one():
    good = [_row("probity", count_em=1.0, citation_recall=1.0, citation_precision=1.0,
                 leaks=0, should_abstain=False),
            {**_row("probity", should_abstain=True), "type": "unanswerable", "abstained": True},
            {**_row("probity", **{"recall@10": 0.9}), "type": "describe"},
            {**_row("bm25", **{"recall@10": 0.5}), "type": "describe"}]
    gates = check_gates(aggregate(good), good)
    assert gates and all(g["ok"] for g in gates)
    bad = [{**r, "count_em": 0.0, "leaks": 1} if r["system"] == "probity" and r["type"] == "count"
           else r for r in good]
    failed = {g["gate"] for g in check_gates(aggregate(bad), bad) if not g["ok"]}
    assert any("count_exact_match" in g for g in failed) and any("leaks" in g for g in failed)


def test_eval_command_exits_non_zero_when_a_gate_fails(tmp_path: Path, monkeypatch):
    import evals.runner
    from assistant.cli import app

    rows = [_row("probity", count_em=0.0, answer_score=0.0, question="q?", answer="7 complaints",
                 gold={"value": 3})]
    report: dict[str, Any] = {"suite": "fast", "worlds": {}, "timings_s": {}, "summary": aggregate(rows),
              "gates": check_gates(aggregate(rows), rows), "rows": rows}
    report["passed"] = all(g["ok"] for g in report["gates"])
    monkeypatch.setattr(evals.runner, "run", lambda suite, root, say: report)
    result = CliRunner().invoke(app, ["eval", "--suite", "fast", "--out", str(tmp_path / "r"),
                                      "--data-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "FAIL" in result.output
    written = json.loads((tmp_path / "r/report.json").read_text())
    assert written["passed"] is False
    assert "q?" in (tmp_path / "r/report.md").read_text()
    assert "<table>" in (tmp_path / "r/report.html").read_text()


def test_leads_suite_is_delegated_or_refused_clearly(tmp_path: Path):
    import importlib.util

    from assistant.cli import app

    if importlib.util.find_spec("evals.leads") is not None:
        pytest.skip("the leads suite exists; its owner tests it")
    result = CliRunner().invoke(app, ["eval", "--suite", "leads", "--data-dir", str(tmp_path)])
    assert result.exit_code != 0 and "leads suite is not available" in result.output


@pytest.mark.slow
def test_fast_suite_end_to_end(tmp_path: Path):
    from evals.runner import run

    report = run("fast", tmp_path, say=lambda msg: None)
    write(report, tmp_path / "out")
    systems = set(report["summary"])
    assert systems == {"probity", "bm25", "dense", "llamaindex"}
    assert report["gates"]
    assert (tmp_path / "out/report.html").is_file()
