"""`complainant_search`, second source: complainants named only inside the account.

Why: real complaint exports often leave the complainant field empty (or hold it in a system the
PSD did not export) while the account itself says who complained: "My name is Jane Doe", "Mrs
Doe states …", "born 04/09/1987". Ingestion's mention extraction (`ingestion/mentions.py`) keeps
such names as person references with role `complainant`; this module also reads dates of birth
written in the account. A search by an accused officer within the window matches the complainant
when:
- the account gives a date of birth: the subject's date of birth is the same day and its family
  name is alike (`similar`, default 0.8 — spelling drifts between systems); or
- it gives none: the subject's family name and forename are both alike (a title and a family name
  alone, "Mrs Doe", is too weak without a date of birth and is not used).
Only complaints whose complainant field is empty are read here; the field, where present, is
matched exactly by the main join. Searches with a case reference are left out as there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from difflib import SequenceMatcher

from assistant.leads.colleague_access import parse_subject
from assistant.leads.context import Context, excess
from assistant.leads.evidence import sentence_at, whole
from assistant.leads.models import Finding

NAME = "complainant_search"
SIMILAR = 0.8
_DOB = re.compile(r"\b(?:born|d\.?o\.?b\.?|date of birth)[:\s]*(?:is\s+|on\s+)?"
                  r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.IGNORECASE)
_DOB_SUBJECT = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4})")
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}


def alike(a: str, b: str) -> bool:
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= SIMILAR


def _subject_dob(subject: str) -> date | None:
    m = _DOB_SUBJECT.search(subject)
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (
        m.group(6), m.group(5), m.group(4))
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _account_dob(text: str) -> tuple[date, int] | None:
    m = _DOB.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))), m.start()
    except ValueError:
        return None


def _names(written: str) -> tuple[str, str]:
    words = [w for w in re.sub(r"[^a-z' -]+", " ", written.lower()).split() if w not in _TITLES]
    return (words[0] if len(words) > 1 else "", words[-1] if words else "")


def detect(ctx: Context, window: int, count_linked: bool) -> list[Finding]:
    rows = ctx.con.execute(
        f"""SELECT c.record_id, c.narrative, min(s.received), list(DISTINCT s.person_id),
                   min(s.allegation_id), list(DISTINCT pr.name) FILTER (WHERE pr.name IS NOT NULL)
            FROM complaint c JOIN {ctx.complaint_subjects()} s ON s.complaint_id = c.record_id
            LEFT JOIN person_ref pr ON pr.record_id = c.record_id AND pr.role = 'complainant'
            WHERE coalesce(trim(c.complainant), '') = '' AND c.narrative IS NOT NULL
              AND s.received IS NOT NULL
            GROUP BY c.record_id, c.narrative""").fetchall()
    out = []
    for complaint, text, received, accused, allegation, written in rows:
        dob = _account_dob(text)
        names = [_names(w) for w in written or []]
        if not dob and not any(g for g, _ in names):
            continue
        linked = "" if count_linked else "AND coalesce(trim(s.linked_case_ref), '') = ''"
        events = ctx.con.execute(
            f"""SELECT u.person_id, s.record_id, s.accessed_at, s.subject_searched, s.action
                FROM system_access s JOIN {ctx.people_of('system_access')} u
                  ON u.record_id = s.record_id
                WHERE {ctx.visible('s', 'system_access')} {linked}
                  AND u.person_id IN (SELECT unnest(?::VARCHAR[]))
                  AND s.accessed_at >= ? AND s.accessed_at < ?
                  AND coalesce(trim(s.subject_searched), '') <> ''
                ORDER BY s.accessed_at""",
            [accused, received, received + timedelta(days=window + 1)]).fetchall()
        hits: dict[str, list[tuple]] = defaultdict(list)
        for person, rid, at, subject, action in events:
            given, family, _ = parse_subject(subject)
            if dob:  # same day of birth, and a family name alike if the account gives one
                ok = _subject_dob(subject) == dob[0] and (
                    not names or any(alike(family, f) for _, f in names))
            else:
                ok = any(alike(family, f) and alike(given, g) for g, f in names if g)
            if ok:
                hits[person].append((rid, at, subject, action))
        for person, found in hits.items():
            spans = [sentence_at(complaint, "narrative", text, dob[1])] if dob else []
            for w in written or []:
                at_ = text.find(w)
                spans += [sentence_at(complaint, "narrative", text, at_)] if at_ >= 0 else []
            for rid, _, subject, action in found:
                spans += (whole(rid, "subject_searched", subject) if ctx.view.complainant_details
                          else whole(rid, "action", action))
            days = sorted({(at.date() - received).days for _, at, _, _ in found})
            out.append(Finding(
                detector=NAME, people=[person], key=complaint,
                score=excess(len(found), 1),
                explanation=(f"searched the complainant named in the account of the complaint "
                             f"received {received:%-d %b %Y} {len(found)} time(s), "
                             f"{', '.join(map(str, days))} day(s) after it was made (matched "
                             f"by {'date of birth' if dob else 'name'}; window {window} days)"),
                spans=list(dict.fromkeys(spans)),
                detail={"complaint": complaint, "allegation": allegation,
                        "searches": len(found), "days_after": days,
                        "received": received.isoformat(), "matched_by":
                        "date of birth" if dob else "name"}))
    return out
