"""A tiny force export written to disk and ingested: the setup many tests share.

Why: tests of mappings, mentions, resolution, security and the index each wrote a few CSV files
and a mapping YAML, then called `ingestion.run.ingest` (or `ingest_records` for DuckDB alone) and
checked it did not fail — the same dozen lines in a dozen files. These helpers are that setup,
once; they use the real ingest, so a test built on them still reads a real store.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from assistant.settings import Settings
from ingestion.pipeline import SourceReport, ingest_records
from ingestion.resolve import resolve_people
from ingestion.run import ingest

if TYPE_CHECKING:  # the engine loads only for the tests that ask questions
    from assistant.answers import Answer
    from assistant.service import Engine

TODAY = date(2025, 1, 1)
PHILLY = Path(__file__).resolve().parents[1] / "data" / "public" / "philly"


def counted_ids(answer: Answer, kind: str | None = None) -> set[str]:
    """The local ids of the records an answer counted (its SQL evidence, people left out);
    `kind`: that record kind's only."""
    return {e.record_id.rsplit(":", 1)[-1] for e in answer.evidence
            if e.retrieval == "sql" and e.kind != "person" and kind in (None, e.kind)}


def inclusive_days(first: str, last: str) -> int:
    """Days from `first` to `last`, both counted (an absence's length)."""
    return (datetime.fromisoformat(last) - datetime.fromisoformat(first)).days + 1


def csv_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows as dicts (a public export or a slice written by `write_csv`)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, data: list[dict[str, str]]) -> None:
    """`data` (dicts with the same keys, at least one) written as a CSV file with a header."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, fieldnames=list(data[0]))
        out.writeheader()
        out.writerows(data)


def csv_text(header: str, rows: list[tuple[object, ...]]) -> str:
    """A CSV file's text: `header` ("a,b,c") then `rows`, quoted as the csv module quotes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header.split(","))
    writer.writerows(rows)
    return out.getvalue()


def write_export(root: Path, files: Mapping[str, str | bytes], mapping: str, *,
                 source: str = "source", mapping_file: str = "tiny.yaml") -> tuple[str, Path]:
    """Write `files` (name → contents) under root/`source` and the mapping (dedented) to
    root/`mapping_file`; return the mapping's path (as `ingest` takes it) and the source dir."""
    src = root / source
    src.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if isinstance(data, bytes):
            (src / name).write_bytes(data)
        else:
            (src / name).write_text(data, encoding="utf-8")
    path = root / mapping_file
    path.write_text(textwrap.dedent(mapping), encoding="utf-8")
    return str(path), src


def ingest_export(root: Path, files: Mapping[str, str | bytes], mapping: str, *,
                  today: date | None = TODAY, source: str = "source",
                  mapping_file: str = "tiny.yaml", **settings: Any) -> Settings:
    """Write the export and ingest it for real (DuckDB, embeddings, Chroma, BM25) into
    root/data; fail the test if the source failed. Extra keywords are Settings fields."""
    path, src = write_export(root, files, mapping, source=source, mapping_file=mapping_file)
    built = Settings(data_dir=root / "data", today=today, **settings)
    summary = ingest(built, [path], src, show_progress=False)
    assert not summary.failed, [s.error for s in summary.sources]
    return built


@contextmanager
def export_engine(root: Path, files: Mapping[str, str | bytes], mapping: str,
                  **options: Any) -> Iterator[Engine]:
    """The engine over `ingest_export(root, files, mapping, **options)`, closed afterwards."""
    from assistant.service import Engine

    engine = Engine(ingest_export(root, files, mapping, **options))
    try:
        yield engine
    finally:
        engine.close()


def ingest_export_records(con: duckdb.DuckDBPyConnection, root: Path,
                          files: Mapping[str, str | bytes], mapping: str, *,
                          source: str = "source", mapping_file: str = "tiny.yaml",
                          resolve: bool = True) -> SourceReport:
    """Write the export and read its records into `con` (no index); fail the test if the
    source failed; then resolve people unless `resolve` is false."""
    path, src = write_export(root, files, mapping, source=source, mapping_file=mapping_file)
    report = ingest_records(con, path, src)
    assert report.error is None, report.error
    if resolve:
        resolve_people(con)
    return report


@contextmanager
def philly_engine(root: Path, complaints: list[dict[str, str]],
                  allegations: list[dict[str, str]]) -> Iterator[Engine]:
    """The engine over a slice of the vendored Philadelphia export: `complaints`, their
    `allegations` and their complainants' rows, ingested for real with the philly mapping."""
    from assistant.service import Engine

    src = root / "source"
    src.mkdir(parents=True, exist_ok=True)
    write_csv(src / "ppd_complaints.csv", complaints)
    write_csv(src / "ppd_complaint_disciplines.csv", allegations)
    ids = {r["complaint_id"] for r in complaints}
    write_csv(src / "ppd_complainant_demographics.csv",
              [r for r in csv_rows(PHILLY / "ppd_complainant_demographics.csv")
               if r["complaint_id"] in ids])
    settings = Settings(data_dir=root / "data", today=date(2026, 1, 1))
    summary = ingest(settings, ["philly"], src, show_progress=False)
    assert not summary.failed, [s.error for s in summary.sources]
    engine = Engine(settings)
    try:
        yield engine
    finally:
        engine.close()
