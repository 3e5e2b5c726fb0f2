"""Narrative set search: filters → every allowed sentence scored → the set → one quote each.

One model call per question (the question itself); sentence vectors come from the sentence index
and lexical evidence from the BM25 postings. Filters are applied first, as a chunk mask, so the
set is decided over exactly the narratives the user may see and asked about — never cut by a
top k beforehand.

A concept the question negates ('would not identify himself', 'seized belongings without
recording them': a negation word at most NEGATION_REACH words before it, no other concept
between, lexicon.negated) is held only by sentences that are negative themselves ('did not',
'never', 'refused', 'failed', 'without' …, lexicon.NEGATED_SENTENCE), and a chunk contains it
only through such a sentence: "The officers identified themselves" is not evidence that they
would not. Measured on the 62-question narrative dev set (capture replay, same stores): P 0.533
→ 0.540, R 0.609 → 0.611, F1 0.507 → 0.513, false refusals 3.4% unchanged; it changes only the
questions that negate a concept (ph-04, ch-10, ch-16). The mirror rule — a narrative's own
negation ('no weapon was found') unsaying a mention of a concept the question does not negate —
was measured and not kept: P 0.549 but R 0.590 and F1 0.501 (sy-03 lost 8 of 9 members).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from assistant.narrative.lexicon import (
    NEGATED_SENTENCE,
    Concept,
    chunk_hits,
    concepts,
    covered,
    negated,
)
from assistant.narrative.membership import Decision, decide
from assistant.narrative.sentences import SentenceIndex
from assistant.narrative.surface import tokens_held
from assistant.narrative.template import Templates
from assistant.redaction import Redactor
from assistant.retrieval import Filters, HybridRetriever

# 'mention', 'contain', 'the word' ... ask about the words themselves: the set is exactly the
# records containing them. 'Say' does not: "complaints that say an officer aimed a gun" reports a
# claim in whatever words the complainant used (on the #14 dev set, 4 of 5 'say' questions found
# nothing or next to nothing when 'say' made them literal).
_LITERAL = re.compile(r"\b(mention\w*|contain\w*|the words?|refer\w* to)\b", re.I)


@dataclass
class Quote:
    record_id: str
    field: str
    start: int  # field offsets
    end: int
    text: str  # redacted for the asking user


@dataclass
class SetResult:
    decision: Decision
    concepts: list[Concept]
    quotes: dict[str, Quote]  # per member record id
    record_ids: list[str]  # members, ranked
    near_ids: list[str]


def is_literal(question: str) -> bool:
    return bool(_LITERAL.search(question))


class NarrativeSearch:
    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever
        self.index = SentenceIndex.load(retriever.con, retriever.embedder.name)
        positions = {chunk_id: i for i, chunk_id in enumerate(retriever.bm25.ids)}
        self._tokens: dict[int, frozenset[str]] = {}  # sentence row → its indexed tokens
        self._negative: dict[int, bool] = {}  # sentence row → it says 'not', 'never', 'refused'…
        self._bm25_of_chunk = np.array(
            [positions.get(c, -1) for c in self.index.chunk_ids], dtype=np.int64)

    def _hits(self, concept: Concept) -> np.ndarray:
        """The concept's chunk hits, over the sentence index's chunks."""
        hits = chunk_hits(concept, self.retriever.bm25, self._texts)
        return np.where(self._bm25_of_chunk >= 0, hits[self._bm25_of_chunk], False)

    def _sentence_hits(self, found: list[Concept], hits: list[np.ndarray], mask: np.ndarray
                       ) -> list[np.ndarray]:
        """Per concept, a boolean over sentence rows: the sentence itself contains the concept.
        Only sentences of allowed chunks that contain some concept are read and stemmed (once per
        process: `_tokens` keeps them)."""
        index = self.index
        if not found:
            return []
        any_hit = np.logical_or.reduce(hits) & mask
        rows = np.flatnonzero(any_hit[index.chunk_of])
        todo = [r for r in rows.tolist() if r not in self._tokens]
        if todo:
            spans = self._row_texts(todo)
            for r, stems in zip(todo, self.retriever.bm25.stems_many(spans), strict=True):
                self._tokens[r] = frozenset(stems)
            for r, span in zip(todo, spans, strict=True):
                self._negative[r] = bool(NEGATED_SENTENCE.search(span))
        out = []
        for concept in found:
            row_hits = np.zeros(len(index), dtype=bool)
            tokens = set(concept.tokens)
            guarded = {stem for stem, _ in concept.guards}
            for r in rows.tolist():
                have = self._tokens[r]
                row_hits[r] = bool(have & tokens) or any(set(p) <= have
                                                         for p in concept.phrases)
            # A sentence holding only guarded tokens holds the concept only with their form.
            check = [r for r in np.flatnonzero(row_hits).tolist()
                     if not (self._tokens[r] & (tokens - guarded))
                     and not any(set(p) <= self._tokens[r] for p in concept.phrases)]
            for r, text in zip(check, self._row_texts(check) if check else [], strict=True):
                row_hits[r] = bool(tokens_held(self._tokens[r] & tokens, concept.guards, text))
            out.append(row_hits)
        return out

    def _row_texts(self, rows: list[int]) -> list[str]:
        """The text of each sentence row."""
        index = self.index
        chunk_ids = sorted({index.chunk_ids[index.chunk_of[r]] for r in rows})
        texts = self._texts(chunk_ids)
        starts = dict(self.retriever.con.execute(
            "SELECT chunk_id, start_pos FROM chunk WHERE chunk_id IN "
            "(SELECT unnest(?::VARCHAR[]))", [chunk_ids]).fetchall())
        spans = []
        for r in rows:
            chunk_id = index.chunk_ids[index.chunk_of[r]]
            text, offset = texts.get(chunk_id, ""), starts.get(chunk_id, 0)
            spans.append(self.templates.text(
                r, text[int(index.starts[r]) - offset : int(index.ends[r]) - offset]))
        return spans

    @cached_property
    def templates(self) -> Templates:
        """Form and label text of the store's narratives (template.py), found once."""
        return Templates.find(self.retriever.con, self.index)

    @cached_property
    def _templated(self) -> tuple[np.ndarray, np.ndarray]:
        """(chunks holding template text, every sentence row of those chunks)."""
        rows = np.array(sorted(self.templates.spans), dtype=np.int64)
        of = self.index.chunk_of
        # a mask, not np.unique/np.isin: those import numpy.ma (~0.1 s of a cold ask)
        templated = np.zeros(int(of.max()) + 1 if len(of) else 0, dtype=bool)
        templated[of[rows]] = True
        return np.flatnonzero(templated), np.flatnonzero(templated[of])

    def _without_templates(self, hits: list[np.ndarray], sentence_hits: list[np.ndarray]
                           ) -> None:
        """A chunk holds a concept only outside its template text: a chunk with template
        spans keeps a hit only where one of its sentences (template blanked) holds it."""
        chunks, rows = self._templated
        if not len(chunks):
            return
        for chunk_hits_c, row_hits in zip(hits, sentence_hits, strict=True):
            held = np.zeros(len(chunk_hits_c), dtype=bool)
            np.logical_or.at(held, self.index.chunk_of[rows], row_hits[rows])
            chunk_hits_c[chunks] &= held[chunks]

    def _texts(self, chunk_ids: list[str]) -> dict[str, str]:
        return dict(self.retriever.con.execute(
            "SELECT chunk_id, text FROM chunk WHERE chunk_id IN (SELECT unnest(?::VARCHAR[]))",
            [chunk_ids]).fetchall())

    def search(self, text: str, question: str, filters: Filters, redactor: Redactor) -> SetResult:
        mask = self.index.chunk_mask(self.retriever.allowed(filters))
        # The background is what this reader may see, whatever the question's filters: scored
        # over restricted narratives too, an uncleared reader's z-scores would betray them.
        visible = self.index.chunk_mask(self.retriever.allowed(Filters(cleared=filters.cleared)))
        query = self.retriever.embedder.embed([text])[0]
        found = concepts(text, self.retriever.bm25)
        hits = [self._hits(c) for c in found]
        sentence_hits = self._sentence_hits(found, hits, mask)
        self._without_templates(hits, sentence_hits)
        for c, negative in enumerate(negated(text, found)):
            if negative:  # only sentences that are negative themselves hold the concept
                rows = np.flatnonzero(sentence_hits[c])
                keep = rows[[self._negative.get(r, False) for r in rows.tolist()]]
                sentence_hits[c] = np.zeros_like(sentence_hits[c])
                sentence_hits[c][keep] = True
                hits[c] = np.zeros_like(hits[c])
                hits[c][self.index.chunk_of[keep]] = True
        decision = decide(self.index, mask, query, hits, literal=is_literal(question),
                          visible=visible, sentence_hits=sentence_hits,
                          muted=self.templates.muted)
        ids = self.index.record_ids
        members = [ids[s.record] for s in decision.members]
        quotes = self._quotes([s.record for s in decision.members], mask, query, found, redactor)
        return SetResult(decision, found, quotes, members, [ids[s.record] for s in decision.near])

    def _quotes(self, records: list[int], mask: np.ndarray, query: np.ndarray,
                found: list[Concept], redactor: Redactor) -> dict[str, Quote]:
        """Per member, its sentence with the most question concepts, then the closest one."""
        if not records:
            return {}
        index = self.index
        wanted = set(records)
        rows = np.flatnonzero(mask[index.chunk_of]
                              & np.isin(index.chunk_record[index.chunk_of], list(wanted)))
        chunk_ids = sorted({index.chunk_ids[c] for c in index.chunk_of[rows].tolist()})
        chunks = {
            cid: (rid, field, start, text)
            for cid, rid, field, start, text in self.retriever.con.execute(
                "SELECT chunk_id, record_id, field, start_pos, text FROM chunk "
                "WHERE chunk_id IN (SELECT unnest(?::VARCHAR[]))", [chunk_ids]).fetchall()
        }
        redactor.prefetch([(rid, field) for rid, field, _, _ in chunks.values()])
        sims = (index.vectors[rows] @ query).tolist()
        spans = []  # (row, similarity, record, field, chunk offset, chunk text, start, end)
        for row, sim, chunk, start, end in zip(
                rows.tolist(), sims, index.chunk_of[rows].tolist(), index.starts[rows].tolist(),
                index.ends[rows].tolist(), strict=True):
            chunk_id = index.chunk_ids[chunk]
            if chunk_id in chunks:  # else changed since the index was loaded: not evidence
                record_id, field, offset, text = chunks[chunk_id]
                spans.append((row, sim, record_id, field, offset, text, start, end))
        texts = ({r: text[s - offset : e - offset] for r, _, _, _, offset, text, s, e in spans}
                 if any(c.phrases for c in found) else None)
        tokens = self._row_tokens([span[0] for span in spans], texts)
        # The best sentence per record first; only the winners are masked (masking is the
        # per-record cost: a 158-member answer masked ~580 candidate sentences, now 158).
        best: dict[str, tuple[tuple[int, bool, float], int]] = {}
        for i, (row, sim, record_id, *_) in enumerate(spans):
            key = (covered(set(tokens[row]), found) if tokens[row] else 0,
                   not self.templates.muted[row], sim)
            if record_id not in best or key > best[record_id][0]:
                best[record_id] = (key, i)
        quotes: dict[str, Quote] = {}
        for record_id, (_, i) in best.items():
            _, _, _, field, offset, text, s, e = spans[i]
            shown = redactor.text(record_id, field, text[s - offset : e - offset], s)
            quotes[record_id] = Quote(record_id, field, s, e, shown)
        return quotes

    def _row_tokens(self, rows: list[int], texts: dict[int, str] | None
                    ) -> dict[int, frozenset[str]]:
        """Indexed tokens of these sentence rows, as far as `covered` can tell them apart.
        `_sentence_hits` has stemmed (into `_tokens`) every sentence of every chunk holding some
        concept, so a sentence not there is in a chunk with none of the concepts' tokens and
        covers none of them: its stems are not needed (stemming them was a third of a
        158-member answer) — unless some concept is a phrase, whose words a sentence can hold
        apart while its chunk does not hold them together: then `texts` has every row's text
        and the rows not stemmed yet are stemmed now."""
        out = {r: self._tokens.get(r, frozenset()) for r in rows}
        if texts is not None:
            todo = [r for r in rows if r not in self._tokens]
            stems = self.retriever.bm25.stems_many([texts[r] for r in todo])
            out.update((r, frozenset(words)) for r, words in zip(todo, stems, strict=True))
        return out
