"""Who may open a case, and what of it they see: the one clearance rule for cases.

The rule: a case is open to its **owner** (who created it), its **assignee**, and to
**senior investigators and admins** (who supervise casework). Anyone else — another
investigator, and every auditor (auditors review the audit log, not case content) — is told the
case does not exist, exactly as for an unknown reference. Those who may open a case may also add
to it and decide on it.

Inside a case, clearance still holds: a reader not cleared for restricted records never sees an
item that would show one — a pin of a restricted record, person or lead, a turn whose answer
cites or counted a restricted record or was asked by a reader who sees complainant details (the
answer is kept as its asker saw it, unmasked), or a note written by a cleared user and not marked
shareable. Such items are withheld and only their number is given (`withheld`). The decision
log stays complete for every reader (who moved the case to which status, and when), but the reason
and lead of a restricted decision are replaced by WITHHELD.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import duckdb

from assistant.answers import User
from assistant.cases.models import CaseDetail, CaseSummary
from assistant.citations import kind_of
from assistant.views import visible_clause

SUPERVISORS = ("senior_investigator", "admin")
WITHHELD = "(withheld: restricted)"


def may_open(user: User, case: CaseSummary) -> bool:
    if not user.sees_record_content:
        return False
    return user.name in (case.owner, case.assignee) or user.role in SUPERVISORS


def as_seen_by(case: CaseDetail, user: User) -> CaseDetail:
    """The case with everything `user` is not cleared for removed, and counted."""
    if user.cleared_for_restricted:
        return case
    turns = [t for t in case.turns if not t.restricted]
    pins = [p for p in case.pins if not p.restricted]
    notes = [n for n in case.notes if not n.restricted]
    decisions = [d.model_copy(update={"reason": WITHHELD, "lead_id": None, "restricted": False})
                 if d.restricted else d for d in case.decisions]  # what is left is not restricted
    withheld = (len(case.turns) - len(turns)) + (len(case.pins) - len(pins)) + (
        len(case.notes) - len(notes))
    return case.model_copy(update={"turns": turns, "pins": pins, "notes": notes,
                                   "decisions": decisions, "withheld": withheld})


def restricted_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """Those of `ids` that are records an uncleared user may not see (ids that are not record
    ids, or not stored, are not in the result)."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for record_id in dict.fromkeys(ids):
        try:
            by_kind[kind_of(record_id)].append(record_id)
        except ValueError:
            continue
    out: set[str] = set()
    for kind, group in by_kind.items():
        rows = con.execute(
            f"SELECT record_id FROM {kind} t WHERE record_id IN (SELECT unnest(?::VARCHAR[])) "
            f"AND NOT ({visible_clause(kind, cleared=False)})", [group]).fetchall()
        out |= {r for (r,) in rows}
    return out
