"""Lexical evidence for set answers: the question's concepts, each a group of indexed tokens.

A concept is one content word of the question, stemmed as the BM25 index was built, widened by
(a) indexed tokens that extend a stem of 5+ letters by a word-family ending ('threat' →
'threaten', which Snowball keeps apart; not 'under' → 'understand') and (b) a small police thesaurus of true equivalents (taser / stun gun / CED). A phrase
synonym ('stun gun') counts where its words stand together in a chunk (phrase + proximity). Which chunks contain each
concept is read from the BM25 index's postings, so it covers every allowed narrative, not a top k.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.index.lexical import BM25Index
from assistant.narrative.surface import Guard, guard, holds

MIN_PREFIX = 5  # a stem this long also matches indexed tokens that extend it …
# … by one of these endings only (what Snowball leaves on a word of the same family: threat →
# threaten, shoot → shooter): a bare prefix made 'under' find 'understand', 'resid' 'residue'
# and 'mother' a profanity.
EXTENSIONS = frozenset({"e", "n", "en", "er", "or", "s"})
# Equivalents, not associations: each line names one thing investigators call differently.
THESAURUS: tuple[tuple[str, ...], ...] = (
    ("taser", "tase", "tazer", "taze", "stun gun", "ced", "conducted energy device", "conducted energy weapon"),
    ("dog", "police dog", "k9", "canine"),
    ("firearm", "gun", "handgun", "pistol", "revolver", "weapon", "gunpoint"),
    ("drug", "narcotic", "controlled substance"),
    ("pay", "paid", "payment", "money", "cash", "bribe"),
    ("handcuff", "cuff"),
    ("racist", "racial", "racially"),
    # Racist words said to someone, as one phrase: 'racial slur' is not "slurring his speech",
    # 'racist language' not "racially profiled" (either word alone names another thing).
    ("racist language", "racial slur", "racial epithet", "racist slur", "ethnic slur",
     "racist remark", "racist comment", "racial remark", "racist abuse", "racially abusive",
     "racist name"),
    ("swear", "swore", "sworn at", "profanity", "expletive", "curse", "cursing"),
    ("spit", "spat"),
    ("threat", "threaten", "threatening"),
    ("search", "frisk", "pat down"),
    ("car", "vehicle"),
    ("home", "house", "residence"),
    ("bodycam", "body camera", "body worn camera"),
    ("incapacitant", "irritant", "pepper spray", "oc spray", "cs spray", "pava", "mace"),
    ("drunk", "intoxicated", "inebriated", "intoxication", "under the influence", "been drinking",
     "smelled of alcohol", "smell of alcohol", "odor of alcohol", "odour of alcohol"),
    ("phone", "mobile", "cellphone", "cell phone"),
    # Driving after drinking, one offence however named ('drink' alone is "meet for a drink").
    ("drink driving", "drunk driving", "drink drive", "driving under the influence", "dui", "dwi",
     "over the limit", "drunk in charge"),
    ("throat", "neck", "choke", "choked", "choking", "strangle", "strangled", "headlock"),
    ("weight on", "knelt on", "kneeled on", "kneeling on", "knee on"),
    ("chokehold", "choke", "choked", "choking", "strangle", "strangled", "headlock"),
    ("pregnant", "expectant", "pregnancy"),
    ("tow", "towed", "impound", "impounded"),
    ("social media", "facebook", "instagram", "twitter", "tiktok", "snapchat"),
    ("wheelchair", "disability", "disabled"),
    ("star number", "badge number", "badge", "shield number"),
    # Aiming a gun is also told as drawing it or holding someone at gunpoint.
    ("aim", "aimed", "point", "pointed", "gunpoint", "drew weapon", "drew gun", "drew firearm",
     "drew pistol", "weapon drawn", "gun drawn", "firearm drawn", "pistol drawn"),
    # Officers identify themselves by name, badge or shield number ('would not give his name').
    ("identify", "badge number", "shield number", "name tag", "nameplate", "give name",
     "gave name", "provide name", "name and badge"),
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
) | frozenset(
    # Function words BM25 keeps: as concepts they only dilute coverage ('would not identify',
    # 'while their child was there', 'for their own purposes').
    """would could should might must can will shall out up off over along through while because
    already without within never not nothing something anything thing things own other others
    another why how when saying went going go goes gone tried try trying use used uses using
    put puts putting someone's somebody's people's person's officer's officers' himself herself
    themselves itself whose ended wasn't weren't didn't don't doesn't isn't aren't won't
    wouldn't couldn't hasn't haven't hadn't""".split()  # noqa: SIM905
) | frozenset(
    # Words of a filter the planner has already applied ('received in 2023', 'in X district').
    ["received", "receive", "district"])
