"""Extractive composer: verbatim sentences from retrieved records, cited, or an abstention.

Nothing in an extractive answer is generated: quotes are exact spans of stored fields, and the
words around them (record reference, date, people) are read from the same records. The composer
picks, per relevant record, the sentence that best answers the question, and abstains when no
record is relevant enough to quote.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import numpy as np

from assistant.citations import Citations, RecordRef
from assistant.embeddings import Embedder
from assistant.retrieval import Hit
from assistant.text import sentence_spans

# Cosine similarity (all-MiniLM-L6-v2) of a record's best chunk below which it is not evidence.
# Chosen by inspecting the synthetic force: chunks about a question's conduct score ~0.45–0.65,
# unrelated narratives of the same domain ~0.2–0.35. The eval suite's abstention and
# false-refusal rates are what keep it honest.
MIN_RELEVANCE = 0.33
MAX_POINTS = 5
RELATIVE_FLOOR = 0.75  # later points must be at least this fraction of the best one
NEIGHBOUR = 0.85  # a neighbouring sentence this close to the best joins the quote
LEXICAL_WEIGHT = 0.3  # weight of question content words found in a sentence, vs cosine


@dataclass
class RecordFacts:
    """What the composer says about a record besides the quote (all read from the store)."""

    ref: RecordRef
    label: str  # "Complaint C-2023-0041"
    day: date | None
    when: str  # "12 Mar 2023" or ""
    people: str  # "PC John Smith" or ""


@dataclass
class Point:
    facts: RecordFacts
    field: str
    field_offset: int  # where the chunk starts inside the field
    text: str  # chunk text
    start: int  # sentence span within the chunk
    end: int
    relevance: float


# Words every narrative in this domain shares: they say nothing about what a question is after.
GENERIC = {
    "complaint",
    "complaints",
    "complained",
    "complainant",
    "officer",
    "officers",
    "police",
    "record",
    "records",
    "case",
    "cases",
    "report",
    "reports",
    "about",
    "regarding",
    "involving",
    "concerning",
    "any",
    "someone",
    "somebody",
    "anyone",
    "where",
    "which",
    "who",
    "narrative",
    "narratives",
    "mention",
    "mentions",
    "mentioning",
    "describe",
    "describing",
    "similar",
}
_WORD = re.compile(r"[a-z][a-z']+")


def focus(topic: str) -> str:
    """The topic without domain-generic words (kept whole if nothing else is left)."""
    words = [w for w in topic.split() if w.lower().strip(".,;:?!'\"") not in GENERIC]
    return " ".join(words) if words else topic


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in GENERIC and len(w) > 3}


def quote_span(
    hit: Hit,
    spans: list[tuple[int, int]],
    similarity: np.ndarray,
    terms: set[str],
) -> tuple[int, int, float]:
    """The sentence of the chunk that best answers the query (embedding similarity plus the share
    of the question's content words it contains), joined with its neighbour when the neighbour
    scores nearly as well (an event often spans two sentences). `similarity` is each sentence's
    cosine to the query."""
    if len(spans) == 1:
        return spans[0][0], spans[0][1], float(hit.dense or 0.0)
    texts = [hit.text[s:e] for s, e in spans]
    overlap = np.array([len(terms & content_terms(t)) / max(len(terms), 1) for t in texts])
    scores = similarity + LEXICAL_WEIGHT * overlap
    best = int(np.argmax(scores))
    start, end = spans[best]
    for neighbour in (best + 1, best - 1):
        if 0 <= neighbour < len(spans) and scores[neighbour] >= NEIGHBOUR * scores[best]:
            start, end = min(start, spans[neighbour][0]), max(end, spans[neighbour][1])
            break
    return start, end, float(scores[best])


def select_points(
    hits: list[Hit],
    topic: str,
    query: np.ndarray,
    embedder: Embedder,
    facts: dict[str, RecordFacts],
) -> list[Point]:
    """Records in hybrid-retrieval order, each represented by its best chunk, kept when that chunk
    is relevant enough (dense similarity) to quote."""
    best_hit: OrderedDict[str, Hit] = OrderedDict()
    for hit in hits:
        if hit.record_id not in best_hit or (hit.dense or 0) > (best_hit[hit.record_id].dense or 0):
            best_hit.setdefault(hit.record_id, hit)
    relevant = [
        h for h in best_hit.values() if (h.dense or 0) >= MIN_RELEVANCE and h.record_id in facts
    ]
    if not relevant:
        return []
    floor = max(h.dense or 0 for h in relevant) * RELATIVE_FLOOR
    chosen = [h for h in relevant if (h.dense or 0) >= floor][:MAX_POINTS]
    # One model call for the sentences of every quoted chunk: per-call overhead, not text length,
    # dominated when each chunk was embedded on its own.
    spans = [sentence_spans(h.text) for h in chosen]
    embedded = [sp if len(sp) > 1 else [] for sp in spans]  # a lone sentence keeps hit.dense
    texts = [h.text[s:e] for h, sp in zip(chosen, embedded, strict=True) for s, e in sp]
    similarity = embedder.embed(texts) @ query if texts else np.zeros(0)
    bounds = np.cumsum([0, *map(len, embedded)])
    points, terms = [], content_terms(topic)
    for i, hit in enumerate(chosen):
        s, e, _ = quote_span(hit, spans[i], similarity[bounds[i] : bounds[i + 1]], terms)
        points.append(
            Point(facts[hit.record_id], hit.field, hit.start, hit.text, s, e, hit.dense or 0)
        )
    return points


def compose_points(points: list[Point], topic: str, scope: str, citations: Citations) -> str:
    """Lead sentence, then one line per record: reference, date, people, quote [n]."""
    noun = "record" if len(points) == 1 else f"{len(points)} records"
    lead = f"The {noun} closest to “{topic}”{scope} {'is' if len(points) == 1 else 'are'}:"
    lines = [lead]
    for p in points:
        n = citations.add(
            p.facts.ref,
            p.field,
            p.field_offset + p.start,
            p.field_offset + p.end,
            p.text[p.start : p.end],
        )
        context = "; ".join(x for x in (p.facts.when, p.facts.people) if x)
        context = f" ({context})" if context else ""
        lines.append(f"- {p.facts.label}{context}: “{p.text[p.start : p.end]}” [{n}]")
    return "\n".join(lines)
