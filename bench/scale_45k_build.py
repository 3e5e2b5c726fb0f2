"""Build the record side of a store — records, people, lookup indexes, catalogue — without the
narrative index, so that count/list latency can be measured at 45,000 staff (bench/scale_45k.py).

Why this exists: `probity ingest` has no records-only mode; it embeds every narrative sentence
before it marks the store complete and builds the leads board. At 45,000 staff that is ~106k
chunks plus their sentences — over an hour of a shared 2-core machine on top of the ~30 min the
records take — while count and list answers read only DuckDB and the catalogue. This script runs
the same functions as `ingestion/run.py` in the same order up to the catalogue and stops there.
The index manifest stays `incomplete`, so the engine serves count/list answers with its note that
the narrative index is unavailable, and narrative questions fail loudly (never a silent zero).

    python -m assistant synth --people 45000 --seed 45 --out /tmp/bench45k/src
    python bench/scale_45k_build.py --source /tmp/bench45k/src --data-dir /tmp/bench45k/data
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
import argparse
import json
import os
import resource
import time
from pathlib import Path
from typing import Any

from assistant import catalogue, manifest, permissions, person_links, store
from assistant.settings import Settings
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people
from ingestion.run import _aliases

RESULTS = Path(__file__).parent / "results"


def build(data_dir: Path, source: Path, mappings: list[str]) -> dict[str, Any]:
    """The record side of `ingestion.run.ingest`, step by step, with each step's seconds."""
    settings = Settings(data_dir=data_dir)  # type: ignore[call-arg]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    permissions.restrict(settings.data_dir)
    manifest.mark_incomplete(settings)  # no narrative index is built: it stays incomplete
    steps: dict[str, float] = {}
    con = store.connect(settings.duckdb_path, memory_limit=settings.duckdb_memory_limit)
    try:
        store.drop_lookup_indexes(con)
        person_links.drop(con)
        for name in mappings:
            started = time.perf_counter()
            report = ingest_records(con, name, source, lambda msg: print(f"reading {msg}"))
            if report.error:
                raise SystemExit(f"{name}: {report.error}")
            steps[f"records:{name}"] = round(time.perf_counter() - started, 1)
        for step, fn in (("resolve people", lambda: resolve_people(con)),
                         ("lookup indexes", lambda: store.create_lookup_indexes(con)),
                         ("person links", lambda: person_links.build(con)),
                         ("catalogue", lambda: catalogue.build(con, _aliases(mappings)))):
            print(step)
            started = time.perf_counter()
            fn()
            steps[step] = round(time.perf_counter() - started, 1)
        counts = {kind: int(con.execute(f"SELECT count(*) FROM {kind}").fetchone()[0])  # type: ignore[index]
                  for kind in store.RECORD_KINDS}
    finally:
        con.close()
        permissions.tighten(settings.data_dir)
    return {"data_dir": str(data_dir), "source": str(source), "mappings": mappings,
            "people": counts.get("person", 0), "records": counts, "steps_s": steps,
            "total_s": round(sum(steps.values()), 1),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "load_average_after": os.getloadavg(), "narrative_index": "not built"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--mapping", action="append", default=None)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = build(args.data_dir, args.source, args.mapping or ["synthetic"])
    for step, seconds in result["steps_s"].items():
        print(f"{step:<24} {seconds:>9.1f} s")
    print(f"{'total':<24} {result['total_s']:>9.1f} s   peak RSS {result['peak_rss_mb']:,} MB")
    out = args.out or RESULTS / f"scale_build_{result['people']}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"-> {out}")


if __name__ == "__main__":
    main()