# A question's negation ('would not identify himself', 'without recording', 'never assessed')
# applies to the first concept within NEGATION_REACH words after it: the narrative sentence that
# holds that concept must be negated too ("did not identify themselves", not "identified her").
NEGATIONS = frozenset("""not never without no failed fail fails refused refuse refuses didn't
    wouldn't won't couldn't don't doesn't cannot can't nothing""".split())  # noqa: SIM905
NEGATION_REACH = 4
NEGATED_SENTENCE = re.compile(
    r"\b(?:not|never|no|without|fail\w*|refus\w*|declin\w*|neither|nor|unable|nothing)\b|n't\b",
    re.I)
_OR = "or"  # 'kill or shoot', 'towed or impounded': the two words are one concept
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")


@dataclass(frozen=True)
class Concept:
    word: str  # as asked
    tokens: tuple[str, ...]  # indexed tokens: any one is a hit
    phrases: tuple[tuple[str, ...], ...]  # multi-word synonyms: all tokens of one in a chunk
    # Tokens that count only beside a word form ('expect' only as "expectant…"): surface.py
    guards: tuple[Guard, ...] = ()


def concepts(question: str, bm25: BM25Index) -> list[Concept]:
    """One concept per distinct content word of `question` (question words dropped)."""
    out: list[Concept] = []
    seen: set[str] = set()
    found = list(_WORD.finditer(question))
    raw = [m.group() for m in found]
    skip = QUESTION_WORDS | {_OR}
    words = [w for w in raw if w.lower() not in skip]
    # Positions (in `words`) whose word follows an 'or' that itself follows a kept word …
    ors = [j for j in range(1, len(raw) - 1)
           if raw[j].lower() == _OR and raw[j - 1].lower() not in QUESTION_WORDS
           and raw[j + 1].lower() not in QUESTION_WORDS]
    # … or starts an earlier item of the same list ('pulled out, threatened with or fired').
    starts = [j + 1 for j in ors] + [a for j in ors for a in _listed(question, found, j)]
    alternative = {len([x for x in raw[:a] if x.lower() not in skip]) for a in starts}
    stems = [bm25.stems(w) for w in words]
    i = 0
    while i < len(words):
        before = len(out)
        position = i
        # A thesaurus phrase asked as such ('stun gun', 'pepper spray') is one concept, not two
        # words with their own senses ('gun' would widen to firearms).
        span = _phrase_at(stems, i, bm25)
        if span:
            end, line = span
            key = " ".join(words[i:end])
            if key not in seen:
                seen.add(key)
                out.append(_concept(key, line, bm25, _guards([line], None, bm25)))
                _merge_alternative(out, before, position in alternative)
            i = end
            continue
        word, stem_list = words[i], stems[i]
        i += 1
        if len(stem_list) != 1 or stem_list[0] in seen or len(stem_list[0]) < 2:
            continue
        stem = stem_list[0]
        seen.add(stem)
        if out and before == len(out) and _heads(out[-1], stem, words, position):
            # 'irritant spray': 'spray' ends one of irritant's phrases (pepper spray), so it
            # names the same thing — one concept, either word a hit ('sprayed in the face').
            x = out[-1]
            out[-1] = Concept(f"{x.word} {word}",
                              tuple(sorted({*x.tokens, *_expand(stem, bm25)})),
                              x.phrases, x.guards)
            continue
        own = guard(word, stem)
        line = {(stem,)}
        joined = []
        for entry, forms in zip(_thesaurus(bm25), _thesaurus_guards(bm25), strict=True):
            # 'expected' is not the 'expectant' of the pregnancy line, though both stem 'expect'
            if (stem,) in entry and (stem not in forms or (own and own[1] in forms[stem])):
                line |= entry
                joined.append(entry)
        out.append(_concept(word, line, bm25, _guards(joined, own, bm25, stem)))
        _merge_alternative(out, before, position in alternative)
    return out


