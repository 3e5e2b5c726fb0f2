"""Narrative set answers: warm latency next to count answers on the same engine, and a cold
`probity ask` of a narrative question (issue #14 targets).

Targets (PASS/FAIL printed):
- warm narrative p95 ≤ 3 × warm count p95, in the same process and run (questions alternate);
- warm narrative p95 ≤ 300 ms;
- cold `python -m assistant ask "<narrative question>"` ≤ 3 s wall (new process: imports, model
  load, sentence index load, one answer, audit), as an investigator (`--as investigator`: the
  role whose answers are masked), median of `--cold-runs` runs (≥ 5 by default), each with its
  CPU time and the load average; then one more run under `-X importtime` (not counted) names the
  heaviest imports and the heavy libraries the ask loaded (none of torch, spaCy, Presidio,
  chromadb, sentence-transformers, llama-index should be there).

Wall and CPU time are both reported with the load average: on a shared machine CPU time is the
fairer number. `--torch-threads 1` pins torch's intra-op threads (see question_latency.py).
The cold ask writes an audit entry (and, if the OS account has none, an investigator CLI grant)
into the data dir: run it on a copy.

    python bench/narrative_latency.py --data-dir D [--rounds 12] [--cold-runs 5] [--out R.json]
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
from assistant.settings import Settings  # offline env before any ML library

# isort: split
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from stats import pct

RESULTS = Path(__file__).parent / "results"
TARGET_RATIO = 3.0
TARGET_WARM_MS = 300.0
TARGET_COLD_S = 3.0
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


def warm(data_dir: Path, rounds: int, torch_threads: int) -> dict[str, Any]:
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
    for r in range(rounds):
        pairs = [("narrative", NARRATIVE[r % len(NARRATIVE)]), ("count", COUNT[r % len(COUNT)])]
        for side, q in pairs if r % 2 == 0 else pairs[::-1]:
            answer, wall, cpu = timed(lambda q=q: engine.answer(q, user))
            sides[side]["wall"].append(wall)
            sides[side]["cpu"].append(cpu)
            intents[answer.intent] = intents.get(answer.intent, 0) + 1
    engine.close()
    out: dict[str, Any] = {"intents": intents}
    for side, t in sides.items():
        out[side] = {k: {"p50": pct(v, 50), "p95": pct(v, 95)} for k, v in t.items()}
    return out


HEAVY = ("torch", "spacy", "thinc", "presidio_analyzer", "chromadb", "sentence_transformers",
         "transformers", "llama_index", "pandas", "scipy")


def cold_command(data_dir: Path, *flags: str) -> list[str]:
    return [sys.executable, *flags, "-m", "assistant", "ask", NARRATIVE[0], "--as",
            "investigator", "--case", "BENCH-COLD", "--data-dir", str(data_dir)]


def granted(data_dir: Path, env: dict[str, str]) -> None:
    """An investigator grant for this OS account unless it has one (the CLI refuses without)."""
    from assistant.identity import os_user
    from assistant.keys import KeyStore

    user = os_user()
    if KeyStore(data_dir / "keys.sqlite").granted_role(user) is None:
        subprocess.run([sys.executable, "-m", "assistant", "keys", "grant", "--user", user,
                        "--role", "investigator", "--data-dir", str(data_dir)],
                       check=True, env=env, capture_output=True)


def cold_once(data_dir: Path, env: dict[str, str], *flags: str
              ) -> tuple[float, float, float, subprocess.CompletedProcess[str]]:
    """(wall s, CPU s, load average before) of one cold ask in a new process."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cold_command(data_dir, *flags), check=False, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"cold ask failed: {(done.stderr.strip() or '?').splitlines()[-1]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load, done


def cold(data_dir: Path, runs: int) -> dict[str, Any]:
    """`runs` cold asks (wall, CPU, load each; median and max), then one under `-X importtime`:
    its heaviest top-level imports (cumulative s) and which HEAVY libraries it loaded — the
    profile that explains a miss."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    granted(data_dir, env)
    measured = [cold_once(data_dir, env)[:3] for _ in range(runs)]
    walls, cpus = [w for w, _, _ in measured], [c for _, c, _ in measured]
    *_, done = cold_once(data_dir, env, "-X", "importtime")
    imports, loaded = [], set()
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2][1:]
            loaded.add(name.strip().split(".")[0])
            if not name.startswith(" "):  # imported at top level, by the program or lazily
                imports.append((name, int(parts[1]) / 1e6))
    return {
        "runs": [{"wall_s": round(w, 2), "cpu_s": round(c, 2), "load": round(ld, 1)}
                 for w, c, ld in measured],
        "wall_s": {"median": round(statistics.median(walls), 2), "max": round(max(walls), 2)},
        "cpu_s": {"median": round(statistics.median(cpus), 2), "max": round(max(cpus), 2)},
        "imports_s": {n: round(t, 2) for n, t in sorted(imports, key=lambda x: -x[1])[:8]},
        "heavy_loaded": sorted(loaded & set(HEAVY)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--torch-threads", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    load_before = os.getloadavg()
    result = warm(args.data_dir, args.rounds, args.torch_threads)
    result["cold_ask"] = cold_ask = cold(args.data_dir, args.cold_runs)
    result["cold_ask_s"], result["cold_ask_cpu_s"] = (cold_ask["wall_s"]["median"],
                                                      cold_ask["cpu_s"]["median"])
    result["load_average"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
    result["data_dir"] = str(args.data_dir)
    result["embedding_backend"] = Settings(data_dir=args.data_dir).embedding_backend
    n95, c95 = result["narrative"]["wall"]["p95"], result["count"]["wall"]["p95"]
    checks = [
        ("warm narrative p95 ≤ 3 × count p95", f"{n95} ms vs {c95} ms",
         n95 <= TARGET_RATIO * c95),
        ("warm narrative p95 ≤ 300 ms", f"{n95} ms", n95 <= TARGET_WARM_MS),
        (f"cold `probity ask` narrative ≤ 3 s (median of {len(cold_ask['runs'])})",
         f"{result['cold_ask_s']} s (max {cold_ask['wall_s']['max']} s)",
         result["cold_ask_s"] <= TARGET_COLD_S),
    ]
    print(f"{'':10} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>8} {'cpu p95':>8}")
    for side in ("narrative", "count"):
        w, c = result[side]["wall"], result[side]["cpu"]
        print(f"{side:10} {w['p50']:>9} {w['p95']:>9} {c['p50']:>8} {c['p95']:>8}")
    print(f"intents {result['intents']}; load average before/after {result['load_average']}")
    print("cold ask runs (wall s / CPU s @ load): " + ", ".join(
        f"{r['wall_s']}/{r['cpu_s']} @{r['load']}" for r in cold_ask["runs"]))
    print(f"cold ask: median {result['cold_ask_s']} s wall, {result['cold_ask_cpu_s']} s CPU; "
          f"heavy libraries loaded: {cold_ask['heavy_loaded'] or 'none'}; heaviest imports "
          "(s, wall, inflated by load): " + ", ".join(
              f"{n} {t}" for n, t in cold_ask["imports_s"].items()))
    for name, value, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value}")
    result["checks"] = {name: ok for name, _, ok in checks}
    out = args.out or RESULTS / "narrative_latency.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
