"""Detector `undeclared_association`: a member of staff on an external membership list of a
declarable organisation (an extremist group, a criminal-linked club, a business) with no
declaration naming it in the register.

Why: the pilot forces flagged undeclared memberships; staff must declare associations and
business interests that could compromise them, and lists of members (a roll seized under
warrant, a club register recovered at a search, a company's staff list) are how a force finds
the ones nobody declared. A lead needs:
- a list row linked to the person by ingestion/resolve_members.py — same date of birth and a
  name alike (fuzzy), at least `min_confidence`, or confirmed on review; rows it could not
  settle (no date of birth, a slip in one) wait in the resolution review queue instead and
  never make a lead;
- an organisation type listed in `org_types` (a running club is nobody's business);
- no declaration of the person, of a type in `declaration_types`, whose counterparty or
  description names the organisation (words in `generic_words` — "the", "Ltd", "MC", "club" —
  ignored, fuzzy at `org_similarity`): a declared membership never fires.
The lead is reviewable: its detail holds the list row as written, the staff member's HR record,
the match method and confidence, and each difference between them. Its score is the
organisation type's weight times the match confidence — peer-free, as membership is not a rate.
A store with no membership list cannot run this detector; it says so (`unavailable`) rather
than reporting nothing found.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import duckdb
from rapidfuzz import fuzz

from assistant.leads.context import Context
from assistant.leads.evidence import whole
from assistant.leads.models import Finding, Span
from assistant.names import name_similarity, parse_name

NAME = "undeclared_association"
KIND = "membership"
READS = ("person", "person_ref", "person_ref_candidate", "person_identifier", KIND,
         "declaration")


def unavailable(con: duckdb.DuckDBPyConnection, restricted: bool = True) -> str | None:
    """Why the detector cannot run on this store (for this view), or None."""
    present = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                          [KIND]).fetchone()
    if not present or not present[0]:
        return "the store holds no membership lists (no `membership` records)"
    where = "" if restricted else " WHERE NOT restricted"
    rows = con.execute(f"SELECT count(*) FROM {KIND}{where}").fetchone()
    if not rows or not rows[0]:
        return ("the store holds no membership lists (no `membership` records)" if restricted
                else "no membership list is visible to this reader")
    return None


def core(name: str, generic: set[str]) -> str:
    words = re.sub(r"[^a-z0-9&]+", " ", name.lower()).split()
    return " ".join(w for w in words if w not in generic)


def names_org(org: str, counterparty: str | None, description: str | None, generic: set[str],
              threshold: float) -> bool:
    """Does a declaration name the organisation (counterparty, else inside its description)?"""
    want = core(org, generic)
    if not want:
        return False
    said = core(counterparty or "", generic)
    if said and fuzz.token_set_ratio(want, said) / 100 >= threshold:
        return True
    text = core(description or "", generic)
    if not text:
        return False
    words = want.split()  # free text may drop a word ("the Iron Wolves"): any two in a row do
    span = min(2, len(words))
    runs = {" ".join(words[i:j]) for i in range(len(words))
            for j in range(i + span, len(words) + 1)}
    return any(fuzz.partial_ratio(run, text) / 100 >= max(threshold, 0.9) for run in runs)


def differences(written: str, dob: date | None, staff_name: str, staff_dob: date | None,
                similarity: float) -> list[str]:
    out = []
    if dob and staff_dob:
        out.append(f"date of birth: {'the same' if dob == staff_dob else 'differs'} "
                   f"(list {dob:%-d %b %Y}, HR {staff_dob:%-d %b %Y})")
    else:
        out.append("date of birth: " + ("not on the list" if not dob else "not held by HR"))
    same = parse_name(written) == parse_name(staff_name)
    out.append(f"name: {'the same' if same else 'differs'} (list “{written}”, HR “{staff_name}”"
               + ("" if same else f", similarity {similarity:.2f}") + ")")
    return out


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.undeclared_association
    if unavailable(ctx.con, ctx.view.restricted):
        return []
    generic = {w.lower() for w in cfg.generic_words}
    rows = ctx.con.execute(
        f"""SELECT m.record_id, m.organisation, m.organisation_type, m.list_name, m.list_date,
                   m.list_source, m.member_name, m.member_dob, r.person_id, r.method,
                   r.confidence, p.name, p.birth_date, p.rank, p.unit
            FROM {KIND} m JOIN person_ref r ON r.record_id = m.record_id AND r.kind = '{KIND}'
            JOIN person p ON p.record_id = r.person_id
            WHERE {ctx.visible('m', KIND)} AND {ctx.visible('p', 'person')}
              AND lower(m.organisation_type) IN (SELECT unnest(?::VARCHAR[]))
              AND (r.confidence >= ? OR r.method = 'reviewed')
            ORDER BY r.person_id, m.organisation, m.record_id""",
        [[t.lower() for t in cfg.org_types], cfg.min_confidence]).fetchall()
    if not rows:
        return []
    declared: dict[str, list[tuple[str | None, str | None]]] = {}
    for pid, party, text in ctx.con.execute(
            f"""SELECT r.person_id, d.counterparty, d.description
                FROM declaration d JOIN {ctx.people_of('declaration')} r
                  ON r.record_id = d.record_id
                WHERE {ctx.visible('d', 'declaration')}
                  AND d.declaration_type IN (SELECT unnest(?::VARCHAR[]))
                  AND r.person_id IN (SELECT unnest(?::VARCHAR[]))""",
            [cfg.declaration_types, sorted({r[8] for r in rows})]).fetchall():
        declared.setdefault(pid, []).append((party, text))
    weights = {t.lower(): w for t, w in cfg.org_types.items()}
    out = []
    for (rid, org, org_type, list_name, listed, obtained, written, dob, pid, method,
         confidence, staff_name, staff_dob, rank, unit) in rows:
        if any(names_org(org, party, text, generic, cfg.org_similarity)
               for party, text in declared.get(pid, [])):
            continue
        sim = name_similarity(parse_name(written or ""), parse_name(staff_name))
        spans: list[Span] = [*whole(rid, "member_name", written), *whole(rid, "organisation", org)]
        if dob:
            spans += whole(rid, "member_dob", dob.isoformat())
        born = f" (born {dob:%-d %b %Y})" if dob else ""
        when = f" of {listed:%-d %b %Y}" if listed else " undated"
        how = ("confirmed on review" if method == "reviewed" else
               f"matched on date of birth and name, confidence {confidence:.2f}")
        detail: dict[str, Any] = {
            "organisation": org, "organisation_type": org_type, "list_name": list_name,
            "list_date": listed.isoformat() if listed else None, "list_source": obtained,
            "list_row": rid, "written_as": written,
            "dob_on_list": dob.isoformat() if dob else None,
            "staff": {"person_id": pid, "name": staff_name, "rank": rank, "unit": unit,
                      "birth_date": staff_dob.isoformat() if staff_dob else None},
            "match": {"method": method, "confidence": round(float(confidence), 3),
                      "name_similarity": round(sim, 3)},
            "differences": differences(written or "", dob, staff_name, staff_dob, sim),
            "comparison": [  # a table on the card: the list row beside the HR record
                {"field": "name", "list": written, "hr": staff_name},
                {"field": "date of birth", "list": dob.isoformat() if dob else None,
                 "hr": staff_dob.isoformat() if staff_dob else None}],
            "declarations_checked": len(declared.get(pid, [])),
        }
        out.append(Finding(
            detector=NAME, people=[pid], key=f"{org}|{rid}",
            score=round(weights.get((org_type or "").lower(), 1.0) * float(confidence), 3),
            explanation=(f"appears as “{written}”{born} on the {list_name or 'membership list'} "
                         f"of {org} ({org_type}; list{when}; {obtained or 'source not recorded'}), "
                         f"{how}; no declaration naming {org} in the register"),
            spans=spans, detail=detail))
    return out
