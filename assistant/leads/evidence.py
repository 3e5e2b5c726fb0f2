"""Evidence spans: choosing them, and reading them back as exact `Citation`s.

Detectors say which span of which record a lead rests on; `citations` reads every cited field
from the store in one query per kind and numbers the spans, so a lead's quotes are checked
against the stored text exactly as an answer's are (`quote == field_text[start:end]`). Quotes
are redacted per reader later (`Redactor` masks are length-preserving: offsets don't move).
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from assistant.answers import Citation
from assistant.citations import Citations, RecordRef, kind_of
from assistant.leads.models import Span
from assistant.text import sentence_spans

HEADLINE_CHARS = 240  # a long opening sentence is cited in part, as answers do


def whole(record_id: str, field: str, text: str | None) -> list[Span]:
    """The whole of a short structured field (a category, a duty type, a subject searched)."""
    return [Span(record_id, field, 0, len(text))] if text else []


def sentence_at(record_id: str, field: str, text: str, start: int) -> Span:
    """The sentence of `text` containing offset `start`."""
    for s, e in sentence_spans(text):
        if s <= start < e:
            return Span(record_id, field, s, e)
    return Span(record_id, field, start, min(len(text), start + HEADLINE_CHARS))


def headline(record_id: str, field: str, text: str | None) -> list[Span]:
    """A narrative's first sentence (up to HEADLINE_CHARS)."""
    if not text:
        return []
    s, e = sentence_spans(text)[0]
    return [Span(record_id, field, s, min(e, s + HEADLINE_CHARS))]


def complaint_headlines(con: duckdb.DuckDBPyConnection, complaint_ids: list[str]) -> list[Span]:
    """First sentence of each complaint's narrative (else its category), in the given order."""
    rows = con.execute(
        "SELECT record_id, narrative, category FROM complaint "
        "WHERE record_id IN (SELECT unnest(?::VARCHAR[]))", [complaint_ids]).fetchall()
    found = {rid: headline(rid, "narrative", text) or whole(rid, "category", category)
             for rid, text, category in rows}
    return [span for rid in complaint_ids for span in found.get(rid, [])]


Texts = dict[tuple[str, str], str]


def read(con: duckdb.DuckDBPyConnection, spans: list[Span]) -> tuple[Texts, dict[str, str]]:
    """Every cited field's stored text and every cited record's source, one query per kind
    (the audit log and roster hold millions of rows: one scan each, not one per lead)."""
    by_kind: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for span in spans:
        by_kind[kind_of(span.record_id)].add((span.record_id, span.field))
    texts: Texts = {}
    sources: dict[str, str] = {}
    for kind, wanted in by_kind.items():
        fields = sorted({f for _, f in wanted})
        rows = con.execute(
            f"""SELECT record_id, source_mapping, source_file, source_row,
                       {', '.join(f'{f}::VARCHAR' for f in fields)}
                FROM {kind} WHERE record_id IN (SELECT unnest(?::VARCHAR[]))""",
            [sorted({r for r, _ in wanted})]).fetchall()
        for rid, mapping, file, row, *values in rows:
            sources[rid] = f"{mapping}/{file}:{row}"
            for f, value in zip(fields, values, strict=True):
                if value is not None:
                    texts[(rid, f)] = value
    return texts, sources


def citations(spans: list[Span], texts: Texts, sources: dict[str, str]) -> list[Citation]:
    """Numbered citations for `spans` (duplicates merged), quotes cut from the stored text."""
    cited = Citations()
    for span in spans:
        text = texts.get((span.record_id, span.field))
        if text is None or not 0 <= span.start < span.end <= len(text):
            raise ValueError(f"lead evidence {span} is not a span of a stored field")
        ref = RecordRef(span.record_id, kind_of(span.record_id), sources[span.record_id])
        cited.add(ref, span.field, span.start, span.end, text[span.start : span.end])
    return cited.items
