"""Join question latency: each kind of join question (`assistant/joins`) answered end to end by
`Engine.answer` on an ingested force, warm, wall and CPU time per question kind.

What is timed: `Engine.answer(question, User(role))` in process — understanding, the join
matcher, the join's DuckDB SQL over the whole store, headlines for the cited records on both
sides, redaction and re-verification of every citation. The questions are the join questions of
tests/test_joins.py (overtime on sick days, system use on leave and while rostered off, searches
of one's own complainant, co-accused pairs, unlinked searches of a named member of the public,
named from the store). Each kind runs `--repeat` times after one warm-up. Target: p95 ≤ 300 ms
per kind, the question-latency target of bench/question_latency.py (there for 45k staff); a
shared machine's load is printed with the figures.

    python bench/join_latency.py --data-dir /tmp/joins-data            # 200-staff force
    python bench/join_latency.py --data-dir D --repeat 20 --role senior_investigator
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from stats import pct

RESULTS = Path(__file__).parent / "results"
TARGET_P95_MS = 300.0


def subject(con: Any) -> str:
    """A member of the public searched without a case reference, as 'Given Family'."""
    row = con.execute("""SELECT subject_searched FROM system_access
        WHERE coalesce(linked_case_ref, '') = '' AND regexp_matches(subject_searched,
              '^[A-Z]+, [A-Za-z]+ [(]dob') GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
                      ).fetchone()
    if row is None:
        raise SystemExit("no unlinked search of a named person in this store")
    family, given = row[0].split(" (")[0].split(", ")
    return f"{given.title()} {family.title()}"


def run(args: argparse.Namespace) -> dict[str, Any]:
    from assistant.answers import User
    from assistant.service import Engine
    from assistant.settings import Settings

    engine = Engine(Settings(data_dir=args.data_dir))  # type: ignore[call-arg]
    user = User(name="bench", role=args.role)
    asked = {
        "overtime_sick": "Which officers claimed overtime on days they were off sick?",
        "use_on_leave": "Who used police systems while on leave?",
        "use_rostered_off": "Who used police systems while rostered off?",
        "own_complainant": "Which officers searched for their own complainants?",
        "coaccused_3": "Which officers have been co-accused together 3 or more times?",
        "unlinked_named": f"Has anyone searched police systems for {subject(engine.con)} "
                          "without a linked occurrence?",
    }
    people, events = engine.con.execute(
        "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM system_access)").fetchall()[0]
    load_before = os.getloadavg()
    rows = {}
    for kind, question in asked.items():
        engine.answer(question, user)  # warm-up
        wall, cpu = [], []
        for _ in range(args.repeat):
            w, c = time.perf_counter(), time.process_time()
            answer = engine.answer(question, user)
            wall.append((time.perf_counter() - w) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        rows[kind] = {"question": question, "p50_ms": pct(wall, 50), "p95_ms": pct(wall, 95),
                      "cpu_p95_ms": pct(cpu, 95), "citations": len(answer.citations),
                      "abstained": answer.abstained,
                      "pass": pct(wall, 95) <= TARGET_P95_MS and not answer.abstained}
    return {"data_dir": str(args.data_dir), "people": people, "system_access": events,
            "role": args.role, "repeat": args.repeat, "cpu_count": os.cpu_count(),
            "load_average_before": load_before, "load_average_after": os.getloadavg(),
            "target_p95_ms": TARGET_P95_MS, "kinds": rows,
            "pass": all(r["pass"] for r in rows.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--role", default="investigator")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = run(args)
    print(f"{result['people']} staff, {result['system_access']} audit events, role "
          f"{result['role']}, load {result['load_average_before']}")
    print(f"{'kind':<18} {'p50 ms':>8} {'p95 ms':>8} {'cpu p95':>8} {'cites':>6}  result")
    for kind, r in result["kinds"].items():
        print(f"{kind:<18} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['cpu_p95_ms']:>8} "
              f"{r['citations']:>6}  {'PASS' if r['pass'] else 'FAIL'}")
    out = args.out or RESULTS / f"join_latency_{result['people']}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'PASS' if result['pass'] else 'FAIL'}: p95 ≤ {TARGET_P95_MS:g} ms per kind "
          f"-> {out}")


if __name__ == "__main__":
    main()
