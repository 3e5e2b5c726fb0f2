"""Evidence files → pages of text + metadata (issue #18), on real libraries and real Tesseract:
each format's extraction, OCR with its confidence, and every kind of bad file refused with a
reason (the ingest quarantines it under that reason). Fixtures are generated here, never stored."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from assistant.pages import page_bounds, page_chunk_spans, page_of, page_source
from ingestion.documents import ocr
from ingestion.documents.extract import DocumentError, extract
from ingestion.mapping import MappingError, load_mapping
from tests.documents_fixtures import (
    FORWARDED,
    STATEMENT_PAGES,
    forwarded_eml,
    memo_docx,
    scanned_pdf,
    statement_pdf,
)

needs_tesseract = pytest.mark.skipif(ocr.tesseract_version() is None,
                                     reason="Tesseract is not installed (apt-get install tesseract-ocr)")


def test_pdf_statement_pages_and_metadata(tmp_path: Path) -> None:
    statement_pdf(tmp_path / "s.pdf")
    doc = extract(tmp_path / "s.pdf")
    assert doc.file_type == "pdf" and len(doc.pages) == 3
    assert (doc.title, doc.author) == ("Witness statement of Helen Carter", "Northtown PSD")
    assert doc.created_at is not None
    assert "brown envelope" in doc.pages[1].text and "brown envelope" not in doc.pages[0].text
    assert not any(p.ocr for p in doc.pages)
    assert doc.pages[2].text.split()[:4] == STATEMENT_PAGES[2].split()[:4]


def test_docx_memo(tmp_path: Path) -> None:
    memo_docx(tmp_path / "m.docx")
    doc = extract(tmp_path / "m.docx")
    assert (doc.file_type, doc.title, doc.author) == ("docx", "Custody review memo", "DS Grace Lowe")
    assert len(doc.pages) == 1 and "cell check was never carried out" in doc.pages[0].text


def test_email_headers_and_forwarded_address(tmp_path: Path) -> None:
    forwarded_eml(tmp_path / "f.eml")
    doc = extract(tmp_path / "f.eml")
    assert doc.sender == "Grace Lowe <grace.lowe@testshire.police.uk>"
    assert doc.recipients == "psd@testshire.police.uk" and doc.subject == "Fwd: overtime"
    assert doc.sent_at is not None and doc.sent_at.isoformat() == "2024-03-15T09:12:00"
    text = doc.pages[0].text
    assert text.startswith("From: Grace Lowe <grace.lowe@testshire.police.uk>")
    assert "From: tom.fielding@testshire.police.uk" in text  # the forwarded sender
    assert FORWARDED.splitlines()[-2] in text


def test_text_html_and_form_feed_pages(tmp_path: Path) -> None:
    (tmp_path / "n.txt").write_text("Note one\fNote two", encoding="utf-8")
    assert [p.text for p in extract(tmp_path / "n.txt").pages] == ["Note one", "Note two"]
    (tmp_path / "p.html").write_text("<html><head><title>Log</title><style>x{}</style></head>"
                                     "<body><p>PC Marsh signed in.</p></body></html>")
    doc = extract(tmp_path / "p.html")
    assert doc.title == "Log" and doc.pages[0].text == "PC Marsh signed in."


@needs_tesseract
def test_scanned_pdf_is_read_by_ocr_with_confidence(tmp_path: Path) -> None:
    scanned_pdf(tmp_path / "scan.pdf")
    doc = extract(tmp_path / "scan.pdf")
    (page,) = doc.pages
    assert page.ocr and page.confidence is not None and page.confidence > 0.6
    assert "LX19 ABC" in page.text and "Golden Palace casino" in page.text


@needs_tesseract
def test_image_is_read_by_ocr(tmp_path: Path) -> None:
    from tests.documents_fixtures import scan_image

    scan_image(["PC Dana Marsh was there."]).save(tmp_path / "photo.png")
    (page,) = extract(tmp_path / "photo.png").pages
    assert page.ocr and "Dana Marsh" in page.text


def test_without_tesseract_scans_are_refused_clearly_and_text_still_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_version", lambda: None)
    scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(DocumentError, match=r"no text layer and OCR is unavailable.*apt-get "
                                            r"install tesseract-ocr"):
        extract(tmp_path / "scan.pdf")
    statement_pdf(tmp_path / "s.pdf")
    assert len(extract(tmp_path / "s.pdf").pages) == 3


def _encrypted(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    statement_pdf(path.with_name("plain.pdf"))
    writer = PdfWriter()
    for page in PdfReader(path.with_name("plain.pdf")).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    with path.open("wb") as fh:
        writer.write(fh)


def _no_pages(path: Path) -> None:
    from pypdf import PdfWriter

    with path.open("wb") as fh:
        PdfWriter().write(fh)


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("corrupt.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj << garbage"), "corrupt PDF"),
    ("locked.pdf", _encrypted, "encrypted PDF"),
    ("empty.pdf", _no_pages, "PDF has no pages"),
    ("bad.docx", lambda p: p.write_bytes(b"not a zip"), "corrupt Word document"),
    ("bad.png", lambda p: p.write_bytes(b"\x89PNG broken"), "corrupt or unreadable image"),
    ("archive.zip", lambda p: zipfile.ZipFile(p, "w").close(), "unsupported file type '.zip'"),
    ("blank.txt", lambda p: p.write_text("   \n"), "no text could be read"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, name: str, make, reason: str) -> None:
    make(tmp_path / name)
    with pytest.raises(DocumentError, match=reason.replace("(", r"\(").replace(".", r"\.")):
        extract(tmp_path / name)


def test_pages_by_offset() -> None:
    text = "First page. Two.\fSecond page here.\f\fFourth."
    assert [page_of(text, i) for i in (0, 16, 17, 35, 36)] == [1, 1, 2, 3, 4]
    assert text[slice(*page_bounds(text, 2))] == "Second page here."
    assert page_bounds(text, 3) == (35, 35)
    spans = page_chunk_spans(text, 12)
    assert spans and all("\f" not in text[s:e] for s, e in spans)
    assert {page_of(text, s) for s, _ in spans} == {1, 2, 4}
    assert page_source("documents/a/b.pdf:1", 3) == "documents/a/b.pdf:p3"


def test_restricted_rule_matches_is_validated(tmp_path: Path) -> None:
    assert load_mapping("documents").records[0].kind == "document"
    base = "name: x\nforce: f\nnamespace: x\nrecords:\n  - kind: document\n    file: '*'\n" \
           "    id: '{path}'\n    fields: {path: path}\n"
    for rule, error in (("{column: path, matches: '(['}", "not a valid regular expression"),
                        ("{column: path, matches: a, in: [b]}", "not both")):
        (tmp_path / "m.yaml").write_text(base + f"    restricted: {rule}\n")
        with pytest.raises(MappingError, match=error):
            load_mapping(str(tmp_path / "m.yaml"))


@needs_tesseract
def test_mapping_check_reads_a_document_folder_and_writes_nothing(tmp_path: Path) -> None:
    from ingestion.check import check_mapping
    from tests.documents_fixtures import evidence_folder

    docs = evidence_folder(tmp_path)
    report = check_mapping("documents", docs)
    (entry,) = report.entries
    assert (entry.counts["rows"], entry.counts["stored"], entry.counts["quarantined"]) == (6, 5, 1)
    assert entry.quarantine[0][0].startswith("broken/corrupt.pdf: corrupt PDF")
    assert {s["path"] for s in entry.samples} <= {p.relative_to(docs).as_posix()
                                                  for p in docs.rglob("*") if p.is_file()}
    assert not list(tmp_path.rglob("*.duckdb"))


def test_auto_force_needs_the_staff_first(tmp_path: Path) -> None:
    from assistant import store
    from ingestion.pipeline import ingest_records

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("PC Marsh was there.")
    con = store.connect(tmp_path / "records.duckdb")
    try:
        report = ingest_records(con, "documents", tmp_path / "docs")
        assert report.error and "force: auto needs a store with exactly one force" in report.error
        assert "ingest the staff first" in report.error
        assert con.execute("SELECT count(*) FROM document").fetchone() == (0,)
    finally:
        con.close()


def test_own_mapping_declares_documents_with_its_glob_and_restriction(tmp_path: Path) -> None:
    from assistant import store
    from ingestion.pipeline import ingest_records

    memo_docx(tmp_path / "docs" / "memos" / "custody_memo.docx")
    forwarded_eml(tmp_path / "docs" / "mail" / "forwarded.eml")
    (tmp_path / "mine.yaml").write_text(
        "name: psd_docs\nforce: docshire\nnamespace: pd\nrecords:\n"
        "  - kind: document\n    file: 'memos/**/*.docx'\n    id: '{sha256}'\n"
        "    fields: {path: path, title: title, text: text, page_count: page_count}\n"
        "    mentions: [text]\n    restricted: {column: path, matches: '^memos/'}\n")
    con = store.connect(tmp_path / "records.duckdb")
    try:
        report = ingest_records(con, str(tmp_path / "mine.yaml"), tmp_path / "docs")
        assert report.error is None and report.entries[0].counts.inserted == 1
        rows = con.execute("SELECT path, title, restricted, source_file, source_mapping "
                           "FROM document").fetchall()
        assert rows == [("memos/custody_memo.docx", "Custody review memo", True,
                         "memos/custody_memo.docx", "psd_docs")]
        names = {n for (n,) in con.execute("SELECT name FROM person_ref").fetchall()}
        assert names == {"Grace Lowe", "Ken Finch"}
    finally:
        con.close()
