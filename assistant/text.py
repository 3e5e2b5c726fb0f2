"""Narrative fields → chunks of whole sentences, each with exact offsets into its field.

Offsets are what make citations checkable: for every chunk `field_text[start:end] == text`.
The same sentence splitter serves the extractive composer, so a quoted sentence always lies
inside one chunk's span. It lives in the assistant core because both sides need it: ingestion
(chunking) imports the core, and the core never imports ingestion (tests/test_packaging.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A sentence ends at . ! or ? (optionally closed by a quote or bracket) followed by whitespace and
# an upper-case letter, digit or opening quote — or at a blank line. Abbreviations common in
# police narratives ("PC.", "Sgt.", "approx.") are not sentence ends.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(])|\n\s*\n")
_ABBREVIATIONS = re.compile(
    r"\b(?:PC|DC|DS|DI|Sgt|Insp|Supt|Det|Off|Mr|Mrs|Ms|Dr|St|No|approx|vs|etc|e\.g|i\.e|[A-Z])\.$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; text[start:end] is the sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()]
        if _ABBREVIATIONS.search(head.rstrip("\"')]")):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _split_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """A sentence longer than the limit is cut at whitespace (never mid-word where avoidable)."""
    while end - start > limit:
        cut = text.rfind(" ", start, start + limit)
        cut = cut if cut > start else start + limit
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive sentences packed into spans of at most `max_chars` characters."""
    pieces: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        pieces.extend(_split_long(text, s, e, max_chars))
    chunks: list[tuple[int, int]] = []
    for s, e in pieces:
        if chunks and e - chunks[-1][0] <= max_chars:
            chunks[-1] = (chunks[-1][0], e)
        else:
            chunks.append((s, e))
    return chunks
