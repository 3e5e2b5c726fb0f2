"""Text and metadata out of one evidence file, one function per format, with real libraries:
pypdf (text layer, metadata, embedded page images), python-docx, the stdlib `email` package,
extract-msg for Outlook .msg, BeautifulSoup for HTML, Pillow + Tesseract (`ocr`) for scans.

Every format yields the same `Extracted`: pages of text (a page without a text layer is OCR'd and
keeps its confidence) and the metadata the `document` record stores. A file that cannot be read —
encrypted, corrupt, no pages, an unsupported type, a scan with OCR unavailable — raises
`DocumentError` with the reason it is quarantined under.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from ingestion.documents.ocr import OcrUnavailable, ocr_image

MIN_TEXT_LAYER = 16  # characters: a PDF page with less text than this is treated as a scan
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif"}
TEXT_TYPES = {".txt", ".md", ".markdown", ".text"}
HTML_TYPES = {".html", ".htm"}


class DocumentError(ValueError):
    """A file that cannot be ingested; the message is the quarantine reason."""


@dataclass
class Page:
    text: str
    ocr: bool = False
    confidence: float | None = None  # OCR mean word confidence (0–1); None for a text layer
    image: Image.Image | None = None  # the scan an OCR page was read from (shown beside its text)


@dataclass
class Extracted:
    file_type: str
    pages: list[Page] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    subject: str | None = None
    sender: str | None = None
    recipients: str | None = None
    sent_at: datetime | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None


def _clean(text: str) -> str:
    """Page text as stored: no form feeds (they separate pages), no NULs, trailing space off."""
    text = text.replace("\f", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def _ocr(image: Image.Image, where: str) -> Page:
    try:
        result = ocr_image(image)
    except OcrUnavailable as exc:
        raise DocumentError(f"{where} has no text layer and {exc}") from None
    return Page(_clean(result.text), ocr=True, confidence=result.confidence, image=image)


# PDF ------------------------------------------------------------------------------------------


def _naive(value: object) -> datetime | None:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else None


def _pdf_page_image(page: object) -> Image.Image | None:
    """The page's largest embedded image (a scanner writes one per page)."""
    best: Image.Image | None = None
    for item in getattr(page, "images", []):
        image = item.image
        if image is not None and (best is None or image.width * image.height > best.width * best.height):
            best = image
    return best


def extract_pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("encrypted PDF: a password is needed to read it")
        count = len(reader.pages)
        meta = reader.metadata
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise DocumentError(f"corrupt PDF: {exc}") from None
    if count == 0:
        raise DocumentError("PDF has no pages")
    out = Extracted("pdf")
    if meta is not None:
        out.title, out.author, out.subject = meta.title or None, meta.author or None, meta.subject or None
        out.created_at = _naive(meta.creation_date)
        out.modified_at = _naive(meta.modification_date)
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = _clean(page.extract_text() or "")
        except Exception as exc:
            raise DocumentError(f"corrupt PDF: page {number} cannot be read ({exc})") from None
        if len(text) >= MIN_TEXT_LAYER:
            out.pages.append(Page(text))
            continue
        image = _pdf_page_image(page)
        out.pages.append(_ocr(image, f"page {number}") if image is not None else Page(text))
    return out


# Word -----------------------------------------------------------------------------------------


def extract_docx(path: Path) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"corrupt Word document: {exc}") from None
    except Exception as exc:
        raise DocumentError(f"corrupt Word document: {type(exc).__name__}: {exc}") from None
    pages: list[list[str]] = [[]]
    for paragraph in document.paragraphs:
        pages[-1].append(paragraph.text)
        if 'w:type="page"' in paragraph._p.xml:  # an explicit page break ends the page
            pages.append([])
    for table in document.tables:
        for row in table.rows:
            pages[-1].append(" | ".join(cell.text.strip() for cell in row.cells))
    props = document.core_properties
    out = Extracted("docx", title=props.title or None, author=props.author or None,
                    subject=props.subject or None, created_at=_naive(props.created),
                    modified_at=_naive(props.modified))
    out.pages = [Page(_clean("\n".join(lines))) for lines in pages if "".join(lines).strip()]
    return out


# Email ----------------------------------------------------------------------------------------


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    return re.sub(r"\n{3,}", "\n\n", soup.get_text("\n"))


