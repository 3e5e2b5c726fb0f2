"""Entity resolution: which person does each raw reference name?

1. Identifier crosswalk, in SQL (it must scale to millions of access-log rows): the reference's
   (scheme, value) against `person_identifier`, exactly, then in normal form (case, spacing,
   punctuation, rank prefixes, leading zeros). A number alone is not trusted when the reference
   also carries a name that disagrees with the matched person: a mistyped collar number that
   happens to be a colleague's must not pin the complaint on the colleague.
2. Name + context for what is left: the parsed name against the force's staff, with unit and rank
   as tie-breakers. Accepted only with a clear winner; otherwise the reference stays unresolved.
3. Namesakes, one reference at a time: when the name fits several staff equally well ("Andrew
   Williams" at two stations is settled by 2.; three "PC K Butler"s at one station are not), the
   reference's own record is consulted. Staff who joined after the record's date or left before
   the incident are set aside, and so is anyone whose current rank is below the rank written
   ("PS H Pearson" is not a constable: promotion only goes up, so a constable-then-sergeant is
   never set aside for being written "PC"). A collar number written by a rank or the surname in
   the record's own text ("PS 63000 Ormerod") picks out the namesake it belongs to. Only a
   surname that is exactly a staff surname gets this help: a misspelt one is not a namesake.
4. A namesake reference still ambiguous stays unresolved, and the few staff it could be are kept
   in `person_ref_candidate` (with how many they are), so detectors can count it as "one of
   these" and say so instead of losing it.
5. Membership lists (mostly members of the public) are resolved on name and date of birth
   alone, by ingestion/resolve_members.py; the steps above leave them be.
Resolution never crosses forces and never overwrites an earlier resolution. Members of the public
named in complaint accounts (method `public`, ingestion/mentions.py) are never matched to staff.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import duckdb
from rapidfuzz import fuzz, process

from assistant.names import ParsedName, name_readings, name_similarity, parse_name
from assistant.records import RECORD_KINDS
from assistant.understand.ranks import RANK_WORDS, canonical_rank
from ingestion.resolve_checks import is_placeholder_name, unlink_birth_year_clashes
from ingestion.resolve_members import KIND as MEMBERS
from ingestion.resolve_members import resolve_members

FAMILY_CLASH = 0.6  # surnames less alike than this: a different person, whatever the number
FAMILY_CLOSE = 0.8  # surnames less alike than this need the same initial to be the same person
NAME_ACCEPT = 0.78  # name + context score needed to resolve by name
NAME_MARGIN = 0.05  # … and this far ahead of the runner-up
UNIT_BONUS, RANK_BONUS = 0.1, 0.05
MAX_CANDIDATES = 10  # namesakes kept for an ambiguous reference; more than this says nothing
CONTEXT_CONFIDENCE = 0.9  # a namesake picked out by its record's context
_EPS = 1e-9  # scores are sums of floats: 1.05 - 1.0 must count as the 0.05 margin

# Seniority of canonical ranks (assistant/understand/ranks.py), to set aside staff whose rank is
# below the one written. Ranks outside the ladder (police staff, unknown titles) set nobody aside.
SENIORITY = {"pcso": 0, "constable": 1, "sergeant": 2, "inspector": 3, "lieutenant": 3,
             "chief inspector": 4, "captain": 4, "superintendent": 5, "commander": 5,
             "chief superintendent": 6, "chief officer": 7}
# A number in a record's text is a staff identifier when one of these (or the surname) is near.
_ID_CUES = {"collar", "number", "no", "badge", "star", "warrant", "shoulder"} | {
    w for w in RANK_WORDS if canonical_rank(w)}  # "pc", "sgt", "insp", "supt", "constable"…
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d+")
# person_ref.method of a reference nobody was found for; "unparsed": a part its entry's `extract`
# did not match (kept raw, see ingestion/person_refs.py); "rejected": its link was rejected on
# review (assistant/resolution)
UNRESOLVED_METHODS = ("unresolved", "unparsed", "rejected")


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
           WHERE r.person_id IS NULL AND r.value IS NOT NULL AND r.method <> 'public'
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
    if is_placeholder_name(ref_name) or is_placeholder_name(person_name):
        return False  # "UNKNOWN UNKNOWN" on the officer's first row says nothing against a name
    if any(ch.isdigit() for ch in person_name):
        return False  # nor does "11790 BADGE PLATEMP11893 CAR# 7386" (star 11790's first row)
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
    start: date | None
    leave: date | None
    seniority: int | None  # of the current rank, when it is on the ladder


Scored = list[tuple[float, _Staff]]  # best first
RefKey = tuple[str, str, str | None, str | None]  # force, name, unit, rank as written


class _Directory:
    """The force's staff by family name, families blocked by first letter so fuzzy look-ups stay
    cheap at 45k staff."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.staff: dict[str, dict[str, list[_Staff]]] = defaultdict(lambda: defaultdict(list))
        ranks: dict[str | None, int | None] = {}
        for pid, force, name, unit, rank, start, leave in con.execute(
            "SELECT record_id, force, name, unit, rank, start_date, leave_date FROM person"
        ).fetchall():
            if is_placeholder_name(name):
                continue  # "UNKNOWN UNKNOWN" on an officer's first row is not his name
            parsed = parse_name(name)
            if rank not in ranks:
                ranks[rank] = SENIORITY.get(canonical_rank(rank) or "")
            if parsed.family:
                self.staff[force][parsed.family].append(
                    _Staff(pid, parsed, unit, rank, start, leave, ranks[rank]))
        self.blocks = {force: _by_initial(list(families)) for force, families in self.staff.items()}

    def score(self, key: RefKey) -> Scored:
        """Staff whose name is near the written one (read as written; when nobody fits that way,
        also surname first or with a dropped hyphen restored: assistant/names.py), scored with unit and rank as tie-breakers.
        Scores are not capped: an exact name at the written unit (1.1) must beat the same name
        elsewhere (1.0) — capping both at 1.0 turned every namesake into a tie."""
        force, raw_name, unit, rank = key
        if force not in self.staff:
            return []
        best: dict[str, tuple[float, _Staff]] = {}
        for parsed, weight in name_readings(raw_name):
            if weight < 1 and any(score >= NAME_ACCEPT for score, _ in best.values()):
                break  # other readings only for a name nobody fits as written
            if not parsed.family:
                continue
            block = self.blocks[force].get(parsed.family[0], [])
            near = process.extract(parsed.family, block, scorer=fuzz.ratio, score_cutoff=80,
                                   limit=None)
            for family, _, _ in near:
                for person in self.staff[force][family]:
                    score = (weight * name_similarity(parsed, person.name)
                             + UNIT_BONUS * _same(unit, person.unit)
                             + RANK_BONUS * _same(rank, person.rank))
                    if score > best.get(person.person_id, (-1.0, person))[0]:
                        best[person.person_id] = (score, person)
        scored = list(best.values())
        return sorted(scored, key=lambda s: (-s[0], s[1].person_id))


