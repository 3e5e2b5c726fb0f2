"""Parsing and comparing staff names as systems write them.

"PC J Smith", "Smith, John", "John SMITH", "Sgt. O'Brien" and "Jon Smith" are all plausible
spellings of one officer. Ranks and titles are stripped, "Surname, Forename" is reordered, and
forenames written as initials only have to agree on their first letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

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


@lru_cache(maxsize=1 << 16)  # a store's unresolved names are compared on every person question
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


FAMILY_FLOOR = 0.8  # below it name_similarity is half the family score: under 0.4


def similar_names(name: str | None, names: Iterable[str], threshold: float) -> set[str]:
    """The names whose `name_similarity` to `name` is at least `threshold` (≥ 0.4): the same
    verdicts as scoring each one, but only names whose family name reaches FAMILY_FLOOR against
    this one's are scored (one C pass over the distinct family names finds them)."""
    if threshold < FAMILY_FLOOR * 0.5:
        raise ValueError(f"similar_names scores only from {FAMILY_FLOOR * 0.5}, not {threshold}")
    if not name:
        return set()
    target = parse_name(name)
    if not target.family:
        return set()
    by_family: dict[str, list[str]] = {}
    for other in names:
        by_family.setdefault(parse_name(other).family, []).append(other)
    families = [f for f in by_family if f]
    near = process.extract(target.family, families, scorer=fuzz.ratio,
                           score_cutoff=FAMILY_FLOOR * 100, limit=None)
    return {other for family, _, _ in near for other in by_family[family]
            if name_similarity(other, target) >= threshold}


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
