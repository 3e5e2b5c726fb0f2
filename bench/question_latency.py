"""Question latency per intent: Probity's `Engine.answer` next to llama-index's default query
engine over the same Chroma collection, timed in the same run.

What is timed, per question (the two systems alternate first, so both see the same load):
- probity: `Engine.answer(question, User(role), case_ref)` in process — understanding, SQL or
  hybrid (dense + BM25) retrieval with extractive composition, redaction and re-verification of
  every citation: the path the CLI and API take, minus the audit append and HTTP (those are in
  serve_memory.py). No LLM.
- llamaindex: `VectorStoreIndex.from_vector_store(ChromaVectorStore(<our collection>))
  .as_query_engine(similarity_top_k=K).query(question)` with our all-MiniLM-L6-v2 adapter and
  MockLLM (evals/systems.py `llamaindex_default`): query embedding, Chroma top-K, the default
  "compact" synthesis (prompt packing with tiktoken; MockLLM echoes the prompt, ~0 ms). That is
  the default pipeline's retrieval + synthesis plumbing with no generation cost on either side.
  K defaults to 2, what `.as_query_engine()` ships with; `--llama-top-k 10` matches Probity's 10.

Questions come from the store itself (bench/questions.py), `--per-intent` each; one warm-up per
intent and system is excluded. Wall and CPU time (the process, all threads) are both reported —
on a shared machine CPU time is the fairer number — with the load average before and after.
The store must be queried with the embedding backend that built it (PROBITY_EMBEDDING_BACKEND).
`--torch-threads 1`: on a busy shared machine torch's default intra-op threads spin at barriers,
so one short query embedding costs 20–500 ms CPU instead of ~15 ms; the default leaves torch as
shipped, so that the numbers are what the CLI and API get.

    python bench/question_latency.py --data-dir /work/scratch-bench-2k/data
    python bench/question_latency.py --data-dir D --profile describe     # + cProfile top entries
    python bench/question_latency.py --data-dir D --torch-threads 1 --out R.json  # see below
    python bench/question_latency.py --compare bench/results/question_latency_2000.json \
        bench/results/question_latency_45000.json                        # growth between sizes
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
from assistant.settings import Settings  # offline env before any ML library

# isort: split
import argparse
import cProfile
import functools
import io
import json
import os
import pstats
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from questions import INTENTS, questions, store_facts
from stats import pct
from targets import QUESTION_P95_MS as TARGET_P95_MS
from targets import QUESTION_RATIO_P95 as TARGET_RATIO
from targets import checks_for, judged
from targets import table as verdict_table

RESULTS = Path(__file__).parent / "results"


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)  # ms
    cpu: list[float] = field(default_factory=list)  # ms, process CPU (all threads)


@dataclass
class IntentRun:
    probity: Timing = field(default_factory=Timing)
    llama: Timing = field(default_factory=Timing)
    intents_seen: Counter[str] = field(default_factory=Counter)
    abstained: int = 0
    stages: dict[str, list[float]] = field(default_factory=dict)  # Answer.timings_ms


def timed(fn: Callable[[], Any], into: Timing) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    into.wall.append((time.perf_counter() - wall) * 1000)
    into.cpu.append((time.process_time() - cpu) * 1000)
    return result


def store_counts(engine: Any, collection: Any) -> dict[str, Any]:
    from assistant.records import RECORD_KINDS

    con = engine.con
    records = {k: con.execute(f"SELECT count(*) FROM {k}").fetchone()[0] for k in RECORD_KINDS}
    return {
        "people": records["person"],
        "records": records,
        "records_total": sum(records.values()),
        "chunks": con.execute("SELECT count(*) FROM chunk").fetchone()[0],
        "chroma_vectors": collection.count(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    from llama_index.core.llms import MockLLM

    from assistant.answers import User
    from assistant.service import Engine
    from evals.systems import llamaindex_default

    if args.torch_threads:  # both systems share the process, so this applies to both
        import torch

        torch.set_num_threads(args.torch_threads)
    settings = Settings(data_dir=args.data_dir)
    engine = Engine(settings)
    user = User(name="bench", role=args.role)
    asked = questions(store_facts(engine.con), args.per_intent + 1, args.seed)
    query_engine = llamaindex_default(engine).as_query_engine(
        llm=MockLLM(), similarity_top_k=args.llama_top_k)
    counts = store_counts(engine, engine.retriever.vectors.collection)  # type: ignore[attr-defined]

    def probity(q: str) -> Any:
        return engine.answer(q, user, "BENCH-LATENCY")

    load_before = os.getloadavg()
    runs: dict[str, IntentRun] = {}
    for intent in args.intents:
        print(f"{intent}: {len(asked[intent]) - 1} questions …", file=sys.stderr, flush=True)
        warmup, *timed_qs = asked[intent]
        probity(warmup)  # first use of each path: model, indexes, prepared queries
        query_engine.query(warmup)
        r = runs[intent] = IntentRun()
        for i, q in enumerate(timed_qs):
            order = (0, 1) if i % 2 == 0 else (1, 0)  # neither side always runs first
            for side in order:
                if side == 0:
                    answer = timed(functools.partial(probity, q), r.probity)
                    r.intents_seen[answer.intent] += 1
                    r.abstained += answer.abstained
                    for stage, ms in stages(answer.timings_ms).items():
                        r.stages.setdefault(stage, []).append(ms)
                else:
                    timed(functools.partial(query_engine.query, q), r.llama)
    result = {
        "data_dir": str(args.data_dir),
        "backend": settings.embedding_backend,
        **counts,
        "role": args.role,
        "per_intent": args.per_intent,
        "llama_index": {"similarity_top_k": args.llama_top_k, "llm": "MockLLM",
                        "response_mode": "compact (default)"},
        "cpu_count": os.cpu_count(),
        "torch_threads": torch_threads(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "targets": {"probity_p95_ms": TARGET_P95_MS, "ratio_p95": TARGET_RATIO},
        "intents": {intent: summarise(r) for intent, r in runs.items()},
        "questions": {i: qs[1:] for i, qs in asked.items()},
    }
    result["overall"] = summarise_all(runs)
    if args.profile:
        result["profile"] = {"intent": args.profile,
                             "top": profile(probity, asked[args.profile][1:], args.profile_top)}
    engine.close()
    return result


def torch_threads() -> int | None:
    """torch's intra-op threads (None under the ONNX backends, which never import torch)."""
    torch = sys.modules.get("torch")
    return torch.get_num_threads() if torch else None


