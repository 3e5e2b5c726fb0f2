"""Resolution report: per source and identifier scheme, how many person references resolved,
stayed ambiguous (kept with their candidates) or found nobody.

Read by the ingest summary, `probity mapping check`, the eval report and the review queue, so
the three numbers mean one thing everywhere: resolved = a person_id; ambiguous = no person_id
and candidates in `person_ref_candidate`; unresolved = neither (including parts a mapping's
`extract` did not match, method `unparsed`). Complainants named in accounts (method `public`) are
members of the public, not staff references, and are not counted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb


@dataclass
class SchemeCounts:
    source: str  # the mapping's name
    scheme: str  # the identifier scheme, or "name" for references held by name only
    resolved: int
    ambiguous: int
    unresolved: int

    @property
    def total(self) -> int:
        return self.resolved + self.ambiguous + self.unresolved

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"total": self.total}


COUNTS_SQL = """
WITH refs AS (
    SELECT r.mapping, coalesce(r.scheme, 'name') AS scheme, r.person_id,
           EXISTS (SELECT 1 FROM person_ref_candidate k
                   WHERE k.record_id = r.record_id AND k.idx = r.idx) AS ambiguous
    FROM person_ref r WHERE r.method <> 'public' {where})
SELECT mapping, scheme,
       count(*) FILTER (WHERE person_id IS NOT NULL),
       count(*) FILTER (WHERE person_id IS NULL AND ambiguous),
       count(*) FILTER (WHERE person_id IS NULL AND NOT ambiguous)
FROM refs GROUP BY mapping, scheme ORDER BY mapping, scheme
"""


def resolution_counts(con: duckdb.DuckDBPyConnection,
                      mapping: str | None = None) -> list[SchemeCounts]:
    where = "AND r.mapping = ?" if mapping else ""
    rows = con.execute(COUNTS_SQL.format(where=where), [mapping] if mapping else []).fetchall()
    return [SchemeCounts(m, s, int(a), int(b), int(c)) for m, s, a, b, c in rows]


def format_counts(counts: list[SchemeCounts]) -> list[str]:
    """One line per source and scheme, shares of its references."""
    def share(n: int, total: int) -> str:
        return f"{n:,} ({n / total:.0%})" if total else "0"

    return [f"  {c.source} / {c.scheme}: {share(c.resolved, c.total)} resolved, "
            f"{share(c.ambiguous, c.total)} ambiguous, {share(c.unresolved, c.total)} unresolved"
            for c in counts]
