"""Masking's contact-detail recognisers find exactly what Presidio found, without importing it.

assistant/masking/patterns.py runs the recognisers' regexes itself so that answering does not
import Presidio (and with it spaCy, thinc and torch: most of a cold `probity ask`). Presidio stays
the reference: its AnalyzerEngine, built as masking used to build it (pattern recognisers only,
an NLP engine that does nothing), must return the same spans — every one — over the public
narratives, every text field of a synthetic force's exports, and red-team texts written to catch
a difference (case, line breaks, Unicode digits, overlaps). And a new process that masks text
must not have imported Presidio, spaCy or torch.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.masking.patterns import MIN_SCORE, RECOGNIZERS, SCORE, pii_entities, pii_spans

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = [(ROOT / "data/public/chicago-copa-cms/complaints-complaints-cms_2019-2022_2022-09.csv",
           "narrative"), (ROOT / "data/public/philly/ppd_complaints.csv", "summary")]
RED_TEAM = [
    "call me on 07700 900461 or +44 (0)113 496 0000, or 0113 4960000.",
    "email JO.Bloggs+psd@Example.co.uk; postcode ls6 2qr, LS62QR and sw1a 1aa",
    "lives at 14 elm grove road\nand at 3B, Church Street. then 221 baker st",
    "DOB: 30/04/1959, d.o.b. 1959-04-30, born on 3rd of March 1987, Date of Birth\n4 May 1990",
    "30/04/1959 (DOB) and March 3, 1987 ( date of birth )",
    "phone ０７７００ ９００４６１ (full-width digits) and ٠٧٧٠٠٩٠٠٤٦١",
    "STREET: 12 HIGH STREET, 7 Acacia Avenue Ave, 1 a b c d Road",
    "overlap: born 01/02/1990 (dob) at 10 Downing Street SW1A 2AA, 020 7946 0000",
    "", "no details here at all", "0" * 40, "a@b.c @@ x@y",
]


@pytest.fixture(scope="module")
def analyzer() -> Any:
    """Presidio's AnalyzerEngine as masking built it: pattern recognizers over RECOGNIZERS and
    an NLP engine that does nothing (Presidio is a dev dependency: the reference only)."""
    presidio = pytest.importorskip("presidio_analyzer")
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    class NoNlpEngine(NlpEngine):
        def load(self) -> None:
            return None

        def is_loaded(self) -> bool:
            return True

        def process_text(self, text: str, language: str) -> NlpArtifacts:
            return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[],  # type: ignore[arg-type]
                                nlp_engine=self, language=language)

        def process_batch(self, texts: Any, language: str, batch_size: int = 1,
                          n_process: int = 1, **kwargs: Any
                          ) -> Iterator[tuple[str, NlpArtifacts]]:
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

    registry = presidio.RecognizerRegistry(supported_languages=["en"])
    for entity, regexes in RECOGNIZERS.items():
        patterns = [presidio.Pattern(f"{entity}_{i}", rx, SCORE) for i, rx in enumerate(regexes)]
        registry.add_recognizer(presidio.PatternRecognizer(supported_entity=entity,
                                                           patterns=patterns))
    return presidio.AnalyzerEngine(nlp_engine=NoNlpEngine(), registry=registry,
                                   supported_languages=["en"])


def covered(spans: list[tuple[int, int]]) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def differences(analyzer: Any, texts: list[str]) -> tuple[int, list[tuple[str, Any, Any]]]:
    """(spans Presidio found, texts where ours differ): same (entity, start, end) set once
    Presidio's de-duplication of contained spans is allowed for, and the same masked chars."""
    found, diffs = 0, []
    for text in texts:
        theirs = {(r.entity_type, r.start, r.end)
                  for r in analyzer.analyze(text, language="en", score_threshold=MIN_SCORE)}
        ours = set(pii_entities(text))
        found += len(theirs)
        contained = {(e, a, b) for e, a, b in ours - theirs
                     if any(e == f and c <= a and b <= d for f, c, d in theirs)}
        if theirs != ours - contained or covered(pii_spans(text)) != covered(
                [(a, b) for _, a, b in theirs]):
            diffs.append((text[:200], sorted(theirs ^ ours), contained))
    return found, diffs


def test_red_team_texts_match_presidio(analyzer: Any) -> None:
    found, diffs = differences(analyzer, RED_TEAM)
    assert found >= 20 and diffs == [], diffs


def test_public_narratives_match_presidio(analyzer: Any) -> None:
    texts: list[str] = []
    for path, column in PUBLIC:
        with path.open(newline="", encoding="utf-8") as fh:
            texts += list(dict.fromkeys(r[column] for r in csv.DictReader(fh) if r[column]))
    found, diffs = differences(analyzer, texts)
    assert len(texts) > 8000 and found > 100 and diffs == [], diffs[:5]


def test_synthetic_exports_match_presidio(analyzer: Any, synthetic_source: Path) -> None:
    """Every string cell of every export (CSV, JSON, text) of the synthetic force."""
    texts: set[str] = set()
    for path in synthetic_source.rglob("*"):
        if path.suffix == ".csv":
            with path.open(newline="", encoding="utf-8") as fh:
                texts |= {v for row in csv.reader(fh) for v in row if len(v) > 5}
        elif path.suffix in (".json", ".jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    texts |= set(strings(json.loads(line)))
                except json.JSONDecodeError:
                    continue
        elif path.suffix in (".txt", ".eml", ".md"):
            texts.add(path.read_text(encoding="utf-8", errors="replace"))
    found, diffs = differences(analyzer, sorted(texts))
    assert len(texts) > 1000 and found > 50 and diffs == [], diffs[:5]


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_masking_imports_no_presidio_spacy_or_torch() -> None:
    code = ("import sys; from assistant.redaction import detail_spans, mask; "
            "t = 'Mr Jo Bloggs, DOB 01/02/1990, 07700 900461'; "
            "print(mask(t, detail_spans(t, 'Mr Jo Bloggs'))); "
            "print(sorted(m for m in ('presidio_analyzer', 'spacy', 'thinc', 'torch') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    masked, loaded = done.stdout.splitlines()
    assert "Bloggs" not in masked and "1990" not in masked and "900461" not in masked
    assert loaded == "[]", loaded