def _winner(scored: Scored) -> tuple[float, _Staff] | None:
    """The best match when it is good enough and clearly ahead of the runner-up, else None:
    ambiguous references stay unresolved, never guessed."""
    if not scored or scored[0][0] < NAME_ACCEPT:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < NAME_MARGIN - _EPS:
        return None
    return scored[0]


def resolve_by_name(con: duckdb.DuckDBPyConnection) -> None:
    refs = con.execute(
        f"""SELECT DISTINCT force, name, unit, rank FROM person_ref
            WHERE person_id IS NULL AND name IS NOT NULL AND method <> 'public'
              AND kind <> '{MEMBERS}'"""
    ).fetchall()
    refs = [key for key in refs if not is_placeholder_name(key[1])]  # "NOT SURE" names nobody
    staff = _Directory(con) if refs else None
    matches: list[tuple[str, str, str | None, str | None, str, float]] = []
    ambiguous: dict[RefKey, Scored] = {}
    for key in refs:
        scored = staff.score(key) if staff else []
        best = _winner(scored)
        if best:
            matches.append((*key, best[1].person_id, round(min(best[0], 0.95), 3)))
        elif scored and scored[0][0] >= NAME_ACCEPT:
            ambiguous[key] = scored
    if matches:
        _temp_table(con, "name_match", "force VARCHAR, name VARCHAR, unit VARCHAR, "
                    "rank VARCHAR, person_id VARCHAR, confidence DOUBLE", matches)
        con.execute(
            f"""UPDATE person_ref r SET person_id = m.person_id, method = 'name_context',
                                        confidence = m.confidence
               FROM name_match m
               WHERE r.person_id IS NULL AND r.method <> 'public' AND r.kind <> '{MEMBERS}'
                 AND r.force = m.force
                 AND r.name = m.name
                 AND r.unit IS NOT DISTINCT FROM m.unit AND r.rank IS NOT DISTINCT FROM m.rank"""
        )
    resolve_namesakes(con, ambiguous)


