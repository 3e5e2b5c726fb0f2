"""Ingest throughput: `probity ingest` (records + chunks + embeddings + Chroma + BM25) against the
raw encoder on the same texts, measured in the same run.

The raw figure is the configured encoder alone (`PROBITY_EMBEDDING_BACKEND`: the torch
`SentenceTransformer.encode`, or the ONNX session) over the chunk texts ingest embedded — the
machine's limit for that encoder; at scale over a random sample of them (`--raw-sample`). Both
wall and CPU time (all threads) are reported: on a shared machine CPU time is the fair
comparison. Goal: ingest ≥ 90% of raw — judged (bench/targets.py) for the embedding stage by CPU
and wall time, and for the whole ingest (records, people, chunks, index) by wall time. Peak RSS is the whole process (synth + ingest).

    python bench/ingest_throughput.py --people 400
    PROBITY_EMBEDDING_BACKEND=onnx-int8 python bench/ingest_throughput.py --people 45000 \
        --data-dir /tmp/probity-45k --raw-sample 5000 --out bench/results/ingest_45000.json

`--data-dir` keeps the built store (for the question and serving benchmarks).
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
from assistant.settings import Settings  # first: offline env before any ML library

# isort: split
import argparse
import json
import os
import random
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
from targets import checks_for, judged
from targets import table as verdict_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/results/ingest_throughput.json"))
    parser.add_argument("--data-dir", type=Path, help="build (and keep) the store here")
    parser.add_argument("--raw-sample", type=int, default=0,
                        help="time the raw encoder on this many random chunk texts (0 = all)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = args.data_dir or Path(tmp)
        result = run(args, root)
    result = judged(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(verdict_table(checks_for(result) or []))


def run(args: argparse.Namespace, root: Path) -> dict[str, object]:
    from assistant.embeddings import load_embedder
    from assistant.records import RECORD_KINDS
    from ingestion.run import ingest
    from ingestion.synth import generate

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
    counts = {kind: (con.execute(f"SELECT count(*) FROM {kind}").fetchone() or (0,))[0]
              for kind in RECORD_KINDS}
    con.close()
    if args.raw_sample and args.raw_sample < len(texts):
        texts = random.Random(args.seed).sample(texts, args.raw_sample)
    raw = getattr(embedder, "model", None)  # the SentenceTransformer under the torch backend
    t, c = time.perf_counter(), time.process_time()
    if raw is not None:
        raw.encode(texts, batch_size=settings.embed_batch_size, normalize_embeddings=True)
    else:  # the ONNX session is itself the raw encoder
        embedder.embed(texts)
    raw_s, raw_cpu = time.perf_counter() - t, time.process_time() - c

    n = index.chunks_embedded
    return {
        "people": args.people,
        "backend": settings.embedding_backend,
        "records": counts,
        "chunks": n,
        "raw_texts_timed": len(texts),
        "mean_chars": round(sum(map(len, texts)) / max(len(texts), 1)),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "synth_seconds": round(synth_s, 1),
        "ingest_seconds_total": round(summary.seconds, 1),
        "records_seconds": round(sum(s.seconds for s in summary.sources), 1),
        "chunks_per_s": {
            "ingest_wall": round(n / index.embed_seconds, 1),
            "raw_encode_wall": round(len(texts) / raw_s, 1),
            "ingest_cpu": round(n / index.embed_cpu_seconds, 1),
            "raw_encode_cpu": round(len(texts) / raw_cpu, 1),
        },
        "ratio_ingest_to_raw": {  # the embedding stage of ingest (embed + upsert)
            "wall": round((n / index.embed_seconds) / (len(texts) / raw_s), 3),
            "cpu": round((n / index.embed_cpu_seconds) / (len(texts) / raw_cpu), 3),
        },
        # the whole ingest, end to end: chunks per wall second of records + people + index
        "ratio_whole_ingest_to_raw_wall": round((n / summary.seconds) / (len(texts) / raw_s), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


if __name__ == "__main__":
    main()
