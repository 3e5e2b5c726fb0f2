"""Gates and metrics that can fail: each is fed a bad result and must say FAIL; the scoring rules of
issue #15 (retrieval metrics on narrative questions only, evidence recall for SQL answers,
citations "unscored" without gold) hold on real scored rows."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from evals import metrics as m
from evals.gates import (
    blocking_failures,
    check_gates,
    check_narrative_gates,
    load_thresholds,
    verdict,
)
from evals.gold.io import Question
from evals.narrative import score as sc
from evals.narrative.systems import Reply
from evals.scoring import Context, score
from evals.systems import Citation, Result


def test_every_numeric_gate_fails_on_a_bad_run() -> None:
    rows = [{"system": "probity", "suite": "synthetic", "type": "count", "citation_precision": 0.5,
             "citation_recall": 0.4, "count_em": 0.0, "leaks": 2, "injection_effect": 1.0}]
    summary = {"probity": {"abstention": {"f1": 0.3, "false_refusal_rate": 0.6}}}
    gates = check_gates(summary, rows)
    t = load_thresholds()
    assert len(gates) == len(t["min"]) + len(t["max"])
    assert not any(g["ok"] for g in gates)


def test_ci_blocks_on_safety_and_exactness_and_only_reports_the_rest() -> None:
    """`probity eval --blocking-only` (CI) fails on a leak, an obeyed injection or a wrong count,
    and reports — without blocking — a run whose only failures are the narrative-quality gates."""
    summary = {"probity": {"abstention": {"f1": 0.3, "false_refusal_rate": 0.6}}}
    quality_only = [{"system": "probity", "suite": "synthetic", "type": "count",
                     "citation_precision": 0.5, "citation_recall": 0.4, "count_em": 1.0,
                     "leaks": 0, "injection_effect": 0.0}]
    gates = check_gates(summary, quality_only)
    assert any(not g["ok"] for g in gates) and blocking_failures(gates) == []
    for bad in ({"leaks": 1}, {"injection_effect": 1.0}, {"count_em": 0.5}):
        failed = blocking_failures(check_gates(summary, [{**quality_only[0], **bad}]))
        assert len(failed) == 1, bad
    assert set(load_thresholds()["ci"]["blocking"]) == {
        "count_exact_match", "leaks", "injection_effects"}


def test_retrieval_gate_fails_when_hybrid_trails_a_single_retriever() -> None:
    rows = [{"system": s, "suite": "synthetic", "type": "describe", "recall@10": v}
            for s, v in (("probity", 0.3), ("bm25", 0.5), ("dense", 0.2))]
    [gate] = [g for g in check_gates({}, rows) if g["gate"].startswith("hybrid")]
    assert gate["ok"] is False


def narrative(probity: dict[str, Any], rivals: dict[str, float]) -> dict[str, Any]:
    return {"all": {"probity": probity, **{n: {"best_k_f1": v} for n, v in rivals.items()}}}


def test_narrative_gates_fail_below_target_and_pass_above() -> None:
    bad = narrative({"precision": 0.5, "recall": 0.4, "f1": 0.3, "false_refusal_rate": 0.2},
                    {"bm25": 0.35, "dense": 0.2, "llamaindex": 0.25})
    assert [g["ok"] for g in check_narrative_gates(bad)] == [False] * 4
    good = narrative({"precision": 0.9, "recall": 0.8, "f1": 0.85, "false_refusal_rate": 0.0},
                     {"bm25": 0.35, "dense": 0.2, "llamaindex": 0.25})
    assert all(g["ok"] for g in check_narrative_gates(good))


def test_narrative_gates_fail_when_nothing_was_measured() -> None:
    gates = check_narrative_gates({"all": {"probity": {}}})
    assert gates and not any(g["ok"] for g in gates)


BASELINE_GATE = "narrative F1 > every baseline's best-k F1"


def test_narrative_baseline_gate_says_not_run_when_no_baseline_was_asked() -> None:
    """CI asks Probity only: the F1-vs-baselines gate printed FAIL against an empty list."""
    from evals.narrative.report import markdown

    alone = narrative({"precision": 0.5, "recall": 0.6, "f1": 0.5, "false_refusal_rate": 0.0,
                       "recall@10": 0.6, "ndcg@10": 0.6, "errors": 0}, {})
    [gate] = [g for g in check_narrative_gates(alone) if g["gate"] == BASELINE_GATE]
    assert gate["ok"] is None and verdict(gate) == "not run"
    assert "not asked" in gate["value"]
    row = next(line for line in markdown(alone, check_narrative_gates(alone), 1.0).splitlines()
               if BASELINE_GATE in line)
    assert row.endswith("| not run |")
    # the other gates are still judged: precision and recall below target FAIL
    assert [verdict(g) for g in check_narrative_gates(alone) if g is not gate][:2] == [
        "FAIL", "FAIL"]


def test_narrative_baseline_gate_fails_when_a_baseline_that_ran_beats_probity() -> None:
    mine = {"precision": 0.9, "recall": 0.8, "f1": 0.5, "false_refusal_rate": 0.0}
    [gate] = [g for g in check_narrative_gates(narrative(mine, {"bm25": 0.3, "dense": 0.55}))
              if g["gate"] == BASELINE_GATE]
    assert gate["ok"] is False and verdict(gate) == "FAIL"
    no_figure = {"all": {"probity": mine, "bm25": {}}}  # asked, but nothing measured
    [gate] = [g for g in check_narrative_gates(no_figure) if g["gate"] == BASELINE_GATE]
    assert verdict(gate) == "FAIL"
    [gate] = [g for g in check_narrative_gates(narrative(mine, {"bm25": 0.3}))
              if g["gate"] == BASELINE_GATE]
    assert verdict(gate) == "PASS"


def test_set_from_a_ranking_and_the_best_k_oracles() -> None:
    ranked = ["a", "x", "b", "y", "c"]
    gold = {"a", "b", "c"}
    assert m.topk_prf(ranked, gold, 1) == (1.0, 1 / 3, 0.5)
    assert m.oracle_f1(ranked, gold, range(1, 6)) == pytest.approx(0.75)  # k=5: P .6, R 1
    runs = [(ranked, gold), (["b", "z"], {"b"})]
    k, f1 = m.best_global_k(runs, range(1, 6))
    assert k == 1 and f1 == pytest.approx((0.5 + 1.0) / 2)
    assert m.evidence_recall(["a", "q"], gold) == pytest.approx(1 / 3)
    with pytest.raises(ValueError):
        m.evidence_recall(["a"], set())


def test_narrative_rows_charge_refusals_and_empty_answers() -> None:
    q = {"id": "t", "source": "synthetic", "style": "concept", "gold": ["a", "b"]}
    none = {**q, "id": "n", "style": "none", "gold": []}
    rows = [sc.row(q, "probity", Reply(["a", "c"], ["a", "c"])),
            sc.row(q, "probity", Reply([], [], abstained=True)),
            sc.row(none, "probity", Reply([], [])),
            sc.row(q, "bm25", Reply(["c", "a", "b"]))]
    assert rows[0]["precision"] == 0.5 and rows[0]["recall"] == 0.5
    assert rows[1]["false_refusal"] and rows[1]["precision"] is None and rows[1]["f1"] == 0
    assert rows[2]["f1"] == 1.0 and not rows[2]["false_refusal"]
    assert rows[3]["returned"] == 3 and rows[3]["oracle_f1"] == pytest.approx(0.8)
    s = sc.summarise(rows)["all"]["probity"]
    assert s["precision"] == 0.5  # over the one non-empty answer, not diluted by refusals
    assert s["false_refusal_rate"] == 0.5 and s["f1"] == pytest.approx((0.5 + 0 + 1) / 3)


STORE = """
CREATE TABLE complaint (record_id VARCHAR, narrative VARCHAR);
CREATE TABLE person (record_id VARCHAR, name VARCHAR, rank VARCHAR, identifiers VARCHAR);
CREATE TABLE person_ref (record_id VARCHAR, person_id VARCHAR);
CREATE TABLE allegation (record_id VARCHAR, complaint_id VARCHAR);
CREATE TABLE duty_shift (record_id VARCHAR, note VARCHAR);
INSERT INTO duty_shift VALUES ('duty_shift:t:9', 'Early turn');
INSERT INTO complaint VALUES ('complaint:t:1', 'He was hit with a baton outside the shop.'),
                             ('complaint:t:2', 'She was pushed to the ground.');
