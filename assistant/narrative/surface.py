"""Stems that name something else: a word whose stem drops an agent/adjective suffix.

Snowball reduces 'expectant' to 'expect' and 'irritant' to 'irrit', so as an indexed token the
question's "expectant mother" also found every "she expected", "irritant spray" every "he became
irritated", 'incapacitant' every "incapacitated". Those suffixes (-ant, -ent, -ive) make a word
that is not its verb, so such a word is *guarded*: a text holding its stem counts only where a
word starts with the word's own form ("expectant", "expectantly"), checked on the text as phrase
synonyms are. Inflections and nominalisations ('kicked' → kick, 'evaluation' → evalu) are not
guarded: their family is the same act.
"""

from __future__ import annotations

import re

GUARDED_TAILS = ("ant", "ants", "ent", "ents", "ive", "ives")

Guard = tuple[str, str]  # (indexed stem, the word form a text must hold with it)


def guard(word: str, stem: str) -> Guard | None:
    """(stem, form) when `stem` drops one of GUARDED_TAILS from `word`, else None."""
    low = word.lower()
    if not stem or not low.startswith(stem) or low[len(stem):] not in GUARDED_TAILS:
        return None
    return stem, low[:-1] if low.endswith("s") else low


def holds(text: str, forms: list[str]) -> bool:
    """Whether a word of `text` starts with one of `forms`."""
    return any(re.search(rf"\b{re.escape(form)}", text, re.I) for form in forms)


def tokens_held(tokens: set[str] | frozenset[str], guards: tuple[Guard, ...], text: str
                ) -> set[str]:
    """`tokens` less the guarded ones none of whose forms `text` holds."""
    out = set(tokens)
    for stem in {s for s, _ in guards} & out:
        if not holds(text, [f for s, f in guards if s == stem]):
            out.discard(stem)
    return out
