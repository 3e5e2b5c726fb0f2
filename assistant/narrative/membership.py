"""Which narratives match a question: a set decided per query, not a cosine floor or a top k.

Every allowed narrative is scored — nothing is cut before the decision:
- dense: the best cosine between the question and any one of the record's sentences (sentence
  index), turned into a z-score against this query's own background: the median and MAD of that
  score over every narrative the reader may see, filtered or not (most narratives are about something
  else, so the bulk of the distribution is the 'unrelated' background for this very question,
  and a filter down to one officer's five complaints does not shrink it to five points);
- lexical: the share of the question's concepts (stemmed words + thesaurus; 'X or Y' is one
  concept) the record contains, each concept weighted by its idf among the searched narratives
  ('towed' counts for more than 'car', so a record holding only the common word falls short);
- passage: the most concepts one sentence and its two neighbours hold together (concepts in
  the same passage describe one event; scattered over a long narrative they often do not);
- passage evidence: per sentence, its own dense z-score plus PASSAGE_LEX times the (idf-weighted)
  share of the concepts that it and its neighbours hold; a record's best sentence must reach
  PASSAGE_MIN. The record-level features above can be met by a close sentence in one paragraph
  and the words in another ('grabbed' here, 'throat' there); this asks one passage to carry the
  evidence. Measured on the 62-question dev set: P 0.470 → 0.526, F1 0.476 → 0.498, false
  refusals unchanged, better F1 on both halves (odd and even ids); sweep-2026-12-07b.md.

Keyword questions (one or two concepts, e.g. 'which complaints mention a threat'): the set is
every record containing all the concepts — complete by construction. A question with no concept
at all beyond its filters ('what has PC X been accused of?') gets every record the filters
admit. Descriptive questions: a record is a member when its dense z-score clears Z_MIN, it
contains at least MIN_COVERAGE of the (idf-weighted) concepts and one passage holds MIN_PASSAGE
of them (or its z-score alone clears Z_STRONG), of two concepts holds the far rarer one
(KEY_RATIO), and its best passage evidence reaches PASSAGE_MIN; ranked by z + LEX_WEIGHT·coverage + PASSAGE_WEIGHT·passage, then
cut at the largest score gap (the elbow) among the candidates when that gap is wide, and at
MAX_DROP below the best member's score. Constants
and the precision/recall curve they were chosen from (evals/narrative/sweep.py) are in README
('Narrative answers').
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assistant.narrative.sentences import SentenceIndex

Z_MIN = 1.0  # dense z-score a lexically supported record needs
Z_STRONG = 4.0  # dense z-score that admits a record whatever its words
MIN_COVERAGE = 0.3  # share of the question's concepts a lexically supported record contains
MIN_PASSAGE = 0.0  # share of them one passage (a sentence and its neighbours) holds
LEX_WEIGHT = 3.0  # combined score = z + LEX_WEIGHT * coverage + PASSAGE_WEIGHT * passage
PASSAGE_WEIGHT = 2.0
IDF_POWER = 1.0  # concepts weighted by idf ** IDF_POWER (their rarity among searched records)
ELBOW_GAP = 2.5  # a gap this wide in the combined score (below the first member) ends the set
MAX_DROP = 5.0  # a member's combined score is within this much of the best member's
PASSAGE_LEX = 2.0  # passage evidence = sentence z + PASSAGE_LEX * concept share of its window
PASSAGE_MIN = 3.0  # the passage evidence a member's best sentence reaches
KEYWORD_CONCEPTS = 2  # questions with at most this many concepts are keyword questions
# Of two concepts, one whose idf weight is ≥ KEY_RATIO × the other's is the key one: a record
# holding only the common one ('mother' without 'expectant', 'grabbed' without 'throat') is no
# lexical member. Chosen on the odd half of the narrative dev set (1.25 and 1.5 tie there; 1.5
# keeps more recall): evals/narrative/results/causes-2026-12-07.md.
KEY_RATIO = 1.5
NEAR_MISSES = 5  # best non-members reported as evidence (cited=False)


@dataclass(frozen=True)
class Params:
    """The decision's constants, as one value (evals/narrative/sweep.py varies them)."""

    z_min: float = Z_MIN
    z_strong: float = Z_STRONG
    min_coverage: float = MIN_COVERAGE
    lex_weight: float = LEX_WEIGHT
    elbow_gap: float = ELBOW_GAP
    keyword_concepts: int = KEYWORD_CONCEPTS
    min_sentence_coverage: float = MIN_PASSAGE
    sentence_weight: float = PASSAGE_WEIGHT
    min_concepts: int = 1  # concepts a lexically supported record holds (fewer if fewer asked)
    # Coverage over every concept (True), or only those some searched record holds: an absent
    # concept ('drones') is evidence that nothing matches — 62 dev questions, F1 0.448 vs 0.419.
    all_concepts: bool = True
    # Concepts weighted by rarity among the searched narratives (idf ** idf_power; 0 = equal):
    # 'towed' outweighs 'car', 'expectant' outweighs 'mother'.
    idf_power: float = IDF_POWER
    max_drop: float = MAX_DROP
    passage_lex: float = PASSAGE_LEX
    passage_min: float = PASSAGE_MIN
    # Two concepts, one far rarer (its idf weight ≥ key_ratio × the other's; 0 = off)
    key_ratio: float = KEY_RATIO


