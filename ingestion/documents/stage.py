"""Stage a folder of evidence files as rows (one per file) for the ordinary mapping pipeline.

Why: a `kind: document` mapping entry then goes through the same compile → quarantine → hash →
upsert → mentions path as a CSV export, so restriction rules, idempotent re-ingest, person
references and the rows-in = stored + quarantined check hold for files too. Each file's pages are
joined with a form feed; `pages` records each page's offsets, OCR flag and confidence.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
from pathlib import Path

import duckdb
import pyarrow as pa

from assistant.pages import PAGE_BREAK
from ingestion.documents.extract import DocumentError, Extracted, extract
from ingestion.readers import Reject, Staged

COLUMNS = ["path", "file_type", "title", "author", "subject", "sender", "recipients", "sent_at",
           "created_at", "modified_at", "document_date", "sha256", "page_count", "ocr_pages",
           "pages", "text"]
STAMP = "%Y-%m-%d %H:%M:%S"  # how staged date-times are written (the mapping's date_formats)


def find_documents(source: Path, pattern: str) -> list[Path]:
    """Files matching `pattern` under `source`, recursively (`**` spans folders)."""
    found = sorted(Path(p) for p in glob.glob(str(source / pattern), recursive=True))
    return [p for p in found if p.is_file()]


def _row(rel: str, digest: str, doc: Extracted) -> dict[str, str | None]:
    pages, texts, start = [], [], 0
    for number, page in enumerate(doc.pages, start=1):
        end = start + len(page.text)
        pages.append({"page": number, "start": start, "end": end, "ocr": page.ocr,
                      "confidence": page.confidence})
        texts.append(page.text)
        start = end + len(PAGE_BREAK)
    dated = doc.sent_at or doc.created_at or doc.modified_at

    def stamp(value: object) -> str | None:
        return value.strftime(STAMP) if value is not None else None  # type: ignore[attr-defined]

    return {
        "path": rel,
        "file_type": doc.file_type,
        "title": doc.title or Path(rel).stem,
        "author": doc.author,
        "subject": doc.subject,
        "sender": doc.sender,
        "recipients": doc.recipients,
        "sent_at": stamp(doc.sent_at),
        "created_at": stamp(doc.created_at),
        "modified_at": stamp(doc.modified_at),
        "document_date": stamp(dated),
        "sha256": digest,
        "page_count": str(len(doc.pages)),
        "ocr_pages": str(sum(p.ocr for p in doc.pages)),
        "pages": json.dumps(pages),
        "text": PAGE_BREAK.join(texts),
    }


PAGE_IMAGES = """CREATE TABLE IF NOT EXISTS document_page_image (
    sha256 VARCHAR NOT NULL, page INTEGER NOT NULL, png BLOB NOT NULL, PRIMARY KEY (sha256, page))"""
SCAN_SIDE = 1400  # pixels, the longer side of a kept scan: readable on screen, ~100 KB a page


def keep_scans(con: duckdb.DuckDBPyConnection, digest: str, doc: Extracted) -> None:
    """Keep each OCR page's scan (grey, at most SCAN_SIDE px) keyed by the file's sha256, so the
    source panel can show the page an OCR quote was read from; the same file keeps one copy."""
    con.execute(PAGE_IMAGES)
    for number, page in enumerate(doc.pages, start=1):
        if page.image is None:
            continue
        scan = page.image.convert("L")
        scan.thumbnail((SCAN_SIDE, SCAN_SIDE))
        out = io.BytesIO()
        scan.save(out, format="PNG", optimize=True)
        con.execute("INSERT OR REPLACE INTO document_page_image VALUES (?, ?, ?)",
                    [digest, number, out.getvalue()])


def stage_documents(
    con: duckdb.DuckDBPyConnection, files: list[Path], source: Path, table: str
) -> Staged:
    """One staged row per readable file; unreadable ones become rejects with their reason."""
    staged = Staged(table, COLUMNS)
    rows: list[dict[str, str | None]] = []
    for number, path in enumerate(files, start=1):
        staged.rows += 1
        rel = str(path.relative_to(source)) if path.is_relative_to(source) else str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            staged.rejects.append(Reject(number, f"{rel}: cannot be read ({exc})",
                                         json.dumps({"path": rel})))
            continue
        digest = hashlib.sha256(data).hexdigest()
        try:
            doc = extract(path)
        except DocumentError as exc:
            raw = json.dumps({"path": rel, "sha256": digest, "bytes": len(data)})
            staged.rejects.append(Reject(number, f"{rel}: {exc}", raw))
            continue
        rows.append({"_row": str(number), **_row(rel, digest, doc)})
        keep_scans(con, digest, doc)
    names = ["_row", *COLUMNS]
    arrays = [pa.array([r[n] for r in rows], type=pa.string()) for n in names]
    batch = pa.Table.from_arrays(arrays, names=names)  # noqa: F841 - read by DuckDB by name
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM batch")
    return staged


def own_provenance(con: duckdb.DuckDBPyConnection, mapping: str, label: str) -> None:
    """A document's provenance is its own file (row 1), not the entry's glob: a citation then
    reads `<mapping>/<path>:p<page>`."""
    con.execute(
        "UPDATE document SET source_file = path, source_row = 1 "
        "WHERE source_mapping = ? AND source_file = ?",
        [mapping, label],
    )