def side(t: Timing) -> dict[str, float]:
    return {"p50_ms": pct(t.wall, 50), "p95_ms": pct(t.wall, 95), "max_ms": round(max(t.wall), 1),
            "cpu_p50_ms": pct(t.cpu, 50), "cpu_p95_ms": pct(t.cpu, 95)}


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def stages(timings_ms: dict[str, float]) -> dict[str, float]:
    """Answer.timings_ms plus what it leaves implicit: citation re-verification is the total
    less understanding and answering."""
    rest = timings_ms.get("total", 0.0) - timings_ms.get("understand", 0.0)
    return {**timings_ms, "verify": round(rest - timings_ms.get("answer", 0.0), 1)}


def summarise(r: IntentRun) -> dict[str, Any]:
    p, li = side(r.probity), side(r.llama)
    return {
        "n": len(r.probity.wall),
        "probity": p,
        "llamaindex": li,
        "ratio_p95_wall": ratio(p["p95_ms"], li["p95_ms"]),
        "ratio_p95_cpu": ratio(p["cpu_p95_ms"], li["cpu_p95_ms"]),
        "probity_intents": dict(r.intents_seen),
        "probity_abstained": r.abstained,
        "probity_stage_p50_ms": {s: pct(v, 50) for s, v in r.stages.items()},
    }


def summarise_all(runs: dict[str, IntentRun]) -> dict[str, Any]:
    both = IntentRun()
    for r in runs.values():
        for mine, theirs in ((both.probity, r.probity), (both.llama, r.llama)):
            mine.wall += theirs.wall
            mine.cpu += theirs.cpu
    s = summarise(both)
    return {k: s[k] for k in ("n", "probity", "llamaindex", "ratio_p95_wall", "ratio_p95_cpu")}


