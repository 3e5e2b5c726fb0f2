"""Embedding backends side by side: torch, ONNX fp32 and ONNX int8 on the same texts, same run.

For each backend (`PROBITY_EMBEDDING_BACKEND` values) it times `Embedder.embed` over the texts —
repeats interleave the backends and keep each one's best, so machine noise hits all alike — and
reports texts/s by wall and by CPU time (all threads), the speed-up over torch, and how close the
vectors are to torch's (cosine per text: mean and minimum). Whether int8 is good enough to be the
default is decided on retrieval, not cosine: see the recall@10 comparison in README (the eval
suite run once per backend).

    python bench/embedding_backends.py --n 1000
    python bench/embedding_backends.py --csv data/public/philly/ppd_complaints.csv \\
        --column summary --n 1000 --out bench/results/embedding_backends_philly.json
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
from assistant.settings import Settings  # first: offline env before any ML library

# isort: split
import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from embed_throughput import csv_texts, synthetic_texts

from assistant.embeddings import Embedder, load_embedder

BACKENDS = ("torch", "onnx", "onnx-int8")


def timed(embedder: Embedder, texts: list[str]) -> tuple[float, float, np.ndarray]:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = embedder.embed(texts)
    return time.perf_counter() - wall, time.process_time() - cpu, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of texts")
    parser.add_argument("--csv", type=Path, help="take texts from this CSV instead")
    parser.add_argument("--column", default="summary", help="CSV column holding the texts")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/results/embedding_backends.json"))
    args = parser.parse_args()
    texts = csv_texts(args.csv, args.column, args.n) if args.csv else synthetic_texts(args.n, args.seed)

    with tempfile.TemporaryDirectory() as tmp:  # ONNX exports are cached under the data dir
        embedders = {b: load_embedder(Settings(data_dir=Path(tmp), embedding_backend=b))
                     for b in BACKENDS}
        for embedder in embedders.values():
            embedder.embed(texts[:8])  # warm-up: model load and first-call set-up not timed
        best: dict[str, tuple[float, float]] = {}
        vectors: dict[str, np.ndarray] = {}
        for _ in range(args.repeats):
            for name, embedder in embedders.items():
                wall, cpu, vectors[name] = timed(embedder, texts)
                old = best.get(name, (float("inf"), float("inf")))
                best[name] = (min(old[0], wall), min(old[1], cpu))

    reference = vectors["torch"]
    result: dict[str, object] = {
        "n_texts": len(texts),
        "source": str(args.csv) if args.csv else "synthetic",
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "repeats": args.repeats,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "backends": {},
    }
    rows = []
    for name in BACKENDS:
        wall, cpu = best[name]
        cosine = np.sum(vectors[name] * reference, axis=1)
        entry = {
            "texts_per_s_wall": round(len(texts) / wall, 1),
            "texts_per_s_cpu": round(len(texts) / cpu, 1),
            "speedup_vs_torch_wall": round(best["torch"][0] / wall, 2),
            "speedup_vs_torch_cpu": round(best["torch"][1] / cpu, 2),
            "cosine_to_torch_mean": round(float(cosine.mean()), 4),
            "cosine_to_torch_min": round(float(cosine.min()), 4),
        }
        result["backends"][name] = entry  # type: ignore[index]
        rows.append((name, *entry.values()))

    print(f"{len(texts)} texts, mean {result['mean_chars']} chars, load {result['load_average_1m']}")
    print(f"{'backend':10} {'wall/s':>8} {'cpu/s':>8} {'×torch wall':>12} {'×torch cpu':>11} "
          f"{'cos mean':>9} {'cos min':>8}")
    for name, *values in rows:
        print(f"{name:10} " + " ".join(f"{v:>{w}}" for v, w in zip(values, (8, 8, 12, 11, 9, 8), strict=True)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
