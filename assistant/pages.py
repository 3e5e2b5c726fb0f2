"""Pages of a document's text: a form feed separates them, so any character offset names its
page and a chunk never spans two pages (a citation then reads `documents/<path>:p<page>`)."""

from __future__ import annotations

import duckdb

from assistant.text import chunk_spans

PAGE_BREAK = "\f"


def page_of(text: str, offset: int) -> int:
    """1-based page of the character at `offset`."""
    return text.count(PAGE_BREAK, 0, max(0, offset)) + 1


def page_bounds(text: str, page: int) -> tuple[int, int]:
    """[start, end) of 1-based `page` in `text` (an empty span past the last page)."""
    start = 0
    for _ in range(page - 1):
        found = text.find(PAGE_BREAK, start)
        if found < 0:
            return len(text), len(text)
        start = found + len(PAGE_BREAK)
    end = text.find(PAGE_BREAK, start)
    return start, len(text) if end < 0 else end


def page_chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """`chunk_spans` page by page: offsets are into the whole text, no span crosses a page."""
    spans: list[tuple[int, int]] = []
    start = 0
    for page in text.split(PAGE_BREAK):
        spans += [(start + s, start + e) for s, e in chunk_spans(page, max_chars)]
        start += len(page) + len(PAGE_BREAK)
    return spans


def page_source(source: str, page: int) -> str:
    """`mapping/file:row` → `mapping/file:p<page>` (a document is one row; its pages cite)."""
    head, sep, _ = source.rpartition(":")
    return f"{head if sep else source}:p{page}"


def page_scan(con: duckdb.DuckDBPyConnection, sha256: str, page: int) -> bytes | None:
    """The PNG of a scanned page, kept at ingest for OCR pages (ingestion/documents/stage.py);
    None for a page with a text layer, or a store ingested before scans were kept."""
    try:
        row = con.execute("SELECT png FROM document_page_image WHERE sha256 = ? AND page = ?",
                          [sha256, page]).fetchone()
    except duckdb.CatalogException:
        return None
    return bytes(row[0]) if row else None
