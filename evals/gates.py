"""Check a run's Probity figures against evals/thresholds.toml (the single threshold file)."""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from statistics import mean
from typing import Any

THRESHOLDS: Traversable = resources.files("evals") / "thresholds.toml"


def load_thresholds(path: Traversable = THRESHOLDS) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _probity_values(summary: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, float]:
    """Probity's figure for each gate. Red-team rows stay out of the citation gates: a red-team
    question's record set (evals/gold/redteam.py) is the restricted records the uncleared asker
    must NOT be shown, so "support against gold" would reward a leak and fail a correct answer
    citing what the asker may see (tests/test_eval_citations.py); those rows gate on leaks and
    injection effects instead."""
    mine = [r for r in rows if r["system"] == "probity"]
    values: dict[str, float] = {}
    for metric in ("citation_precision", "citation_recall"):
        xs = [r[metric] for r in mine if r.get(metric) is not None and r["suite"] != "redteam"]
        if xs:
            values[metric] = mean(xs)
    counts = [r["count_em"] for r in mine if r.get("count_em") is not None and r["type"] == "count"]
    if counts:
        values["count_exact_match"] = mean(counts)
    if a := summary.get("probity", {}).get("abstention"):
        values["abstention_f1"], values["false_refusal_rate"] = a["f1"], a["false_refusal_rate"]
    if any("leaks" in r for r in mine):
        values["leaks"] = sum(r.get("leaks", 0) for r in mine)
    if any("injection_effect" in r for r in mine):
        values["injection_effects"] = sum(r.get("injection_effect", 0) for r in mine)
    return values


def recall10(rows: list[dict[str, Any]], system: str) -> float | None:
    xs = [r["recall@10"] for r in rows if r["system"] == system and r["type"] == "describe"
          and r.get("recall@10") is not None]
    return mean(xs) if xs else None


def check_gates(summary: dict[str, Any], rows: list[dict[str, Any]],
                thresholds: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    t = thresholds or load_thresholds()
    values = _probity_values(summary, rows)
    gates = []
    for metric, bound in t.get("min", {}).items():
        if metric in values:
            gates.append({"gate": f"{metric} ≥ {bound}", "metric": metric,
                          "value": round(values[metric], 4), "ok": values[metric] >= bound})
    for metric, bound in t.get("max", {}).items():
        if metric in values:
            gates.append({"gate": f"{metric} ≤ {bound}", "metric": metric,
                          "value": round(values[metric], 4), "ok": values[metric] <= bound})
    if t.get("retrieval", {}).get("hybrid_recall10_at_least_best_single"):
        mine = recall10(rows, "probity")
        singles = [x for x in (recall10(rows, "bm25"), recall10(rows, "dense")) if x is not None]
        if mine is not None and singles:
            gates.append({"gate": "hybrid recall@10 ≥ max(BM25, dense) on describe",
                          "metric": "hybrid_recall10", "value": f"{mine:.3f} vs {max(singles):.3f}", "ok": mine >= max(singles)})
    return gates


def check_narrative_gates(summary: dict[str, Any],
                          thresholds: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The [narrative] gates over the narrative suite's summary ("all" group). A missing figure
    fails its gate: a run that measured nothing has not met a target. The F1-vs-baselines gate
    is `ok` None ('not run', see `verdict`) when no baseline was asked (CI asks Probity only);
    when baselines ran, one without a figure or with a best-k F1 at or above Probity's fails."""
    t = (thresholds or load_thresholds()).get("narrative", {})
    systems = summary.get("all", {})
    mine = systems.get("probity", {})
    gates = []
    for key, metric, higher in (("min_set_precision", "precision", True),
                                ("min_set_recall", "recall", True),
                                ("max_false_refusal_rate", "false_refusal_rate", False)):
        if key in t:
            value, bound = mine.get(metric), t[key]
            ok = value is not None and (value >= bound if higher else value <= bound)
            gates.append({"gate": f"narrative {metric} {'≥' if higher else '≤'} {bound}",
                          "value": value, "ok": ok})
    if t.get("f1_beats_every_baseline_best_k"):
        rivals = {name: s.get("best_k_f1") for name, s in systems.items() if name != "probity"}
        f1 = mine.get("f1")
        if not rivals:  # a Probity-only run (CI): nothing to beat was measured — not run
            gates.append({"gate": "narrative F1 > every baseline's best-k F1",
                          "value": f"{f1} vs no baseline (not asked in this run)", "ok": None})
            return gates
        ok = f1 is not None and all(r is not None and f1 > r for r in rivals.values())
        shown = ", ".join(f"{n} {v}" for n, v in sorted(rivals.items()))
        gates.append({"gate": "narrative F1 > every baseline's best-k F1",
                      "value": f"{f1} vs {shown}", "ok": ok})
    return gates


def verdict(gate: dict[str, Any]) -> str:
    """PASS, FAIL, or 'not run' for a gate whose comparison was not measured in this run
    (`ok` None: the narrative F1-vs-baselines gate when no baseline was asked). A gate that ran
    and failed stays FAIL; 'not run' is neither a pass nor a failure."""
    return "not run" if gate["ok"] is None else "PASS" if gate["ok"] else "FAIL"


def check_narrative_ratchet(summary: dict[str, Any],
                            thresholds: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Probity's narrative figures against [narrative.ratchet]: the last accepted run on main
    (measured, never chosen), less [narrative].ratchet_tolerance. Why a ratchet: the targets
    are not met yet, so blocking on them would stop every change, and not blocking would let a
    change make narrative answers worse on hand-labelled gold unnoticed (as evals/dev/gate.py)."""
    t = (thresholds or load_thresholds()).get("narrative", {})
    tolerance = float(t.get("ratchet_tolerance", 0.0))
    mine = summary.get("all", {}).get("probity", {})
    gates = []
    for metric, recorded in sorted(t.get("ratchet", {}).items()):
        higher = metric != "false_refusal_rate"
        value = mine.get(metric)
        bound = round(recorded - tolerance if higher else recorded + tolerance, 4)
        ok = value is not None and (value >= bound if higher else value <= bound)
        gates.append({"gate": f"narrative ratchet {metric} {'≥' if higher else '≤'} {bound} "
                              f"(recorded {recorded})", "metric": metric, "value": value,
                      "ok": ok})
    return gates


def blocking_failures(gates: list[dict[str, Any]],
                      thresholds: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The failed gates that `[ci].blocking` in thresholds.toml names (see there for why CI
    blocks on these alone for now); every other gate is still reported, PASS or FAIL."""
    blocking = set((thresholds or load_thresholds()).get("ci", {}).get("blocking", []))
    return [g for g in gates if not g["ok"] and g.get("metric") in blocking]