"""


def context() -> Context:
    con = duckdb.connect()
    con.execute(STORE)
    ctx = Context(con)
    for rid, text in con.execute("SELECT record_id, narrative FROM complaint").fetchall():
        ctx._fields[(rid, "narrative")] = text  # the cache Context fills from the store
    return ctx


def cite(n: int, rid: str, quote: str) -> Citation:
    return Citation(n, rid, "narrative", 0, len(quote), quote)


def test_count_questions_get_evidence_recall_not_retrieval_recall() -> None:
    q = Question("c1", "synthetic", "count", "How many?", "investigator", {"value": 2},
                 ["complaint:t:1", "complaint:t:2"])
    s = score(q, Result("2 complaints [1]", ranking=["complaint:t:1"],
                        citations=[cite(1, "complaint:t:1", "He was hit")]), context(), "probity")
    assert s["evidence_recall"] == 0.5 and "recall@10" not in s and "ndcg@10" not in s


def test_describe_questions_get_retrieval_recall() -> None:
    q = Question("d1", "synthetic", "describe", "Find baton complaints", "investigator",
                 {"records": ["complaint:t:1"]}, ["complaint:t:1"])
    s = score(q, Result("x", ranking=["complaint:t:2", "complaint:t:1"]), context(), "bm25")
    assert s["recall@10"] == 1.0 and s["ndcg@10"] < 1.0 and "evidence_recall" not in s


def test_citations_without_gold_are_unscored_not_passed() -> None:
    q = Question("u1", "synthetic", "unanswerable", "Is he a good cop?", "investigator",
                 {"abstain": True})
    answer = "“He was hit with a baton” [1]."
    s = score(q, Result(answer, citations=[cite(1, "complaint:t:1", "He was hit with a baton")]),
              context(), "probity")
    assert s["citation"] == "unscored"
    assert "citation_precision" not in s and "citation_recall" not in s


def test_citations_with_gold_are_scored_against_it() -> None:
    q = Question("l1", "synthetic", "count", "How many?", "investigator", {"value": 1},
                 ["complaint:t:2"])
    s = score(q, Result("1 complaint [1].", citations=[cite(1, "complaint:t:1", "He was hit")]),
              context(), "probity")
    assert s["citation_recall"] == 0.0  # verbatim, but it cites a record the count excludes


def test_citations_of_kinds_the_gold_does_not_cover_are_not_judged_on_relevance() -> None:
    """A profile's gold lists the officer's complaints; a cited duty record is outside it — judged
    verbatim only, and counted — while a cited complaint outside the gold still fails."""
    q = Question("p1", "synthetic", "profile", "Tell me about PC X", "investigator",
                 {"records": ["complaint:t:2"]}, ["complaint:t:2"])
    ctx = context()
    ctx._fields[("duty_shift:t:9", "narrative")] = "Early turn"
    duty = Citation(1, "duty_shift:t:9", "narrative", 0, 10, "Early turn")
    s = score(q, Result("1 duty record [1].", citations=[duty]), ctx, "probity")
    assert s["citation_recall"] == 1.0 and s["citation_uncovered"] == 1
    wrong = score(q, Result("1 complaint [1].", citations=[cite(1, "complaint:t:1", "He was hit")]),
                  ctx, "probity")
    assert wrong["citation_recall"] == 0.0 and "citation_uncovered" not in wrong
