"""Ingest throughput: `probity ingest` (records + chunks + embeddings + Chroma + BM25) against the
raw model on the same texts, measured in the same run.

The raw figure is `SentenceTransformer.encode` over exactly the chunk texts ingest embedded — the
machine's limit for this model. Both wall and CPU time (all threads) are reported: on a shared
machine CPU time is the fair comparison. Goal (issue 2): ingest ≥ 90% of raw.

    python bench/ingest_throughput.py --people 400
    python bench/ingest_throughput.py --people 2000 --out bench/results/ingest_2000.json
"""

from __future__ import annotations

from assistant.settings import Settings  # first: offline env before any ML library

# isort: split
import argparse
import json
import os
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/results/ingest_throughput.json"))
    args = parser.parse_args()

    from assistant.embeddings import load_embedder
    from ingestion.run import ingest
    from ingestion.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        generate(people=args.people, seed=args.seed, out=root / "source")
        synth_s = time.perf_counter() - t
        settings = Settings(data_dir=root / "data", today=date(2025, 12, 31))
        embedder = load_embedder(settings)
        embedder.embed(["warm-up so that model loading is not counted on either side"])
        summary = ingest(settings, ["synthetic"], root / "source", show_progress=False)
        index = summary.index
        con = duckdb.connect(str(settings.duckdb_path), read_only=True)
        texts = [r[0] for r in con.execute("SELECT text FROM chunk ORDER BY chunk_id").fetchall()]
        con.close()
        model = embedder.model  # type: ignore[attr-defined]  # the raw SentenceTransformer
        t, c = time.perf_counter(), time.process_time()
        model.encode(texts, batch_size=settings.embed_batch_size, normalize_embeddings=True)
        raw_s, raw_cpu = time.perf_counter() - t, time.process_time() - c

    n = index.chunks_embedded
    result = {
        "people": args.people,
        "chunks": n,
        "mean_chars": round(sum(map(len, texts)) / max(len(texts), 1)),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "synth_seconds": round(synth_s, 1),
        "ingest_seconds_total": round(summary.seconds, 1),
        "records_seconds": round(sum(s.seconds for s in summary.sources), 1),
        "chunks_per_s": {
            "ingest_wall": round(n / index.embed_seconds, 1),
            "raw_encode_wall": round(n / raw_s, 1),
            "ingest_cpu": round(n / index.embed_cpu_seconds, 1),
            "raw_encode_cpu": round(n / raw_cpu, 1),
        },
        "ratio_ingest_to_raw": {
            "wall": round(raw_s / index.embed_seconds, 3),
            "cpu": round(raw_cpu / index.embed_cpu_seconds, 3),
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
