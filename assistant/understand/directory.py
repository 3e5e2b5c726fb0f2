"""Looking people up: the `PeopleDirectory` protocol and an in-memory implementation.

The engine implements the protocol over its DuckDB person table; `InMemoryDirectory` is for tests
and small tools. Both should score names the same way, so the helpers here (`normalise_name`,
`normalise_identifier`, `name_score`) are public — a DuckDB implementation can pre-filter by
surname in SQL and call `name_score` on the few candidates.

Scoring contract for `find_by_name` (0..1; `understand` accepts >= 0.8 and treats candidates within
0.03 of the best as equally good, i.e. ambiguous):
  1.00 exact full name · 0.97 first + last (middle names ignored) · 0.95 reversed ("Smith John")
  0.90 surname only · 0.88 fuzzy first name + exact surname ("Jon Smith") · 0.85 initial + surname
  ("J Smith") · 0.82 fuzzy surname only · fuzzy full name = ratio * 0.95.
  A known, different rank lowers a score by 0.1 (ranks change over a career; never excludes).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any, Protocol

from rapidfuzz import fuzz

from .ranks import RANK_WORDS, canonical_rank

MIN_SCORE = 0.8
TIE_MARGIN = 0.03


class PeopleDirectory(Protocol):
    def find_by_identifier(self, token: str) -> list[str]:
        """person_ids whose identifier value (any scheme) matches `token`, normalised."""
        ...

    def find_by_name(self, name: str, rank: str | None = None) -> list[tuple[str, float]]:
        """(person_id, score) for people whose name matches, best first (see module docstring)."""
        ...


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def normalise_identifier(token: str | int) -> str:
    """'pc 01234' → 'PC1234', '00123-45' → '12345', emails lower-cased; case/spaces/punctuation
    and leading zeros never matter."""
    text = _ascii(str(token)).strip()
    if "@" in text:
        return text.lower()
    text = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    m = re.fullmatch(r"([A-Z]*)0*(\d+)", text)
    return f"{m[1]}{m[2]}" if m else text


def digits_only(key: str) -> str | None:
    m = re.fullmatch(r"[A-Z]{1,3}(\d+)", key)
    return m[1] if m else None


_TITLES = RANK_WORDS | {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam", "of", "police"}


def normalise_name(name: str) -> str:
    """'Smith, John' → 'john smith'; 'PC O'Brien' → 'obrien'; ranks/titles/punctuation dropped."""
    text = _ascii(name).lower().replace("’", "'")
    if "," in text:
        last, _, first = text.partition(",")
        text = f"{first} {last}"
    text = re.sub(r"'s\b", "", text).replace("'", "")
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens.pop(0)
    return " ".join(tokens)


def _person_names(person: dict[str, Any]) -> tuple[list[str], str | None, str | None]:
    names = [n for n in [person.get("name"), *person.get("aliases", [])] if n]
    given, family = person.get("given_name"), person.get("family_name")
    if given and family:
        names.append(f"{given} {family}")
    return ([normalise_name(n) for n in names],
            normalise_name(given) if given else None, normalise_name(family) if family else None)


def name_score(query: str, person: dict[str, Any], rank: str | None = None) -> float:
    q = normalise_name(query)
    if not q:
        return 0.0
    names, given, family = _person_names(person)
    best = 0.0
    for full in names:
        tokens = full.split()
        if not tokens:
            continue
        first, last = given or tokens[0], family or tokens[-1]
        qt = q.split()
        if q == full:
            score = 1.0
        elif q == last:
            score = 0.9
        elif q.endswith(" " + last):
            lead = q[: -len(last) - 1].split()[0]
            score = (0.97 if lead == first.split()[0] else
                     0.85 if len(lead) == 1 and first.startswith(lead) else
                     0.88 if fuzz.ratio(lead, first.split()[0]) >= 85 else 0.0)
        elif len(qt) == 2 and qt[0] == last and qt[1] == first.split()[0]:
            score = 0.95
        elif len(qt) == 1:
            score = 0.82 if fuzz.ratio(q, last) >= 90 else 0.0
        else:
            ratio = fuzz.token_sort_ratio(q, full) / 100
            score = ratio * 0.95 if ratio >= 0.88 else 0.0
        best = max(best, score)
    wanted, actual = canonical_rank(rank), canonical_rank(person.get("rank"))
    if best and wanted and actual and wanted != actual:
        best -= 0.1
    return round(best, 4)


class InMemoryDirectory:
    """A `PeopleDirectory` over a list of person dicts (or `Person` models):
    `{"person_id", "name", "given_name"?, "family_name"?, "identifiers": {scheme: value},
    "rank"?, "aliases"?}`. The person_id itself is also matched as an identifier."""

    def __init__(self, people: list[Any]) -> None:
        self.people: list[dict[str, Any]] = [
            p.model_dump() if hasattr(p, "model_dump") else dict(p) for p in people
        ]
        self._full: dict[str, set[str]] = defaultdict(set)
        self._digits: dict[str, set[str]] = defaultdict(set)
        for person in self.people:
            pid = person["person_id"]
            values = [pid, *(person.get("identifiers") or {}).values()]
            for value in values:
                if value in (None, ""):
                    continue
                key = normalise_identifier(value)
                self._full[key].add(pid)
                self._digits[digits_only(key) or key].add(pid)

    def find_by_identifier(self, token: str) -> list[str]:
        key = normalise_identifier(token)
        hits = self._full.get(key) or self._digits.get(digits_only(key) or key) or set()
        return sorted(hits)

    def find_by_name(self, name: str, rank: str | None = None) -> list[tuple[str, float]]:
        scored = [(p["person_id"], name_score(name, p, rank)) for p in self.people]
        return sorted([s for s in scored if s[1] > 0.5], key=lambda s: (-s[1], s[0]))


def pick_candidates(scored: list[tuple[str, float]]) -> tuple[list[str], float]:
    """The equally-best candidates (>= MIN_SCORE, within TIE_MARGIN of the top) and the top."""
    good = [s for s in scored if s[1] >= MIN_SCORE]
    if not good:
        return [], 0.0
    top = max(s for _, s in good)
    return sorted(pid for pid, s in good if s >= top - TIE_MARGIN), top
