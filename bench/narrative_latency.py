"""Narrative set answers: warm latency next to count answers on the same engine, and a cold
`probity ask` of a narrative question (issue #14 targets).

Targets (PASS/FAIL printed):
- warm narrative p95 ≤ 3 × warm count p95, in the same process and run (questions alternate);
- warm narrative p95 ≤ 300 ms;
- cold `python -m assistant ask "<narrative question>"` ≤ 3 s wall (bench/cold_ask.py: a new
  process per run, as an investigator — the role whose answers are masked — median of
  `--cold-runs` runs, each with its CPU time and the load average, and the `-X importtime`
  profile of one more run).

Wall and CPU time are both reported with the load average: on a shared machine CPU time is the
fairer number. `--torch-threads 1` pins torch's intra-op threads (see question_latency.py).
The cold ask writes an audit entry (and, if the OS account has none, an investigator CLI grant)
into the data dir: run it on a copy.

    python bench/narrative_latency.py --data-dir D [--rounds 12] [--cold-runs 5] [--out R.json]

The biggest set answers set the p95: `--profile` adds the warm answers' heaviest functions
(cProfile, CPU time) to the output; the timings then include the profiler's overhead.
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
from assistant.settings import Settings  # offline env before any ML library

# isort: split
import argparse
import cProfile
import io
import json
import os
import pstats
import time
from pathlib import Path
from typing import Any

from cold_ask import cold
from cold_ask import report as cold_report
from stats import pct

RESULTS = Path(__file__).parent / "results"
TARGET_RATIO = 3.0
TARGET_WARM_MS = 300.0
NARRATIVE = [
    "Has an officer threatened to plant drugs on someone unless they paid?",
    "Which complaints mention a threat?",
    "Complaints describing an officer using a taser",
    "Has any officer made sexual comments to a driver?",
    "Find complaints where property went missing after a search",
    "Which complaints mention a dog?",
]
COUNT = [
    "How many complaints were received in 2023?",
    "How many complaints were received in 2022?",
    "How many conduct cases were opened in 2021?",
    "How many complaints were received in 2024?",
]


def timed(fn: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def warm(data_dir: Path, rounds: int, torch_threads: int, profile: bool) -> dict[str, Any]:
    from assistant.answers import User
    from assistant.service import Engine

    if torch_threads:
        import torch

        torch.set_num_threads(torch_threads)
    engine = Engine(Settings(data_dir=data_dir))
    user = User(name="bench", role="investigator")
    for q in (NARRATIVE[0], COUNT[0]):  # first use: model, indexes, prepared queries
        engine.answer(q, user)
    sides: dict[str, dict[str, list[float]]] = {
        s: {"wall": [], "cpu": []} for s in ("narrative", "count")}
    intents: dict[str, int] = {}
    members: dict[str, int] = {}  # per narrative question: records cited (the set's size)
    profiler = cProfile.Profile(time.process_time) if profile else None
    for r in range(rounds):
        pairs = [("narrative", NARRATIVE[r % len(NARRATIVE)]), ("count", COUNT[r % len(COUNT)])]
        for side, q in pairs if r % 2 == 0 else pairs[::-1]:
            if profiler and side == "narrative":
                profiler.enable()
            answer, wall, cpu = timed(lambda q=q: engine.answer(q, user))
            if profiler:
                profiler.disable()
            sides[side]["wall"].append(wall)
            sides[side]["cpu"].append(cpu)
            intents[answer.intent] = intents.get(answer.intent, 0) + 1
            if side == "narrative":
                members[q] = len({c.record_id for c in answer.citations})
    engine.close()
    out: dict[str, Any] = {"intents": intents, "narrative_set_sizes": members}
    for side, t in sides.items():
        out[side] = {k: {"p50": pct(v, 50), "p95": pct(v, 95)} for k, v in t.items()}
    if profiler:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
        out["profile"] = text.getvalue()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--torch-threads", type=int, default=0)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    load_before = os.getloadavg()
    result = warm(args.data_dir, args.rounds, args.torch_threads, args.profile)
    load_warm = os.getloadavg()
    n95, c95 = result["narrative"]["wall"]["p95"], result["count"]["wall"]["p95"]
    n95cpu, c95cpu = result["narrative"]["cpu"]["p95"], result["count"]["cpu"]["p95"]
    print(f"{'warm':10} {'wall p50':>9} {'wall p95':>9} {'CPU p50':>8} {'CPU p95':>8}  (ms)")
    for side in ("narrative", "count"):
        w, c = result[side]["wall"], result[side]["cpu"]
        print(f"{side:10} {w['p50']:>9} {w['p95']:>9} {c['p50']:>8} {c['p95']:>8}")
    print(f"intents {result['intents']}; set sizes {result['narrative_set_sizes']}; "
          f"load average before/after {[round(x, 2) for x in (*load_before, *load_warm)]}")
    if args.profile:
        print(result["profile"])
    checks = [
        ("warm narrative p95 ≤ 3 × count p95", f"{n95} ms vs {c95} ms",
         n95 <= TARGET_RATIO * c95),
        ("warm narrative p95 ≤ 300 ms", f"{n95} ms", n95 <= TARGET_WARM_MS),
    ]
    cpu_checks = [
        ("warm narrative CPU p95 ≤ 3 × count CPU p95", f"{n95cpu} ms vs {c95cpu} ms",
         n95cpu <= TARGET_RATIO * c95cpu),
        ("warm narrative CPU p95 ≤ 300 ms", f"{n95cpu} ms", n95cpu <= TARGET_WARM_MS),
    ]
    for name, value, ok in cpu_checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name} (what an idle machine's wall would be): "
              f"{value}")
    if args.cold_runs:
        print("cold ask (bench/cold_ask.py):")
        result["cold_ask"] = cold_ask = cold(args.data_dir, args.cold_runs)
        result["cold_ask_s"], result["cold_ask_cpu_s"] = (cold_ask["wall_s"]["median"],
                                                          cold_ask["cpu_s"]["median"])
        wall_check, cpu_check = cold_report(cold_ask)
        checks.append(wall_check)
        cpu_checks.append(cpu_check)
    result["load_average"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
    result["data_dir"] = str(args.data_dir)
    result["embedding_backend"] = Settings(data_dir=args.data_dir).embedding_backend
    for name, value, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value}")
    result["checks"] = {name: ok for name, _, ok in checks}
    result["cpu_checks"] = {name: ok for name, _, ok in cpu_checks}
    out = args.out or RESULTS / "narrative_latency.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
