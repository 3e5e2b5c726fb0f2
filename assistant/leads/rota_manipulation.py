"""Detector `rota_manipulation`: an officer's own rota amended, again and again, in ways that
paid them or excused a day they were due to work.

Why: duty-management systems let officers and supervisors change the roster; the Met's pilot
flagged officers who used that to create overtime or to cover absences. A duty system records
each amendment (who made it, when, what the day was before, the colleague it was swapped with),
and almost every amendment is ordinary: leave booked in advance, training and sickness entered by
a sergeant or the resource clerk, rest days cancelled for operational need, swaps between
crew-mates. So only amendments of the person's OWN rota count, and only these:

* made by the person themself **after the day**, on a day they claimed overtime (a rest day
  turned into paid work once it could no longer be planned or checked);
* a **swap** that put them on a day they claimed overtime, when at least `swap_overtime_share`
  of the days they swapped onto were paid (swaps that always land on paid days; a crew-mate
  whose swaps now and then fall on a day with overtime is ordinary);
* a working day turned into leave or a rest day (`cover_types`) **after the day**, by the
  person or in a swap the person did not repay (no day of the partner's worked in return within
  `repaid_within_days`): an absence covered after the fact. A swap recorded late but repaid is
  an informal swap written up afterwards.

Ordinary life makes some of these too (an officer recalled to duty who enters it late, leave
recorded late), and how often differs by force and by role. So a person is a lead when they have
at least `min_amendments` such amendments in `window_days` **and** that many is unlikely at
their peers' rate: peers (role · unit type) and exposure (shifts worked) as the board's ranking
uses them, the group's rate of such amendments per shift shrunk towards the force's, and
-log10 P(Poisson(expected) ≥ count) ≥ `min_surprise`. Where late corrections are rare three
stand out; where they are common it takes more.

A clerk or sergeant amending many rotas is never counted against anyone (the editor is not the
rota's owner), nor are swaps agreed in advance that pay nothing, nor overtime volunteered for
before the day. The editor and swap partner are matched to staff through the identifier
crosswalk (a login, a payroll number); an editor the crosswalk cannot name is not the owner.
Overtime claims on the amended days come from the `joins.during` operators (`claims` ∩ amended
days, same day). A roster export without an amendment trail cannot be checked: `unavailable`
says so, and the lead is reported as not run rather than as nothing found.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import duckdb
from scipy.stats import poisson

from assistant.joins.during import claims, overlap
from assistant.joins.sources import Rel
from assistant.leads.context import Context, excess
from assistant.leads.evidence import whole
from assistant.leads.models import Finding, Span
from assistant.leads.ranking import staff

NAME = "rota_manipulation"
READS = ("person", "person_ref", "person_ref_candidate", "person_identifier", "duty_shift")
TRAIL = ("amended_by", "amended_at", "original_duty_type", "swapped_with")


def unavailable(con: duckdb.DuckDBPyConnection, restricted: bool = True) -> str | None:
    """Why the detector cannot run on this store (None when it can); the roster is not
    restricted, so every view reads the same."""
    have = {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'duty_shift'")
        .fetchall()}
    missing = [c for c in TRAIL if c not in have]
    if missing:
        return (f"the record store has no roster amendment fields ({', '.join(missing)}); "
                "re-ingest the roster with a mapping that maps them")
    row = con.execute("SELECT count(*) FROM duty_shift WHERE amended_by IS NOT NULL "
                      "OR swapped_with IS NOT NULL OR original_duty_type IS NOT NULL").fetchone()
    if not row or not row[0]:
        return ("the roster export holds no amendment trail (who changed a day, when, from what, "
                "swapped with whom): rota manipulation cannot be looked for")
    return None


def amended(ctx: Context) -> Rel:
    """Amendments of a person's own rota in the window that they made or swapped: (person_id,
    record_id, start_day, end_day, label, original, amended_by, amended_at, swapped_with,
    editor, partner)."""
    since = ctx.today - timedelta(days=ctx.config.rota_manipulation.window_days)
    return Rel(f"""(WITH who AS (SELECT norm_value, any_value(person_id) AS person_id
                                 FROM person_identifier GROUP BY norm_value
                                 HAVING count(DISTINCT person_id) = 1)
                    SELECT r.person_id, d.record_id, d.shift_date AS start_day,
                           d.shift_date AS end_day, d.duty_type AS label,
                           d.original_duty_type AS original, d.amended_by, d.amended_at,
                           d.swapped_with, e.person_id AS editor, s.person_id AS partner
                    FROM duty_shift d JOIN {ctx.people_of('duty_shift')} r
                      ON r.record_id = d.record_id
                    LEFT JOIN who e ON e.norm_value = norm_ident(d.amended_by)
                    LEFT JOIN who s ON s.norm_value = norm_ident(d.swapped_with)
                    WHERE {ctx.visible('d', 'duty_shift')} AND d.duty_type <> 'overtime_claim'
                      AND d.shift_date > ? AND d.shift_date <= ?
                      AND (e.person_id = r.person_id OR d.swapped_with IS NOT NULL))""",
               [since, ctx.today])


def detect(ctx: Context) -> list[Finding]:
    if unavailable(ctx.con):
        return []
    cfg = ctx.config.rota_manipulation
    days = amended(ctx)
    rows = days.rows(ctx.con, "ORDER BY person_id, start_day")
    paid: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for _, claim, _, _, hours, period, _ in overlap(claims(ctx.sources), days).rows(ctx.con):
        paid[period].append((claim, hours or 0.0))
    worked: dict[tuple[str, str], list[date]] = defaultdict(list)  # swapped-in working days
    share: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # person → [swapped in, paid]
    for person, rid, day, _, now, _, _, _, swap, _, _ in rows:
        if swap and now in cfg.working_types:
            worked[(person, swap)].append(day)
            share[person][0] += 1
            share[person][1] += bool(paid.get(rid))
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person, rid, day, _, now, was, by, at, swap, editor, partner in rows:
        after = at is not None and at.date() > day
        own = editor == person
        why = None
        if paid.get(rid) and own and after and not swap:
            why = "overtime after own edit"
        elif paid.get(rid) and swap and now in cfg.working_types:
            n, k = share[person]
            why = "swap onto overtime" if k >= cfg.swap_overtime_share * n else None
        elif after and (own or swap) and now in cfg.cover_types and was in cfg.working_types:
            repaid = swap and any(abs((d - day).days) <= cfg.repaid_within_days
                                  for d in worked.get((person, swap), []))
            why = None if repaid else "working day covered after the day"
        if why:
            by_person[person].append({
                "rid": rid, "date": day, "why": why, "was": was, "now": now, "by": by,
                "editor": editor, "at": at, "swap": swap, "partner": partner,
                "claims": paid.get(rid, [])})
    counts = {p: len(found) for p, found in by_person.items()}
    surprise = _surprise(ctx, counts)
    return [_finding(p, found, cfg.min_amendments, surprise[p])
            for p, found in by_person.items()
            if len(found) >= cfg.min_amendments and surprise[p]["surprise"] >= cfg.min_surprise]


def _surprise(ctx: Context, counts: dict[str, int]) -> dict[str, dict[str, float]]:
    """Person → how unlikely their count is at their peers' rate of such amendments per shift
    worked (peer group and exposure as `ranking.staff`; the group's rate shrunk towards the
    force's as if it had `ranking.prior_people` more average members): expected, and surprise
    = -log10 P(Poisson(expected) >= count)."""
    who = staff(ctx.con, ctx.view, ctx.config, ctx.today)
    shifts = [n for _, n in who.values() if n]
    mean = sum(shifts) / len(shifts) if shifts else 1.0
    group: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # amendments, shifts
    for p, (g, n) in who.items():
        group[g][0] += counts.get(p, 0)
        group[g][1] += n or mean
    events = sum(e for e, _ in group.values())
    force = events / max(sum(x for _, x in group.values()), 1e-9)
    prior = ctx.config.ranking.prior_people * mean
    out = {}
    for p, k in counts.items():
        g, n = who.get(p, ("", 0))
        e, x = group.get(g, (0.0, 0.0))
        expected = max((e + prior * force) / (x + prior) * (n or mean), 1e-9)
        out[p] = {"expected": round(expected, 3),
                  "surprise": round(float(-poisson.logsf(k - 1, expected) / math.log(10)), 2)}
    return out


def _finding(person: str, found: list[dict[str, Any]], least: int,
             peers: dict[str, float]) -> Finding:
    spans: list[Span] = []
    for f in found:
        spans += whole(f["rid"], "duty_type", f["now"])
        spans += whole(f["rid"], "original_duty_type", f["was"])
        spans += whole(f["rid"], "amended_by", f["by"])
        spans += whole(f["rid"], "amended_at", str(f["at"]) if f["at"] else None)
        spans += whole(f["rid"], "swapped_with", f["swap"])
        for claim, _ in f["claims"]:
            spans += whole(claim, "duty_type", "overtime_claim")
    kinds: dict[str, int] = defaultdict(int)
    for f in found:
        kinds[f["why"]] += 1
    hours = sum(h for f in found for _, h in f["claims"])
    said = "; ".join(f"{n} {k}" for k, n in kinds.items())
    n = len(found)
    return Finding(
        detector=NAME, people=[person], key=found[0]["date"].isoformat(),
        score=excess(n, least),
        explanation=(f"{n} amendments of their own rota in the last year that paid them or "
                     f"excused a working day ({said}; {hours:g} overtime hours claimed on those "
                     f"days; {peers['expected']:g} expected of peers at their shifts): "
                     + ", ".join(f"{f['date']:%-d %b %Y} ({_day(f)})" for f in found)),
        spans=spans,
        detail={"amendments": n, "expected_of_peers": peers["expected"],
                "surprise": peers["surprise"], "overtime_hours": hours, **dict(kinds),
                "days": [{"date": f["date"].isoformat(), "was": f["was"], "now": f["now"],
                          "amended_by": f["editor"] or f["by"],
                          "amended_at": f["at"].isoformat(sep=" ") if f["at"] else None,
                          "swapped_with": f["partner"] or f["swap"],
                          "overtime_hours": sum(h for _, h in f["claims"])} for f in found]})


def _day(f: dict[str, Any]) -> str:
    turned = f"{(f['was'] or '?').replace('_', ' ')} → {f['now'].replace('_', ' ')}"
    if f["at"] is None:
        return turned
    lag = (f["at"].date() - f["date"]).days
    when = f"{lag} day(s) after" if lag > 0 else "in advance" if lag < 0 else "on the day"
    return f"{turned}, {'swap ' if f['swap'] else ''}recorded {when}"