@dataclass
class Scored:
    record: int  # index into SentenceIndex.record_ids
    dense: float  # best sentence cosine
    z: float
    coverage: float  # share of concepts the record contains
    score: float  # ranking score


@dataclass
class Decision:
    members: list[Scored]
    near: list[Scored]  # best-scoring non-members
    searched: int  # narratives (records) searched
    method: str  # "keyword", "calibrated" or "filters"
    best_sentence: dict[int, int] = field(default_factory=dict)  # record → sentence row


@dataclass
class Features:
    """Per record (index into SentenceIndex.record_ids): what the decision is made from."""

    dense: np.ndarray  # best allowed sentence cosine (best visible one outside the filters)
    z: np.ndarray  # dense against the reader-visible background (median / MAD)
    covered: np.ndarray  # (concepts, records): the record contains the concept
    searched: np.ndarray  # the filters admit the record
    best_sentence: dict[int, int]  # record → its most similar allowed sentence row
    passage: np.ndarray  # most concepts within one sentence and its two neighbours
    # Per allowed sentence: its record, its dense z-score, and (concepts × sentences) whether it
    # or a neighbour in the same record holds the concept — the passage evidence's inputs.
    sentence_record: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    sentence_z: np.ndarray = field(default_factory=lambda: np.zeros(0))
    sentence_window: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))

    @property
    def active(self) -> np.ndarray:
        """Concepts some searched record contains: one nothing contains ('fired' in a store
        that never says it) cannot tell records apart, so it does not count against them."""
        return np.asarray(self.covered[:, self.searched].any(axis=1), dtype=bool)

    @property
    def coverage(self) -> np.ndarray:
        n = int(self.active.sum())
        if not n:
            return np.zeros(self.covered.shape[1])
        return self.covered[self.active].sum(axis=0) / n

    @property
    def passage_share(self) -> np.ndarray:
        return self.passage / max(1, int(self.active.sum()))


