"""Extractive composer: verbatim sentences from retrieved records, cited, or an abstention.

Nothing in an extractive answer is generated: quotes are exact spans of stored fields, and the
words around them (record reference, date, people) are read from the same records. The composer
picks, per relevant record, the sentence that best answers the question, and abstains when no
record is relevant enough to quote.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import numpy as np

from assistant.citations import Citations, RecordRef
from assistant.embeddings import Embedder
from assistant.retrieval import Hit
from ingestion.chunking import sentence_spans

# Cosine similarity (all-MiniLM-L6-v2) below which a sentence is not evidence for the question.
# Calibrated on the synthetic gold set (evals/): relevant sentences score ~0.35–0.7, unrelated
# narratives of the same domain ~0.1–0.3.
MIN_RELEVANCE = 0.33
MAX_POINTS = 5
RELATIVE_FLOOR = 0.75  # later points must be at least this fraction of the best one


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


def best_sentences(hits: list[Hit], query: np.ndarray, embedder: Embedder) -> list[tuple[Hit, int, int, float]]:
    """For each record (best hit first), its most relevant sentence: (hit, start, end, cosine)."""
    per_record: OrderedDict[str, list[Hit]] = OrderedDict()
    for hit in hits:
        per_record.setdefault(hit.record_id, []).append(hit)
    candidates: list[tuple[Hit, int, int]] = []
    for record_hits in per_record.values():
        for hit in record_hits:
            candidates += [(hit, s, e) for s, e in sentence_spans(hit.text)]
    if not candidates:
        return []
    vectors = embedder.embed([hit.text[s:e] for hit, s, e in candidates])
    scores = vectors @ query
    best: dict[str, tuple[Hit, int, int, float]] = {}
    for (hit, s, e), score in zip(candidates, scores, strict=True):
        current = best.get(hit.record_id)
        if current is None or score > current[3]:
            best[hit.record_id] = (hit, s, e, float(score))
    return sorted(best.values(), key=lambda b: -b[3])


def select_points(
    hits: list[Hit], query: np.ndarray, embedder: Embedder, facts: dict[str, RecordFacts]
) -> list[Point]:
    ranked = [b for b in best_sentences(hits, query, embedder) if b[3] >= MIN_RELEVANCE]
    if not ranked:
        return []
    floor = ranked[0][3] * RELATIVE_FLOOR
    return [
        Point(facts[hit.record_id], hit.field, hit.start, hit.text, s, e, score)
        for hit, s, e, score in ranked[:MAX_POINTS]
        if score >= floor and hit.record_id in facts
    ]


def compose_points(points: list[Point], topic: str, scope: str, citations: Citations) -> str:
    """Lead sentence, then one line per record: reference, date, people, quote [n]."""
    noun = "record" if len(points) == 1 else f"{len(points)} records"
    lead = f"The {noun} closest to “{topic}”{scope} {'is' if len(points) == 1 else 'are'}:"
    lines = [lead]
    for p in points:
        n = citations.add(p.facts.ref, p.field, p.field_offset + p.start,
                          p.field_offset + p.end, p.text[p.start : p.end])
        context = "; ".join(x for x in (p.facts.when, p.facts.people) if x)
        context = f" ({context})" if context else ""
        lines.append(f"- {p.facts.label}{context}: “{p.text[p.start:p.end]}” [{n}]")
    return "\n".join(lines)

