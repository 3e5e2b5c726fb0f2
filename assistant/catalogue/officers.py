"""How a question names the rank or unit of the officers a record names ("accused a sergeant",
"Highway Patrol officers", "officers assigned to unit 011").

Why: these are the rank and unit *at the time of the record* (each reference's own, from the
export), and they are written in the export's words — "SERGEANT OF POLICE", "DEP CHIEF",
"5300 HIGHWAY PATROL". A question says "a sergeant", "a deputy chief", "Highway Patrol", so each
stored value is also offered under its head: the rank without "of police" and with its
abbreviations spelled out, the unit without its numeric code. Every stored value with the same
head is one filter ("sergeant" is "SERGEANT OF POLICE", "SERGEANT" and "Sergeant").

"Senior officers" are the officers whose rank the rank table puts at inspector/lieutenant or
above (`ranks.SENIORITY`): every such stored rank is one filter, listed in the interpretation,
so the reading is shown (Chicago: lieutenant, captain, commander, deputy chief); a force whose
references hold no such rank offers no such phrase, and the words are reported not applied.

Only vocabulary is offered: a rank the rank table knows that is not the entry rank said as
"police officer" (every officer, not a filter; a force that writes its entry rank "Constable",
beside "Police Staff" and "PCSO", offers "constable": "which constables …" is that rank), and a unit held by at least `MIN_RECORDS` records (the
Chicago file's free-text units — "drugs", "Off duty", "K9" typed by complainants — are not a
force's units).
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.understand.ranks import RANK_RE, SENIOR_FROM, SENIORITY, canonical_rank

from . import OFFICER, Entry

MIN_RECORDS = 5
ABBREVIATIONS = {"dep": "deputy", "sgt": "sergeant", "lt": "lieutenant", "lieut": "lieutenant",
                 "capt": "captain", "cmdr": "commander", "supt": "superintendent",
                 "insp": "inspector", "det": "detective"}
# A unit named after a district ("3500 35TH DISTRICT") is not offered by its head: "the 35th
# district" is where a complaint arose (the record's own district), not the officers' unit.
PLACE_WORDS = {"district", "beat", "area", "precinct"}


SENIOR = ("rank", "senior officer")
SENIOR_PHRASES = ("senior officer", "senior rank", "senior ranking officer")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def rank_head(value: str) -> str | None:
    """'SERGEANT OF POLICE' → 'sergeant', 'DEP CHIEF' → 'deputy chief'; None when the value is
    not a rank to filter on (unknown, generic, or the entry rank)."""
    head = " ".join(ABBREVIATIONS.get(w, w) for w in _norm(value).split())
    if canonical_rank(head) is None or (canonical_rank(head) == "constable" and
                                        "constable" not in head.split()):
        return None  # "POLICE OFFICER" is every officer; a force's "Constable" is a rank
    return re.sub(r" of police$", "", head) or None


_RANK_SAID = re.compile(rf"(?<![\w]){RANK_RE}(?:e?s)?(?![\w])", re.I)


def _rank_of(said: str) -> str | None:
    """canonical_rank, a plural said ("Chief Superintendents") as its singular."""
    return canonical_rank(said) or (canonical_rank(said[:-1]) if said.endswith("s") else None)


def inside_other_rank(text: str, start: int, end: int) -> bool:
    """Whether the rank said at `start:end` is part of a longer title of another rank: the
    "Constable" of "Chief Constable", the "Superintendent" of "Chief Superintendents"."""
    said = _rank_of(text[start:end])
    return any(m.start() < end and start < m.end() and m.end() - m.start() > end - start
               and _rank_of(m.group(0)) != said for m in _RANK_SAID.finditer(text))


def unit_head(value: str) -> str | None:
    """'5300 HIGHWAY PATROL' → 'highway patrol' (None for a coded number or a district unit)."""
    words = _norm(value).split()
    if len(words) < 2 or not words[0].isdigit() or PLACE_WORDS & set(words):
        return None
    return " ".join(words[1:])


def officer_phrases(entries: list[Entry], cleared: bool) -> dict[str, tuple[str, list[str], int]]:
    """phrase → (field, stored values, records) for the officers' ranks and units."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    phrases: dict[str, tuple[str, str]] = {}
    for e in entries:
        n = e.n if cleared else e.n_open
        if e.kind != OFFICER or n <= 0:
            continue
        if e.field == "rank" and (head := rank_head(e.value)):
            key = ("rank", head)
        elif e.field == "unit" and n >= MIN_RECORDS and not _norm(e.value).isdigit():
            key = ("unit", unit_head(e.value) or _norm(e.value))
        else:
            continue
        groups[key].add(e.value)
        counts[key] += n
        for phrase in {key[1], _norm(e.value)}:
            phrases.setdefault(phrase, key)
        if key[0] == "rank" and SENIORITY.get(canonical_rank(key[1]) or "", 0) >= SENIOR_FROM:
            groups[SENIOR].add(e.value)
            counts[SENIOR] += n
            for phrase in SENIOR_PHRASES:
                phrases[phrase] = SENIOR
    return {phrase: (key[0], sorted(groups[key]), counts[key]) for phrase, key in phrases.items()}
