"""`python -m evals.dev --data-dir D --out DIR`: run the dev set against the engine and report.

Why this exists: one command that checks the frozen set, builds the stores it needs once, asks
every phrasing, scores it (evals/dev/score.py) and writes answers.jsonl, report.json and
report.md. Exit 0 when it ran (the targets are reported PASS/FAIL, not enforced: issue #13's
product work is what must meet them); with `--gate` (what CI runs) exit 1 when a figure is worse
than its ratchet in evals/thresholds.toml (evals/dev/gate.py); exit 1 with one line on a
frozen-set mismatch or bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from evals.dev.gate import check
from evals.dev.gold.freeze import DEFAULT_PUBLIC, SETS, load_questions
from evals.dev.report import build, write
from evals.dev.run import FrozenMismatch, ask_all, check_frozen, ensure_stores
from evals.dev.score import Verdict, score
from evals.gates import load_thresholds


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m evals.dev", description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", type=Path, required=True, help="stores are built/reused here")
    p.add_argument("--out", type=Path, required=True, help="report directory")
    p.add_argument("--public", type=Path, default=DEFAULT_PUBLIC, help="public data root")
    p.add_argument("--source", choices=["philly", "chicago", "synthetic"], action="append",
                   help="only these sources (repeatable; default all)")
    p.add_argument("--set", choices=sorted(SETS), default="dev",
                   help="question set: dev (tuned on) or fresh to fresh8 (the eight held-out 20s, "
                        "each asked once when frozen; all seen now)")
    p.add_argument("--limit", type=int, default=0, help="only the first N items (smoke runs)")
    p.add_argument("--gate", action="store_true",
                   help="exit 1 when a figure is worse than its ratchet (evals/thresholds.toml [dev])")
    p.add_argument("--answers", type=Path,
                   help="re-score a saved answers.jsonl instead of asking (no store needed)")
    a = p.parse_args(argv)
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    try:
        gold = check_frozen(SETS[a.set])
    except FrozenMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    items = [i for i in load_questions(SETS[a.set]) if not a.source or i["source"] in a.source]
    items = items[: a.limit] if a.limit else items
    if not items:
        print("error: no questions selected", file=sys.stderr)
        return 1
    started = time.perf_counter()
    by_id = {i["id"]: i for i in items}
    a.out.mkdir(parents=True, exist_ok=True)
    records, rows = [], []
    if a.answers:
        saved = [json.loads(line) for line in a.answers.read_text().splitlines() if line]
        source = iter([r for r in saved if r["id"] in by_id])
    else:
        needed = {"synthetic" if i["source"] == "synthetic" else "public" for i in items}
        source = ask_all(items, ensure_stores(a.data_dir, a.public, say, needed), say)
    with (a.out / "answers.jsonl").open("w") as log:
        for rec in source:
            log.write(json.dumps(rec) + "\n")
            item = by_id[rec["id"]]
            answer = rec.get("answer") or {"answer": rec.get("error", ""), "abstained": True}
            verdict: Verdict = score(item, gold[item["id"]], answer, rec["question"])
            records.append(rec)
            rows.append((item, verdict))
    meta = {"engine": "assistant.service.Engine (this checkout)",
            "seconds": time.perf_counter() - started,
            "conversation": bool(records and records[0]["conversation"]),
            "errors": sum("error" in r for r in records),
            "rescored_from": str(a.answers) if a.answers else None,
            "ask_seconds": round(sum(r["seconds"] for r in records), 1),
            "mean_seconds_per_question": round(sum(r["seconds"] for r in records) / len(records), 3)}
    report = build(rows, records, meta)
    report["gates"] = check(report, load_thresholds()) if a.set == "dev" else []
    write(report, a.out)
    o = report["overall"]
    print(f"{a.set} set: {o['items']} items / {o['phrasings']} phrasings — "
          f"accuracy {o['accuracy']:.3f} "
          f"{report['targets']['accuracy']}, confidently wrong {o['confidently_wrong_rate']:.3f} "
          f"{report['targets']['confidently_wrong_rate']}, silent drops {o['silent_drop_rate']:.3f} "
          f"{report['targets']['silent_drop_rate']}, consistency {o['paraphrase_consistency']:.3f} "
          f"{report['targets']['paraphrase_consistency']}; report in {a.out}")
    for g in report["gates"]:
        print(f"ratchet {'PASS' if g['ok'] else 'FAIL'}: {g['gate']}: {g['value']:.4f}")
    failed = [g for g in report["gates"] if not g["ok"]]
    if a.gate and failed:
        print(f"error: {len(failed)} dev-set figure(s) worse than their ratchet", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
