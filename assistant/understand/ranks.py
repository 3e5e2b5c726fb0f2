"""Ranks and titles: how a question (or a source row) names someone's rank.

`RANKS` maps a canonical rank to the ways it is written. Abbreviations are matched
case-insensitively; dots are optional ("Sgt." = "Sgt" = "sgt"). Ranks listed under `GENERIC`
("Officer", "Detective", civilian titles) introduce a person but say nothing about seniority, so
they never penalise a name match. US ranks (Chicago/Philadelphia) map onto the nearest UK ones:
"Police Officer"/"PO" is the entry rank (constable). The rank only breaks ties between equally good
name matches: ranks change over a career, so a mismatch lowers a score, it never excludes.
"""

from __future__ import annotations

import re

RANKS: dict[str, list[str]] = {
    "constable": [
        "police constable", "detective constable", "special constable",
        "trainee detective constable", "constable", "pc", "dc", "tdc", "p.c.", "d.c.",
        "police officer", "po", "p.o.", "p/o",
    ],
    "sergeant": [
        "detective sergeant", "police sergeant", "sergeant of police", "sergeant", "sgt", "sgt.",
        "ds", "ps", "d.s.", "p.s.", "det sgt", "det. sgt.",
    ],
    "inspector": ["detective inspector", "police inspector", "inspector", "insp", "di", "d.i."],
    "chief inspector": [
        "detective chief inspector", "chief inspector", "ch insp", "dci", "ci", "d.c.i.",
    ],
    "superintendent": ["detective superintendent", "superintendent", "supt", "dsu", "det supt"],
    "chief superintendent": [
        "detective chief superintendent", "chief superintendent", "ch supt", "c/supt", "csupt",
        "dcs",
    ],
    "lieutenant": ["lieutenant of police", "lieutenant", "lt", "lt.", "lieut"],
    "captain": ["captain of police", "captain", "capt", "capt."],
    "commander": ["commander", "cmdr", "cdr"],
    "chief officer": [
        "assistant chief constable", "deputy chief constable", "chief constable", "acc", "dcc",
        "deputy chief", "chief of police", "superintendent of police", "commissioner",
    ],
    "pcso": ["police community support officer", "pcso"],
}

# Seniority of the canonical ranks, UK and US side by side (an inspector and a lieutenant are
# each the rank above the first-line supervisor). "Senior officers" are those from SENIOR_FROM up:
# above the sergeant, who supervises constables day to day, i.e. inspector/lieutenant and above.
SENIORITY = {"pcso": 0, "constable": 1, "sergeant": 2, "inspector": 3, "lieutenant": 3,
             "chief inspector": 4, "captain": 4, "superintendent": 5, "commander": 5,
             "chief superintendent": 6, "chief officer": 7}
SENIOR_FROM = 3

# Words that introduce a person without fixing a rank.
GENERIC: list[str] = [
    "officer", "detective", "det", "det.", "agent", "trooper", "deputy",
    "investigator", "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam",
]
CIVILIAN_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[.]", "", text.lower())).strip()


_LOOKUP: dict[str, str | None] = {}
for _canonical, _phrases in RANKS.items():
    for _p in _phrases:
        _LOOKUP.setdefault(_norm(_p), _canonical)
for _p in GENERIC:
    _LOOKUP.setdefault(_norm(_p), None)


def canonical_rank(text: str | None) -> str | None:
    """'Sgt.' → 'sergeant', 'SERGEANT OF POLICE' → 'sergeant'; generic or unknown → None."""
    if not text:
        return None
    key = _norm(text)
    if key in _LOOKUP:
        return _LOOKUP[key]
    for phrase in sorted(_LOOKUP, key=len, reverse=True):  # "PO AS DETECTIVE" → constable
        if _LOOKUP[phrase] and re.match(rf"{re.escape(phrase)}\b", key):
            return _LOOKUP[phrase]
    return None


def _phrase_regex(phrase: str) -> str:
    words = phrase.replace(".", " ").split()
    return r"\.?\s*".join(re.escape(w) for w in words) + r"\.?"


ALL_RANK_PHRASES = sorted({*(p for ps in RANKS.values() for p in ps), *GENERIC}, key=len,
                          reverse=True)
# Longest first, so "Detective Inspector" wins over "Detective".
RANK_RE = r"(?:" + "|".join(_phrase_regex(p) for p in ALL_RANK_PHRASES) + r")"
RANK_WORDS = {w for p in ALL_RANK_PHRASES for w in _norm(p).replace("/", " ").split()}
