"""Issue #18's acceptance test on real components (DuckDB, the embedding model, Chroma, BM25,
Tesseract, the answer engine, Streamlit AppTest): a folder with a multi-page PDF statement, a Word
memo, an email forwarding a colleague's message, a scanned PDF with no text layer, a corrupt PDF
and a restricted informant note is ingested with the built-in `documents` mapping after the staff
they name. Each question answerable only from one document is answered from that file and page
with a verbatim quote; the staff named are linked; the restricted note stays invisible to an
investigator; masking applies to document text; re-ingest changes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant.answers import User
from assistant.settings import Settings
from ingestion.documents import ocr
from ingestion.run import IngestSummary, ingest
from tests.documents_fixtures import QUESTIONS, evidence_folder, staff_folder

pytestmark = pytest.mark.skipif(ocr.tesseract_version() is None,
                                reason="Tesseract is not installed (apt-get install tesseract-ocr)")
INVESTIGATOR = User(name="inv", role="investigator")
SENIOR = User(name="senior", role="senior_investigator")
FIELDING, LOWE, FINCH = "person:ds:300001", "person:ds:300002", "person:ds:300003"


def _doc(path: str) -> str:
    return f"document:doc:{path}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("documents")
    docs = evidence_folder(root)
    staff, mapping = staff_folder(root)
    settings = Settings(data_dir=root / "data", today=date(2024, 6, 30))
    summaries: list[IngestSummary] = []
    for name, source in ((str(mapping), staff), ("documents", docs), ("documents", docs)):
        summaries.append(ingest(settings, [name], source, show_progress=False))
        assert not summaries[-1].failed, [s.error for s in summaries[-1].sources]
    return {"settings": settings, "docs": docs, "first": summaries[1], "again": summaries[2]}


@pytest.fixture(scope="module")
def con(store: dict[str, Any]) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(store["settings"].duckdb_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def engine(store: dict[str, Any], con: duckdb.DuckDBPyConnection) -> Iterator[Any]:
    from assistant.service import Engine

    con.close()  # the engine opens the store itself
    engine = Engine(store["settings"])
    yield engine
    engine.close()


def test_files_in_equal_stored_plus_quarantined(store: dict[str, Any], con) -> None:
    (entry,) = store["first"].sources[0].entries
    assert (entry.counts.rows, entry.counts.inserted, entry.counts.quarantined) == (6, 5, 1)
    (reason,) = con.execute("SELECT reason FROM quarantine WHERE kind = 'document'").fetchone()
    assert reason.startswith("broken/corrupt.pdf: corrupt PDF")


def test_reingest_is_idempotent(store: dict[str, Any]) -> None:
    again = store["again"]
    (entry,) = again.sources[0].entries
    assert (entry.counts.unchanged, entry.counts.inserted, entry.counts.updated) == (5, 0, 0)
    assert entry.counts.quarantined == 1
    assert (again.index.chunks_created, again.index.chunks_embedded) == (0, 0)


def test_metadata_pages_and_offsets(store: dict[str, Any], con) -> None:
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT path, title, author, sender, sent_at, sha256, page_count, ocr_pages, pages, text, "
        "source_file, restricted, force FROM document").fetchall()}
    assert set(rows) == {"statements/witness_statement.pdf", "memos/custody_memo.docx",
                         "mail/forwarded.eml", "scans/scanned_letter.pdf",
                         "restricted/informant_note.txt"}
    for path, (*_, sha, count, _ocr, pages, text, source_file, _r, force) in rows.items():
        assert sha == hashlib.sha256((store["docs"] / path).read_bytes()).hexdigest()
        assert source_file == path and force == "docshire"
        spans = json.loads(pages)
        assert len(spans) == count == text.count("\f") + 1
        assert "\f".join(text[p["start"]:p["end"]] for p in spans) == text
    statement = rows["statements/witness_statement.pdf"]
    assert statement[:2] == ("Witness statement of Helen Carter", "Northtown PSD")
    assert statement[5] == 3 and "brown envelope" in statement[8].split("\f")[1]
    assert rows["mail/forwarded.eml"][2].endswith("<grace.lowe@testshire.police.uk>")
    assert rows["mail/forwarded.eml"][3].isoformat() == "2024-03-15T09:12:00"
    scan = json.loads(rows["scans/scanned_letter.pdf"][7])[0]
    assert rows["scans/scanned_letter.pdf"][6] == 1 and scan["ocr"] and scan["confidence"] > 0.6
    assert [r[10] for r in rows.values()].count(True) == 1
    assert rows["restricted/informant_note.txt"][10]


def test_scanned_pages_keep_their_image(con) -> None:
    """The source panel shows the scan an OCR quote was read from: kept for OCR pages only."""
    from io import BytesIO

    from PIL import Image

    from assistant.pages import page_scan

    kept = con.execute(
        "SELECT d.path, i.page FROM document_page_image i JOIN document d USING (sha256)"
    ).fetchall()
    assert kept == [("scans/scanned_letter.pdf", 1)]
    (digest,) = con.execute("SELECT sha256 FROM document WHERE path = 'scans/scanned_letter.pdf'"
                            ).fetchone()
    png = page_scan(con, digest, 1)
    assert png is not None and max(Image.open(BytesIO(png)).size) <= 1400
    assert page_scan(con, digest, 2) is None


def test_chunks_never_cross_a_page(con) -> None:
    for text, start, end in con.execute(
            "SELECT d.text, c.start_pos, c.end_pos FROM chunk c JOIN document d "
            "USING (record_id)").fetchall():
        assert "\f" not in text[start:end]
    pages = con.execute("SELECT count(*) FROM chunk WHERE record_id = ?",
                        [_doc("statements/witness_statement.pdf")]).fetchone()
    assert pages == (3,)


@pytest.mark.parametrize(("record", "people"), [
    ("statements/witness_statement.pdf", {FIELDING}),
    ("memos/custody_memo.docx", {LOWE, FINCH}),
    ("mail/forwarded.eml", {LOWE, FIELDING}),  # sender's address and the forwarded one
    ("restricted/informant_note.txt", {FIELDING}),
])
def test_people_named_become_resolved_references(con, record: str, people: set[str]) -> None:
    rows = con.execute("SELECT role, person_id, method, confidence FROM person_ref "
                       "WHERE record_id = ? AND person_id IS NOT NULL", [_doc(record)]).fetchall()
    assert {p for _, p, _, _ in rows} == people
    assert all(role == "mentioned" and method != "unresolved" and conf > 0.5
               for role, _, method, conf in rows)


@pytest.mark.parametrize(("question", "path", "page", "words"), QUESTIONS)
def test_each_document_answers_its_question_by_page(engine, question, path, page, words) -> None:
    answer = engine.answer(question, INVESTIGATOR)
    assert not answer.abstained, answer.answer
    cited = [c for c in answer.citations if c.record_id == _doc(path)]
    assert cited, (answer.answer, [c.record_id for c in answer.citations])
    c = cited[0]
    assert c.page == page and c.source == f"documents/{path}:p{page}"
    stored = engine.con.execute("SELECT text FROM document WHERE path = ?", [path]).fetchone()[0]
    assert stored[c.start:c.end] == c.quote and words in c.quote
    assert f"“{c.quote}” [{c.n}]" in answer.answer.replace("\n", " ").replace(
        c.quote.replace("\n", " "), c.quote)


def test_which_documents_mention_an_officer(engine) -> None:
    for user, expected in ((INVESTIGATOR, {"statements/witness_statement.pdf",
                                           "mail/forwarded.eml"}),
                           (SENIOR, {"statements/witness_statement.pdf", "mail/forwarded.eml",
                                     "restricted/informant_note.txt"})):
        answer = engine.answer("Which documents mention PC Fielding?", user)
        assert answer.intent == "list" and not answer.abstained
        cited = {c.record_id for c in answer.citations if c.kind == "document"}
        assert cited == {_doc(p) for p in expected}
        assert f"{len(expected)} documents mentioning PC Tom Fielding" in answer.answer
        title = "Witness statement of " + (  # a document's headline; a complainant's name masked
            "Helen Carter" if user is SENIOR else "█████ ██████")
        assert f"“{title}”" in answer.answer
        titled = [c for c in answer.citations if c.kind == "document"]
        assert all(c.page is None and ":" not in c.source for c in titled)  # metadata: the file


def test_profile_lists_the_documents(engine) -> None:
    answer = engine.answer("Tell me about PC Tom Fielding", INVESTIGATOR)
    assert "2 documents" in answer.answer
    assert _doc("restricted/informant_note.txt") not in {c.record_id for c in answer.citations}


def test_restricted_document_is_invisible_to_an_investigator(engine) -> None:
    question = "Which documents mention the Zanzibar nightclub?"
    hidden = engine.answer(question, INVESTIGATOR)
    assert "Zanzibar nightclub before" not in hidden.answer and not hidden.citations
    shown = engine.answer(question, SENIOR)
    assert [c.record_id for c in shown.citations] == [_doc("restricted/informant_note.txt")]


def test_masking_applies_to_document_text(engine) -> None:
    record = _doc("mail/forwarded.eml")
    (text,) = engine.con.execute("SELECT text FROM document WHERE record_id = ?",
                                 [record]).fetchone()
    masked = engine.redactor(INVESTIGATOR).text(record, "text", text)
    assert engine.redactor(SENIOR).text(record, "text", text) == text
    assert len(masked) == len(text) and "psd@testshire.police.uk" not in masked
    assert "Rovers match" in masked  # only the personal details are masked
    answer = engine.answer("What does the email say about overtime for the Rovers match?",
                           INVESTIGATOR)
    assert answer.citations and "@" not in answer.answer
    statement = _doc("statements/witness_statement.pdf")  # names a complainant of a complaint
    (text,) = engine.con.execute("SELECT text FROM document WHERE record_id = ?",
                                 [statement]).fetchone()
    assert "Helen Carter" in text
    assert "Helen Carter" not in engine.redactor(INVESTIGATOR).text(statement, "text", text)
    assert "Helen Carter" in engine.redactor(SENIOR).text(statement, "text", text)


def test_source_panel_shows_the_cited_page(store: dict[str, Any], engine,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.element_tree import Html

    from assistant.keys import KeyStore

    settings = store["settings"]
    monkeypatch.setenv("PROBITY_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PROBITY_TODAY", str(settings.today))
    monkeypatch.delenv("PROBITY_UI_USER", raising=False)
    app = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
    at = AppTest.from_file(app, default_timeout=300).run()
    at.text_input(key="token").input(KeyStore(settings.data_dir / "keys.sqlite")
                                     .create("ui-docs", "investigator")[1])
    next(b for b in at.button if b.label == "Sign in").click().run()
    at.text_input(key="case-input").input("PSD/2024/0001")
    next(b for b in at.button if b.label == "Start").click().run()
    for question, path, page, words in (QUESTIONS[0], QUESTIONS[3]):  # statement p2, the scan
        at.chat_input[0].set_value(question).run()
        assert not at.exception and not at.error
        shown = "\n".join(h.value for h in at.get("html") if isinstance(h, Html))
        assert f"text · page {page}" in shown and escape(f"documents/{path}:p{page}") in shown
        marked = shown.rsplit('<mark class="prb-q">', 1)[1].split("</mark>", 1)[0]
        assert words in marked
    assert "page 1 · OCR text, confidence " in shown and "page 2 · OCR" not in shown
    # an investigator reads the scan's masked text, never the unmaskable picture of it
    assert any("the scan itself is shown only to readers cleared" in c.value for c in at.caption)