def _header_block(out: Extracted, cc: str | None, attachments: list[str]) -> str:
    lines = [f"From: {out.sender or ''}", f"To: {out.recipients or ''}"]
    lines += [f"Cc: {cc}"] if cc else []
    lines += [f"Date: {out.sent_at:%Y-%m-%d %H:%M}"] if out.sent_at else []
    lines += [f"Subject: {out.subject or ''}"]
    lines += [f"Attachments: {', '.join(attachments)}"] if attachments else []
    return "\n".join(lines)


def extract_eml(path: Path) -> Extracted:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    if not message.keys():
        raise DocumentError("not an email: no headers found")
    out = Extracted("eml", subject=str(message.get("subject") or "") or None,
                    sender=str(message.get("from") or "") or None,
                    recipients=str(message.get("to") or "") or None)
    out.title = out.subject
    date = message.get("date")
    if date:
        parsed = email.utils.parsedate_to_datetime(str(date))
        out.sent_at = parsed.replace(tzinfo=None) if parsed else None
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        content = body_part.get_content()
        body = _html_text(content) if body_part.get_content_type() == "text/html" else content
    attachments = [p.get_filename() or "unnamed" for p in message.iter_attachments()]
    cc = str(message.get("cc") or "") or None
    out.pages = [Page(_clean(_header_block(out, cc, attachments) + "\n\n" + body))]
    return out


def extract_msg(path: Path) -> Extracted:
    try:
        import extract_msg
    except ImportError:
        raise DocumentError("Outlook .msg needs the extract-msg package (pip install extract-msg)") from None
    try:
        message: Any = extract_msg.openMsg(str(path))  # a Message for mail, typed as MSGFile
    except Exception as exc:
        raise DocumentError(f"corrupt Outlook message: {exc}") from None
    try:
        out = Extracted("msg", subject=message.subject or None, sender=message.sender or None,
                        recipients=message.to or None)
        out.title = out.subject
        date = message.date
        out.sent_at = date.replace(tzinfo=None) if isinstance(date, datetime) else None
        attachments = [getattr(a, "longFilename", None) or getattr(a, "shortFilename", None)
                       or "unnamed" for a in message.attachments]
        body = message.body or ""
        out.pages = [Page(_clean(_header_block(out, message.cc or None, attachments) + "\n\n" + body))]
    finally:
        message.close()
    return out


# Text, HTML, images ---------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def extract_text(path: Path) -> Extracted:
    raw = _decode(path.read_bytes())
    out = Extracted("md" if path.suffix.lower() in (".md", ".markdown") else "txt")
    out.pages = [Page(_clean(p)) for p in raw.split("\f")]  # a form feed is a page break
    first = next((line.strip("# ").strip() for line in raw.splitlines() if line.strip()), None)
    out.title = first[:200] if first else None
    return out


def extract_html(path: Path) -> Extracted:
    from bs4 import BeautifulSoup

    html = _decode(path.read_bytes())
    title = BeautifulSoup(html, "html.parser").title
    return Extracted("html", pages=[Page(_clean(_html_text(html)))],
                     title=title.get_text().strip() or None if title else None)


def extract_image(path: Path) -> Extracted:
    try:
        image = Image.open(io.BytesIO(path.read_bytes()))
        image.load()
    except Exception as exc:
        raise DocumentError(f"corrupt or unreadable image: {exc}") from None
    out = Extracted(path.suffix.lower().lstrip("."))
    for frame in range(getattr(image, "n_frames", 1)):  # a multi-page TIFF is one page a frame
        image.seek(frame)
        out.pages.append(_ocr(image.copy(), f"page {frame + 1}"))
    return out


def extract(path: Path) -> Extracted:
    """Dispatch on the file's extension; every result has at least one page with text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        out = extract_pdf(path)
    elif suffix == ".docx":
        out = extract_docx(path)
    elif suffix == ".eml":
        out = extract_eml(path)
    elif suffix == ".msg":
        out = extract_msg(path)
    elif suffix in TEXT_TYPES:
        out = extract_text(path)
    elif suffix in HTML_TYPES:
        out = extract_html(path)
    elif suffix in IMAGE_TYPES:
        out = extract_image(path)
    else:
        raise DocumentError(f"unsupported file type {suffix or '(no extension)'!r}")
    if not out.pages:
        raise DocumentError("the document has no pages")
    if not any(p.text for p in out.pages):
        raise DocumentError("no text could be read from any page (empty, or a blank scan)")
    return out
