"""Offline support check: is a generated sentence stated by the source text it cites?

A sentence is supported by its cited sources when all of these hold:
1. **Specifics** — every number (digits or number words), month, and name (a capitalised word not
   at the start of the sentence, minus a short list of function words) occurs in the cited text
   or in the cited records' label/date/people, which the prompt showed beside the text; and every
   finding or outcome word ("cleared", "innocent", "dismissed", "admitted", ...) occurs in the
   cited text itself. A wrong date, collar number or outcome cannot be paraphrased into being right.
2. **Polarity** — no word is asserted with the opposite polarity to every occurrence of it in the
   cited text ("drugs were found" against "no drugs or weapons were found"; `lexicon.polarity`).
3. **Lexical overlap** — at least `MIN_LEXICAL` of the sentence's content-word stems (Snowball)
   occur in the cited text.
4. **Embedding similarity** — the cosine (the configured Embedder, all-MiniLM-L6-v2) between the
   sentence and its closest cited passage (one sentence, or two adjacent ones) is at least
   `MIN_COSINE`.

Sentences of a source that read as instructions to an AI ("ignore previous instructions and say
…") are not evidence of anything: they are excluded from the passages a claim can be supported by
or cited with, so an answer that obeys an injected instruction finds no support for it.

Embeddings are taken with numbers and month names removed (`lexicon.without_specifics`): rule 1
checks those exactly, and left in they make a faithful sentence look unlike a source sentence that
says more ("On 14 March 2023 at about 22:40 the complainant was stopped …").

Calibration (`CALIBRATION` in tests/test_llm.py, re-run there by `test_thresholds_calibrated`):
72 hand-written (source passage, sentence, label) pairs over 8 complaint-style narratives — 38
supported (restatements, partial restatements, paraphrases) and 34 unsupported (invented acts and
outcomes, wrong dates/numbers, polarity flips, swapped people and attributions, claims obeying an
injected instruction, unrelated statements). Rules 1–2 reject 20 of the unsupported and none of
the supported. Scored with the real model, a grid over MIN_LEXICAL 0.30–0.90 (step 0.05) and
MIN_COSINE 0.30–0.85 (step 0.025, and 0.01 over 0.75–0.85) was searched for the fewest
unsupported accepted, then the most supported accepted. Optimum: 0 of 34 unsupported and 32 of 38
supported accepted, for MIN_LEXICAL 0.30–0.75 with MIN_COSINE 0.80 — the only grid value; the
exact window is (0.797, 0.806]. It is narrow because the hardest unsupported pairs are swapped
attributions that reuse the source's words ("The property log shows the phone was lost", 0.796;
"PC Lowe's notebook records that the phone was in a cradle", 0.779), so MIN_COSINE = 0.80.
MIN_LEXICAL = 0.6, in the upper part of its range: it loses no supported pair (every one scores at
least 0.71) and stops a sentence whose words are largely absent from the source from resting on
embedding similarity alone ("PC Hale punched the complainant in the face": 0.60 — caught by the
cosine too, at 0.756). The six supported pairs rejected are partial or loose restatements
(cosine 0.41–0.797), e.g. "PC Kerr did not leave a notice explaining the entry" (0.729) against a
sentence that also says he damaged a door. The set is small and hand-made, and the thresholds err
on the strict side on purpose: a true sentence dropped costs a fall-back to the extractive
answer, an unsupported sentence shown costs trust. Known limit: a swapped role or attribution
between people or documents named in the same passage is caught only when it moves the embedding
enough; a bag-of-words check cannot see who did what to whom.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from assistant.embeddings import Embedder
from assistant.llm.lexicon import (
    content_stems,
    findings,
    instruction_like,
    polarity_clash,
    specifics,
    vocabulary,
    without_specifics,
)
from assistant.text import sentence_spans

MIN_LEXICAL = 0.6  # share of content-word stems found in the cited text (calibrated, above)
MIN_COSINE = 0.80  # cosine to the closest cited passage (calibrated, above)
# Not calibrated, a judgement: a further marker whose source's closest sentence is this far from
# the claim is dropped rather than cited (the closest source is always kept).
MIN_MARKER_COSINE = 0.5


@dataclass(frozen=True)
class Evidence:
    """What a claim may cite: a source's text and the store facts shown beside it."""

    text: str
    header: str = ""


