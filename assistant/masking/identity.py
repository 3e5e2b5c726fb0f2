"""A complainant's identity in every form it recurs in, and the store's complainants elsewhere.

Measured on the 200-person synthetic force (tests/test_security_masking.py): the old string
masking left given names, initials, upper-case surnames, dates of birth and addresses visible;
these forms leave none of the red-team variants visible.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from datetime import date

import duckdb

TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "rev", "dame", "prof", "lord", "lady"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_DMY = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d{2})\b")
_YMD = re.compile(r"\b((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_PAIR_GAP = re.compile(r",?\s+")  # between the two names of a pair: "Walsh James", "WALSH, James"


@functools.lru_cache(maxsize=8192)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile` with a cache of its own. Each complainant's identity is a pattern of its
    own; `re`'s shared cache holds 512, so answers citing many complaints (and the regexes of
    every other module) evicted them and recompiled ~35 a warm answer, ~1 ms each at 300 staff.
    The same pattern, the same matches."""
    return re.compile(pattern, flags)


# Narratives without a complainant field (Chicago COPA) introduce them: "Complainant Police
# Officer Barbara CASALE alleges…", "the reporting party, Mr. John DOE, states…".
_INTRODUCED = re.compile(
    r"(?i:\b(?:complainants?|reporting part(?:y|ies)|victims?|(?:the\s+)?rp)\b[,:]?\s+"
    r"(?:(?:chicago\s+)?(?:police\s+)?(?:officer|sergeant|sgt\.?|detective|det\.?|lieutenant|"
    r"lt\.?|mr\.?|mrs\.?|ms\.?|miss|mx\.?|dr\.?)\s+)?)"
    r"((?:[A-Z][A-Za-z'\-]+\s+){0,2}[A-Z][A-Za-z'\-]+)"
)
NOT_NAMES = {"police", "officer", "chicago", "sergeant", "department", "the", "cpd", "copa",
             "detective", "lieutenant", "unknown", "alleges", "states", "reported", "was",
             "and", "who", "that", "his", "her", "their", "she", "he", "they", "alleged",
             "reports", "said", "stated", "indicated", "further", "also", "officers", "accused"}


def introduced_names(text: str) -> set[str]:
    """Name words introduced as a complainant in the text itself. Not in text written mostly in
    capitals, where a name cannot be told from the next words ("REPORTING PARTY BY REMOVING…")."""
    found = {w for m in _INTRODUCED.finditer(text) for w in m[1].split()
             if len(w) > 1 and w.lower() not in NOT_NAMES}
    if not found:  # the capitals count below is the costly part: only when it matters
        return found
    letters = list(filter(str.isalpha, text))
    if letters and sum(map(str.isupper, letters)) > 0.6 * len(letters):
        return set()
    return found


