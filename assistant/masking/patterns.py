"""Contact details and dates of birth found by Presidio's analyzer with pattern recognizers only.

Presidio's AnalyzerEngine normally runs a spaCy model; here its NLP engine does nothing (no model
is needed or downloaded) and only regex `PatternRecognizer`s are registered. Presidio's own email
recognizer is not used: it validates domains with tldextract, which fetches the public-suffix
list from the network. Every span scored above MIN_SCORE is masked.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

# Importing presidio_analyzer imports spaCy (seconds): callers import this module only when a
# user's text is to be masked (redaction.py imports it lazily).

MIN_SCORE = 0.3
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


class NoNlpEngine(NlpEngine):
    """An NLP engine that does nothing: pattern recognizers need no tokens or entities."""

    def load(self) -> None:
        return None

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[],  # type: ignore[arg-type]
                            nlp_engine=self, language=language)

    def process_batch(self, texts: Any, language: str, batch_size: int = 1, n_process: int = 1,
                      **kwargs: Any) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return False

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return ["en"]


@lru_cache(maxsize=1)
def analyzer() -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=["en"])
    for entity, regexes in RECOGNIZERS.items():
        patterns = [Pattern(f"{entity}_{i}", rx, 0.6) for i, rx in enumerate(regexes)]
        registry.add_recognizer(PatternRecognizer(supported_entity=entity, patterns=patterns))
    return AnalyzerEngine(nlp_engine=NoNlpEngine(), registry=registry, supported_languages=["en"])


def pii_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every email, phone, postcode, street address and date of birth."""
    if not text:
        return []
    found = analyzer().analyze(text, language="en", score_threshold=MIN_SCORE)
    return [(r.start, r.end) for r in found]