LIST_ITEM = 3  # words an item of 'A, B or C' may have ('threatened with')
# Words an item may carry after its own ('pulled out', 'threatened with', 'hit him'); any other
# word makes it a clause ('in Chicago, officers who …'), not an item.
TRAILING = frozenset({"out", "up", "off", "down", "away", "back", "with", "at", "on", "in", "to",
                      "a", "an", "the", "it", "him", "her", "them", "me", "someone", "somebody"})


def _listed(question: str, found: list[re.Match[str]], at: int) -> list[int]:
    """Raw word indices starting the items that a comma list puts before the 'or' at `at`
    ('hit, kicked or punched': 'kicked'), the list's first item excepted."""
    words = [m.group().lower() for m in found]

    def sep(a: int) -> str:  # the text between word a - 1 and word a
        return question[found[a - 1].end():found[a].start()].strip()

    def item(a: int, end: int) -> bool:  # words a … end - 1 are one item of a list
        return (a < end and words[a] not in QUESTION_WORDS and not words[a].isdigit()
                and all(not sep(b) and words[b] in TRAILING for b in range(a + 1, end)))

    out: list[int] = []
    end = at  # the item ends before this word
    while True:
        start = next((a for a in range(end - 1, max(0, end - LIST_ITEM) - 1, -1)
                      if a > 0 and sep(a) == ","), None)
        if start is None or not item(start, end):
            return out
        # the item before the comma must be one too, else the comma ends a clause
        if not any(item(a, start) for a in range(max(0, start - LIST_ITEM), start)):
            return out
        out.append(start)
        end = start


def negated(question: str, found: list[Concept]) -> list[bool]:
    """Per concept: a negation word of `question` stands at most NEGATION_REACH words before the
    concept's first word, with no other concept between them."""
    words = [w.lower() for w in _WORD.findall(question)]
    firsts = {c.word.split()[0].lower() for c in found}
    out = []
    for concept in found:
        first = concept.word.split()[0].lower()
        at = words.index(first) if first in words else -1
        hit = False
        for j in range(at - 1, max(-1, at - 1 - NEGATION_REACH), -1):
            if words[j] in NEGATIONS:
                hit = True
                break
            if words[j] in firsts:
                break
        out.append(at >= 0 and hit)
    return out


def _heads(previous: Concept, stem: str, words: list[str], position: int) -> bool:
    """Whether `stem` (word `position`) directly follows the word `previous` was made from and
    ends one of its thesaurus phrases: it then names what `previous` already is."""
    return (position > 0 and previous.word.split()[-1] == words[position - 1]
            and any(p[-1] == stem for p in previous.phrases))


def _merge_alternative(out: list[Concept], before: int, alternative: bool) -> None:
    """The concept just added after 'X or' joins X's: either word is a hit."""
    if alternative and len(out) == before + 1 and before > 0:
        x, y = out[before - 1], out.pop()
        out[before - 1] = Concept(f"{x.word} or {y.word}", tuple(sorted({*x.tokens, *y.tokens})),
                                  tuple(sorted({*x.phrases, *y.phrases})),
                                  tuple(sorted({*x.guards, *y.guards})))


def _phrase_at(stems: list[list[str]], i: int, bm25: BM25Index
               ) -> tuple[int, set[tuple[str, ...]]] | None:
    """The longest thesaurus phrase starting at word `i` (end index, its thesaurus line). Words
    the index does not keep ('the' in 'under the influence') stand inside a phrase unseen."""
    if not stems[i]:
        return None
    flat: list[str] = []
    ends: list[int] = []  # ends[k]: the word index just after the (k+1)th stem
    for j in range(i, len(stems)):
        for s in stems[j]:
            flat.append(s)
            ends.append(j + 1)
    best: tuple[int, set[tuple[str, ...]]] | None = None
    for entry in _thesaurus(bm25):
        for phrase in entry:
            n = len(phrase)
            if n < 2 or n > len(flat):
                continue
            if tuple(flat[:n]) == phrase and (best is None or ends[n - 1] > best[0]):
                best = (ends[n - 1], entry)
    return best


