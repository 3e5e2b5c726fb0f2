"""`probity mapping check`: a dry run of one mapping over a new export, writing nothing.

The first thing a force's analyst runs on a new export: the mapping is validated, every file read
and mapped, and people resolved, all in an in-memory DuckDB — no data dir is opened, so nothing
on disk changes (tests/test_mapping_check.py compares both directories byte for byte). People
resolve only against staff in the same mapping: references to staff that another mapping
supplies show as unresolved here.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from assistant import store
from assistant.records import RECORD_KINDS
from assistant.resolution.report import SchemeCounts, format_counts, resolution_counts
from ingestion.compile import lit
from ingestion.pipeline import ingest_records
from ingestion.resolve import resolve_people

SAMPLES, TOP_REASONS, TOP_UNRESOLVED = 3, 5, 5
PROVENANCE = ("force", "source_mapping", "source_file", "content_hash", "ingested_at")


@dataclass
class ReferenceCheck:
    role: str
    scheme: str
    resolved: int
    ambiguous: int
    unresolved: int
    top_unresolved: list[tuple[str, int]]


@dataclass
class EntryCheck:
    label: str
    file: str
    counts: dict[str, int]
    samples: list[dict[str, Any]]
    quarantine: list[tuple[str, int]]
    references: list[ReferenceCheck] = field(default_factory=list)


@dataclass
class CheckReport:
    mapping: str
    entries: list[EntryCheck]
    resolution: list[SchemeCounts]


def check_mapping(mapping: str, source: Path) -> CheckReport:
    """Raises MappingError / SourceError (one clear line) when the mapping cannot be used."""
    with tempfile.TemporaryDirectory(prefix="probity-check-") as spill:
        return _check(mapping, source, spill)


def _check(mapping: str, source: Path, spill: str) -> CheckReport:
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET temp_directory = {lit(spill)}")  # never `.tmp` in the working dir
        store.create_schema(con)
        report = ingest_records(con, mapping, source, dry_run=True)
        if report.error:
            raise ValueError(f"mapping check: {report.error}")
        resolve_people(con)
        entries = [_entry(con, e.label, e.file, e.counts.as_dict()) for e in report.entries]
        return CheckReport(report.mapping, entries, resolution_counts(con))
    finally:
        con.close()


def _entry(con: duckdb.DuckDBPyConnection, label: str, file: str,
           counts: dict[str, int]) -> EntryCheck:
    kind = label.split(": ", 1)[1].split(" ← ", 1)[0]
    cur = con.execute(f"SELECT * FROM {kind} WHERE source_file = ? ORDER BY source_row LIMIT ?",
                      [file, SAMPLES])
    names = [d[0] for d in cur.description]
    samples = [{n: v for n, v in zip(names, row, strict=True)
                if n not in PROVENANCE and v not in (None, [], {})} for row in cur.fetchall()]
    for sample in samples:  # its person references as stored, with whom they resolved to
        refs = con.execute(
            """SELECT role, concat_ws(' ', rank, value, name), coalesce(person_id, method)
               FROM person_ref WHERE record_id = ? ORDER BY idx""",
            [sample["record_id"]]).fetchall()
        if refs:
            sample["people"] = [f"{role}: {raw} → {who}" for role, raw, who in refs]
    reasons = Counter[str]()
    for (reason,) in con.execute("SELECT reason FROM quarantine WHERE file = ? AND kind = ?",
                                 [file, kind]).fetchall():
        reasons.update(part.split(": '", 1)[0] for part in reason.split("; "))
    return EntryCheck(label, file, counts, samples, reasons.most_common(TOP_REASONS),
                      _references(con, kind, file))


def _references(con: duckdb.DuckDBPyConnection, kind: str, file: str) -> list[ReferenceCheck]:
    assert kind in RECORD_KINDS
    rows = con.execute(
        f"""SELECT r.role, coalesce(r.scheme, 'name'), r.person_id IS NOT NULL,
                   EXISTS (SELECT 1 FROM person_ref_candidate k
                           WHERE k.record_id = r.record_id AND k.idx = r.idx),
                   concat_ws(' ', r.rank, r.value, r.name,
                             CASE WHEN r.unit IS NOT NULL THEN '(' || r.unit || ')' END),
                   r.method
            FROM person_ref r JOIN {kind} t USING (record_id)
            WHERE t.source_file = ? AND r.method <> 'public'""", [file]).fetchall()
    out: dict[tuple[str, str], list[tuple[bool, bool, str, str]]] = {}
    for role, scheme, resolved, ambiguous, raw, method in rows:
        out.setdefault((role, scheme), []).append((resolved, ambiguous, raw, method))
    checks = []
    for (role, scheme), refs in sorted(out.items()):
        missing = Counter(f"{raw} [extract did not match]" if method == "unparsed" else raw
                          for ok, amb, raw, method in refs if not ok and not amb)
        checks.append(ReferenceCheck(
            role, scheme, sum(r[0] for r in refs), sum(not r[0] and r[1] for r in refs),
            sum(missing.values()),
            sorted(missing.items(), key=lambda m: (-m[1], m[0]))[:TOP_UNRESOLVED]))
    return checks


def format_check(report: CheckReport) -> str:
    lines = [f"[{report.mapping}] checked: nothing was written"]
    for e in report.entries:
        c = e.counts
        lines.append(f"\n{e.label}  ({e.file})")
        lines.append(f"  rows {c['rows']:,}: {c['stored']:,} would be stored, {c['merged']:,} "
                     f"merged, {c['skipped']:,} skipped, {c['quarantined']:,} quarantined")
        for reason, n in e.quarantine:
            lines.append(f"  quarantine ×{n}: {reason}")
        for sample in e.samples:
            shown = ", ".join(f"{k}={v}" for k, v in sample.items())
            lines.append(f"  sample: {shown[:400]}")
        for ref in e.references:
            total = ref.resolved + ref.ambiguous + ref.unresolved
            lines.append(
                f"  people {ref.role} ({ref.scheme}): {total:,} references — "
                f"{ref.resolved / total:.0%} resolved, {ref.ambiguous / total:.0%} ambiguous, "
                f"{ref.unresolved / total:.0%} unresolved")
            for raw, n in ref.top_unresolved:
                lines.append(f"    unresolved ×{n}: {raw}")
    lines.append("\npeople references by source and scheme:")
    lines += format_counts(report.resolution) or ["  none"]
    return "\n".join(lines)
