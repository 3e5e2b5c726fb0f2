"""Entity resolution: which person does each raw reference name?

1. Identifier crosswalk, in SQL (it must scale to millions of access-log rows): the reference's
   (scheme, value) against `person_identifier`, exactly, then in normal form (case, spacing,
   punctuation, rank prefixes, leading zeros). A number alone is not trusted when the reference
   also carries a name that disagrees with the matched person: a mistyped collar number that
   happens to be a colleague's must not pin the complaint on the colleague.
2. Name + context for what is left: the parsed name against the force's staff, with unit and rank
   as tie-breakers. Accepted only with a clear winner; otherwise the reference stays unresolved.
Resolution never crosses forces and never overwrites an earlier resolution.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
from rapidfuzz import fuzz, process

from assistant.names import ParsedName, name_similarity, parse_name

FAMILY_CLASH = 0.6  # surnames less alike than this: a different person, whatever the number
FAMILY_CLOSE = 0.8  # surnames less alike than this need the same initial to be the same person
NAME_ACCEPT = 0.78  # name + context score needed to resolve by name
NAME_MARGIN = 0.05  # … and this far ahead of the runner-up
UNIT_BONUS, RANK_BONUS = 0.1, 0.05


@dataclass
class ResolutionStats:
    by_method: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0

    @property
    def resolved(self) -> int:
        return sum(self.by_method.values())


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().lower() == b.strip().lower())


def resolve_by_identifier(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """CREATE OR REPLACE TEMP TABLE id_cand AS
           SELECT r.record_id, r.idx, r.name AS ref_name, any_value(p.name) AS person_name,
                  any_value(i.person_id) AS person_id, bool_or(i.value = r.value) AS exact
           FROM person_ref r
           JOIN person_identifier i
             ON i.force = r.force AND i.scheme = r.scheme AND i.norm_value = norm_ident(r.value)
           JOIN person p ON p.record_id = i.person_id
           WHERE r.person_id IS NULL AND r.value IS NOT NULL
           GROUP BY r.record_id, r.idx, r.name
           HAVING count(DISTINCT i.person_id) = 1"""
    )
    pairs = con.execute(
        "SELECT DISTINCT ref_name, person_name FROM id_cand WHERE ref_name IS NOT NULL"
    ).fetchall()
    clash = [(a, b) for a, b in pairs if _names_disagree(a, b)]
    con.execute("CREATE OR REPLACE TEMP TABLE name_clash (ref_name VARCHAR, person_name VARCHAR)")
    if clash:
        con.executemany("INSERT INTO name_clash VALUES (?, ?)", clash)
    con.execute(
        """UPDATE person_ref r
           SET person_id = c.person_id,
               method = CASE WHEN c.exact THEN 'identifier' ELSE 'normalised_identifier' END,
               confidence = CASE WHEN c.exact THEN 1.0 ELSE 0.97 END
           FROM id_cand c
           WHERE r.record_id = c.record_id AND r.idx = c.idx
             AND NOT EXISTS (SELECT 1 FROM name_clash n
                             WHERE n.ref_name = c.ref_name AND n.person_name = c.person_name)"""
    )


def _names_disagree(ref_name: str, person_name: str) -> bool:
    """Only two real names can disagree, and only clearly: surnames far apart, or somewhat apart
    with different initials. A typo ("D Blel" for Darren Bell) on the right number is not a
    different person; "Callum Bamford" on a colleague's number is."""
    ref, person = parse_name(ref_name), parse_name(person_name)
    if not ref.family or not person.family:
        return False
    family = fuzz.ratio(ref.family, person.family) / 100
    same_initial = not ref.given or not person.given or ref.given[0] == person.given[0]
    return family < FAMILY_CLASH or (family < FAMILY_CLOSE and not same_initial)


@dataclass
class _Staff:
    person_id: str
    name: ParsedName
    unit: str | None
    rank: str | None


def resolve_by_name(con: duckdb.DuckDBPyConnection) -> None:
    refs = con.execute(
        """SELECT DISTINCT force, name, unit, rank FROM person_ref
           WHERE person_id IS NULL AND name IS NOT NULL"""
    ).fetchall()
    if not refs:
        return
    staff: dict[str, dict[str, list[_Staff]]] = defaultdict(lambda: defaultdict(list))
    for pid, force, name, unit, rank in con.execute(
        "SELECT record_id, force, name, unit, rank FROM person"
    ).fetchall():
        parsed = parse_name(name)
        if parsed.family:
            staff[force][parsed.family].append(_Staff(pid, parsed, unit, rank))
    # Families blocked by first letter keep fuzzy look-ups cheap at 45k staff.
    blocks: dict[str, dict[str, list[str]]] = {
        force: _by_initial(list(families)) for force, families in staff.items()
    }
    matches: list[tuple[str, str, str | None, str | None, str, float]] = []
    for force, raw_name, unit, rank in refs:
        parsed = parse_name(raw_name)
        if not parsed.family or force not in staff:
            continue
        block = blocks[force].get(parsed.family[0], [])
        near = process.extract(parsed.family, block, scorer=fuzz.ratio, score_cutoff=80, limit=None)
        scored = []
        for family, _, _ in near:
            for person in staff[force][family]:
                score = name_similarity(parsed, person.name)
                score += UNIT_BONUS * _same(unit, person.unit) + RANK_BONUS * _same(
                    rank, person.rank
                )
                scored.append((min(score, 1.0), person.person_id))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < NAME_ACCEPT:
            continue
        if len(scored) > 1 and scored[0][0] - scored[1][0] < NAME_MARGIN:
            continue  # ambiguous: say so by staying unresolved, never guess
        matches.append(
            (force, raw_name, unit, rank, scored[0][1], round(min(scored[0][0], 0.95), 3))
        )
    if not matches:
        return
    con.execute(
        """CREATE OR REPLACE TEMP TABLE name_match (force VARCHAR, name VARCHAR, unit VARCHAR,
           rank VARCHAR, person_id VARCHAR, confidence DOUBLE)"""
    )
    con.executemany("INSERT INTO name_match VALUES (?, ?, ?, ?, ?, ?)", matches)
    con.execute(
        """UPDATE person_ref r SET person_id = m.person_id, method = 'name_context',
                                   confidence = m.confidence
           FROM name_match m
           WHERE r.person_id IS NULL AND r.force = m.force AND r.name = m.name
             AND r.unit IS NOT DISTINCT FROM m.unit AND r.rank IS NOT DISTINCT FROM m.rank"""
    )


def _by_initial(families: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for family in families:
        out[family[0]].append(family)
    return out


def resolve_people(con: duckdb.DuckDBPyConnection) -> ResolutionStats:
    resolve_by_identifier(con)
    resolve_by_name(con)
    stats = ResolutionStats()
    for method, n in con.execute(
        "SELECT method, count(*) FROM person_ref GROUP BY method"
    ).fetchall():
        if method == "unresolved":
            stats.unresolved = int(n)
        else:
            stats.by_method[method] = int(n)
    return stats
