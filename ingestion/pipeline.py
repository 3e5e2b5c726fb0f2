"""Ingest: mappings + source files → records (DuckDB) → people resolved → chunks indexed.

Each source (mapping) is written in one transaction: a mapping with an error, a missing file or a
column that is not in a header writes nothing, and the other sources in the run go ahead. The
index stage is resumable: chunks are marked embedded batch by batch, so an interrupted run picks
up where it stopped, and vectors whose chunk no longer exists are removed.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from assistant.resolution.report import SchemeCounts
from ingestion.attach import attach_entry
from ingestion.compile import compile_entry
from ingestion.documents.force import AUTO_FORCE, store_force
from ingestion.documents.stage import find_documents, own_provenance, stage_documents
from ingestion.mapping import Mapping, MappingError, check_columns, load_mapping
from ingestion.mentions import add_mentions
from ingestion.readers import SourceError, stage_file
from ingestion.write import EntryCounts, write_entry

Progress = Callable[[str], None]


@dataclass
class EntryReport:
    label: str
    file: str
    counts: EntryCounts
    seconds: float


@dataclass
class SourceReport:
    mapping: str
    entries: list[EntryReport] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    people_resolved: int = 0
    people_unresolved: int = 0
    changed_records: list[str] = field(default_factory=list)
    resolution: list[SchemeCounts] = field(default_factory=list)  # by scheme, after resolving

    def total(self, name: str) -> int:
        return sum(getattr(e.counts, name) for e in self.entries)


def find_files(source: Path, pattern: str) -> list[Path]:
    """`pattern` relative to the source dir; failing that, anywhere below it (so one --source
    can hold several systems' exports)."""
    found = sorted(Path(p) for p in glob.glob(str(source / pattern)))
    if not found:
        found = sorted(Path(p) for p in glob.glob(str(source / "**" / pattern), recursive=True))
    return [p for p in found if p.is_file()]


def _ingest_mapping(
    con: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    source: Path,
    report: SourceReport,
    progress: Progress,
    dry_run: bool = False,
) -> None:
    plans: list[tuple[int, list[Path]]] = []
    for index, spec in enumerate(mapping.records):
        documents = spec.kind == "document"  # a folder of files staged as one row per file
        files = find_documents(source, spec.file) if documents else find_files(source, spec.file)
        if not files and spec.attach:
            continue  # a side file of extra columns: an export without it is still whole
        if not files:
            raise MappingError(
                f"{mapping.path}: records[{index}].file: no file matches {spec.file!r} under {source}"
            )
        plans += [(index, files)] if documents else [(index, [f]) for f in files]
    for n, (index, paths) in enumerate(plans):
        spec = mapping.records[index]
        started = time.perf_counter()
        path = paths[0]
        rel = str(path.relative_to(source)) if path.is_relative_to(source) else str(path)
        if spec.kind == "document":
            rel = spec.file
            progress(f"{mapping.name}: {len(paths):,} documents ← {rel}")
            staged = stage_documents(con, paths, source, f"stg_{n}")
        else:
            progress(f"{mapping.name}: {spec.kind} ← {rel}")
            staged = stage_file(
                con,
                path,
                f"stg_{n}",
                spec.encoding or mapping.defaults.encoding,
                spec.delimiter or mapping.defaults.delimiter,
            )
        check_columns(mapping, index, staged.header)
        compiled = compile_entry(mapping, index, staged.table)
        changed: list[str] = []  # an attached entry changes no record's content
        if spec.attach:
            counts = attach_entry(
                con, mapping=mapping.name, force=mapping.force, kind=spec.kind, file=rel,
                staged=staged, compiled=compiled, names=sorted(spec.attributes))
        else:
            counts, changed = write_entry(
                con,
                mapping=mapping.name,
                force=mapping.force,
                kind=spec.kind,
                file=rel,
                staged=staged,
                compiled=compiled,
                merge_duplicates=spec.on_duplicate_id == "merge",
                number_duplicates=spec.on_duplicate_id == "number",
            )
        add_mentions(con, spec.kind, mapping.force, mapping.name, spec.mentions)
        if spec.kind == "document" and not dry_run:  # `mapping check` reads them by entry
            own_provenance(con, mapping.name, rel)
        con.execute(f"DROP TABLE {staged.table}")
        seconds = time.perf_counter() - started
        report.entries.append(EntryReport(mapping.label(index), rel, counts, seconds))
        report.changed_records += changed
        con.execute(
            "INSERT INTO ingest_run VALUES (?, ?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                mapping.name,
                mapping.label(index),
                rel,
                seconds,
                counts.rows,
                counts.inserted,
                counts.updated,
                counts.unchanged,
                counts.merged,
                counts.skipped,
                counts.quarantined,
            ],
        )


def inherit_dates(con: duckdb.DuckDBPyConnection) -> None:
    """An allegation without its own date takes the received date of its complaint."""
    con.execute(
        """UPDATE allegation a SET received_date = c.received_date FROM complaint c
           WHERE a.complaint_id = c.record_id AND a.received_date IS NULL
             AND c.received_date IS NOT NULL"""
    )


def ingest_records(
    con: duckdb.DuckDBPyConnection,
    mapping_name: str,
    source: Path,
    progress: Progress = lambda _: None,
    dry_run: bool = False,
) -> SourceReport:
    """Write one source's records in a single transaction (all or nothing). `dry_run` (`mapping
    check`'s scratch store): a `force: auto` mapping may find no staff there."""
    started = time.perf_counter()
    report = SourceReport(mapping=mapping_name)
    try:
        mapping = load_mapping(mapping_name)
        report.mapping = mapping.name
        if mapping.force == AUTO_FORCE:
            mapping = mapping.model_copy(update={"force": store_force(con, mapping, dry_run)})
        con.execute("BEGIN TRANSACTION")
        try:
            _ingest_mapping(con, mapping, source, report, progress, dry_run)
            inherit_dates(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except (MappingError, SourceError, duckdb.Error, OSError, RuntimeError) as exc:
        report.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        report.entries = []
        report.changed_records = []
    report.seconds = time.perf_counter() - started
    return report
