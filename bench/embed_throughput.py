"""Embedding/indexing throughput: raw `SentenceTransformer.encode` vs our ingest path.

Measures, on the same texts in the same run, (a) raw `encode` throughput and (b) the index path:
`SentenceTransformerEmbedder.embed` + `ChromaIndex.upsert` + BM25 build. The goal is that (b)
runs at >= 90% of (a). Repeats alternate (a) and (b) and keep the best time of each, so machine
noise hits both sides alike.

    python bench/embed_throughput.py --n 1000
    python bench/embed_throughput.py --csv data/public/philly/ppd_complaints.csv \\
        --column summary --n 1000
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
from assistant.settings import Settings  # first: offline env before any ML library

# isort: split
import argparse
import csv
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from targets import checks_for, judged
from targets import table as verdict_table

from assistant.embeddings import SentenceTransformerEmbedder
from assistant.index import BM25Index, ChromaIndex
from assistant.records import Chunk

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

OPENERS = [
    "The complainant states that", "According to the complainant,", "The complainant alleges that",
    "The complainant, a {age}-year-old resident, reports that", "It is alleged that",
]
EVENTS = [
    "{officer} stopped her vehicle on {street} without giving a reason",
    "{officer} pushed him against a wall while he was being searched",
    "{officer} used offensive language when she asked for his badge number",
    "{officer} refused to take a report about a burglary at her home",
    "{officer} seized his phone and did not return it after the arrest",
    "{officer} handcuffed her son too tightly, causing injuries to his wrists",
    "{officer} entered the property without a warrant during the early hours",
]
FOLLOW_UPS = [
    "When the complainant asked why, the officer told him to mind his own business.",
    "A neighbour witnessed the incident and is willing to provide a statement.",
    "The complainant attended hospital the following day and was treated for bruising.",
    "She called the district later that evening but nobody returned her call.",
    "He believes he was targeted because of a previous complaint he made.",
    "Body-worn camera footage was requested but the officer said it was not switched on.",
    "The complainant states that property worth about ${amount} is still missing.",
    "Two other officers were present and did not intervene.",
]
OFFICERS = ["Officer KF", "Officer TD", "Sergeant Malone", "PC 4521", "Detective JM", "Sgt Ruiz"]
STREETS = ["Market Street", "Girard Avenue", "Broad Street", "the high street", "Oak Lane"]


def synthetic_texts(n: int, seed: int) -> list[str]:
    """Paragraph-length, police-complaint-like texts of varied length (as real narratives are)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        fill = {
            "age": rng.randint(18, 80), "amount": rng.randint(50, 3000),
            "officer": rng.choice(OFFICERS), "street": rng.choice(STREETS),
        }
        sentences = [f"{rng.choice(OPENERS)} {rng.choice(EVENTS)}.".format(**fill)]
        sentences += [s.format(**fill) for s in rng.sample(FOLLOW_UPS, rng.randint(1, 6))]
        texts.append(" ".join(sentences))
    return texts


def csv_texts(path: Path, column: str, n: int) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        texts = [(row[column] or "").strip() for row in csv.DictReader(handle)]
    return [text for text in texts if text][:n]


STAGES = ("raw_encode", "embed", "upsert", "bm25_build", "pipeline")
Times = dict[str, dict[str, float]]  # clock ("wall" | "cpu") -> stage -> seconds


def stamp() -> tuple[float, float]:
    # CPU time of this process is reported beside wall time: on a shared machine a neighbour's
    # load inflates wall time but hardly our CPU time.
    return time.perf_counter(), time.process_time()


def spans(marks: list[tuple[str, tuple[float, float]]]) -> Times:
    """Durations between consecutive named stamps, per clock."""
    out: Times = {"wall": {}, "cpu": {}}
    for (_, before), (name, after) in itertools.pairwise(marks):
        out["wall"][name], out["cpu"][name] = after[0] - before[0], after[1] - before[1]
    return out


def run_raw(model: SentenceTransformer, texts: list[str], batch_size: int) -> Times:
    start = stamp()
    model.encode(texts, batch_size=batch_size, show_progress_bar=False)
    return spans([("", start), ("raw_encode", stamp())])


def run_pipeline(
    embedder: SentenceTransformerEmbedder, chunks: list[Chunk], data_dir: Path
) -> Times:
    index = ChromaIndex(Settings(data_dir=data_dir), embedder, collection="bench")
    bm25 = BM25Index(data_dir / "bm25")
    texts = [chunk.text for chunk in chunks]
    marks = [("", stamp())]
    vectors = embedder.embed(texts)
    marks.append(("embed", stamp()))
    index.upsert(chunks, vectors)
    marks.append(("upsert", stamp()))
    bm25.build([chunk.chunk_id for chunk in chunks], texts)
    marks.append(("bm25_build", stamp()))
    times = spans(marks)
    for clock in times.values():
        clock["pipeline"] = clock["embed"] + clock["upsert"] + clock["bm25_build"]
    return times


