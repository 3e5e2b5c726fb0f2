"""Contact details and dates of birth in any text: the pattern recognisers masking applies.

These were run through Presidio's AnalyzerEngine with pattern recognisers only and an NLP engine
that did nothing. Importing presidio_analyzer imports spaCy, thinc and torch — 11–23 s of a cold
`probity ask` of 19–39 s — to run five regexes. Here the same regexes run as Presidio runs them:
the `regex` module (Presidio's), Presidio's default flags (DOTALL | MULTILINE | IGNORECASE: the
capitals in the postcode and street patterns match any case), every non-empty match of every
pattern kept (each scores 0.6, above MIN_SCORE; Presidio's de-duplication only drops spans
contained in another of the same kind, so the masked characters are the same). Without
Presidio's regex timeout: a pattern that ran long would be skipped there, leaving text unmasked.
tests/test_masking_patterns.py checks the spans equal Presidio's, span for span, on the public
narratives, a synthetic force's exports and red-team texts.

Presidio's own email recogniser was never used: it validates domains with tldextract, which
fetches the public-suffix list from the network.
"""

from __future__ import annotations

from functools import lru_cache

import regex

MIN_SCORE = 0.3  # what Presidio was asked for; every pattern here scores SCORE
SCORE = 0.6
FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE  # PatternRecognizer's defaults
DATE = (r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
        r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,9}\.?,?\s+(?:19|20)\d{2}"
        r"|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})")
RECOGNIZERS: dict[str, list[str]] = {
    "EMAIL_ADDRESS": [r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"],
    "UK_PHONE": [r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\b0)(?:\d\s?){9,10}\b"],
    "UK_POSTCODE": [r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"],
    "STREET_ADDRESS": [
        r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|"
        r"Drive|Dr|Close|Way|Grove|Crescent|Place|Court|Gardens|Terrace|Walk|Hill|Row|Mews|"
        r"Square|Parade|View|Rise)\b\.?",
    ],
    "DATE_OF_BIRTH": [
        rf"(?i:\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?)\b[\s:,(]*){DATE}",
        rf"{DATE}(?=\s*\(\s*(?i:dob|date of birth)\b)",
    ],
}
# What a text must contain for a pattern to match anywhere in it — a part of the pattern itself,
# searched with the same engine and flags, so skipping the pattern when it is absent changes
# nothing. "A date followed by (DOB" tried a date at every letter: 80% of the matching time.
NEEDS: dict[tuple[str, int], str] = {("DATE_OF_BIRTH", 1): r"\(\s*(?i:dob|date of birth)\b"}


@lru_cache(maxsize=1)
def compiled() -> list[tuple[str, regex.Pattern[str], regex.Pattern[str] | None]]:
    """(entity, pattern, what the text must contain) for every recogniser's every regex, compiled
    once per process."""
    return [(entity, regex.compile(rx, FLAGS),
             regex.compile(NEEDS[entity, i], FLAGS) if (entity, i) in NEEDS else None)
            for entity, rxs in RECOGNIZERS.items() for i, rx in enumerate(rxs)]


def pii_entities(text: str) -> list[tuple[str, int, int]]:
    """(entity, start, end) of every non-empty match, in recogniser order."""
    if not text:
        return []
    return [(entity, m.start(), m.end()) for entity, rx, needs in compiled()
            if needs is None or needs.search(text)
            for m in rx.finditer(text) if m.end() > m.start()]


def pii_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every email, phone, postcode, street address and date of birth."""
    return [(start, end) for _, start, end in pii_entities(text)]
