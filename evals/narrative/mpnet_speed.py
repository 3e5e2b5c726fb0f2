"""Embedding speed of all-mpnet-base-v2 against Probity's MiniLM on the same narrative sentences,
measured back to back on this machine (issue #14 item 4: "and speed on this machine").

The machine is shared, so absolute rates move with the load: both models embed the same sample,
interleaved over `--rounds`, and the ratio is the figure to compare. Also timed: one question
(a single short text), which is what a full mpnet dense scorer would cost per question, and the
re-ranker's cost per question given its sentence count (from the replay's JSON).

    python -m evals.narrative.mpnet_speed --store D/synthetic --model D/cache/all-mpnet-base-v2 \
        --out D/speed.json [--replay D/replay.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path
from typing import Any

from evals.narrative.mpnet_embed import load_model, sentence_texts


def _rate(model: Any, texts: list[str]) -> float:
    started = time.perf_counter()
    model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    return len(texts) / (time.perf_counter() - started)


def _query_ms(model: Any, text: str, repeat: int = 5) -> float:
    model.encode([text], normalize_embeddings=True)  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        model.encode([text], normalize_embeddings=True)
        times.append(time.perf_counter() - started)
    return 1000 * sorted(times)[len(times) // 2]


def measure(store: Path, model_dir: Path, sample: int, rounds: int) -> dict[str, Any]:
    from assistant.settings import Settings

    texts = random.Random(5).sample(sentence_texts(store / "records.duckdb"), sample)
    minilm = load_model(Path(Settings().embedding_model_path))
    mpnet = load_model(model_dir)
    rates: dict[str, list[float]] = {"all-MiniLM-L6-v2": [], "all-mpnet-base-v2": []}
    for _ in range(rounds):
        rates["all-MiniLM-L6-v2"].append(_rate(minilm, texts))
        rates["all-mpnet-base-v2"].append(_rate(mpnet, texts))
    question = "complaints where an officer threatened to plant drugs unless paid"
    return {"sample": sample, "rounds": rounds, "load_average": os.getloadavg()[0],
            "sentences_per_s": {k: sum(v) / len(v) for k, v in rates.items()},
            "query_ms": {"all-MiniLM-L6-v2": _query_ms(minilm, question),
                         "all-mpnet-base-v2": _query_ms(mpnet, question)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--sample", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--replay", type=Path, help="replay JSON: adds re-rank cost per question")
    args = ap.parse_args()
    result = measure(args.store, args.model, args.sample, args.rounds)
    rate = result["sentences_per_s"]
    print(f"load average {result['load_average']:.1f} (2 cores): compare ratios")
    print("| embedder | sentences/s | one question (ms) |\n| --- | --- | --- |")
    for name in rate:
        print(f"| {name} | {rate[name]:.1f} | {result['query_ms'][name]:.0f} |")
    print(f"mpnet / MiniLM embedding cost: {rate['all-MiniLM-L6-v2'] / rate['all-mpnet-base-v2']:.1f}x")
    if args.replay:
        variants = json.loads(args.replay.read_text(encoding="utf-8"))["variants"]
        result["rerank_s_per_question"] = {
            name: v["sentences_per_question"] / rate["all-mpnet-base-v2"]
            for name, v in variants.items()
            if name.startswith("mpnet-top") and "sentences_per_question" in v}
        for name, s in result["rerank_s_per_question"].items():
            print(f"{name}: {variants[name]['sentences_per_question']:.0f} sentences per question"
                  f" = {s:.1f} s of mpnet per question at this rate")
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
