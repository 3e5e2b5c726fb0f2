"""OCR with Tesseract (Debian `tesseract-ocr`, driven through pytesseract) for scanned pages and
images, with a confidence per page.

Why a module of its own: OCR is the one extraction path that depends on a system binary. Where it
is missing the documents that need it are quarantined with a reason that says how to install it,
and everything with a text layer still ingests.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import cache

from PIL import Image

INSTALL_HINT = "install Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr) and ingest again"
MIN_SIDE = 1000  # pixels: a scan whose longer side is smaller is enlarged (tiny text misreads)


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed (or cannot run)."""


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float  # mean word confidence, 0–1 (0 when no word was read)


@cache
def tesseract_version() -> str | None:
    """The installed Tesseract's version, or None where it cannot be found or run."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        return str(pytesseract.get_tesseract_version())
    except Exception:
        return None


def ocr_image(image: Image.Image, lang: str = "eng") -> OcrPage:
    """Text of one page image, lines in reading order, and Tesseract's mean word confidence."""
    if tesseract_version() is None:
        raise OcrUnavailable(f"OCR is unavailable: Tesseract is not installed; {INSTALL_HINT}")
    import pytesseract

    gray = image.convert("L")
    if max(gray.size) < MIN_SIDE:
        scale = MIN_SIDE / max(1, max(gray.size))
        gray = gray.resize((round(gray.width * scale), round(gray.height * scale)))
    data = pytesseract.image_to_data(gray, lang=lang, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines.setdefault(key, []).append(word)
        conf = float(data["conf"][i])
        if conf >= 0:
            confidences.append(conf)
    paragraphs: list[list[str]] = []
    last: tuple[int, int] | None = None
    for (block, par, _), words in sorted(lines.items()):
        if (block, par) != last:
            paragraphs.append([])
            last = (block, par)
        paragraphs[-1].append(" ".join(words))
    text = "\n\n".join("\n".join(p) for p in paragraphs)
    confidence = sum(confidences) / len(confidences) / 100 if confidences else 0.0
    return OcrPage(text, round(confidence, 3))