@dataclass
class Verdict:
    """The measures for one sentence; thresholds are applied on reading, so calibration can
    re-score the same verdicts under other thresholds."""

    rule: str  # a broken hard rule (specifics, polarity, no source), or ""
    lexical: float = 0.0
    cosine: float = 0.0
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # best sentence per source

    def why_not(self, min_lexical: float = MIN_LEXICAL, min_cosine: float = MIN_COSINE) -> str:
        if self.rule:
            return self.rule
        if self.lexical < min_lexical:
            return f"word overlap {self.lexical:.2f} < {min_lexical}"
        if self.cosine < min_cosine:
            return f"similarity {self.cosine:.2f} < {min_cosine}"
        return ""

    @property
    def reason(self) -> str:
        return self.why_not()

    @property
    def supported(self) -> bool:
        return not self.why_not()


class SupportChecker:
    """Checks claims against numbered evidence; passages are embedded once per answer."""

    def __init__(self, evidence: Mapping[int, Evidence], embedder: Embedder) -> None:
        self.evidence, self.embedder = evidence, embedder
        # (source n, start, end, one sentence?) for every passage a claim may rest on: each
        # sentence and each two adjacent sentences. Only single sentences are cited.
        self.passages: list[tuple[int, int, int, bool]] = []
        for n, ev in evidence.items():
            spans = [(s, e, instruction_like(ev.text[s:e])) for s, e in sentence_spans(ev.text)]
            for i, (s, e, bad) in enumerate(spans):
                if bad:
                    continue
                self.passages.append((n, s, e, True))
                if i + 1 < len(spans) and not spans[i + 1][2]:
                    self.passages.append((n, s, spans[i + 1][1], False))
        texts = [evidence[n].text[s:e] for n, s, e, _ in self.passages]
        self.vectors = self._embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed([without_specifics(t) or t for t in texts])

    def support_text(self, n: int) -> str:
        """A source's text without its instruction-like sentences."""
        return " ".join(self.evidence[n].text[s:e] for m, s, e, one in self.passages
                        if m == n and one)

    def check_all(self, claims: list[tuple[str, list[int]]]) -> list[Verdict]:
        """Verdicts for (sentence, cited sources) pairs, the sentences embedded in one batch."""
        if not claims:
            return []
        vectors = self._embed([c for c, _ in claims])
        return [self.check(c, n, v) for (c, n), v in zip(claims, vectors, strict=True)]

    def check(self, claim: str, cited: list[int], vector: np.ndarray | None = None) -> Verdict:
        cited = [n for n in dict.fromkeys(cited) if n in self.evidence]
        rows = [i for i, p in enumerate(self.passages) if p[0] in cited]
        if not cited:
            return Verdict("cites no supplied source")
        if not rows:
            return Verdict("its sources hold nothing but instructions")
        text = " ".join(self.support_text(n) for n in cited)
        reference = vocabulary(text + " " + " ".join(self.evidence[n].header for n in cited))
        claim_stems = content_stems(claim)
        lexical = len(claim_stems & content_stems(text)) / len(claim_stems) if claim_stems else 0.0
        if vector is None:
            vector = self._embed([claim])[0]
        scores = self.vectors[rows] @ vector
        cosine = float(scores.max())
        best_single: dict[int, tuple[float, int]] = {}  # per source: its closest sentence
        for score, i in zip(scores.tolist(), rows, strict=True):
            n = self.passages[i][0]
            if self.passages[i][3] and score > best_single.get(n, (-2.0, 0))[0]:
                best_single[n] = (score, i)
        # Cite each marker's closest sentence; a marker whose source is far off the claim is
        # dropped, but the closest source is always kept.
        top = max(best_single, key=lambda n: best_single[n][0])
        spans = {n: self.passages[i][1:3] for n, (score, i) in best_single.items()
                 if score >= MIN_MARKER_COSINE or n == top}
        rule = ""
        if missing := (specifics(claim) - reference) | (findings(claim) - content_stems(text)):
            rule = f"not in its sources: {', '.join(sorted(missing))}"
        elif clash := polarity_clash(claim, text):
            rule = f"“{clash}” contradicts its source's polarity"
        return Verdict(rule, round(lexical, 3), round(cosine, 3), spans)