def profile(ask: Callable[[str], Any], qs: list[str], top: int) -> list[dict[str, Any]]:
    """cProfile over one intent's questions: the top entries by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    for q in qs:
        ask(q)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO()).sort_stats("cumulative")
    rows = []
    for (file, line, func), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": calls,
                     "tottime_s": round(tottime, 3), "cumtime_s": round(cumtime, 3)})
    rows.sort(key=lambda r: -r["cumtime_s"])
    return rows[:top]


def table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['people']} people, {result['records_total']} records, {result['chunks']} chunks "
        f"({result['backend']}); load {result['load_average_before'][0]} → "
        f"{result['load_average_after'][0]} on {result['cpu_count']} CPUs, torch threads "
        f"{result.get('torch_threads')}; "
        f"llama-index top-k {result['llama_index']['similarity_top_k']}",
        f"{'intent':13} {'n':>3} │ {'probity p50':>11} {'p95':>7} {'cpu p95':>7} │ "
        f"{'llama p50':>9} {'p95':>7} {'cpu p95':>7} │ {'ratio p95':>9} {'cpu':>5} │ probity intents",
    ]
    rows = [*result["intents"].items(), ("overall", result["overall"])]
    for name, s in rows:
        p, li = s["probity"], s["llamaindex"]
        seen = ", ".join(f"{k} {v}" for k, v in sorted(s.get("probity_intents", {}).items()))
        lines.append(
            f"{name:13} {s['n']:>3} │ {p['p50_ms']:>11} {p['p95_ms']:>7} {p['cpu_p95_ms']:>7} │ "
            f"{li['p50_ms']:>9} {li['p95_ms']:>7} {li['cpu_p95_ms']:>7} │ "
            f"{s['ratio_p95_wall'] or '-':>9} {s['ratio_p95_cpu'] or '-':>5} │ {seen}")
    lines.append("probity stage p50 ms (understand · answer · verify citations): " + "; ".join(
        f"{name} {s['probity_stage_p50_ms'].get('understand')} · "
        f"{s['probity_stage_p50_ms'].get('answer')} · {s['probity_stage_p50_ms'].get('verify')}"
        for name, s in result["intents"].items()))
    o = result["overall"]
    lines.append(
        f"targets: probity p95 ≤ {TARGET_P95_MS:.0f} ms (at 45k staff): overall "
        f"{o['probity']['p95_ms']} ms wall, {o['probity']['cpu_p95_ms']} ms CPU; "
        f"worst intent {max(s['probity']['p95_ms'] for s in result['intents'].values())} ms · "
        f"ratio ≤ {TARGET_RATIO}: {o['ratio_p95_wall']} wall, {o['ratio_p95_cpu']} CPU")
    return "\n".join(lines)


def compare(paths: list[Path]) -> str:
    """Growth of each intent's p95 (wall and CPU) from the first result to each later one."""
    results = [json.loads(p.read_text()) for p in paths]
    base = results[0]
    head = f"{'intent':13} │ " + " │ ".join(
        f"{r['people']:>6} ppl p95 (cpu)" for r in results) + " │ growth wall (cpu)"
    lines = [head]
    for intent in [*base["intents"], "overall"]:
        cells, growth = [], []
        for r in results:
            s = r["overall"] if intent == "overall" else r["intents"].get(intent)
            if s is None:
                cells.append(f"{'-':>20}")
                continue
            p = s["probity"]
            cells.append(f"{p['p95_ms']:>9} ({p['cpu_p95_ms']:>7})  ")
        for r in results[1:]:
            a = base["overall"] if intent == "overall" else base["intents"][intent]
            b = r["overall"] if intent == "overall" else r["intents"].get(intent)
            if b:
                growth.append(f"×{ratio(b['probity']['p95_ms'], a['probity']['p95_ms'])} "
                              f"(×{ratio(b['probity']['cpu_p95_ms'], a['probity']['cpu_p95_ms'])})")
        lines.append(f"{intent:13} │ " + " │ ".join(cells) + " │ " + ", ".join(growth))
    sizes = " → ".join(f"{r['people']} people / {r['records_total']} records / {r['chunks']} "
                       f"chunks ({r['backend']})" for r in results)
    return sizes + "\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("PROBITY_DATA_DIR"))
    parser.add_argument("--per-intent", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--role", default="investigator")
    parser.add_argument("--llama-top-k", type=int, default=2,
                        help="llama-index similarity_top_k (2: as_query_engine()'s default)")
    parser.add_argument("--intents", type=lambda v: v.split(","), default=list(INTENTS),
                        help=f"comma-separated subset of {','.join(INTENTS)}")
    parser.add_argument("--torch-threads", type=int,
                        help="torch intra-op threads (default: torch's own, the shipped setting)")
    parser.add_argument("--profile", choices=INTENTS, help="also cProfile this intent")
    parser.add_argument("--profile-top", type=int, default=25)
    parser.add_argument("--out", type=Path, help="default: results/question_latency_<people>.json")
    parser.add_argument("--compare", type=Path, nargs="+", metavar="RESULT_JSON",
                        help="print the growth between earlier results instead of running")
    args = parser.parse_args()
    if unknown := set(args.intents) - set(INTENTS):
        parser.error(f"--intents: unknown {', '.join(sorted(unknown))}")
    if args.compare:
        print(compare(args.compare))
        return
    if args.data_dir is None:
        parser.error("--data-dir (or PROBITY_DATA_DIR) is required")
    result = judged(run(args))
    out = args.out or RESULTS / f"question_latency_{result['people']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))
    print(verdict_table(checks_for(result) or []))
    if "profile" in result:
        print(f"\ncProfile, {args.profile}, top by cumulative time:")
        for row in result["profile"]["top"]:
            print(f"  {row['cumtime_s']:>8.3f} s cum {row['tottime_s']:>8.3f} s own "
                  f"{row['calls']:>7}×  {row['function']}")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
