"""Score the narrative suite: set precision / recall / F1 against the frozen gold sets, false
refusals, and retrieval recall@k / nDCG@k at one k for every system.

How each figure is defined (so it means what it says):
- Probity's set is what it commits to (cited evidence); a baseline's set is its top K records,
  and — to be fair to systems that cannot choose a set size — also its top k at the single k
  that maximises its mean F1 in hindsight ("best k") and at the best k per question ("oracle",
  an upper bound no real system reaches).
- precision is averaged over the questions where the system returned a non-empty set (an empty
  answer has no precision; it is charged to recall and F1, and counted as a false refusal when
  the gold is non-empty); recall and F1 over every question; a question whose gold is empty
  scores F1 1 only for an empty answer.
- false refusals: Probity abstained or returned nothing although gold records exist.
- recall@K and nDCG@K: every system's ranking at the same K (Probity's: its evidence order).
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from evals import metrics as m
from evals.narrative.systems import DEPTH, Reply

K = 10  # the one cut-off for every system's top-k set and retrieval metrics
KS = range(1, DEPTH + 1)


def row(q: dict[str, Any], system: str, r: Reply) -> dict[str, Any]:
    gold = set(q["gold"])
    chosen = r.chosen if r.chosen is not None else r.ranking[:K]
    p, rec, f1 = m.set_prf(set(chosen), gold)
    out: dict[str, Any] = {
        "id": q["id"], "source": q["source"], "style": q["style"], "system": system,
        "gold": len(gold), "returned": len(set(chosen)), "precision": p if chosen else None,
        "recall": rec, "f1": f1, "abstained": r.abstained, "seconds": round(r.seconds, 3),
        "false_refusal": bool(gold) and (r.abstained or not chosen),
        "error": r.error, "ranking": r.ranking[:DEPTH], "chosen": sorted(set(chosen)),
    }
    if gold:
        out[f"recall@{K}"] = m.recall_at_k(r.ranking, gold, K)
        out[f"ndcg@{K}"] = m.ndcg_at_k(r.ranking, gold, K)
    if r.chosen is None:
        out["oracle_f1"] = m.oracle_f1(r.ranking, gold, KS)
    return out


def _mean(xs: list[float]) -> float | None:
    return round(mean(xs), 4) if xs else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """{group: {system: figures}} for each source and for all questions together."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["source"]].append(r)
        groups["all"].append(r)
    out: dict[str, Any] = {}
    for group, items in groups.items():
        by_system: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in items:
            by_system[r["system"]].append(r)
        out[group] = {}
        for system, rs in by_system.items():
            answerable = [r for r in rs if r["gold"]]
            fig: dict[str, Any] = {
                "questions": len(rs),
                "precision": _mean([r["precision"] for r in rs if r["precision"] is not None]),
                "recall": _mean([r["recall"] for r in rs]), "f1": _mean([r["f1"] for r in rs]),
                "false_refusal_rate": _mean([float(r["false_refusal"]) for r in answerable]),
                f"recall@{K}": _mean([r[f"recall@{K}"] for r in answerable]),
                f"ndcg@{K}": _mean([r[f"ndcg@{K}"] for r in answerable]),
                "errors": sum(1 for r in rs if r["error"]),
                "p50_seconds": round(sorted(r["seconds"] for r in rs)[len(rs) // 2], 3),
            }
            if all("oracle_f1" in r for r in rs):
                fig["oracle_f1"] = _mean([r["oracle_f1"] for r in rs])
            out[group][system] = fig
    return out


def add_best_k(summary: dict[str, Any], rows: list[dict[str, Any]],
               gold: dict[str, set[str]]) -> None:
    """Each baseline's best single k per group, with the F1 it reaches there."""
    for group, systems in summary.items():
        for system, fig in systems.items():
            if "oracle_f1" not in fig:  # Probity chooses its own set: no k to pick
                continue
            runs = [(r["ranking"], gold[r["id"]]) for r in rows if r["system"] == system
                    and (group == "all" or r["source"] == group)]
            k, f1 = m.best_global_k(runs, KS)
            fig["best_k"], fig["best_k_f1"] = k, round(f1, 4)
