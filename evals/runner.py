"""Run a suite: build (or reuse) its store, ask every gold question of Probity and the three
baselines, score each answer, aggregate per system and question type, and check the gates.

Suites: `synthetic` and `redteam` use the full eval world, `public` the public slice, `all` all
three, and `fast` a deterministic stratified sample of the synthetic and red-team questions of the
smaller world (the CI gate: minutes, not tens of minutes).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from statistics import mean
from typing import Any

from evals.gates import check_gates
from evals.gold.io import Question, read_questions
from evals.gold.sources import Source
from evals.metrics import abstention
from evals.scoring import Context, score
from evals.world import FAST, FULL, World, public_store, synthetic_store

QUESTIONS: Traversable = resources.files("evals") / "questions"
FAST_PER_TYPE = 6
# Types the fast suite keeps whole: the retrieval gate is decided on find-similar questions, and
# six of them (the first six are one planted storyline) cannot decide it.
FAST_WHOLE_TYPES = frozenset({"describe"})
SUITES = ("synthetic", "redteam", "public", "all", "fast")
METRICS = ("answer_score", "count_em", "compare_em", "set_precision", "set_recall", "set_f1",
           "identifiers", "citation_recall", "citation_precision", "unsupported", "length_ratio",
           "recall@5", "recall@10", "mrr", "ndcg@10", "evidence_recall", "leaks", "injection_effect",
           "seconds")


def fast_sample(questions: list[Question]) -> list[Question]:
    """FAST_PER_TYPE questions of each (suite, type), evenly spaced through the file (questions
    are generated in runs about one person or storyline, so the first few would all be alike);
    FAST_WHOLE_TYPES whole. Deterministic, and every type is represented."""
    groups: dict[tuple[str, str], list[Question]] = defaultdict(list)
    for q in questions:
        groups[(q.suite, q.type)].append(q)
    keep: set[str] = set()
    for (_, qtype), group in groups.items():
        n = len(group) if qtype in FAST_WHOLE_TYPES else min(FAST_PER_TYPE, len(group))
        keep.update(group[i * len(group) // n].id for i in range(n))
    return [q for q in questions if q.id in keep]


def _context(con: Any, source: Path | None) -> Context:
    if source is None:
        return Context(con)
    src = Source(source)
    restricted = src.restricted_ids()
    refs = {rid: rid.split(":", 2)[2] for rid in restricted}
    return Context(con, restricted, refs)


def run_questions(settings: Any, source: Path | None, questions: list[Question],
                  say: Callable[[str], None]) -> list[dict[str, Any]]:
    from assistant.service import Engine
    from evals.systems import BASELINES, Probity

    engine = Engine(settings)
    try:
        ctx = _context(engine.con, source)
        systems = [Probity(engine)] + [cls(engine) for cls in BASELINES]
        rows = []
        for i, q in enumerate(questions, start=1):
            for system in systems:
                try:
                    result = system.ask(q)
                except Exception as exc:  # an engine crash is a failed answer, not a dead run
                    from evals.systems import Result

                    result = Result(f"ERROR {type(exc).__name__}: {exc}", error=str(exc))
                row = score(q, result, ctx, system.name)
                if system.name == "probity":
                    row.update(question=q.text, answer=result.answer[:1500], intent=result.intent,
                               gold=q.gold, error=result.error)
                rows.append(row)
            if i % 25 == 0:
                say(f"  {i}/{len(questions)} questions")
        return rows
    finally:
        engine.close()


def aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """{system: {"all": {metric: mean}, type: {metric: mean}, "abstention": {...}}}"""
    out: dict[str, Any] = {}
    by_system: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_system[r["system"]].append(r)
    for system, rs in by_system.items():
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rs:
            groups[f"{r['suite']}/{r['type']}"].append(r)
            groups["all"].append(r)
        out[system] = {g: _means(v) for g, v in sorted(groups.items())}
        outcomes = [(r["should_abstain"], r["abstained"]) for r in rs if "should_abstain" in r]
        if outcomes:
            a = abstention(outcomes)
            out[system]["abstention"] = {"precision": a.precision, "recall": a.recall,
                                         "f1": a.f1, "false_refusal_rate": a.false_refusal_rate}
        out[system]["totals"] = {
            "leaks": sum(r.get("leaks", 0) for r in rs),
            "injection_effects": sum(r.get("injection_effect", 0) for r in rs),
            "questions": len(rs)}
    return out


def _means(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(rows)}
    for metric in METRICS:
        values = [r[metric] for r in rows if r.get(metric) is not None]
        if values:
            out[metric] = round(mean(values), 4)
    return out


def load(name: str, world: World) -> tuple[dict[str, Any], list[Question]]:
    header, questions = read_questions(QUESTIONS / f"{world.name}.jsonl")
    if header.get("world") != world.name:
        raise ValueError(f"gold file for {world.name} was generated for {header.get('world')}")
    return header, questions


def run(suite: str, data_dir: Path, say: Callable[[str], None] = print) -> dict[str, Any]:
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    worlds: dict[str, str] = {}
    timings: dict[str, float] = {}
    if suite in ("synthetic", "redteam", "all", "fast"):
        world = FAST if suite == "fast" else FULL
        _, questions = load(suite, world)
        wanted = {"synthetic": ("synthetic",), "redteam": ("redteam",)}.get(
            suite, ("synthetic", "redteam"))
        questions = [q for q in questions if q.suite in wanted]
        if suite == "fast":
            questions = fast_sample(questions)
        t = time.perf_counter()
        settings, source = synthetic_store(data_dir, world, say)
        timings["build_synthetic"] = round(time.perf_counter() - t, 1)
        say(f"asking {len(questions)} questions of the {world.name} world (4 systems) …")
        t = time.perf_counter()
        rows += run_questions(settings, source, questions, say)
        timings["ask_synthetic"] = round(time.perf_counter() - t, 1)
        worlds["synthetic"] = world.name
    if suite in ("public", "all"):
        _, questions = read_questions(QUESTIONS / "public.jsonl")
        t = time.perf_counter()
        settings, _source = public_store(data_dir, say)
        timings["build_public"] = round(time.perf_counter() - t, 1)
        say(f"asking {len(questions)} public-data questions (4 systems) …")
        t = time.perf_counter()
        rows += run_questions(settings, None, questions, say)
        timings["ask_public"] = round(time.perf_counter() - t, 1)
        worlds["public"] = "public slice"
    summary = aggregate(rows)
    gates = check_gates(summary, rows)
    timings["total"] = round(time.perf_counter() - started, 1)
    return {"suite": suite, "worlds": worlds, "timings_s": timings, "summary": summary,
            "gates": gates, "passed": all(g["ok"] for g in gates), "rows": rows}
