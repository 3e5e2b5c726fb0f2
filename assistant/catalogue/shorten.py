"""Shorter names for long stored values: a distinctive tail said alone, and initials.

Why: exports spell some values in full ("City of Chicago Office of Inspector General") while
investigators say "the Inspector General" or "the OIG". Without these, such a phrase matched no
value, looked like a person's name, and the question was refused ("No one matching 'Inspector
General'"). Both forms are derived from the catalogue itself, so a new export's long values get
them with no code change. A tail must hold a word no other stored value uses (so "Police
Department" never stands for "External Police Department"), and is only linked when said as a
name (`CatalogueBinder._said_as_named`): capitalised tails, initials in capitals.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from . import OFFICER, Entry

SMALL_WORDS = {"of", "the", "and", "for", "to", "in", "on", "at", "a", "an", "&"}
MIN_INITIALS = 3  # "IG" is too short to be anything's name
Fields = dict[str, dict[tuple[str, str], list[str]]]


def _words(value: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z']*", value)


def tails(value: str) -> list[list[str]]:
    """The value's proper tails of two or more words, each starting with a main word
    ("Office of Inspector General", "Inspector General" for "City of … Inspector General")."""
    words = _words(value)
    return [words[i:] for i in range(1, len(words) - 1)
            if words[i].lower() not in SMALL_WORDS and len(words) - i >= 2]


def initials(words: list[str]) -> str:
    return "".join(w[0].upper() for w in words if w.lower() not in SMALL_WORDS)


def shortened(values: Fields, entries: Sequence[Entry], cleared: bool,
              normalise: Callable[[str], str]) -> tuple[set[str], set[str]]:
    """Add tails and initials of the entries' long values to `values` (phrase → fields →
    stored values); return (tails, initials) added, as normalised phrases."""
    held = [e for e in entries if (e.n if cleared else e.n_open) > 0 and e.kind != OFFICER
            and not e.value.isupper() and len(_words(e.value)) >= 3]
    used: dict[str, set[str]] = defaultdict(set)  # word → the stored values that use it
    for e in entries:
        for w in _words(e.value):
            used[w.lower()].add(e.value.lower())
    found: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    short: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in held:
        forms = [_words(e.value), *tails(e.value)]
        for words in forms[1:]:
            if any(len(used[w.lower()]) == 1 for w in words if w.lower() not in SMALL_WORDS):
                found[normalise(" ".join(words))][(e.kind, e.field)].add(e.value)
        for words in forms:
            if len(code := initials(words)) >= MIN_INITIALS:
                short[code.lower()][(e.kind, e.field)].add(e.value)
    added_tails: set[str] = set()
    added_initials: set[str] = set()
    for bucket, added in ((found, added_tails), (short, added_initials)):
        for norm, fields in bucket.items():
            stored = {v for vs in fields.values() for v in vs}
            if norm in values or len(stored) != 1:
                continue  # a value of its own, or it would stand for several
            values[norm] = {kf: sorted(vs) for kf, vs in fields.items()}
            added.add(norm)
    return added_tails, added_initials


def leading_word(field: str) -> str | None:
    """A pattern for the first word of a field's name, any ending ("referred_to_agency" →
    "referr…": "referred to", "a referral to"), when the name has several words."""
    parts = field.split("_")
    if len(parts) < 2 or len(parts[0]) < 4:
        return None
    return re.escape(parts[0][:max(4, len(parts[0]) - 3)])
