"""Scoring for the mpnet replay (evals/narrative/mpnet_replay.py): one grid of the set decision's
constants, swept per dense-scorer variant, with the best constants on all questions and held out
(chosen on the odd-numbered questions, scored on the even ones and the other way round), plus
recall@10 and the markdown table of the results file. Scores follow evals/narrative/score.py:
P over non-empty answers, R and F1 over all questions, false refusals over the answerable ones.
"""

from __future__ import annotations

import itertools
from statistics import mean
from typing import Any

import numpy as np

from assistant.narrative import membership as mb
from evals import metrics as m

GRID: dict[str, tuple[float, ...]] = {
    "z_min": (0.5, 1.0, 1.5, 2.0, 2.5),
    "z_strong": (3.0, 4.0, 99.0),
    "min_coverage": (0.3, 0.5),
    "elbow_gap": (1.5, 2.5),
    "passage_min": (-99.0, 2.0, 3.0, 4.0),
}
OPEN = mb.Params(z_min=-np.inf, z_strong=-np.inf, min_coverage=0.0, elbow_gap=np.inf,
                 max_drop=np.inf, passage_min=-np.inf)  # every searched record, ranked

def ranking(f: mb.Features) -> list[int]:
    """Records by Probity's combined score at the default weights (all searched records)."""
    return [s.record for s in mb.choose(f, False, OPEN).members]


def per_question(entries: list[dict[str, Any]], feats: list[mb.Features | None],
                 params: mb.Params) -> list[tuple[float, float, float, bool, bool]]:
    """Per question: (P, R, F1, answered (non-empty), answerable (gold non-empty))."""
    out = []
    for e, f in zip(entries, feats, strict=True):
        if f is None:
            chosen = set(e["chosen"])
        else:
            chosen = {e["record_ids"][s.record] for s in mb.choose(
                f, e["features"][1], params).members}
        gold = set(e["gold"])
        out.append((*m.set_prf(chosen, gold), bool(chosen), bool(gold)))
    return out


def aggregate(rows: list[tuple[float, float, float, bool, bool]], ids: list[str],
              half: str | None) -> dict[str, float]:
    keep = [r for r, q in zip(rows, ids, strict=True)
            if half is None or int(q[-2:]) % 2 == (1 if half == "odd" else 0)]
    ps = [r[0] for r in keep if r[3]]
    return {"P": mean(ps) if ps else 0.0, "R": mean(r[1] for r in keep),
            "F1": mean(r[2] for r in keep),
            "false_refusals": mean(float(not r[3]) for r in keep if r[4])}


def sweep(entries: list[dict[str, Any]], feats: list[mb.Features | None]) -> dict[str, Any]:
    """The grid's best constants on all questions, and held out: the constants best on one half
    score the other half's questions; `held_out` aggregates all questions scored that way."""
    ids = [e["id"] for e in entries]
    odd = [int(q[-2:]) % 2 == 1 for q in ids]
    points = []
    for values in itertools.product(*GRID.values()):
        chosen = dict(zip(GRID, values, strict=True))
        rows = per_question(entries, feats, mb.Params(**chosen))  # type: ignore[arg-type]
        points.append((chosen, rows, {h or "all": aggregate(rows, ids, h)
                                      for h in (None, "odd", "even")}))
    default = per_question(entries, feats, mb.Params())
    best = max(points, key=lambda p: p[2]["all"]["F1"])
    on_odd = max(points, key=lambda p: p[2]["odd"]["F1"])
    on_even = max(points, key=lambda p: p[2]["even"]["F1"])
    mixed = [(on_even if o else on_odd)[1][i] for i, o in enumerate(odd)]
    return {"default": {h or "all": aggregate(default, ids, h) for h in (None, "odd", "even")},
            "best": {"params": best[0], **best[2]["all"], "F1_odd": best[2]["odd"]["F1"],
                     "F1_even": best[2]["even"]["F1"]},
            "held_out": {**aggregate(mixed, ids, None),
                         "F1_odd (chosen on even)": on_even[2]["odd"]["F1"],
                         "F1_even (chosen on odd)": on_odd[2]["even"]["F1"],
                         "params_chosen_on_odd": on_odd[0], "params_chosen_on_even": on_even[0]}}


def recall_at(entries: list[dict[str, Any]], feats: list[mb.Features | None], k: int = 10
              ) -> float:
    out = []
    for e, f in zip(entries, feats, strict=True):
        if f is None or not e["gold"]:
            continue
        top = {e["record_ids"][r] for r in ranking(f)[:k]}
        out.append(len(top & set(e["gold"])) / len(e["gold"]))
    return mean(out)


def table(results: dict[str, Any]) -> list[str]:
    """Markdown: one row per variant — recall@10, default constants, best, held out."""
    lines = ["| variant | recall@10 | F1 (today's constants) | best P / R / F1 / FR | "
             "F1 odd / even at best | held-out P / R / F1 / FR | held-out F1 odd / even | "
             "sentences re-scored per question |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in results.items():
        b, h = r["best"], r["held_out"]
        lines.append(
            f"| {name} | {r['recall@10']:.3f} | {r['default']['all']['F1']:.3f} | "
            f"{b['P']:.3f} / {b['R']:.3f} / {b['F1']:.3f} / {b['false_refusals']:.3f} | "
            f"{b['F1_odd']:.3f} / {b['F1_even']:.3f} | {h['P']:.3f} / {h['R']:.3f} / "
            f"{h['F1']:.3f} / {h['false_refusals']:.3f} | {h['F1_odd (chosen on even)']:.3f} / "
            f"{h['F1_even (chosen on odd)']:.3f} | "
            f"{r.get('sentences_per_question', 0):.0f} |")
    return lines