def measure(
    embedder: SentenceTransformerEmbedder, chunks: list[Chunk], repeats: int, batch_size: int
) -> Times:
    """Best (least disturbed) time per clock and stage over `repeats` alternating rounds."""
    texts = [chunk.text for chunk in chunks]
    best: Times = {"wall": {}, "cpu": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(repeats):
            # Alternate which side goes first so warm caches or a neighbour's load favour neither.
            sides = ["raw", "pipeline"] if repeat % 2 == 0 else ["pipeline", "raw"]
            times: Times = {"wall": {}, "cpu": {}}
            for side in sides:
                if side == "raw":
                    got = run_raw(embedder.model, texts, batch_size)
                else:
                    got = run_pipeline(embedder, chunks, Path(tmp) / f"run-{repeat}")
                for clock in times:
                    times[clock].update(got[clock])
            for clock, stages in times.items():
                for stage, seconds in stages.items():
                    best[clock][stage] = min(best[clock].get(stage, float("inf")), seconds)
            wall, cpu = times["wall"], times["cpu"]
            print(f"repeat {repeat + 1} ({' then '.join(sides)}): raw {wall['raw_encode']:.2f}s "
                  f"wall / {cpu['raw_encode']:.2f}s cpu, pipeline {wall['pipeline']:.2f}s wall / "
                  f"{cpu['pipeline']:.2f}s cpu", flush=True)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of texts")
    parser.add_argument("--csv", type=Path, help="take texts from this CSV instead")
    parser.add_argument("--column", default="summary", help="CSV column holding the texts")
    parser.add_argument("--batch-size", type=int, help="default: PROBITY_EMBED_BATCH_SIZE")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/results/embed_throughput.json"))
    args = parser.parse_args()

    settings = Settings()
    batch_size = args.batch_size or settings.embed_batch_size
    if args.csv:
        texts = csv_texts(args.csv, args.column, args.n)
    else:
        texts = synthetic_texts(args.n, args.seed)
    n = len(texts)
    loading = time.perf_counter()
    embedder = SentenceTransformerEmbedder(settings.embedding_model_path, batch_size)
    load_s = time.perf_counter() - loading
    embedder.model.encode(texts[:batch_size], batch_size=batch_size, show_progress_bar=False)
    chunks = [
        Chunk(chunk_id=f"bench:{i}#text:0", record_id=f"bench:{i}", kind="complaint", field="text",
              start=0, end=len(t), text=t, force="bench", restricted=i % 10 == 0)
        for i, t in enumerate(texts)
    ]
    best = measure(embedder, chunks, args.repeats, batch_size)

    rates = {clock: {k: n / v for k, v in stages.items()} for clock, stages in best.items()}
    ratios = {
        clock: {
            "embed_ratio": round(r["embed"] / r["raw_encode"], 3),
            "pipeline_ratio": round(r["pipeline"] / r["raw_encode"], 3),
        }
        for clock, r in rates.items()
    }
    result = {
        "n_texts": n, "source": str(args.csv or "synthetic"), "batch_size": batch_size,
        "mean_chars": round(sum(map(len, texts)) / max(n, 1)), "repeats": args.repeats,
        "cpu_count": os.cpu_count(), "torch_threads": torch.get_num_threads(),
        "load_average_1m": round(os.getloadavg()[0], 2), "model": embedder.name,
        "model_load_s": round(load_s, 2),
        "seconds_best": {c: {k: round(v, 3) for k, v in s.items()} for c, s in best.items()},
        "texts_per_s": {c: {k: round(v, 1) for k, v in r.items()} for c, r in rates.items()},
        "ratios": ratios, "goal_ratio": 0.9,
    }
    print(f"\n{n} texts ({result['mean_chars']} chars avg, batch {batch_size}, "
          f"{result['torch_threads']} torch threads, load avg {result['load_average_1m']})")
    print(f"{'stage':<12} {'wall s':>8} {'texts/s':>9} {'cpu s':>8} {'texts/s':>9}")
    for stage in STAGES:
        print(f"{stage:<12} {best['wall'][stage]:>8.2f} {rates['wall'][stage]:>9.1f} "
              f"{best['cpu'][stage]:>8.2f} {rates['cpu'][stage]:>9.1f}")
    for name in ("embed_ratio", "pipeline_ratio"):
        print(f"{name:<15} wall {ratios['wall'][name]:.3f}  cpu {ratios['cpu'][name]:.3f}"
              "  (goal >= 0.9)")
    result = judged(result)
    print(verdict_table(checks_for(result) or []))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
