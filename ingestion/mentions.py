"""Staff and complainants named in free text become person references (mapping `mentions:`).

Intelligence reports and complaint accounts name people in prose: "PC Tom Fielding", "Fielding
(2087)", "david.marsh@force.police.uk", "login marshd". An entry's `mentions: [field, …]` scans
those fields of every record it writes and adds a reference per person named — role `mentioned`,
resolved like any other reference (identifier, then name with the record as context; ambiguous
ones kept as candidates, never guessed). Emails and logins become identifiers in the schemes
`email` and `login` (name a person entry's identifiers so for them to match). A number written
next to the name ("Fielding (2087)") stays in the text, where namesake resolution reads it.

A member of the public the account names as its complainant ("my name is Jane Doe", "Mrs Doe
states …") becomes a reference with role `complainant`: never resolved against staff (the
staff list is not where the public are) and masked like every complainant detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

MENTIONED, COMPLAINANT = "mentioned", "complainant"
_NAME = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"  # "McAllister", "O'Connell", "Lloyd-Jones"
_RANK = (r"(?P<rank>PCSO|PC|PS|DC|DS|DI|DCI|Sgt|Sergeant|Insp|Inspector|Ch\.? ?Insp|Supt|"
         r"Superintendent|Constable|Detective Constable|Detective Sergeant)")
_PATTERNS = [
    # "PC Tom Fielding", "PC 2231 Marsh", "Sgt. J. Pearce", "DC Whitfield"
    re.compile(rf"\b{_RANK}\.?\s+(?:(?P<id>\d{{2,6}})\s+)?"
               rf"(?P<name>(?:[A-Z]\.?\s+)?(?:{_NAME}\s+)?{_NAME})\b"),
    # "Fielding (2087)", "Tom Fielding (collar 2087)"
    re.compile(rf"\b(?P<name>(?:{_NAME}\s+)?{_NAME})\s*\((?:collar\s*|no\.?\s*)?(?P<id>\d{{2,6}})\)"),
    re.compile(r"\b(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})\b"),
    re.compile(r"\b(?:login|username|user id|user|account)\s*(?:name\s*)?[:=]?\s*"
               r"(?P<login>[a-z][a-z0-9._]{2,30})\b", re.IGNORECASE),
]
_POSSESSIVE = re.compile(r"'s$")
_COMPLAINANT = [
    re.compile(rf"\b[Mm]y name is (?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})"),
    re.compile(rf"\b(?P<name>(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?:{_NAME}\s+)?{_NAME})\s+"
               r"(?:states|stated|says|said|reports|reported|alleges|alleged|complains|"
               r"complained)\b"),
]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    role: str
    scheme: str | None
    value: str | None
    name: str | None
    rank: str | None


def find_mentions(text: str) -> list[Mention]:
    """People named in `text`, in reading order, overlapping finds settled by the earliest and
    then longest (so "PC 2087 Fielding" is one mention, not two)."""
    found: list[Mention] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if groups.get("email"):
                found.append(Mention(m.start(), m.end(), MENTIONED, "email", m["email"], None, None))
            elif groups.get("login"):
                found.append(Mention(m.start(), m.end(), MENTIONED, "login", m["login"], None, None))
            else:
                found.append(Mention(m.start(), m.end(), MENTIONED, None, None,
                                     _POSSESSIVE.sub("", m["name"]), groups.get("rank")))
    for pattern in _COMPLAINANT:
        for m in pattern.finditer(text):
            found.append(Mention(m.start(), m.end(), COMPLAINANT, None, None, m["name"], None))
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda x: (x.start, -(x.end - x.start))):
        if kept and mention.start < kept[-1].end:
            continue
        if not any((k.role, k.scheme, k.value, k.name) ==
                   (mention.role, mention.scheme, mention.value, mention.name) for k in kept):
            kept.append(mention)
    return kept


def add_mentions(con: duckdb.DuckDBPyConnection, kind: str, force: str, mapping: str,
                 fields: list[str], written: str = "todo") -> int:
    """Append the people named in `fields` of the records just written (temp table `written`)
    to person_ref, after the entry's own references. Returns how many were added."""
    if not fields:
        return 0
    text = " || '\n' || ".join(f"coalesce({f}, '')" for f in fields)
    rows = con.execute(
        f"""SELECT t.record_id, {text},
                   coalesce((SELECT max(idx) FROM person_ref r WHERE r.record_id = t.record_id), 0)
            FROM {written} t""").fetchall()
    out: list[tuple] = []
    for record_id, body, last in rows:
        for n, m in enumerate(find_mentions(body), start=last + 1):
            out.append((record_id, kind, force, mapping, n, m.role, m.scheme, m.value, m.name,
                        None, m.rank, None, "public" if m.role == COMPLAINANT else "unresolved",
                        0.0))
    if out:
        con.executemany(
            "INSERT INTO person_ref VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", out)
    return len(out)


__all__ = ["COMPLAINANT", "MENTIONED", "Mention", "add_mentions", "find_mentions"]