def features(
    index: SentenceIndex,
    chunk_mask: np.ndarray,
    query: np.ndarray,
    concept_hits: list[np.ndarray],
    visible: np.ndarray | None = None,
    sentence_hits: list[np.ndarray] | None = None,
    muted: np.ndarray | None = None,
) -> Features:
    """`concept_hits[c]` is a boolean over `index.chunk_ids`: the chunk contains concept c.
    `visible`: the chunks the reader's clearance admits (default all) — the background; never
    wider, or restricted narratives would shift an uncleared reader's scores. `muted`: sentence
    rows that are no dense evidence (form text, template.py): scored as the least similar."""
    n_records = len(index.record_ids)
    allowed_rows = chunk_mask[index.chunk_of]
    # Every visible sentence is scored, allowed or not: the background is every narrative the
    # reader may see, so a filter down to a handful of records (one officer's) still has a real
    # 'unrelated'.
    raw = index.vectors @ query
    record_of = index.chunk_record[index.chunk_of]
    seen = np.ones(len(raw), dtype=bool) if visible is None else visible[index.chunk_of]
    dense = np.full(n_records, -np.inf, dtype=np.float32)
    np.maximum.at(dense, record_of[seen], raw[seen])
    # The background is the query's, form text included: muting shifts no other record's z.
    background = dense[np.isfinite(dense)]
    sims = raw
    if muted is not None and muted.any():  # never a record's closest unless all it has
        sims = np.where(muted, raw - np.float32(2.0), raw)
        dense = np.full(n_records, -np.inf, dtype=np.float32)
        np.maximum.at(dense, record_of[seen], sims[seen])
    dense_allowed = np.full(n_records, -np.inf, dtype=np.float32)
    np.maximum.at(dense_allowed, record_of[allowed_rows], sims[allowed_rows])
    searched = np.isfinite(dense_allowed)
    dense = np.where(searched, dense_allowed, dense)
    # Best allowed sentence per record: the last row per record after sorting by similarity.
    rows = np.flatnonzero(allowed_rows)
    order = np.lexsort((sims[rows], record_of[rows]))
    ranked_records = record_of[rows][order]
    last = np.r_[ranked_records[1:] != ranked_records[:-1], True] if len(rows) else rows > 0
    best_sentence = dict(zip(ranked_records[last].tolist(), rows[order][last].tolist(),
                             strict=True))
    if len(background):
        centre = _median(background)
        spread = _median(np.abs(background - centre)) * 1.4826 or 1e-6
    else:
        centre, spread = 0.0, 1.0
    z = (dense - centre) / spread
    sentence_z = (sims[allowed_rows] - centre) / spread
    allowed_chunks = np.flatnonzero(chunk_mask)
    covered = np.zeros((len(concept_hits), n_records), dtype=bool)
    for c, hits in enumerate(concept_hits):
        hit_chunks = allowed_chunks[hits[allowed_chunks]]
        covered[c, index.chunk_record[hit_chunks]] = True
    windows = _windows(record_of, sentence_hits or [])
    passage = np.zeros(n_records)
    if len(windows):
        np.maximum.at(passage, record_of, np.where(allowed_rows, windows.sum(axis=0), 0.0))
    return Features(dense, z, covered, searched, best_sentence, passage,
                    record_of[allowed_rows], sentence_z,
                    windows[:, allowed_rows] if len(windows) else
                    np.zeros((len(concept_hits), int(allowed_rows.sum())), dtype=bool))


def _median(x: np.ndarray) -> float:
    """`np.median` of a non-empty finite 1-D array, the same value (the mean of the middle one
    or two after a partition, as NumPy computes it) without NumPy's NaN check, which imports
    numpy.ma on first use: ~0.1 s of a cold `probity ask`, for nothing else."""
    n = len(x)
    half = n // 2
    if n % 2:
        return float(np.mean(np.partition(x, half)[half : half + 1]))
    return float(np.mean(np.partition(x, [half - 1, half])[half - 1 : half + 1]))


def _windows(record_of: np.ndarray, sentence_hits: list[np.ndarray]) -> np.ndarray:
    """(concepts, sentences): the sentence or a neighbour in the same record holds the concept —
    'stun gun' and 'fired' in one passage, not two paragraphs."""
    same_prev = np.r_[False, record_of[1:] == record_of[:-1]]
    same_next = np.r_[record_of[:-1] == record_of[1:], False]
    out = np.zeros((len(sentence_hits), len(record_of)), dtype=bool)
    for c, hits in enumerate(sentence_hits):
        out[c] = hits
        out[c, 1:] |= hits[:-1] & same_prev[1:]
        out[c, :-1] |= hits[1:] & same_next[:-1]
    return out


def _passage_evidence(f: Features, weights: np.ndarray, total: float, lex: float) -> np.ndarray:
    """Per record, its best sentence's z + lex * weighted concept share of the sentence's window
    (-inf for records with no allowed sentence)."""
    out = np.full(len(f.searched), -np.inf)
    if not len(f.sentence_z):
        return out
    share = ((weights[:, None] * f.sentence_window).sum(axis=0) / total
             if len(f.sentence_window) else np.zeros(len(f.sentence_z)))
    np.maximum.at(out, f.sentence_record, f.sentence_z + lex * share)
    return out


