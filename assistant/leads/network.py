"""Who a member of staff appears with: the co-accused and co-searching networks of one person.

Network position is one of the better-evidenced predictors of misconduct (Zhao & Papachristos;
Ouellet et al.), so a reviewer looking at a lead wants to see who else is in it:

* co-accused — other staff named as subjects of the same complaints (the same self-join as the
  `coaccused` lead, `joins.coaccused.pairs`, focused on one person, any number of complaints);
* co-searching — other staff who looked up the same members of the public on police systems
  (audit-log subjects, vehicles excluded), with how many subjects they share and the searches.

Only what the reader may see counts: restricted records and people are absent for the
uncleared (`Sources`), and the subjects searched — members of the public — are named only to
readers who may see complainant details. Serving it is a consultation (`network_of`): it needs a
case reference and is audited with every record it shows.
"""

from __future__ import annotations

from typing import Any

import duckdb
from pydantic import BaseModel, Field

from assistant.answers import User
from assistant.consult import Consultation, NotFound, Outcome
from assistant.joins.coaccused import pairs
from assistant.joins.sources import Focus, Sources
from assistant.leads.cards import Named
from assistant.people import StoreDirectory

MAX_LINKS, MAX_RECORDS = 50, 20
VEHICLE_PREFIX = "VRM "


class Link(BaseModel):
    person: Named
    count: int = Field(description="Complaints naming both, or members of the public both searched.")
    records: list[str] = Field(description="The records behind the link (at most 20), oldest first.")
    subjects: list[str] = Field(default_factory=list, description="Who both searched (only for "
                                                                  "readers who see complainants).")


class Network(BaseModel):
    person: Named
    coaccused: list[Link]
    cosearching: list[Link]


def _coaccused(con: duckdb.DuckDBPyConnection, src: Sources, person_id: str,
               ) -> list[tuple[str, int, list[str], list[str]]]:
    rel = pairs(src, 1, Focus(person_ids=(person_id,)))
    rows = rel.rows(con, "ORDER BY n DESC, a, b", select="a, b, n, complaint_ids")
    return [(b if a == person_id else a, int(n), list(ids)[:MAX_RECORDS], [])
            for a, b, n, ids in rows[:MAX_LINKS]]


def _cosearching(con: duckdb.DuckDBPyConnection, src: Sources, person_id: str, details: bool,
                 ) -> list[tuple[str, int, list[str], list[str]]]:
    rows = con.execute(
        f"""WITH s AS (SELECT pr.person_id, a.record_id, a.subject_searched AS subject,
                              a.accessed_at
                       FROM system_access a
                       JOIN {src.people_of('system_access')} pr ON pr.record_id = a.record_id
                       WHERE {src.visible('a', 'system_access')}
                         AND a.subject_searched IS NOT NULL AND a.subject_searched <> ''
                         AND NOT starts_with(a.subject_searched, ?)),
                mine AS (SELECT DISTINCT subject FROM s WHERE person_id = ?)
            SELECT s.person_id, count(DISTINCT s.subject) AS n,
                   list(s.record_id ORDER BY s.accessed_at, s.record_id),
                   list(DISTINCT s.subject ORDER BY s.subject)
            FROM s JOIN mine USING (subject) WHERE s.person_id <> ?
            GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?""",
        [VEHICLE_PREFIX, person_id, person_id, MAX_LINKS]).fetchall()
    return [(p, int(n), list(ids)[:MAX_RECORDS], list(subjects)[:MAX_RECORDS] if details else [])
            for p, n, ids, subjects in rows]


def network(con: duckdb.DuckDBPyConnection, person_id: str, user: User) -> Network | None:
    """The person's networks as `user` may see them; None when the person is not visible."""
    cleared = user.cleared_for_restricted
    src = Sources(cleared=cleared)
    directory = StoreDirectory(con, cleared)
    if not con.execute(f"SELECT 1 FROM person p WHERE record_id = ? AND {src.visible('p', 'person')}",
                       [person_id]).fetchone():
        return None
    links = {"coaccused": _coaccused(con, src, person_id),
             "cosearching": _cosearching(con, src, person_id, user.sees_complainant_details)}
    ids = sorted({person_id, *(p for rows in links.values() for p, *_ in rows)})
    names = {pid: Named(person_id=pid, name=d["name"] or pid, rank=d["rank"], unit=d["unit"],
                        identifiers={str(k): str(v) for k, v in d["identifiers"].items()})
             for pid, d in directory.describe(ids).items()}

    def made(rows: list[tuple[str, int, list[str], list[str]]]) -> list[Link]:
        return [Link(person=names[p], count=n, records=recs, subjects=subjects)
                for p, n, recs, subjects in rows if p in names]

    return Network(person=names[person_id], coaccused=made(links["coaccused"]),
                   cosearching=made(links["cosearching"]))


def network_of(service: Consultation, user: User, case_ref: str | None,
               person_id: str) -> Network:
    """`network`, as an audited consultation (endpoint `network`)."""

    def work() -> Outcome:
        with service.readers.lend() as con:
            found = network(con, person_id, user)
            if found is None:
                hidden = con.execute("SELECT 1 FROM person WHERE record_id = ?",
                                     [person_id]).fetchone() is not None
                raise NotFound("person", hidden=hidden)
        shown: list[Any] = [person_id]
        for link in (*found.coaccused, *found.cosearching):
            shown += [link.person.person_id, *link.records]
        return Outcome(found, list(dict.fromkeys(shown)),
                       [r for link in found.coaccused for r in link.records])

    return service._consult(user, case_ref, "network", person_id[:200], work)
