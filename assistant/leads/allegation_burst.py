"""Detector `allegation_burst`: several complaints of one serious kind against one officer in a
short time (by default three use-of-force complaints within 90 days), more than the officer's
peers would draw.

Why: a single use-of-force complaint is an ordinary hazard of response policing, and three spread
over years say little; three inside one quarter are the early-warning threshold many forces use,
because they point at a change in how the officer is working right now. Thresholds are per
allegation category (`config.allegation_burst.thresholds`) since what is unusual differs by kind.
Overlapping qualifying windows are merged into one episode, so a run of four complaints is one
lead, not two. A complaint whose officer is named only ambiguously ("J Brown" at a station with
two) counts as possibly each of them (`config.ambiguous`): it can complete an episode that
resolved complaints almost reach, and the lead says which complaint and how ambiguous it is.

Two refinements keep ordinary busy policing out (measured on the noisy synthetic force,
`evals/leads_noisy.py`, where the fixed rule gave 12 leads besides the 4 planted bursts it found):
- complaints are counted by the day they were received: several complaints received on one day
  are most often several people complaining about one incident (an arrest outside a bar), one
  use of force, not a pattern;
- the count is judged against the officer's peers (`peer_rates`: same role at the same unit, the
  officer left out, shrunk towards the role's force-wide rate): a lead needs the chance of so many
  complaint days in one window, at the peers' rate, to be so small that the whole force — every
  member of staff in a role that draws such complaints, in every window of the record period —
  would give at most `chance_leads` leads by chance (a Bonferroni bar: 1 in ~26,000 at 2,000
  staff and five years, 1 in ~2,300 at 200 staff, so a bigger force needs more surprise). A
  night-time-economy station draws several times the force's use-of-force complaints, so three
  there in a quarter is less surprising than three at a quiet rural station; the lead states the
  peers' expected count;
- the peers' rate is raised to the officer's own where that is higher (`peer_rates.
  personal_factors` / `personal_rate`, a gamma prior worth `personal_prior` complaints at the
  peers' rate): by how many times the peers' rate the officer draws complaints of *other* kinds
  (an officer the public complains about three times as often as peers, of everything, draws
  use-of-force complaints more often too — `complaint_volume`'s lead, not a burst), and by the
  officer's complaints of this kind *outside* the episode (five in two years, three of them in
  one quarter, is the officer's usual rate, not a change). Never lowered below the peers'.
  Measured (seed 7, 2,000 staff): the noisy force's 4 unplanted leads fall to 1 (an officer with
  4 use-of-force complaints in five years, 3 in 52 days, just past the bar: 1 in 26,957 against
  1 in 26,000) with the 4 plants it found kept; the standard force's 3 unplanted leads fall to 0
  with 5 of 5 plants kept. `personal_prior` 0.5 / 1 / 2 / 3 / 5 / 10 keeps 1 / 1 / 2 / 2 / 2 / 4
  of the noisy force's 4 unplanted leads (the standard force's: 0 / 0 / 1 / 1 / 2 / 3), recall
  unchanged.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.leads.context import Context, certainty, excess, possible_complaints
from assistant.leads.evidence import complaint_headlines, whole
from assistant.leads.models import Finding
from assistant.leads.peer_rates import (
    complaint_rates,
    personal_factors,
    personal_rate,
    record_days,
)
from assistant.leads.ranking import surprise

NAME = "allegation_burst"


@dataclass(frozen=True)
class Row:
    complaint_id: str
    allegation_id: str
    received: date
    written: str | None = None  # set when the complaint names the officer only ambiguously
    candidates: int = 1  # … and how many staff that fits


def detect(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    per_lead = ctx.config.ambiguous.per_lead
    cfg, cap = ctx.config.allegation_burst, ctx.config.ranking.max_surprise
    for category, (count, days) in cfg.thresholds.items():
        sure, maybe = _complaints(ctx, category)
        episodes = [(person, e) for person, rows in sure.items()
                    for e in _episodes(rows, count, days)]
        episodes += [(person, e) for person, rows in maybe.items()
                     for e in _possible_episodes(sure.get(person, []), rows, count, days,
                                                 per_lead)]
        rates = complaint_rates(ctx, category) if episodes else {}
        own = personal_factors(ctx, category, cfg.personal_prior) if episodes else {}
        tests = sum(1 for r in rates.values() if r > 0) * record_days(ctx, category) / days
        bar = math.log10(max(tests, 1.0) / cfg.chance_leads)
        for person, episode in episodes:
            peak = _peak(episode, days)
            factor, in_post = own.get(person, (1.0, 0))
            base = rates.get(person, 0.0) * factor
            others = len(sure.get(person, [])) - sum(1 for r in episode if r.written is None)
            span = max((episode[-1].received - episode[0].received).days, days)
            expected = personal_rate(base, others, in_post - span, cfg.personal_prior) * days
            odds = surprise(peak, expected, cap)
            if odds >= bar:
                found = _finding(ctx, person, category, days, count, episode,
                                 (peak, expected, odds), rates.get(person, 0.0) * days)
                found.detail["bar"] = round(bar, 2)  # the surprise the force size demands
                found.detail["personal_factor"] = round(factor, 2)
                out.append(found)
    return out


def _days(rows: list[Row]) -> int:
    return len({r.received for r in rows})


def _peak(episode: list[Row], days: int) -> int:
    """The most complaint days of the episode inside one window of `days`."""
    return max(_days([r for r in episode if 0 <= (r.received - row.received).days <= days])
               for row in episode)


def _complaints(ctx: Context, category: str) -> tuple[dict[str, list[Row]],
                                                        dict[str, list[Row]]]:
    """Per person, their complaints of `category` by date: those naming them (resolved) and
    those naming them only possibly."""
    sure: dict[str, list[Row]] = defaultdict(list)
    for person, complaint, allegation, received in ctx.con.execute(
            f"""SELECT person_id, complaint_id, min(allegation_id), min(received)
                FROM {ctx.complaint_subjects()} s
                WHERE category = ? AND received IS NOT NULL GROUP BY person_id, complaint_id
                ORDER BY person_id, min(received), complaint_id""", [category]).fetchall():
        sure[person].append(Row(complaint, allegation, received))
    maybe: dict[str, list[Row]] = defaultdict(list)
    for person, complaint, allegation, received, written, n in ctx.con.execute(
            f"""SELECT person_id, complaint_id, min(allegation_id), min(received), min(written),
                       min(candidates)
                FROM {ctx.possible_subjects()} s
                WHERE category = ? AND received IS NOT NULL GROUP BY person_id, complaint_id
                ORDER BY person_id, min(received), complaint_id""", [category]).fetchall():
        if not any(r.complaint_id == complaint for r in sure.get(person, [])):
            maybe[person].append(Row(complaint, allegation, received, written, n))
    return sure, maybe


def _episodes(rows: list[Row], count: int, days: int) -> list[list[Row]]:
    """Complaints in any qualifying window, overlapping windows merged (rows sorted by date)."""
    episodes: list[list[Row]] = []
    for k, row in enumerate(rows):
        if _days([r for r in rows if 0 <= (r.received - row.received).days <= days]) < count:
            continue
        window = [r for r in rows[k:] if (r.received - row.received).days <= days]
        if episodes and window[0] in episodes[-1]:
            episodes[-1] += [r for r in window if r not in episodes[-1]]
        else:
            episodes.append(window)
    return episodes


def _possible_episodes(sure: list[Row], maybe: list[Row], count: int, days: int,
                       per_lead: int) -> list[list[Row]]:
    """Episodes that resolved complaints almost make and possible ones complete: windows with at
    least `count - per_lead` resolved complaints, none of them already in a resolved episode, and
    enough possible ones to reach `count`."""
    taken = {r for episode in _episodes(sure, count, days) for r in episode}
    rows = sorted(sure + maybe, key=lambda r: (r.received, r.complaint_id))
    episodes: list[list[Row]] = []
    for k, row in enumerate(rows):
        window = [r for r in rows[k:] if (r.received - row.received).days <= days]
        resolved = [r for r in window if r.written is None]
        extra = {r.received for r in window if r.written is not None} - {
            r.received for r in resolved}
        possible = len(window) - len(resolved)
        if (not resolved or taken.intersection(resolved) or possible == 0
                or _days(resolved) + min(len(extra), per_lead) < count):
            continue
        if episodes and window[0] in episodes[-1]:
            episodes[-1] += [r for r in window if r not in episodes[-1]]
        else:
            episodes.append(window)
    return episodes


def _finding(ctx: Context, person: str, category: str, days: int, count: int,
             episode: list[Row], peers: tuple[int, float, float], peer_expected: float,
             ) -> Finding:
    first, last = episode[0].received, episode[-1].received
    complaints = [r.complaint_id for r in episode]
    spans = complaint_headlines(ctx.con, complaints)
    for r in episode:
        spans += whole(r.allegation_id, "category", category)
    maybe = [r for r in episode if r.written is not None]
    span_days = (last - first).days
    peak, expected, odds = peers
    on_days = _days(episode)
    received = f" received on {on_days} different days" if on_days < len(episode) else ""
    explanation = (f"{len(episode)} {category.lower()} complaints{received} within {span_days} "
                   f"days ({first:%-d %b %Y} – {last:%-d %b %Y}); threshold {count} in {days} "
                   f"days; peers of the same role and unit would draw {peer_expected:.2f} in "
                   f"{days} days"
                   + (f", {expected:.2f} at this officer's own rate of complaints"
                      if expected > peer_expected + 0.005 else "")
                   + f" (chance of {peak} or more: 1 in {_odds(odds)})")
    detail: dict[str, Any] = {"category": category, "complaints": len(episode),
                              "days_received": on_days, "first": first.isoformat(),
                              "last": last.isoformat(), "threshold": [count, days],
                              "peer_expected": round(peer_expected, 3),
                              "expected": round(expected, 3), "surprise": round(odds, 2)}
    if maybe:
        clause, detail["possible"] = possible_complaints(maybe)
        explanation += "; " + clause
    return Finding(
        detector=NAME, people=[person], key=f"{category}|{first.isoformat()}",
        score=round(excess(len(episode), count) * certainty(len(episode) - len(maybe), maybe), 3),
        explanation=explanation, spans=spans, detail=detail)


def _odds(surprise: float) -> str:
    """10^surprise as a reader says it: "115,722"; "more than a billion" from 10^9."""
    return f"{10 ** surprise:,.0f}" if surprise < 9 else "more than a billion"
