"""Complaint narratives as the similar_complaints detector compares them: split into sentences,
with the people and place of each complaint replaced by role words, and embedded once per
distinct sentence.

Masking is why two complaints against one officer don't look alike merely for naming that
officer, or for happening on the officer's beat.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from assistant.leads import vector_cache
from assistant.leads.context import Context
from assistant.text import sentence_spans

_TITLES = r"(?:PC|DC|PS|DS|DI|Sgt|Sergeant|Constable|Inspector|Insp|Detective|Officer|Mr|Mrs|Ms|Miss|Dr)\.?\s+"
_NOT_NAMES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "DOB", "PC", "DC", "PS", "Sgt"})
_CACHE: dict[str, np.ndarray] = {}  # sha1(model, masked sentence) → unit vector
_STORED: dict[Path, dict[str, np.ndarray]] = {}  # per data dir: what its vector file holds


def masker(officers: Iterable[str], complainants: Iterable[str],
           places: Iterable[str]) -> Callable[[str], str]:
    """Replace the given names (whole or any capitalised part) and place phrases by role words."""
    rules: list[tuple[re.Pattern[str], str]] = []
    for names, role in ((officers, "the officer"), (complainants, "the complainant")):
        full = {n.strip() for n in names if n and n.strip()}
        parts = {t for n in full for t in re.findall(r"[A-Za-z][A-Za-z'\-]+", n)
                 if t[0].isupper() and t not in _NOT_NAMES}
        alts = _alternation(full | parts)
        if alts:
            rules.append((re.compile(rf"\b(?:{_TITLES})?(?:{alts})(?:\s+(?:{alts}))*\b", re.I),
                          role))
    alts = _alternation({p.strip() for p in places if p and p.strip()})
    if alts:
        rules.append((re.compile(rf"\b(?:{alts})\b", re.I), "the area"))

    def apply(text: str) -> str:
        for rx, role in rules:
            text = rx.sub(role, text)
        return text
    return apply


def _alternation(phrases: set[str]) -> str:
    return "|".join(re.escape(p) for p in sorted((p for p in phrases if len(p) >= 3),
                                                  key=len, reverse=True))


Texts = dict[str, tuple[str, list[tuple[int, int]], list[str]]]  # narrative, spans, masked


def sentences(ctx: Context, ids: list[str]) -> Texts:
    """complaint → (narrative, sentence spans, masked sentences)."""
    rows = ctx.con.execute(
        """SELECT c.record_id, c.narrative, c.complainant, c.location, c.district,
                  list(DISTINCT pr.name) FILTER (WHERE pr.name IS NOT NULL),
                  list(DISTINCT p.name) FILTER (WHERE p.name IS NOT NULL)
           FROM complaint c LEFT JOIN allegation al ON al.complaint_id = c.record_id
           LEFT JOIN person_ref pr ON pr.record_id = al.record_id AND pr.kind = 'allegation'
           LEFT JOIN person p ON p.record_id = pr.person_id
           WHERE c.record_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY ALL""", [ids]).fetchall()
    out = {}
    for rid, text, complainant, location, district, ref_names, names in rows:
        mask = masker([*(ref_names or []), *(names or [])], [complainant or ""],
                      [*(location or "").split(","), district or ""])
        spans = sentence_spans(text)
        if spans:
            out[rid] = (text, spans, [mask(text[s:e]) for s, e in spans])
    return out


def embed(ctx: Context, texts: list[str]) -> np.ndarray:
    """Unit vectors of `texts`: from memory, else from the data dir's stored vectors
    (`vector_cache`), else embedded now and stored for the next process."""
    from assistant.embeddings import load_embedder

    embedder = load_embedder(ctx.settings)
    data_dir = ctx.settings.data_dir
    if data_dir not in _STORED:
        _STORED[data_dir] = vector_cache.load(data_dir)
        _CACHE.update(_STORED[data_dir])
    keys = [hashlib.sha1(f"{embedder.name}\0{t}".encode()).hexdigest() for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in _CACHE}.items())
    if todo:
        vectors = embedder.embed([t for _, t in todo])
        _CACHE.update({k: v for (k, _), v in zip(todo, vectors, strict=True)})
    unstored = {k: _CACHE[k] for k in keys if k not in _STORED[data_dir]}
    if unstored:
        _STORED[data_dir].update(unstored)
        with contextlib.suppress(OSError):  # a read-only data dir: the next process embeds again
            vector_cache.save(data_dir, _STORED[data_dir])
    return np.stack([_CACHE[k] for k in keys]) if keys else np.zeros((0, 1), np.float32)
