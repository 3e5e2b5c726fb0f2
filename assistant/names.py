"""Parsing and comparing staff names as systems write them.

"PC J Smith", "Smith, John", "John SMITH", "Sgt. O'Brien" and "Jon Smith" are all plausible
spellings of one officer. Ranks and titles are stripped, "Surname, Forename" is reordered, and
forenames written as initials only have to agree on their first letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

RANK_WORDS = {
    "pc",
    "ps",
    "wpc",
    "dc",
    "ds",
    "ci",
    "cs",
    "di",
    "dci",
    "dsu",
    "supt",
    "sgt",
    "sergeant",
    "insp",
    "inspector",
    "ch",
    "chief",
    "superintendent",
    "constable",
    "police",
    "detective",
    "det",
    "officer",
    "po",
    "pco",
    "lt",
    "lieutenant",
    "capt",
    "captain",
    "cmdr",
    "commander",
    "special",
    "psc",
    "pcso",
    "acc",
    "dcc",
    "cc",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "staff",
    "civilian",
    "analyst",
}
_TOKEN = re.compile(r"[a-z][a-z'\-]*")


@dataclass(frozen=True)
class ParsedName:
    given: str  # may be an initial, or empty
    family: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()


def _surname_first(raw: str) -> bool:
    """Registers often write "WOOD G" or "ROBINSON Mary": an upper-case surname, then the rest."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", raw) if w.lower() not in RANK_WORDS]
    if len(words) < 2 or len(words[0]) < 2 or not words[0].isupper():
        return False
    return any(len(w) == 1 or not w.isupper() for w in words[1:])


def _tokens(raw: str) -> list[str]:
    """Name words in written order, ranks and titles dropped ("Surname, Forename" reordered)."""
    text = raw.strip().lower()
    if "," in text:  # "Smith, John" → "john smith"
        family, _, given = text.partition(",")
        text = f"{given} {family}"
    elif _surname_first(raw):
        words = [w for w in _TOKEN.findall(text.replace(".", " ")) if w not in RANK_WORDS]
        text = " ".join([*words[1:], words[0]])
    tokens = [t.strip("'-") for t in _TOKEN.findall(text.replace(".", " "))]
    return [t for t in tokens if t and t not in RANK_WORDS]


def parse_name(raw: str) -> ParsedName:
    tokens = _tokens(raw)
    if not tokens:
        return ParsedName("", "")
    if len(tokens) == 1:
        return ParsedName("", tokens[0])
    return ParsedName(tokens[0], tokens[-1])


def name_similarity(a: str | ParsedName, b: str | ParsedName) -> float:
    """0..1. Family names must be close; a bare initial only has to agree on the letter."""
    pa = a if isinstance(a, ParsedName) else parse_name(a)
    pb = b if isinstance(b, ParsedName) else parse_name(b)
    if not pa.family or not pb.family:
        return 0.0
    family = fuzz.ratio(pa.family, pb.family) / 100
    if family < 0.8:
        return family * 0.5
    if not pa.given or not pb.given:
        return family * 0.85  # family name alone: plausible, never certain
    if len(pa.given) == 1 or len(pb.given) == 1:
        given = 1.0 if pa.given[0] == pb.given[0] else 0.0
        return family * (0.9 if given else 0.4)
    given = fuzz.ratio(pa.given, pb.given) / 100
    return family * (0.6 + 0.4 * given) if given >= 0.6 else family * 0.4


SWAPPED, JOINED = 0.97, 0.98  # a reading other than the written order scores a little lower


def name_readings(raw: str) -> list[tuple[ParsedName, float]]:
    """The written name and the other ways it can be read, each with its weight: surname first
    ("Fielding T", "Hussain Mohammed": forename and surname swapped) and a double-barrelled
    surname written without its hyphen ("Gareth Lloyd Jones"). A name matching in the written
    order always outscores the same name matched another way."""
    tokens = _tokens(raw)
    parsed = parse_name(raw)
    out = [(parsed, 1.0)]
    if len(tokens) == 2:
        out.append((ParsedName(parsed.family, parsed.given), SWAPPED))
    if len(tokens) >= 2 and len(tokens[-2]) > 1:
        given = tokens[0] if len(tokens) > 2 else ""
        out.append((ParsedName(given, f"{tokens[-2]}-{tokens[-1]}"), JOINED))
    return out