def _holds_key(f: Features, weights: np.ndarray, ratio: float) -> np.ndarray:
    """Per record: it holds the question's key concept, where there is one — of exactly two
    concepts some record holds, the one whose idf weight is ≥ `ratio` × the other's."""
    active = np.flatnonzero(f.active)
    if ratio <= 0 or len(f.covered) != 2 or len(active) != 2:
        return np.ones(len(f.searched), dtype=bool)
    rare, common = sorted(active.tolist(), key=lambda c: -weights[c])
    if weights[rare] < ratio * max(weights[common], 1e-9):
        return np.ones(len(f.searched), dtype=bool)
    return np.asarray(f.covered[rare], dtype=bool)


def choose(f: Features, literal: bool = False, p: Params = Params()) -> Decision:
    """The set, from the features: see the module docstring."""
    n_records = len(f.searched)
    if not f.searched.any():
        return Decision([], [], 0, "calibrated")
    n_concepts = len(f.covered)
    df = f.covered[:, f.searched].sum(axis=1)
    weights = np.log((f.searched.sum() + 1) / (df + 1)) ** p.idf_power
    if not p.all_concepts:  # only concepts some searched record holds count
        weights = np.where(df > 0, weights, 0.0)
    total = float(weights.sum()) or 1.0
    coverage = (weights[:, None] * f.covered).sum(axis=0) / total if n_concepts else (
        np.zeros(n_records))
    passage = f.passage / max(1, n_concepts if p.all_concepts else int(f.active.sum()))
    score = f.z + p.lex_weight * coverage + p.sentence_weight * passage
    if not n_concepts:  # nothing asked beyond the filters ('what has PC X been accused of')
        member = f.searched
        method = "filters"
    elif n_concepts <= p.keyword_concepts and literal:
        member = f.searched & f.covered.all(axis=0)
        method = "keyword"
    else:
        lexical = coverage >= p.min_coverage if n_concepts else np.zeros(n_records, dtype=bool)
        lexical &= passage >= p.min_sentence_coverage
        held = f.covered[f.active].sum(axis=0)
        lexical &= held >= min(p.min_concepts, int(f.active.sum()))
        lexical &= _holds_key(f, weights, p.key_ratio)
        member = f.searched & (((f.z >= p.z_min) & lexical) | (f.z >= p.z_strong))
        member &= _passage_evidence(f, weights, total, p.passage_lex) >= p.passage_min
        method = "calibrated"
    candidates = np.flatnonzero(member)
    candidates = candidates[np.argsort(-score[candidates], kind="stable")]
    if method == "calibrated" and len(candidates) > 1:
        gaps = -np.diff(score[candidates])
        cut = int(np.argmax(gaps))
        if gaps[cut] >= p.elbow_gap:
            candidates = candidates[: cut + 1]
        candidates = candidates[score[candidates] >= score[candidates[0]] - p.max_drop]
    others = np.flatnonzero(f.searched)
    others = others[~np.isin(others, candidates)]
    others = others[np.argsort(-score[others], kind="stable")][:NEAR_MISSES]

    def scored(r: int) -> Scored:
        return Scored(r, float(f.dense[r]), float(f.z[r]), float(coverage[r]), float(score[r]))

    return Decision(
        members=[scored(r) for r in candidates.tolist()],
        near=[scored(r) for r in others.tolist()],
        searched=int(f.searched.sum()),
        method=method,
        best_sentence=f.best_sentence,
    )


def decide(
    index: SentenceIndex,
    chunk_mask: np.ndarray,
    query: np.ndarray,
    concept_hits: list[np.ndarray],
    literal: bool = False,
    visible: np.ndarray | None = None,
    params: Params = Params(),
    sentence_hits: list[np.ndarray] | None = None,
    muted: np.ndarray | None = None,
) -> Decision:
    """The set for one question: `features` then `choose`. `literal`: the question asks which
    records mention words, so containing them decides."""
    if not chunk_mask[index.chunk_of].any():
        return Decision([], [], 0, "calibrated")
    return choose(features(index, chunk_mask, query, concept_hits, visible, sentence_hits,
                           muted), literal, params)
