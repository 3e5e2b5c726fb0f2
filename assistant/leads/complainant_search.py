"""Detector `complainant_search`: an officer looking up, on police systems, the member of the
public who complained about them, after the complaint was made.

Why: an accused officer has no policing reason to research their complainant, and doing so is the
first step of intimidation or retaliation; it is also a breach of data-protection rules whatever
the motive. The complaint names the complainant one way ("Mr Thomas Martin (DOB 13/05/1956)") and
the audit log another ("MARTIN, Thomas (dob 1956-05-13)"), so both are reduced to the same key —
the name's words sorted, titles dropped, plus the date of birth — by the `person_key` SQL macro
(the join is `joins.complainant.complainant_searches`, which join questions also run). Searches
within `max_days_after` of the complaint being received count. For readers who may not
see complainant details, the search is cited by its system and action, not by the name searched.
A complaint naming its officer only ambiguously ("J Price" at a station with three) is checked
against each member of staff it could be (`config.ambiguous`): one of them searching the
complainant is worth a reviewer's look, and the lead says the complaint did not name them clearly.
A complaint whose complainant field is empty is matched by the names and date of birth its
account gives (`complainant_account`). A search carrying a case reference was made for a recorded job (complainants are local people,
and some are arrested or report crimes later); it is not counted unless `count_linked`.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.joins.complainant import complainant_searches, define_person_key
from assistant.leads import complainant_account
from assistant.leads.context import Context, excess, possibly
from assistant.leads.evidence import whole
from assistant.leads.models import Finding

NAME = "complainant_search"


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.complainant_search
    define_person_key(ctx.con)
    possible = ctx.config.ambiguous.max_candidates if ctx.config.ambiguous.per_lead >= 1 else 0
    rows = complainant_searches(ctx.sources, cfg.max_days_after,
                                possible_within=possible).rows(
        ctx.con, "ORDER BY person_id, complaint_id, accessed_at")
    linked = set() if cfg.count_linked else _linked(ctx, [r[4] for r in rows])
    found: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        if row[4] not in linked:
            found[(row[0], row[1])].append(row)
    return ([_finding(ctx, hits, cfg.max_days_after) for hits in found.values()]
            + complainant_account.detect(ctx, cfg.max_days_after, cfg.count_linked))


def _finding(ctx: Context, hits: list[tuple], window: int) -> Finding:
    person, complaint, allegation, received = hits[0][:4]
    written, candidates = hits[0][-2:]
    complainant, category = ctx.con.execute(
        "SELECT c.complainant, a.category FROM complaint c, allegation a "
        "WHERE c.record_id = ? AND a.record_id = ?", [complaint, allegation]).fetchone() \
        or (None, None)  # never: both ids were just read from the store
    spans = whole(complaint, "complainant", complainant) + whole(allegation, "category", category)
    for *_, rid, _, subject, system, action, _, _ in hits:
        spans += (whole(rid, "subject_searched", subject) if ctx.view.complainant_details
                  else whole(rid, "action", action) or whole(rid, "system", system))
    days = sorted({(h[5].date() - received).days for h in hits})
    explanation = (f"searched the complainant of the complaint received {received:%-d %b %Y} "
                   f"{len(hits)} time(s), {', '.join(map(str, days))} day(s) after it was "
                   f"made (window {window} days)")
    detail = {"complaint": complaint, "allegation": allegation, "searches": len(hits),
              "days_after": days, "received": received.isoformat()}
    if written is not None:
        explanation += f"; the complaint {possibly(written, candidates)}, this person among them"
        detail["possible"] = {"written": written, "candidates": candidates}
    return Finding(
        detector=NAME, people=[person], key=complaint,
        score=excess(len(hits), 1), explanation=explanation, spans=spans, detail=detail)


def _linked(ctx: Context, events: list[str]) -> set[str]:
    """The events among `events` that carry a case reference."""
    if not events:
        return set()
    rows = ctx.con.execute(
        """SELECT record_id FROM system_access WHERE record_id IN (SELECT unnest(?::VARCHAR[]))
           AND coalesce(trim(linked_case_ref), '') <> ''""", [events]).fetchall()
    return {r for (r,) in rows}