def _expand(stem: str, bm25: BM25Index) -> list[str]:
    """Indexed tokens of the stem's family: itself, or it plus one of EXTENSIONS."""
    return [t for t in bm25.expand(stem, MIN_PREFIX) if t == stem or t[len(stem):] in EXTENSIONS]


def _concept(word: str, line: set[tuple[str, ...]], bm25: BM25Index,
             guarded: dict[str, set[str]]) -> Concept:
    singles = {s[0] for s in line if len(s) == 1}
    phrases = {s for s in line if len(s) > 1}
    tokens = sorted({t for s in singles for t in _expand(s, bm25)})
    guards = {(t, form) for stem, forms in guarded.items() for t in _expand(stem, bm25)
              for form in forms}
    return Concept(word, tuple(tokens), tuple(sorted(phrases)), tuple(sorted(guards)))


def _guards(entries: list[set[tuple[str, ...]]], own: Guard | None, bm25: BM25Index,
            stem: str | None = None) -> dict[str, set[str]]:
    """Stem → the forms it counts beside, for the stems only guarded words give: the question
    word's own (`own`; `stem` is the word's stem) and those of the thesaurus lines it joined."""
    lines = _thesaurus(bm25)
    forms: dict[str, set[str]] = {}
    free: set[str] = set()
    if own:
        forms.setdefault(own[0], set()).add(own[1])
    elif stem:
        free.add(stem)
    for entry in entries:
        guarded = _thesaurus_guards(bm25)[lines.index(entry)]
        for term in entry:
            if len(term) > 1:
                continue
            if term[0] in guarded:
                forms.setdefault(term[0], set()).update(guarded[term[0]])
            else:
                free.add(term[0])
    return {stem: f for stem, f in forms.items() if stem not in free}


_THESAURUS_STEMS: dict[str | None, list[set[tuple[str, ...]]]] = {}
_THESAURUS_GUARDS: dict[str | None, list[dict[str, set[str]]]] = {}


def _thesaurus(bm25: BM25Index) -> list[set[tuple[str, ...]]]:
    """THESAURUS tokenised as the index was built (once per stemmer)."""
    key = bm25.stemmer_language
    if key not in _THESAURUS_STEMS:
        _THESAURUS_STEMS[key] = [{tuple(bm25.stems(term)) for term in line} - {()}
                                 for line in THESAURUS]
    return _THESAURUS_STEMS[key]


def _thesaurus_guards(bm25: BM25Index) -> list[dict[str, set[str]]]:
    """Per THESAURUS line, stem → forms of its guarded single words (surface.guard)."""
    key = bm25.stemmer_language
    if key not in _THESAURUS_GUARDS:
        _THESAURUS_GUARDS[key] = []
        for line in THESAURUS:
            found: dict[str, set[str]] = {}
            for term in line:
                stems = bm25.stems(term)
                if len(stems) == 1 and (g := guard(term, stems[0])):
                    found.setdefault(g[0], set()).add(g[1])
            _THESAURUS_GUARDS[key].append(found)
    return _THESAURUS_GUARDS[key]


Texts = Callable[[list[str]], dict[str, str]]  # chunk ids → their texts


def chunk_hits(concept: Concept, bm25: BM25Index, texts: Texts) -> np.ndarray:
    """Boolean over the BM25 index's chunks: the chunk contains the concept. A phrase synonym
    counts where its words stand together, in order (at most PHRASE_GAP words between them);
    a guarded token where its word form stands in the text (surface.py)."""
    guarded = {stem for stem, _ in concept.guards}
    hits = bm25.term_hits([t for t in concept.tokens if t not in guarded])
    if guarded:
        candidates = np.flatnonzero(bm25.term_hits(sorted(guarded)) & ~hits)
        ids = [bm25.ids[i] for i in candidates]
        found = texts(ids) if ids else {}
        forms = sorted({form for _, form in concept.guards})
        for i, chunk_id in zip(candidates.tolist(), ids, strict=True):
            hits[i] = holds(found.get(chunk_id, ""), forms)
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
