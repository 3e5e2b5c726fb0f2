"""Entity resolution for membership lists: which member of staff, if any, a list row names.

Why its own step: a membership list is mostly members of the public, and a force's name pool is
small, so a name alone would pin a stranger's membership on every staff namesake. A list row is
linked to a member of staff only on name *and* date of birth (HR's `birth_date`):
- same date of birth and a name alike (`NAME_ASSERT`, fuzzy: "Jon Smith", "SMITH, John") →
  linked, method `name_dob`, confidence 0.5 + 0.5 × name similarity (0.9 at the threshold);
- a name alike but the date of birth missing on either side, or one slip away (day and month
  swapped, one digit different), or the same date of birth with a weaker name
  (`NAME_CONSIDER`) → not linked: the staff member is kept as a candidate, so the reference sits
  in the resolution review queue (`probity people review list`) for a person to decide;
- anything else → a member of the public (method `public`, never matched again).
Runs after the other steps (ingestion/resolve.py leaves membership references to it) because
those rebuild the candidate table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import duckdb
from rapidfuzz import fuzz, process

from assistant.names import ParsedName, name_readings, name_similarity, parse_name

KIND = "membership"
NAME_ASSERT = 0.8  # name similarity needed, with the same date of birth, to link
NAME_CONSIDER = 0.6  # … to offer a staff member for review when the date of birth agrees
NAME_REVIEW = 0.9  # … to offer one for review when the date of birth cannot settle it
METHOD = "name_dob"


@dataclass(frozen=True)
class Candidate:
    person_id: str
    name: ParsedName
    dob: date | None


def _near_dob(a: date, b: date) -> bool:
    """One slip apart: day and month swapped, or one digit of the date different."""
    if (a.day, a.month, a.year) == (b.month, b.day, b.year):
        return True
    sa, sb = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return sum(x != y for x, y in zip(sa, sb, strict=True)) == 1


def similarity(written: str, staff: ParsedName) -> float:
    """Best similarity over the ways the written name can be read ("SMITH, John" too)."""
    return max((w * name_similarity(p, staff) for p, w in name_readings(written)), default=0.0)


def judge(written: str, dob: date | None, staff: list[Candidate]) -> tuple[str, list[str], float]:
    """("link", [person], confidence) | ("review", candidates, 0) | ("public", [], 0)."""
    scored = [(similarity(written, s.name), s) for s in staff]
    same = [(x, s) for x, s in scored if dob and s.dob == dob and x >= NAME_CONSIDER]
    strong = [(x, s) for x, s in same if x >= NAME_ASSERT]
    if len(strong) == 1:
        return "link", [strong[0][1].person_id], round(min(0.99, 0.5 + 0.5 * strong[0][0]), 3)
    unsure = [s for x, s in scored if x >= NAME_REVIEW
              and (dob is None or s.dob is None or _near_dob(dob, s.dob))]
    review = sorted({s.person_id for _, s in same} | {s.person_id for s in unsure})
    return ("review", review, 0.0) if review else ("public", [], 0.0)


class _Directory:
    """Staff by force and family name; family names blocked by first letter, so a look-up
    compares a few hundred family names, not every member of staff."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.staff: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
        self.blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pid, force, name, dob in con.execute(
                "SELECT record_id, force, name, birth_date FROM person").fetchall():
            parsed = parse_name(name)
            if parsed.family:
                if (force, parsed.family) not in self.staff:
                    self.blocks[(force, parsed.family[0])].append(parsed.family)
                self.staff[(force, parsed.family)].append(Candidate(pid, parsed, dob))

    def near(self, force: str, written: str) -> list[Candidate]:
        out: dict[str, Candidate] = {}
        for parsed, _ in name_readings(written):
            if not parsed.family:
                continue
            block = self.blocks.get((force, parsed.family[0]), [])
            for family, _, _ in process.extract(parsed.family, block, scorer=fuzz.ratio,
                                                score_cutoff=75, limit=None):
                out |= {s.person_id: s for s in self.staff[(force, family)]}
        return list(out.values())


def resolve_members(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Judge every unresolved membership reference; returns counts by outcome."""
    refs = con.execute(
        f"""SELECT r.record_id, r.idx, r.force, r.name, m.member_dob
            FROM person_ref r JOIN {KIND} m ON m.record_id = r.record_id
            WHERE r.kind = '{KIND}' AND r.person_id IS NULL AND r.method = 'unresolved'
              AND r.name IS NOT NULL""").fetchall()
    counts = {"link": 0, "review": 0, "public": 0}
    if not refs:
        return counts
    staff = _Directory(con)
    links, candidates, public = [], [], []
    for record_id, idx, force, name, dob in refs:
        outcome, people, confidence = judge(name, dob, staff.near(force, name))
        counts[outcome] += 1
        if outcome == "link":
            links.append((record_id, idx, people[0], confidence))
        elif outcome == "review":
            candidates += [(record_id, idx, p, len(people)) for p in people]
        else:
            public.append((record_id, idx))
    rows = links + [(r, i, None, 0.0) for r, i in public]
    if rows:
        con.execute("CREATE OR REPLACE TEMP TABLE member_judged (record_id VARCHAR, idx INTEGER, "
                    "person_id VARCHAR, confidence DOUBLE)")
        con.execute("INSERT INTO member_judged SELECT unnest(?::VARCHAR[]), unnest(?::INTEGER[]), "
                    "unnest(?::VARCHAR[]), unnest(?::DOUBLE[])",
                    [list(col) for col in zip(*rows, strict=True)])
        con.execute(f"""UPDATE person_ref r
                        SET person_id = j.person_id, confidence = j.confidence,
                            method = CASE WHEN j.person_id IS NULL THEN 'public'
                                          ELSE '{METHOD}' END
                        FROM member_judged j
                        WHERE r.record_id = j.record_id AND r.idx = j.idx""")
    if candidates:
        con.executemany("INSERT INTO person_ref_candidate VALUES (?, ?, ?, ?)", candidates)
    return counts