def _by_initial(families: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for family in families:
        out[family[0]].append(family)
    return out


# Namesakes (3. and 4. above) ----------------------------------------------------------------


@dataclass
class _Record:
    """What a reference's own record says about who it could be."""

    incident: date | None  # when the conduct happened: staff who had left by then are set aside
    written: date | None  # when the record was made: staff who joined later are set aside
    text: str  # the record's narrative, searched for the namesakes' identifiers


def resolve_namesakes(con: duckdb.DuckDBPyConnection, ambiguous: dict[RefKey, Scored]) -> None:
    """Settle, reference by reference, those whose name fits several staff equally; keep the
    possible people of the rest in `person_ref_candidate` (rebuilt on every run: every still
    unresolved reference comes through here)."""
    con.execute("DELETE FROM person_ref_candidate")
    if not ambiguous:
        return
    _temp_table(con, "ambiguous_ref", "force VARCHAR, name VARCHAR, unit VARCHAR, rank VARCHAR",
                list(ambiguous))
    refs = con.execute(
        f"""SELECT r.record_id, r.idx, r.kind, r.force, r.name, r.unit, r.rank
           FROM person_ref r JOIN ambiguous_ref a
             ON r.force = a.force AND r.name = a.name AND r.unit IS NOT DISTINCT FROM a.unit
                AND r.rank IS NOT DISTINCT FROM a.rank
           WHERE r.person_id IS NULL AND r.method <> 'public' AND r.kind <> '{MEMBERS}'
           ORDER BY r.record_id, r.idx"""
    ).fetchall()
    records = _records(con, refs)
    identifiers = _identifiers(con, {p.person_id for s in ambiguous.values() for _, p in s})
    picked: list[tuple[str, int, str]] = []
    candidates: list[tuple[str, int, str, int]] = []
    for record_id, idx, _, force, name, unit, rank in refs:
        key = (force, name, unit, rank)
        fits = _namesakes(ambiguous[key], name, rank, records.get(record_id))
        person = _pick(fits, name, records.get(record_id), identifiers)
        if person:
            picked.append((record_id, idx, person))
        elif 1 < len(fits) <= MAX_CANDIDATES:
            candidates += [(record_id, idx, p.person_id, len(fits)) for p in fits]
    _write_namesakes(con, picked, candidates)


def _namesakes(scored: Scored, raw_name: str, rank: str | None,
               record: _Record | None) -> list[_Staff]:
    """The staff a reference could be: those whose name (with unit and rank) fits as well as the
    best does, whose surname is exactly the one written, and whom the record does not rule out.
    A misspelt surname gets no namesakes: it is not known whose name was meant."""
    family = parse_name(raw_name).family
    written = SENIORITY.get(canonical_rank(rank) or _written_rank(raw_name) or "")
    tied: list[_Staff] = []
    top = None
    for score, person in scored:  # best first: stop once below the best that fits
        if top is not None and score <= top - NAME_MARGIN + _EPS:
            break
        if _could_be(person, record, written):
            top = score if top is None else top
            tied.append(person)
    if top is None or top < NAME_ACCEPT:
        return []
    return tied if all(p.name.family == family for p in tied) else []


def _written_rank(raw_name: str) -> str | None:
    """The rank a name is written with ("PS H Pearson" → sergeant). Two-letter abbreviations
    count only in capitals: "Di Smith" is more likely Diana than a detective inspector."""
    first = raw_name.strip().split(" ", 1)[0].rstrip(".")
    if len(first) <= 2 and not first.isupper():
        return None
    return canonical_rank(raw_name)


def _could_be(person: _Staff, record: _Record | None, written_rank: int | None) -> bool:
    if record and record.written and person.start and person.start > record.written:
        return False  # not yet a member of staff when the record was made
    if record and record.incident and person.leave and person.leave < record.incident:
        return False  # had left before the incident
    held = person.seniority
    return written_rank is None or held is None or held >= written_rank


def _pick(fits: list[_Staff], raw_name: str, record: _Record | None,
          identifiers: dict[str, set[str]]) -> str | None:
    """The one namesake left once the record has ruled the others out, or the one whose
    identifier the record's text gives next to a rank or the surname."""
    if len(fits) == 1:
        return fits[0].person_id
    if not fits or not record or not record.text:
        return None
    numbers = _identifiers_in_text(record.text, parse_name(raw_name).family)
    named = [p for p in fits if identifiers.get(p.person_id, set()) & numbers]
    return named[0].person_id if len(named) == 1 else None


def _identifiers_in_text(text: str, family: str) -> set[str]:
    """Numbers the text gives as a member of staff's identifier: within two words after a rank
    or an identifier word ("PS 63000 Ormerod", "collar number 4521") or next to the surname
    ("PC Brown (4521)"). Leading zeros dropped, as `norm_ident` does. Times, dates and house
    numbers have none of these next to them."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    out = set()
    for i, word in enumerate(words):
        if not word.isdigit():
            continue
        before, after = words[max(0, i - 2):i], words[i + 1:i + 2]
        if any(w == family or w in _ID_CUES for w in before) or family in after:
            out.add(word.lstrip("0") or "0")
    return out


def _records(con: duckdb.DuckDBPyConnection, refs: list[tuple]) -> dict[str, _Record]:
    """The dates and narrative of each referring record. An allegation is part of a complaint:
    the complaint's incident date and account are its own."""
    ids: dict[str, list[str]] = defaultdict(list)
    for record_id, _, kind, *_ in refs:
        ids[kind].append(record_id)
    out: dict[str, _Record] = {}
    for kind, record_ids in ids.items():
        for record_id, incident, written, text in con.execute(
                _record_sql(kind), [sorted(set(record_ids))]).fetchall():
            out[record_id] = _Record(_as_date(incident), _as_date(written), text or "")
    return out


def _record_sql(kind: str) -> str:
    model = RECORD_KINDS[kind]
    fields = model.model_fields
    written = f"t.{model.date_field}" if model.date_field else "NULL"
    if "complaint_id" in fields:  # part of a complaint
        return f"""SELECT t.record_id, c.incident_date, coalesce(c.received_date, {written}),
                          c.narrative
                   FROM {kind} t LEFT JOIN complaint c ON c.record_id = t.complaint_id
                   WHERE t.record_id IN (SELECT unnest(?::VARCHAR[]))"""
    incident = "t.incident_date" if "incident_date" in fields else "NULL"
    text = " || ' ' || ".join(f"coalesce(t.{f}, '')" for f in model.narrative_fields) or "''"
    return f"""SELECT t.record_id, {incident}, {written}, {text} FROM {kind} t
               WHERE t.record_id IN (SELECT unnest(?::VARCHAR[]))"""


def _as_date(value: object) -> date | None:
    return value.date() if hasattr(value, "date") else value  # type: ignore[return-value]


def _identifiers(con: duckdb.DuckDBPyConnection, people: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for person, value in con.execute(
            """SELECT person_id, norm_value FROM person_identifier
               WHERE person_id IN (SELECT unnest(?::VARCHAR[]))""", [sorted(people)]).fetchall():
        out[person].add(value)
    return out


def _write_namesakes(con: duckdb.DuckDBPyConnection, picked: list[tuple[str, int, str]],
                     candidates: list[tuple[str, int, str, int]]) -> None:
    if picked:
        _temp_table(con, "namesake_pick", "record_id VARCHAR, idx INTEGER, person_id VARCHAR",
                    picked)
        con.execute(
            f"""UPDATE person_ref r SET person_id = m.person_id, method = 'name_context',
                                        confidence = {CONTEXT_CONFIDENCE}
                FROM namesake_pick m
                WHERE r.person_id IS NULL AND r.record_id = m.record_id AND r.idx = m.idx""")
    if candidates:
        _temp_table(con, "namesake_candidate", "record_id VARCHAR, idx INTEGER, "
                    "person_id VARCHAR, candidates INTEGER", candidates)
        con.execute("INSERT INTO person_ref_candidate SELECT * FROM namesake_candidate")


def _temp_table(con: duckdb.DuckDBPyConnection, name: str, columns: str,
                rows: list[tuple]) -> None:
    """A temporary table holding `rows`, written column-wise through unnest: `executemany`
    inserts row by row (seconds for the ~30,000 name matches at 45,000 staff)."""
    types = [c.strip().rsplit(" ", 1)[1] for c in columns.split(",")]
    select = ", ".join(f"unnest(?::{t}[])" for t in types)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns})")
    values = [list(col) for col in zip(*rows, strict=True)] or [[] for _ in types]
    con.execute(f"INSERT INTO {name} SELECT {select}", values)


def resolve_people(con: duckdb.DuckDBPyConnection) -> ResolutionStats:
    resolve_by_identifier(con)
    resolve_by_name(con)
    unlink_birth_year_clashes(con)  # a name link the record's own birth year contradicts
    resolve_members(con)  # after the others: they rebuild person_ref_candidate
    stats = ResolutionStats()
    for method, n in con.execute(
        "SELECT method, count(*) FROM person_ref WHERE method <> 'public' GROUP BY method"
    ).fetchall():
        if method in UNRESOLVED_METHODS:
            stats.unresolved += int(n)
        else:
            stats.by_method[method] = int(n)
    return stats
