"""Lexical evidence for set answers: the question's concepts, each a group of indexed tokens.

A concept is one content word of the question, stemmed as the BM25 index was built, widened by
(a) indexed tokens that extend a stem of 5+ letters ('threat' → 'threaten', which Snowball keeps
apart) and (b) a small police thesaurus of true equivalents (taser / stun gun / CED). A phrase
synonym ('stun gun') counts where its words stand together in a chunk (phrase + proximity). Which chunks contain each
concept is read from the BM25 index's postings, so it covers every allowed narrative, not a top k.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.index.lexical import BM25Index

MIN_PREFIX = 5  # a stem this long also matches indexed tokens that extend it
# Equivalents, not associations: each line names one thing investigators call differently.
THESAURUS: tuple[tuple[str, ...], ...] = (
    ("taser", "stun gun", "ced", "conducted energy device", "conducted energy weapon"),
    ("dog", "police dog", "k9", "canine"),
    ("firearm", "gun", "handgun", "pistol", "revolver"),
    ("drug", "narcotic", "controlled substance"),
    ("pay", "paid", "payment", "money", "cash", "bribe"),
    ("handcuff", "cuff"),
    ("racist", "racial", "racially"),
    ("swear", "swore", "sworn at", "profanity", "expletive", "curse", "cursing"),
    ("spit", "spat"),
    ("threat", "threaten", "threatening"),
    ("search", "frisk", "pat down"),
    ("car", "vehicle"),
    ("home", "house", "residence"),
    ("bodycam", "body camera", "body worn camera"),
    ("incapacitant", "irritant", "pepper spray", "oc spray", "cs spray", "pava", "mace"),
    ("drunk", "intoxicated", "inebriated", "under the influence"),
    ("phone", "mobile", "cellphone", "cell phone"),
    ("chokehold", "choke", "choked", "choking", "strangle", "strangled", "headlock"),
    ("pregnant", "expectant", "pregnancy"),
    ("tow", "towed", "impound", "impounded"),
    ("social media", "facebook", "instagram", "twitter", "tiktok", "snapchat"),
    ("wheelchair", "disability", "disabled"),
    ("star number", "badge number", "badge", "shield number"),
    ("aim", "aimed", "point", "pointed"),
    ("kid", "child", "children", "minor", "juvenile"),
    ("bribe", "bribery", "kickback"),
)
# Question words that are not what the question is about (BM25's stopwords are removed anyway).
QUESTION_WORDS = frozenset(
    """complaint complaints complained complainant complainants officer officers police cop cops
    record records case cases report reports narrative narratives account accounts mention
    mentions mentioned mentioning describe describes described describing involve involves
    involving involved regarding concerning about any anyone someone somebody ever which who
    what where whether allege alleged alleges alleging allegation allegations claim claims
    claimed say says said tell show find list give many much staff member members people
    person unless during made make makes making did does done get got give gave given take
    took her his him he she they them their there then than this that these those into onto
    upon also just very really ask asked asking tell told accused accuse accusing accusation
    accusations be been being is are was were has have had do document documents memo
    memos""".split()  # noqa: SIM905 - a word list reads best as words
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")


@dataclass(frozen=True)
class Concept:
    word: str  # as asked
    tokens: tuple[str, ...]  # indexed tokens: any one is a hit
    phrases: tuple[tuple[str, ...], ...]  # multi-word synonyms: all tokens of one in a chunk


def concepts(question: str, bm25: BM25Index) -> list[Concept]:
    """One concept per distinct content word of `question` (question words dropped)."""
    out: list[Concept] = []
    seen: set[str] = set()
    for word in _WORD.findall(question):
        if word.lower() in QUESTION_WORDS:
            continue
        stems = bm25.stems(word)
        if len(stems) != 1 or stems[0] in seen or len(stems[0]) < 2:
            continue
        stem = stems[0]
        seen.add(stem)
        singles, phrases = {stem}, set[tuple[str, ...]]()
        for line in _thesaurus(bm25):
            if (stem,) in line:
                singles.update(s[0] for s in line if len(s) == 1)
                phrases.update(s for s in line if len(s) > 1)
        tokens = sorted({t for s in singles for t in bm25.expand(s, MIN_PREFIX)})
        out.append(Concept(word, tuple(tokens), tuple(sorted(phrases))))
    return out


_THESAURUS_STEMS: dict[str | None, list[set[tuple[str, ...]]]] = {}


def _thesaurus(bm25: BM25Index) -> list[set[tuple[str, ...]]]:
    """THESAURUS tokenised as the index was built (once per stemmer)."""
    key = bm25.stemmer_language
    if key not in _THESAURUS_STEMS:
        _THESAURUS_STEMS[key] = [{tuple(bm25.stems(term)) for term in line} - {()}
                                 for line in THESAURUS]
    return _THESAURUS_STEMS[key]


Texts = Callable[[list[str]], dict[str, str]]  # chunk ids → their texts


def chunk_hits(concept: Concept, bm25: BM25Index, texts: Texts) -> np.ndarray:
    """Boolean over the BM25 index's chunks: the chunk contains the concept. A phrase synonym
    counts where its words stand together, in order (at most PHRASE_GAP words between them)."""
    hits = bm25.term_hits(concept.tokens)
    for phrase in concept.phrases:
        together = np.ones_like(hits)
        for token in phrase:
            together &= bm25.term_hits([token])
        candidates = np.flatnonzero(together & ~hits)
        if len(candidates):
            ids = [bm25.ids[i] for i in candidates]
            found = texts(ids)
            pattern = _phrase_pattern(phrase)
            for i, chunk_id in zip(candidates.tolist(), ids, strict=True):
                hits[i] = bool(pattern.search(found.get(chunk_id, "")))
    return hits


PHRASE_GAP = 1  # 'stun gun', 'body worn camera', 'body-worn video camera'


def _phrase_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    """Each stem less its last letter starts a word (Snowball's 'energi' must match 'energy')."""
    gap = rf"\W+(?:\w+\W+){{0,{PHRASE_GAP}}}"
    heads = (re.escape(s[:-1] if len(s) > 3 else s) + r"\w*" for s in stems)
    return re.compile(r"\b" + gap.join(heads), re.I)


def covered(tokens: set[str], concepts: list[Concept]) -> int:
    """How many of `concepts` a sentence with these (indexed) tokens contains."""
    return sum(bool(tokens & set(c.tokens)) or any(set(p) <= tokens for p in c.phrases)
               for c in concepts)
