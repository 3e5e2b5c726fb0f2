"""Word-level evidence for the support check: specifics, content stems, polarity, instructions.

Kept apart from `support.py` so the rules a sentence is held to can be read in one place. All of it
is deliberately simple and conservative: a rule that wrongly rejects a true sentence costs a
fall-back to the extractive answer; a rule that wrongly accepts one costs trust.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = {m[:3]: m for m in ("january", "february", "march", "april", "may", "june", "july",
                              "august", "september", "october", "november", "december")}
# Number words are numbers ("six times" must not become "twelve times"); "one" and "once" are
# left out, being pronoun and conjunction as often as numbers.
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty")) if i > 1}
_NUMBER_WORDS |= {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "hundred": "100",
                  "twice": "2", "dozen": "12"}
_CANON = {**{full: abbr for abbr, full in _MONTHS.items()}, **{a: a for a in _MONTHS},
          "sept": "sep", **_NUMBER_WORDS}
# Rank abbreviations and the words they stand for: "DC Reyes" is "Detective Constable Reyes".
_RANKS = {"pc": ("police", "constable"), "dc": ("detective", "constable"),
          "ds": ("detective", "sergeant"), "di": ("detective", "inspector"),
          "sgt": ("sergeant",), "insp": ("inspector",), "supt": ("superintendent",),
          "det": ("detective",), "ch": ("chief",)}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NUMBER = re.compile(r"\d+")
# Capitalised words that are not names when they appear mid-sentence (after a colon, in a quote).
_NOT_NAMES = _words("""i a an the he she they it we you his her their its our my this that
these those there here in on at of for to and but or both all no not yes according however
after before when while during then also""")
_STOPWORDS = _NOT_NAMES | _words("""is was were be been being are am has have had do does did
with by from as into onto about over under than so if such who whom which what where why how
him them me us your said says say stated states told also very more most any some each other
again further only own same too can could would should will shall may might must""")
_NEGATIONS = _words("""not no never nothing none nobody neither nor without cannot deny denies
denied denial refuse refused refuses fail failed fails failure unable""")
# Findings and outcomes: what an investigator relies on most and an injected instruction targets.
# Like names and dates, they must occur in the cited text itself, never be inferred.
_FINDINGS = _words("""innocent innocence guilty guilt cleared exonerated exonerate vindicated
dismissed dismissal sacked upheld substantiated unsubstantiated unfounded proven proved justified
unjustified lawful unlawful legitimate blameless wrongdoing liable convicted acquitted suspended
suspension reprimanded sanctioned disciplined lied fabricated false falsely admitted admits admit
admission confessed confession apologised apologized""")
NEGATION_SCOPE = 4  # content words after a negation that it negates
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[.!?,;:()–—]")
_BOUNDARY = re.compile(r"[.!?,;:()–—]|and|but|or|while|whereas|although|though|because|however|"
                       r"which|who|after|before|when|then", re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?]{0,60}\b(?:instructions?|prompts?|"
    r"rules?|guidelines?|context|everything|above)\b"
    r"|\b(?:system prompt|language model|as an ai|ai assistant|new instructions?)\b"
    r"|\byou (?:are|must|should|will) (?:now )?(?:an? |the )?(?:assistant|ai|model|answer|say|"
    r"respond|reply|state)\b"
    r"|^\W*(?:system|assistant)\s*:",
    re.IGNORECASE,
)


_SPECIFIC = re.compile(r"\b\d[\w:./-]*|\bMay\b|\b(?i:" + "|".join(
    m for m in [*_MONTHS.values(), *_MONTHS, "sept"] if m != "may") + r")\b")


def without_specifics(text: str) -> str:
    """Text with numbers and month names removed, for embedding: those are checked exactly by
    `specifics`, and left in they make a faithful sentence look unlike a source that says more
    ("On 14 March 2023 at about 22:40 …" against "He was stopped on Albion Street …")."""
    return re.sub(r"\s+", " ", _SPECIFIC.sub(" ", text)).strip()


def instruction_like(sentence: str) -> bool:
    """A sentence addressed to an AI rather than describing events: data, never evidence."""
    return bool(_INSTRUCTION.search(sentence))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer, already a dependency of the BM25 index

    return Stemmer.Stemmer("english")


def norm(word: str) -> str:
    """Lower case, possessive dropped, months and number words canonical ('March' → 'mar')."""
    word = word.lower().strip("'’-")
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    return _CANON.get(word, word)


def _numbers(text: str) -> set[str]:
    return {str(int(d)) for d in _NUMBER.findall(text)}


def specifics(sentence: str) -> set[str]:
    """Numbers, months and names a sentence asserts: '0041' → '41', 'six' → '6'."""
    out = _numbers(sentence)
    for i, match in enumerate(_WORD.finditer(sentence)):
        word, canon = match.group(), norm(match.group())
        # Months count anywhere; other capitalised words only after the sentence's first word.
        name = word[0].isupper() and (canon in _MONTHS or (i > 0 and canon not in _NOT_NAMES))
        if name or canon.isdigit():
            out.add(canon)
    return out


def vocabulary(text: str) -> set[str]:
    """Every canonical word and number of a text (ranks both ways): what specifics must be in."""
    words = _numbers(text) | {norm(w) for w in _WORD.findall(text)}
    for abbr, full in _RANKS.items():
        if abbr in words:
            words.update(full)
        elif all(w in words for w in full):
            words.add(abbr)
    return words


def content_stems(text: str) -> set[str]:
    words = [norm(w) for w in _WORD.findall(text)]
    words = [w for w in words if w and w not in _STOPWORDS and len(w) > 1]
    return set(_stemmer().stemWords(words)) | _numbers(text)


def findings(text: str) -> set[str]:
    """The finding/outcome words of a text, as stems."""
    words = [w for w in (norm(w) for w in _WORD.findall(text)) if w in _FINDINGS]
    return set(_stemmer().stemWords(words))


def polarity(text: str) -> list[tuple[str, bool, bool]]:
    """(stem, negated?, head of the negation?) for each content word. A negation covers the next
    few content words of its clause ("refused to take her statement" negates take and statement,
    not what follows "and"); its head is the first of them, the word it most plainly denies."""
    out = []
    scope = 0
    for token in _TOKEN.findall(text):
        if _BOUNDARY.fullmatch(token):
            scope = 0
            continue
        canon = norm(token)
        if canon in _NEGATIONS or token.lower().endswith(("n't", "n’t")):
            scope = NEGATION_SCOPE
            continue
        if not canon or canon in _STOPWORDS or len(canon) < 2:
            continue
        stem = canon if canon.isdigit() else _stemmer().stemWord(canon)
        out.append((stem, scope > 0, scope == NEGATION_SCOPE))
        scope = max(scope - 1, 0)
    return out


def _same(a: str, b: str) -> bool:
    """Stems of one word family: equal, or one a prefix of the other ("threat", "threaten")."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def polarity_clash(claim: str, source: str) -> str:
    """A word whose polarity in the claim the source never gives it ('' if none): the claim
    asserts what the source only ever negates ("drugs were found" against "no drugs or weapons
    were found"), or denies outright what the source only ever asserts ("he was not handcuffed"
    against "he was already handcuffed")."""
    source_words = polarity(source)
    for stem, negated_here, head in polarity(claim):
        seen = {neg for s, neg, _ in source_words if _same(s, stem)}
        if seen and ((not negated_here and seen == {True}) or (head and seen == {False})):
            return stem
    return ""
