"""report.json (every row, every figure, the gates) and report.md (the tables a reader needs:
per source and per system P, R, F1, false refusals, the baselines' best-k and oracle F1, recall@K
and nDCG@K at one K, then the gates with PASS/FAIL)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.gates import verdict
from evals.narrative.score import K

SYSTEMS = ("probity", "bm25", "dense", "llamaindex")
GROUPS = ("philly", "chicago", "synthetic", "all")


def _f(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def markdown(summary: dict[str, Any], gates: list[dict[str, Any]], seconds: float) -> str:
    lines = [
        "# Narrative dev set: Probity vs baselines",
        "",
        f"Questions: {summary.get('all', {}).get('probity', {}).get('questions', 0)} "
        "(evals/questions/narrative, frozen by MANIFEST.sha256), asked as an investigator "
        f"without clearance. Run time {seconds:.0f} s.",
        "",
        f"Probity's set = its cited evidence; a baseline's set = its top {K} records. "
        "P is averaged over questions with a non-empty answer; R and F1 over all questions. "
        "best-k = the one k (1–50) that maximises the baseline's mean F1, chosen in hindsight; "
        "oracle = the best k per question (an upper bound). "
        f"recall@{K} / nDCG@{K} = every system's ranking at the same K.",
        "",
    ]
    head = (f"| system | P | R | F1 | false refusals | best k (F1) | oracle F1 | recall@{K} "
            f"| nDCG@{K} | errors |")
    for group in GROUPS:
        systems = summary.get(group)
        if not systems:
            continue
        lines += [f"## {group}", "", head, "|" + "---|" * 10]
        for name in SYSTEMS:
            s = systems.get(name)
            if not s:
                continue
            best = f"{s['best_k']} ({_f(s['best_k_f1'])})" if "best_k" in s else "–"
            refusals = _f(s["false_refusal_rate"]) if name == "probity" else "n/a"
            lines.append(
                f"| {name} | {_f(s['precision'])} | {_f(s['recall'])} | {_f(s['f1'])} "
                f"| {refusals} | {best} | {_f(s.get('oracle_f1'))} | {_f(s[f'recall@{K}'])} "
                f"| {_f(s[f'ndcg@{K}'])} | {s['errors']} |")
        lines.append("")
    lines += ["## Gates (evals/thresholds.toml [narrative])", "", "| gate | value | result |",
              "|---|---|---|"]
    lines += [f"| {g['gate']} | {g['value']} | {verdict(g)} |" for g in gates]
    return "\n".join(lines) + "\n"


def write_reports(out: Path, summary: dict[str, Any], rows: list[dict[str, Any]],
                  gates: list[dict[str, Any]], seconds: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    doc = {"k": K, "seconds": seconds, "summary": summary, "gates": gates, "rows": rows}
    (out / "report.json").write_text(json.dumps(doc, sort_keys=True) + "\n",
                                     encoding="utf-8")
    (out / "report.md").write_text(markdown(summary, gates, seconds), encoding="utf-8")
