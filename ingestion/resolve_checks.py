"""Checks that keep name-based resolution from linking a reference to the wrong person.

Why this exists: on the Chicago COPA export, 190 accused rows without a star number were linked
to a starred officer by name (ingestion/resolve.py, step 2), and an audit against the source
rows found two kinds of wrong link (evals/dev/results/chicago-disputes-2026-12-07.md):

- a *placeholder* written where the name was not known ("UNKNOWN UNKNOWN", "NOT SURE", "J DOE",
  "NAME WERE COVERED UNKNOWN", "UNIVERSITY OF CHICAGO PD") matched an officer whose own first
  row carried the same placeholder (star 12710's first row is "UNKNOWN UNKNOWN"; he is Alex
  Coan), so unidentified officers in unrelated complaints became him;
- a name that is close but not the same person: "DAVID BROWN", the superintendent born 1960,
  was linked to star 18491 (Aaron David, born 1993); "EDLIN GARCIA" (1985) to Kevin Garcia
  (1975). The row itself says who it is not: it gives the officer's birth year.

So: a placeholder is never a name to resolve by (on either side), and a link made by name is
undone when the reference's own record states a birth year (the `officer_birth_year`
attribute a mapping may give its allegations) that differs from the linked person's. Identifier
links are left alone: a star number is the export's own key.
"""

from __future__ import annotations

import re

import duckdb

# Words that say the name was not known or is not a person's name. A name is a placeholder when
# any of these is one of its words (after titles are ignored) or it is a known phrase.
UNKNOWN_WORDS = frozenset({
    "unknown", "unknow", "unk", "unkown", "unknwn", "idk", "unsure", "unidentified", "unnamed",
    "redacted", "doe", "anonymous", "pd", "department", "university",
})
UNKNOWN_PHRASES = ("not sure", "not known", "no name", "n a", "none")
_WORD = re.compile(r"[a-z]+")
BIRTH_YEAR_ATTRIBUTE = "officer_birth_year"


def is_placeholder_name(raw: str | None) -> bool:
    """True for a written name that identifies nobody ("UNKNOWN UNKNOWN", "Not sure", "J Doe",
    "Officer name unknown", "University of Chicago PD"); False for an ordinary name."""
    if not raw:
        return True
    words = _WORD.findall(raw.lower())
    if not words:
        return True
    if any(w in UNKNOWN_WORDS for w in words):
        return True
    joined = " ".join(words)
    return any(joined == p or joined.startswith(p + " ") for p in UNKNOWN_PHRASES)


def unlink_birth_year_clashes(con: duckdb.DuckDBPyConnection) -> int:
    """Undo name-based links whose record states a birth year other than the person's; return
    how many were undone. The reference goes back to unresolved (never re-guessed)."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE birth_year_clash AS
            SELECT r.record_id, r.idx
            FROM person_ref r
            JOIN record_attribute a
              ON a.record_id = r.record_id AND a.name = '{BIRTH_YEAR_ATTRIBUTE}'
            JOIN person p ON p.record_id = r.person_id
            WHERE r.method = 'name_context' AND p.birth_year IS NOT NULL
              AND try_cast(try_cast(a.value AS DOUBLE) AS INTEGER) IS NOT NULL
              AND try_cast(try_cast(a.value AS DOUBLE) AS INTEGER) <> p.birth_year"""
    )
    n = int(con.execute("SELECT count(*) FROM birth_year_clash").fetchone()[0])  # type: ignore[index]
    if n:
        con.execute(
            """UPDATE person_ref r SET person_id = NULL, method = 'unresolved', confidence = 0
               FROM birth_year_clash c WHERE r.record_id = c.record_id AND r.idx = c.idx"""
        )
    return n
