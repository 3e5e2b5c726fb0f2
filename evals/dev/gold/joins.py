"""Gold for the synthetic force's join questions (record kinds joined through person and time).

Why this exists: issue #13's hardest failures were joins answered with an unrelated list
("overtime on sick days" → every claim and every absence). Their gold is computed here from the
exported files only (hr/, overtime/, roster/, audit/, psd/), each join written out plainly:
- `overtime_on_sick`: a claim dated within [first_day, last_day] of the claimant's own absence;
- `access_on_absence`: an audit event dated within one of the user's own sickness absences, or on a
  day their roster marks annual leave (`AL`) when `leave: annual`;
- `own_complainant`: an audit event whose subject ("SURNAME, Forename (dob YYYY-MM-DD)") is the
  complainant (same forename, surname and date of birth) of a complaint naming the user as an
  accused officer;
- `unlinked_searches`: events about one named member of the public with an empty `caseRef`;
- `coaccused`: pairs of staff named together in ≥ N distinct complaints.
Each returns `{"count", "ids"}` (ids are `person:syn:…`, or event ids for `unlinked_searches`).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from evals.dev.gold.query import Frames, SpecError

TITLES = r"^(mr|mrs|ms|miss|dr|mx)\.?\s+"


def _result(ids: set[str]) -> dict[str, Any]:
    return {"count": len(ids), "ids": sorted(ids)}


def _within(events: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    both = events.merge(spans[["person", "first", "last"]], on="person")
    return both[(both["date"] >= both["first"]) & (both["date"] <= both["last"])]


def overtime_on_sick(f: Frames, where: dict[str, Any]) -> dict[str, Any]:
    hit = _within(f["syn_overtime"].dropna(subset=["person"]), f["syn_sickness"])
    if "person" in where:
        hit = hit[hit["person"] == where["person"]]
        return {"count": int(hit["claim_ref"].nunique()),
                "ids": sorted(set(hit["claim_ref"]))}
    return _result(set(hit["person"]))


def access_on_absence(f: Frames, where: dict[str, Any]) -> dict[str, Any]:
    access = f["syn_access"].dropna(subset=["person"])
    if where.get("leave") == "annual":
        al = f["syn_roster"][f["syn_roster"]["DUTY_CODE"] == "AL"]
        hit = access.merge(al[["person", "date"]], on=["person", "date"])
    else:
        hit = _within(access, f["syn_sickness"])
    if "system" in where:
        hit = hit[hit["system"].str.lower() == str(where["system"]).lower()]
    if "person" in where:
        hit = hit[hit["person"] == where["person"]]
        return {"count": int(hit["eventId"].nunique()), "ids": sorted(set(hit["eventId"]))}
    return _result(set(hit["person"]))


def _complainant_key(name: str, dob: str) -> tuple[str, str, str]:
    tokens = re.sub(TITLES, "", name.strip(), flags=re.I).split()
    day, month, year = dob.split("/")
    return (tokens[0].lower(), tokens[-1].lower(), f"{year}-{month}-{day}")


def _subject_key(subject: str) -> tuple[str, str, str] | None:
    m = re.match(r"^\s*([^,]+),\s*(\S+).*\(dob (\d{4}-\d{2}-\d{2})\)", subject or "")
    return (m.group(2).lower(), m.group(1).lower(), m.group(3)) if m else None


def own_complainant(f: Frames, where: dict[str, Any]) -> dict[str, Any]:
    alle = f["syn_allegations"].dropna(subset=["person", "ComplainantName", "ComplainantDOB"])
    pairs = {(p, _complainant_key(n, d)) for p, n, d in
             zip(alle["person"], alle["ComplainantName"], alle["ComplainantDOB"],
                 strict=True)}
    access = f["syn_access"].dropna(subset=["person"])
    users = {p for p, s in zip(access["person"], access["subject"], strict=True)
             if (key := _subject_key(s)) is not None and (p, key) in pairs}
    return _result(users)


def unlinked_searches(f: Frames, where: dict[str, Any]) -> dict[str, Any]:
    access = f["syn_access"]
    keys = access["subject"].map(_subject_key)
    forename, surname = str(where["subject"]).lower().split()
    mine = access[[k is not None and k[0] == forename and k[1] == surname for k in keys]]
    if mine.empty:
        raise SpecError(f"nobody called {where['subject']!r} was searched")
    hit = mine[mine["caseRef"].fillna("") == ""]
    return {"count": int(hit["eventId"].nunique()), "ids": sorted(set(hit["eventId"])),
            "users": sorted(set(hit["person"].dropna()))}


def coaccused(f: Frames, where: dict[str, Any]) -> dict[str, Any]:
    alle = f["syn_allegations"].dropna(subset=["person"])[["ComplaintRef", "person"]]
    pairs = alle.merge(alle, on="ComplaintRef")
    pairs = pairs[pairs["person_x"] < pairs["person_y"]]
    if "person" in where:
        p = where["person"]
        pairs = pairs[(pairs["person_x"] == p) | (pairs["person_y"] == p)]
    n = pairs.groupby(["person_x", "person_y"])["ComplaintRef"].nunique()
    hit = n[n >= int(where.get("min", 2))]
    people = {str(x) for pair in hit.index for x in pair}
    if "person" in where:
        people.discard(where["person"])
    return {"count": len(hit), "ids": sorted(people),
            "pairs": sorted(f"{a}|{b}" for a, b in hit.index)}


JOINS = {"overtime_on_sick": overtime_on_sick, "access_on_absence": access_on_absence,
         "own_complainant": own_complainant, "unlinked_searches": unlinked_searches,
         "coaccused": coaccused}


def evaluate_join(frames: Frames, spec: dict[str, Any]) -> dict[str, Any]:
    name = spec.get("join")
    if name not in JOINS:
        raise SpecError(f"unknown join {name!r}")
    return JOINS[name](frames, spec.get("where") or {})
