"""Count and list latency at 45,000 staff next to a small force, in one run, through the API.

Why this exists: issue #13's last "Done when" line — count/list p95 at 45k ≤ 150 ms warm, no
regression elsewhere — had never been measured on the planner (no 45k store existed since it
landed). Each store is served by the real app (`create_app`, FastAPI's TestClient in process,
an API key, a case reference): `POST /v1/ask` does what `probity serve` does — authentication,
the engine pool, understanding, SQL, redaction, citation re-verification, the audit append and
the JSON response. Timed: that request's wall time, warm (one warm-up per question excluded),
plus the engine's own `timings_ms.total` from the response.

The questions are fixed here, written for this bench (not taken from an eval set): count and
list, person-scoped (the store's most-complained-about officer, by name), year + category,
rankings and group-by. The same text is asked of every store. A 45k store without a narrative
index (bench/scale_45k_build.py) answers them all: they read only DuckDB and the catalogue.

    python bench/scale_45k.py --store 45000=/tmp/bench45k/data --store 300=/tmp/bench45k/s300
    python bench/scale_45k.py --store 300=D --repeat 5 --profile "Which units have the most complaints?"
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

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

from scale_45k_answers import answer_key, compare_file
from stats import pct

RESULTS = Path(__file__).parent / "results"
TARGET_P95_MS = 150.0  # issue #13: count/list p95 at 45k staff, warm
CASE = "BENCH-45K"

COUNT = [  # (shape, question)
    ("person", "How many complaints have been made against {officer}?"),
    ("person", "How many upheld allegations does {officer} have?"),
    ("year+category", "How many use of force complaints were received in 2023?"),
    ("year+category", "How many incivility complaints were there in 2024?"),
    ("year+category", "How many neglect of duty allegations in 2022 were not upheld?"),
    ("year+category", "How many PNC searches were made in March 2025?"),
    ("group-by", "How many complaints were received each year?"),
    ("group-by", "How many complaints are there per district?"),
    ("group-by", "How many sickness absences per reason?"),
    ("distinct", "How many complaints named more than one officer?"),
    ("year", "How many gross misconduct cases were there?"),
]
LIST = [
    ("person", "List the complaints against {officer}."),
    ("person", "Show {officer}'s allegations of incivility."),
    ("year+category", "List the improper search complaints from 2021."),
    ("year+category", "Which complaints about data misuse were received in 2025?"),
    ("year+category", "Show the discriminatory behaviour allegations that were upheld in 2023."),
    ("ranking", "Which officers have the most complaints?"),
    ("ranking", "Which 5 officers have the most use of force allegations?"),
    ("ranking", "Who has the most sickness absences?"),
    ("group-by", "List complaints by category for 2024."),
    ("group-by", "Which units have the most complaints?"),
    ("status", "List the complaints that are still under investigation in Marlhaven."),
]


def officer(con: Any) -> str:
    """The officer named in most allegations whose full name no one else in the store shares."""
    row = con.execute("""
        SELECT p.name FROM person_ref r JOIN person p ON p.record_id = r.person_id
        WHERE r.kind = 'allegation' AND r.role = 'subject'
          AND (SELECT count(*) FROM person q WHERE q.name = p.name) = 1
        GROUP BY p.name ORDER BY count(*) DESC, p.name LIMIT 1""").fetchone()
    if row is None:
        raise SystemExit("no officer named in a complaint in this store")
    return str(row[0])


def ask_all(data_dir: Path, repeat: int, role: str,
            profile: str | None = None) -> dict[str, Any]:
    """Every question of COUNT and LIST, warm, `repeat` times each, through POST /v1/ask."""
    from fastapi.testclient import TestClient

    from assistant.api.app import create_app
    from assistant.keys import KeyStore
    from assistant.settings import Settings

    settings = Settings(data_dir=data_dir)  # type: ignore[call-arg]
    _, token = KeyStore(data_dir / "keys.sqlite").create("bench-45k", role)
    rows: list[dict[str, Any]] = []
    answers: dict[str, Any] = {}
    with TestClient(create_app(settings, engines=1)) as client:
        headers = {"Authorization": f"Bearer {token}", "X-Case-Ref": CASE}

        def ask(question: str) -> tuple[float, float, dict[str, Any]]:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.post("/v1/ask", json={"question": question}, headers=headers)
            wall = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{question!r}: HTTP {response.status_code} {response.text}")
            return wall, cpu, response.json()

        with client.app.state.consultation.pool.engine() as engine:  # type: ignore[attr-defined]
            name = officer(engine.con)
            people = int(engine.con.execute("SELECT count(*) FROM person").fetchone()[0])
        for op, shapes in (() if profile else (("count", COUNT), ("list", LIST))):
            for shape, template in shapes:
                question = template.format(officer=name)
                *_, body = ask(question)  # warm-up, not timed
                answers[question] = answer_key(body)
                walls, cpus, engine_ms = [], [], []
                for _ in range(repeat):
                    wall, cpu, body = ask(question)
                    walls.append(wall)
                    cpus.append(cpu)
                    engine_ms.append(float(body["timings_ms"].get("total", 0.0)))
                rows.append({"op": op, "shape": shape, "question": question,
                             "intent": body["intent"], "abstained": body["abstained"],
                             "citations": len(body["citations"]),
                             "answer": body["answer"][:160],
                             "p50_ms": pct(walls, 50), "p95_ms": pct(walls, 95),
                             "max_ms": round(max(walls), 1),
                             "cpu_p95_ms": pct(cpus, 95), "engine_p95_ms": pct(engine_ms, 95),
                             "wall_ms": [round(w, 1) for w in walls],
                             "cpu_ms": [round(c, 1) for c in cpus]})
        if profile:  # the engine's own thread: a profile of the HTTP call sees only a wait
            from assistant.answers import User

            user, question = User(name="bench-45k", role=role), profile.format(officer=name)
            with client.app.state.consultation.pool.engine() as engine:  # type: ignore[attr-defined]
                engine.answer(question, user, CASE)  # warm
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(repeat):
                    engine.answer(question, user, CASE)
                profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
            print(text.getvalue())
    return {"data_dir": str(data_dir), "people": people, "officer": name, "questions": rows,
            "answers": answers}


def summarise(store: dict[str, Any]) -> dict[str, Any]:
    """p50/p95 over every timed ask of each operation (all questions pooled), wall and process
    CPU time (all threads; on a shared machine the fairer figure), and the verdict on each."""
    out: dict[str, Any] = {}
    for op in ("count", "list"):
        walls = [w for q in store["questions"] if q["op"] == op for w in q["wall_ms"]]
        cpus = [c for q in store["questions"] if q["op"] == op for c in q["cpu_ms"]]
        p95, cpu95 = pct(walls, 95), pct(cpus, 95)
        out[op] = {"n": len(walls), "p50_ms": pct(walls, 50), "p95_ms": p95,
                   "cpu_p50_ms": pct(cpus, 50), "cpu_p95_ms": cpu95,
                   "verdict": "PASS" if p95 <= TARGET_P95_MS else "FAIL",
                   "cpu_verdict": "PASS" if cpu95 <= TARGET_P95_MS else "FAIL"}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", action="append", required=True, metavar="LABEL=DATA_DIR",
                        help="a store to bench, e.g. 45000=/tmp/bench45k/data (repeatable)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--role", default="investigator")
    parser.add_argument("--profile", metavar="QUESTION",
                        help="only cProfile this question, --repeat times (nothing written)")
    parser.add_argument("--out", type=Path, default=RESULTS / "scale_45k.json")
    parser.add_argument("--answers", type=Path, metavar="FILE",
                        help="write each store's answers (text, cited and evidence ids) here")
    parser.add_argument("--compare", type=Path, metavar="FILE",
                        help="an earlier --answers file: any answer that differs fails the run")
    args = parser.parse_args()
    load_before = os.getloadavg()
    stores = {}
    if args.profile:
        for spec in args.store:
            ask_all(Path(spec.partition("=")[2]), args.repeat, args.role, args.profile)
        return
    for spec in args.store:
        label, _, data_dir = spec.partition("=")
        stores[label] = ask_all(Path(data_dir), args.repeat, args.role, args.profile)
        stores[label]["summary"] = summarise(stores[label])
    print(f"{'store':>7} {'op':<6} {'shape':<14} {'p50 ms':>7} {'p95 ms':>7} {'cpu p95':>7} "
          f"{'eng p95':>7} {'cites':>5}  question")
    for label, store in stores.items():
        for q in store["questions"]:
            flag = " ABSTAINED" if q["abstained"] else ""
            print(f"{label:>7} {q['op']:<6} {q['shape']:<14} {q['p50_ms']:>7} {q['p95_ms']:>7} "
                  f"{q['cpu_p95_ms']:>7} {q['engine_p95_ms']:>7} {q['citations']:>5}  {q['question']}{flag}")
    passed = True
    answers = {label: store.pop("answers") for label, store in stores.items()}
    if args.answers:
        args.answers.write_text(json.dumps(answers, indent=1) + "\n")
    same = compare_file(args.compare, answers) if args.compare else None
    if same is not None:
        passed &= same["same"]
        print(f"answers vs {args.compare}: {same['questions']} questions in {same['stores']}, "
              f"{len(same['differing'])} differ")
        for line in same["differing"]:
            print(f"  DIFFERS {line}")
    for label, store in stores.items():
        for op, s in store["summary"].items():
            passed &= s["verdict"] == "PASS"
            print(f"{label:>7} {op:<6} all {s['n']:>4} asks  wall p50 {s['p50_ms']:>6} ms  "
                  f"p95 {s['p95_ms']:>6} ms  {s['verdict']}  ·  CPU p95 {s['cpu_p95_ms']:>6} ms  "
                  f"{s['cpu_verdict']}  (target ≤ {TARGET_P95_MS:g} ms)")
    result = {"target_p95_ms": TARGET_P95_MS, "repeat": args.repeat, "role": args.role,
              "cpu_count": os.cpu_count(), "load_average_before": load_before,
              "load_average_after": os.getloadavg(), "answers_unchanged": same,
              "stores": stores, "passed": passed}
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'PASS' if passed else 'FAIL'}: count/list p95 ≤ {TARGET_P95_MS:g} ms warm per store "
          f"-> {args.out}")


if __name__ == "__main__":
    main()
