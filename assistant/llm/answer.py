"""The optional LLM answer: numbered sources in, a validated answer with citations out — or None.

`llm_answer` is the entry point for the semantic path. It never raises and never shows anything
unchecked: the model's reply is parsed, each sentence's `[n]` markers are checked against the
sources supplied (phantom markers are removed), each sentence is checked for support by the text
it cites (`support.py`), unsupported sentences are dropped and listed, and the markers that remain
are renumbered into `Citations` whose quotes are exact spans of the cited fields. When too little
survives, or anything fails (endpoint, timeout, malformed or empty reply, missing prompt), the
result is None and the caller keeps its extractive answer; the reason is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from assistant.citations import Citations
from assistant.compose import RecordFacts
from assistant.embeddings import Embedder
from assistant.llm.call import ask
from assistant.llm.client import ChatClient
from assistant.llm.config import LLMConfig
from assistant.llm.parse import parse_answer
from assistant.llm.prompt import Source, render_sources
from assistant.llm.support import Evidence, SupportChecker
from assistant.retrieval import Hit

log = logging.getLogger("probity.llm")

MAX_SOURCES = 8  # chunks shown to the model: enough context, short enough for small models
MAX_DROPPED_SHARE = 0.5  # more than this share of sentences dropped → the answer is not shown
PROMPT = "answer"


class LLMFallback(Exception):
    """Why the LLM answer is not used (the caller shows the extractive answer instead)."""

    def __init__(self, reason: str, notes: list[str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.notes = notes or []  # per-sentence findings of validation, when it got that far


@dataclass
class LLMResult:
    text: str  # kept sentences, markers renumbered to match `citations`
    citations: Citations
    dropped: list[str] = field(default_factory=list)  # sentences removed, as the model wrote them
    notes: list[str] = field(default_factory=list)  # what validation removed, and why
    model: str = ""
    raw: str = ""  # the model's reply, for the audit trail


def sources_for(hits: list[Hit], facts: dict[str, RecordFacts], limit: int = MAX_SOURCES
                ) -> list[Source]:
    """Hits in retrieval order, one source per chunk, only records whose facts we can cite."""
    seen: set[str] = set()
    usable = []
    for hit in hits:
        if hit.record_id in facts and hit.chunk_id not in seen and hit.text.strip():
            seen.add(hit.chunk_id)
            usable.append(hit)
    return [Source(n, hit, facts[hit.record_id]) for n, hit in enumerate(usable[:limit], 1)]


def validate(raw: str, sources: list[Source], embedder: Embedder, model: str = "") -> LLMResult:
    """The reply's supported sentences with exact citations; raises LLMFallback if too little."""
    lines = parse_answer(raw)
    total = sum(len(line.sentences) for line in lines)
    if not total:
        raise LLMFallback("the model's answer is empty")
    by_n = {s.n: s for s in sources}
    checker = SupportChecker({s.n: Evidence(s.text, s.header) for s in sources}, embedder)
    result = LLMResult("", Citations(), model=model, raw=raw)
    out_lines = []
    sentences = [s for line in lines for s in line.sentences]
    verdicts = iter(checker.check_all([(s.claim, [n for n in s.markers if n in by_n])
                                       for s in sentences]))
    for line in lines:
        kept = []
        for sentence in line.sentences:
            verdict = next(verdicts)
            if phantom := [n for n in sentence.markers if n not in by_n]:
                result.notes.append(f"removed {''.join(f'[{n}]' for n in phantom)}: only "
                                    f"[1]–[{len(sources)}] were supplied")
            if not verdict.supported:
                result.dropped.append(sentence.text)
                result.notes.append(f"dropped “{sentence.text}”: {verdict.reason}")
                continue
            numbers = []
            for n, (s, e) in verdict.spans.items():
                hit = by_n[n].hit
                numbers.append(result.citations.add(by_n[n].facts.ref, hit.field, hit.start + s,
                                                    hit.start + e, hit.text[s:e]))
            marks = "".join(f"[{k}]" for k in sorted(set(numbers)))
            kept.append(f"{sentence.claim} {marks}{sentence.stop}")
        if kept:
            out_lines.append(line.prefix + " ".join(kept))
    if not out_lines:
        raise LLMFallback(f"none of the answer's {total} sentences is supported by its sources",
                          result.notes)
    if len(result.dropped) > MAX_DROPPED_SHARE * total:
        raise LLMFallback(f"{len(result.dropped)} of {total} sentences are unsupported",
                          result.notes)
    result.text = "\n".join(out_lines)
    return result


def generate(question: str, hits: list[Hit], facts: dict[str, RecordFacts], embedder: Embedder,
             settings: Any, client: ChatClient | None = None) -> LLMResult:
    """Like `llm_answer`, but raises LLMFallback with the reason instead of returning None."""
    config = LLMConfig.from_settings(settings)
    if client is None and not config.enabled:
        raise LLMFallback("no LLM endpoint configured")
    sources = sources_for(hits, facts)
    if not sources:
        raise LLMFallback("no retrieved passages to give the model")
    raw, model = ask(PROMPT, config, client, LLMFallback, question=question,
                     sources=render_sources(sources), count=str(len(sources)))
    return validate(raw, sources, embedder, model=model)


def llm_answer(question: str, hits: list[Hit], facts: dict[str, RecordFacts], embedder: Embedder,
               settings: Any, client: ChatClient | None = None) -> LLMResult | None:
    """A validated LLM answer, or None: use the extractive answer (the reason is logged)."""
    try:
        result = generate(question, hits, facts, embedder, settings, client)
    except LLMFallback as e:
        log.warning("LLM answer not used, falling back to extractive: %s", e.reason)
        for note in e.notes:
            log.info("LLM answer validation: %s", note)
        return None
    except Exception:  # a bug here must cost the user the LLM answer, never the answer
        log.exception("LLM answer failed unexpectedly, falling back to extractive")
        return None
    for note in result.notes:
        log.info("LLM answer validation: %s", note)
    return result
