"""What constraint accounting costs per question: `understand` with and without the store-backed
binders (force names, the catalogue's field values), plus loading the catalogue once per engine.

Target: the binders add at most 5 ms to understanding at p95 (count/list answers at 45k staff
must stay within their latency budget; understanding was ~2.5 ms p50 there before them).
Prints a table, writes JSON to bench/results/understand_binders_<people>.json, says PASS/FAIL.

    python bench/understand_binders.py --data-dir /tmp/plan-synth
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from assistant import catalogue, store
from assistant.catalogue.link import CatalogueBinder
from assistant.people import StoreDirectory
from assistant.planning import force_binder
from assistant.service import FORCE_ALIASES
from assistant.understand import understand

TARGET_ADDED_P95_MS = 5.0
QUESTIONS = [
    "how many complaints in 2022", "how many use of force complaints in 2021",
    "list complaints about incidents in district 12 in 2017", "how many PNC searches in March 2025",
    "how many absences for stress in 2024", "how many complaints were received on a Tuesday in 2021",
    "list conduct cases opened in 2023", "how many complaints named three or more officers",
    "how many complaints ended with a written warning", "which unit had the fewest complaints",
    "how many complaints about bad manners in the Kelbrook district",
    "list the 2023 complaints made by left-handed complainants",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    con = store.connect(args.data_dir / "records.duckdb", read_only=True)
    started = time.perf_counter()
    entries = catalogue.load(con)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    binders = [force_binder({f for (f,) in con.execute("SELECT DISTINCT force FROM person")
                             .fetchall()}, FORCE_ALIASES),
               CatalogueBinder(entries, False, catalogue.load_aliases(con))]
    build_ms = (time.perf_counter() - started) * 1000
    (people,) = con.execute("SELECT count(*) FROM person").fetchone() or (0,)
    directory = StoreDirectory(con, cleared=False)
    timings: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(args.rounds):
        for question in QUESTIONS:
            for label, used in (("without", ()), ("with", binders)):
                t = time.perf_counter()
                understand(question, date(2025, 12, 31), directory, used)
                timings[label].append((time.perf_counter() - t) * 1000)
    stats = {label: {"p50_ms": round(statistics.median(v), 2),
                     "p95_ms": round(percentile(v, 0.95), 2)} for label, v in timings.items()}
    added = round(stats["with"]["p95_ms"] - stats["without"]["p95_ms"], 2)
    verdict = "PASS" if added <= TARGET_ADDED_P95_MS else "FAIL"
    print(f"store: {args.data_dir} ({people:,} people, {len(entries):,} catalogue values)")
    print(f"catalogue load {load_s:.2f} s (once per engine); binder build {build_ms:.0f} ms")
    print(f"{'understand':<18}{'p50 ms':>10}{'p95 ms':>10}")
    for label, s in stats.items():
        print(f"{label + ' binders':<18}{s['p50_ms']:>10}{s['p95_ms']:>10}")
    print(f"added p95 {added} ms (target ≤ {TARGET_ADDED_P95_MS} ms): {verdict}")
    out = Path(__file__).parent / "results" / f"understand_binders_{people}.json"
    out.write_text(json.dumps({
        "data_dir": str(args.data_dir), "people": people, "catalogue_values": len(entries),
        "catalogue_load_s": round(load_s, 3), "binder_build_ms": round(build_ms, 1),
        "questions": len(QUESTIONS), "rounds": args.rounds, "understand": stats,
        "added_p95_ms": added, "target_added_p95_ms": TARGET_ADDED_P95_MS, "verdict": verdict,
    }, indent=2) + "\n")


if __name__ == "__main__":
    main()
