"""Aggregate scored phrasings into the dev set's figures and write report.json + report.md.

Why this exists: issue #13 states its bar as four figures (accuracy ≥ 0.9, confidently-wrong
≤ 2%, silent drops 0, paraphrase consistency ≥ 0.9); this module computes exactly those, per
operation and per data source, marks each PASS/FAIL, and lists the worst failures
(confidently wrong first) so a reader sees what went wrong, not just how often.

Definitions (over phrasings unless said): accuracy = correct / asked; confidently-wrong rate =
answered, wrong and unlabelled / asked; silent-drop rate = answered phrasings that dropped ≥ 1
constraint / phrasings with ≥ 1 constraint; paraphrase consistency = items whose phrasings all
got the same verdict and the same extracted value / items. "Value accuracy" (right number or
set, constraint accounting ignored) and "wrong value unlabelled" (answered with a wrong number or
set and nothing reported unapplied — confidently wrong even before constraint accounting) are
reported for context only; they are not targets. Worst failures list wrong values first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from evals.dev.score import Verdict

TARGETS = {"accuracy": (">=", 0.9), "confidently_wrong_rate": ("<=", 0.02),
           "silent_drop_rate": ("<=", 0.0), "paraphrase_consistency": (">=", 0.9)}


def figures(rows: list[tuple[dict[str, Any], Verdict]]) -> dict[str, Any]:
    n = len(rows)
    constrained = [v for item, v in rows if item.get("constraints")]
    by_item: dict[str, list[Verdict]] = defaultdict(list)
    for item, v in rows:
        by_item[item["id"]].append(v)
    consistent = sum(len({(v.correct, v.value) for v in vs}) == 1 for vs in by_item.values())
    return {
        "phrasings": n, "items": len(by_item),
        "accuracy": _r(sum(v.correct for _, v in rows), n),
        "confidently_wrong_rate": _r(sum(v.confidently_wrong for _, v in rows), n),
        "silent_drop_rate": _r(sum(bool(v.silent_drops) for v in constrained), len(constrained)),
        "paraphrase_consistency": _r(consistent, len(by_item)),
        "value_accuracy": _r(sum(v.value_correct for _, v in rows), n),
        "wrong_value_unlabelled": _r(sum(v.value_wrong_unlabelled for _, v in rows), n),
        "abstained": _r(sum(v.abstained for _, v in rows), n),
        "items_all_correct": _r(sum(all(v.correct for v in vs) for vs in by_item.values()),
                                len(by_item)),
    }


def _r(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def verdicts(figs: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, (op, target) in TARGETS.items():
        ok = figs[key] >= target if op == ">=" else figs[key] <= target
        out[key] = f"{'PASS' if ok else 'FAIL'} ({op} {target})"
    return out


def build(rows: list[tuple[dict[str, Any], Verdict]], records: list[dict[str, Any]],
          meta: dict[str, Any]) -> dict[str, Any]:
    groups: dict[str, dict[str, list[tuple[dict[str, Any], Verdict]]]] = {
        "operation": defaultdict(list), "source": defaultdict(list), "expect": defaultdict(list)}
    for item, v in rows:
        for key in groups:
            groups[key][item[key]].append((item, v))
    overall = figures(rows)
    worst = sorted(zip(rows, records, strict=True),
                   key=lambda p: (not p[0][1].value_wrong_unlabelled, not p[0][1].confidently_wrong,
                                  p[0][1].correct, p[0][0]["id"]))
    return {
        "meta": meta, "overall": overall, "targets": verdicts(overall),
        **{f"by_{key}": {k: figures(v) for k, v in sorted(g.items())} for key, g in groups.items()},
        "worst": [{"id": item["id"], "question": rec["question"], "expect": item["expect"],
                   "confidently_wrong": v.confidently_wrong, "abstained": v.abstained,
                   "why": v.reason, "silent_drops": v.silent_drops,
                   "answer": (rec.get("answer") or {}).get("answer", rec.get("error", ""))[:300]}
                  for (item, v), rec in worst if not v.correct][:25],
    }


def markdown(report: dict[str, Any]) -> str:
    o, t, m = report["overall"], report["targets"], report["meta"]
    lines = ["# Development set (issue #13)", "",
             f"{o['items']} items, {o['phrasings']} phrasings; engine {m.get('engine', '?')}; "
             f"follow-ups asked {'in a conversation' if m.get('conversation') else 'alone (the engine has no conversations)'}; "
             f"asking took {m.get('ask_seconds', 0):.0f} s"
             + (f" (re-scored from {m['rescored_from']})" if m.get("rescored_from") else "")
             + f"; {m.get('errors', 0)} engine errors.", "",
             "| figure | value | target |", "| --- | ---: | --- |"]
    for key in ("accuracy", "confidently_wrong_rate", "silent_drop_rate", "paraphrase_consistency"):
        lines.append(f"| {key.replace('_', ' ')} | {o[key]:.3f} | {t[key]} |")
    for key in ("value_accuracy", "wrong_value_unlabelled", "abstained", "items_all_correct"):
        lines.append(f"| {key.replace('_', ' ')} (context) | {o[key]:.3f} | — |")
    for section in ("by_source", "by_operation", "by_expect"):
        lines += ["", f"## {section.replace('_', ' ')}", "",
                  "| | items | accuracy | conf. wrong | silent drops | consistency | value acc. |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, f in report[section].items():
            lines.append(f"| {name} | {f['items']} | {f['accuracy']:.3f} | "
                         f"{f['confidently_wrong_rate']:.3f} | {f['silent_drop_rate']:.3f} | "
                         f"{f['paraphrase_consistency']:.3f} | {f['value_accuracy']:.3f} |")
    if report.get("gates"):
        lines += ["", "## ratchet (CI blocks on it; evals/thresholds.toml [dev])", "",
                  "| gate | value | |", "| --- | ---: | --- |"]
        lines += [f"| {g['gate']} | {g['value']:.4f} | {'PASS' if g['ok'] else 'FAIL'} |"
                  for g in report["gates"]]
    lines += ["", "## worst failures (wrong value, unlabelled, first)", ""]
    for w in report["worst"]:
        flag = "CONFIDENTLY WRONG" if w["confidently_wrong"] else (
            "abstained" if w["abstained"] else "wrong")
        answer = w["answer"].replace("\n", " ").replace("|", "/")
        lines.append(f"- **{w['id']}** ({w['expect']}, {flag}) “{w['question']}” — {w['why']}; "
                     f"dropped: {', '.join(w['silent_drops']) or '—'}. Answer: {answer}")
    return "\n".join(lines) + "\n"


def write(report: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1) + "\n")
    (out / "report.md").write_text(markdown(report))