def introduced_spans(text: str) -> list[tuple[int, int]]:
    """Every occurrence (any case) of a name word the text introduces as a complainant."""
    words = introduced_names(text)
    if not words:
        return []
    rx = compiled(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    return [m.span() for m in rx.finditer(text)]


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def dates_in(text: str) -> list[tuple[int, int, date]]:
    """Numeric dates (d/m/Y, d-m-Y, d.m.Y, Y-m-d) with their spans."""
    found = [(m.start(), m.end(), _date(m[3], m[2], m[1])) for m in _DMY.finditer(text)]
    found += [(m.start(), m.end(), _date(m[1], m[2], m[3])) for m in _YMD.finditer(text)]
    return [(a, b, d) for a, b, d in found if d is not None]


def date_forms(d: date) -> list[str]:
    """A date of birth as people write it (numeric dates are matched by value instead)."""
    month, short = MONTHS[d.month - 1], MONTHS[d.month - 1][:3]
    day = rf"{d.day}(?:st|nd|rd|th)?"
    return [rf"{day}\s+(?:of\s+)?(?:{month}|{short})\.?,?\s+{d.year}",
            rf"(?:{month}|{short})\.?\s+{day},?\s+{d.year}"]


@dataclass
class Identity:
    """One complainant: `complainant` as recorded ("Mr James Walsh (DOB 30/04/1959)") and the
    complaint's `location`."""

    complainant: str | None
    location: str | None = None
    names: list[str] = field(init=False)
    dob: date | None = field(init=False)

    def __post_init__(self) -> None:
        text = self.complainant or ""
        found = dates_in(text)
        self.dob = found[0][2] if found else None
        name = re.sub(r"\(.*?\)", " ", text)
        words = _WORD.findall(name)
        while len(words) > 1 and words[0].lower().strip(".") in TITLES:  # "Mr", not "Lord" the
            words = words[1:]  # surname
        self.names = words

    def patterns(self) -> list[str]:
        """Longest forms first: a regex alternation takes the first that matches."""
        words = self.names
        out: list[str] = []
        if words:
            out.append(r"\s+".join(map(re.escape, words)))
        if len(words) > 1:
            given, surname = re.escape(words[0]), re.escape(words[-1])
            out += [rf"{surname},?\s+{given}", rf"{words[0][0]}\.?\s*{surname}",
                    rf"{surname},?\s+{words[0][0]}\b\.?"]
        out += [re.escape(w) for w in words if len(w) > 1]  # given, middle, surname alone
        if self.dob:
            out += date_forms(self.dob)
        for part in re.split(r"[,;\n]", self.location or ""):
            if len(part.strip()) > 3:
                out.append(r"\s+".join(map(re.escape, part.split())))
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        patterns = self.patterns()
        if patterns:
            rx = compiled(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)
            found += [m.span() for m in rx.finditer(text)]
        if len(self.names) > 1:  # initials, exact case: "JW", "J.W."
            initials = r"\.?\s?".join(w[0].upper() for w in self.names)
            found += [m.span() for m in compiled(rf"\b{initials}\b\.?").finditer(text)]
        if self.dob:
            found += [(a, b) for a, b, d in dates_in(text) if d == self.dob]
        return found


_CACHE: dict[object, KnownComplainants] = {}


@dataclass
class KnownComplainants:
    """Every complainant of the store, found in any record by a (given, surname) pair in either
    order ("James Walsh", "WALSH, James") or by their date of birth in any numeric format."""

    pairs: set[tuple[str, str]]
    dobs: set[date]
    words: frozenset[str] = field(init=False)  # every word of a pair: most words are in none

    def __post_init__(self) -> None:
        self.words = frozenset(w for pair in self.pairs for w in pair)

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> KnownComplainants:
        """Built once per store and ingest (not per answer): cached on the store's id and its
        complaints' count and latest ingest time."""
        key = con.execute(
            "SELECT (SELECT value FROM store_meta WHERE key = 'store_id'), count(*), "
            "max(ingested_at) FROM complaint").fetchone()
        if key in _CACHE:
            return _CACHE[key]
        pairs, dobs = set(), set()
        # Restricted complaints' complainants are left out: masking their names elsewhere would
        # tell an uncleared reader that a restricted record exists.
        rows = con.execute("SELECT complainant FROM complaint "
                           "WHERE complainant IS NOT NULL AND NOT restricted")
        for (value,) in rows.fetchall():
            who = Identity(value)
            if len(who.names) > 1:
                pairs.add((who.names[0].lower(), who.names[-1].lower()))
            if who.dob:
                dobs.add(who.dob)
        built = cls(pairs, dobs)
        _CACHE.clear()  # one store per process in practice: keep only the newest
        _CACHE[key] = built
        return built

    def spans(self, text: str) -> list[tuple[int, int]]:
        # the words finditer gives, in order (none to look at when no complainant has a pair)
        lows = list(map(str.lower, _WORD.findall(text))) if self.words else []
        found = []
        candidates = [i for i, (a, b) in enumerate(itertools.pairwise(lows))
                      if a in self.words and b in self.words]
        if candidates:
            words = list(_WORD.finditer(text))
            for i in candidates:
                a, b, pair = words[i], words[i + 1], (lows[i], lows[i + 1])
                if (pair in self.pairs or pair[::-1] in self.pairs) and _PAIR_GAP.fullmatch(
                        text, a.end(), b.start()):
                    found.append((a.start(), b.end()))
        found += [(s, e) for s, e, d in dates_in(text) if d in self.dobs]
        return found
