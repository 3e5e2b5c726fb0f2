"""Document ingest throughput (issue #18): `probity ingest --mapping documents` over 1,000
text-layer PDF pages and over 50 scanned pages (image-only PDFs, read by Tesseract), each through
the whole pipeline — extraction, records, people named, chunks, embeddings, Chroma, BM25.

The issue sets no figure; the targets (bench/targets.py) are on the document-specific step
(extraction + writing the records, `seconds_extract_and_write`): text-layer pages at ≥ 20 pages/s
and scanned pages at ≥ 0.2 pages/s (OCR is the cost: ~1–3 s a page for Tesseract on a loaded
2-core machine). The whole ingest is reported beside it without a target of its own: past
extraction it is the embedding of chunks and sentences, the same stage for every record kind,
judged by bench/ingest_throughput.py. Fixtures are generated (tests/documents_fixtures.py) and
not timed.

    python bench/documents_ingest.py                      # 1,000 text pages + 50 scanned pages
    python bench/documents_ingest.py --text-pages 200 --scanned-pages 10
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
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from targets import checks_for, judged
from targets import table as verdict_table

from ingestion.run import ingest
from tests.documents_fixtures import scanned_pdf, staff_folder, statement_pdf

PAGES_PER_PDF = 10
SCANS_PER_PDF = 5
NAMES = ["PC Tom Fielding", "DS Grace Lowe", "Sgt Ken Finch", "PC Dana Marsh"]
WORDS = ["vehicle", "stopped", "driver", "cash", "envelope", "custody", "suite", "detainee",
         "radio", "patrol", "statement", "witness", "property", "search", "warrant", "station",
         "overtime", "shift", "briefing", "handover"]


def _page(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(8, 14)):
        words = rng.sample(WORDS, rng.randint(6, 11))
        if rng.random() < 0.3:
            words.insert(0, rng.choice(NAMES) + " reported that")
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def make_text(folder: Path, pages: int, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(-(-pages // PAGES_PER_PDF)):
        count = min(PAGES_PER_PDF, pages - n * PAGES_PER_PDF)
        statement_pdf(folder / f"batch{n // 20:02d}" / f"statement_{n:04d}.pdf",
                      [_page(rng) for _ in range(count)])


def make_scans(folder: Path, pages: int) -> None:
    for n in range(-(-pages // SCANS_PER_PDF)):
        scanned_pdf(folder / f"scan_{n:03d}.pdf", min(SCANS_PER_PDF, pages - n * SCANS_PER_PDF))


def timed_ingest(settings: Settings, folder: Path, pages: int) -> dict[str, Any]:
    started = time.perf_counter()
    summary = ingest(settings, ["documents"], folder, show_progress=False)
    seconds = time.perf_counter() - started
    (source,) = summary.sources
    if source.error:
        raise SystemExit(f"ingest failed: {source.error}")
    (entry,) = source.entries
    return {"pages": pages, "files": entry.counts.rows, "stored": entry.counts.stored,
            "quarantined": entry.counts.quarantined, "seconds_total": round(seconds, 2),
            "seconds_extract_and_write": round(entry.seconds, 2),
            "seconds_index": round(summary.index.seconds, 2),
            "chunks_embedded": summary.index.chunks_embedded,
            "pages_per_second": round(pages / seconds, 3),
            "extract_pages_per_second": round(pages / entry.seconds, 3)}


def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    text, scans = root / "text", root / "scans"
    make_text(text, args.text_pages, args.seed)
    make_scans(scans, args.scanned_pages)
    staff, mapping = staff_folder(root)
    settings = Settings(data_dir=root / "data", today=date(2024, 6, 30))
    ingest(settings, [str(mapping)], staff, show_progress=False)
    return {"text_layer": timed_ingest(settings, text, args.text_pages),
            "scanned": timed_ingest(settings, scans, args.scanned_pages),
            "load_average": [round(x, 1) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-pages", type=int, default=1000)
    parser.add_argument("--scanned-pages", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/results/documents_ingest.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args, Path(tmp))
    result = judged(result)  # targets: bench/targets.py (DOC_TEXT_PAGES_S, DOC_SCAN_PAGES_S)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(verdict_table(checks_for(result) or []))


if __name__ == "__main__":
    main()
