"""A score that orders the leads board: each person against peers of the same role and unit type.

Every detector scores its own findings 0–1 against its own threshold, so on a real force most
leads scored 1.00 and the board had no order. Following Carton et al. (2016, Charlotte-
Mecklenburg), who found peer-adjusted flags gave more true and fewer false positives than fixed
thresholds, a person's figure for each detector — the distinct records cited by their leads from
it (complaints, searches, claims …) — is compared with what their peers would show at their
exposure:

* peers: the visible staff of the same role (job title, else rank) and unit type (the first of
  `ranking.unit_types` in the unit's name);
* exposure: shifts worked in the last `exposure_days` (on-duty roster rows); with no roster, one
  per person;
* expected = exposure × the peers' rate (cited records per shift), shrunk towards the force's
  rate as if the group had `prior_people` more average members, so a group of three does not
  make its own baseline;
* surprise = −log10 P(Poisson(expected) ≥ observed), capped at `max_surprise`.

A person's score is the weighted sum of their detectors' surprises (`ranking.weights`, default
1); each lead carries that score, the person's peer group and every detector's contribution, so
a reviewer sees why someone is near the top. Only records and people the view may see count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import duckdb
from pydantic import BaseModel, Field
from scipy.stats import poisson

from assistant.joins.sources import Sources
from assistant.leads.config import LeadsConfig
from assistant.leads.context import View
from assistant.leads.models import Lead


class Contribution(BaseModel):
    detector: str
    observed: int = Field(description="Distinct records cited by the person's leads from it.")
    expected: float = Field(description="What peers would show at the person's exposure.")
    surprise: float = Field(description="-log10 P(Poisson(expected) >= observed), capped.")
    weight: float
    points: float = Field(description="weight × surprise: this detector's part of the score.")


class Rank(BaseModel):
    score: float = Field(description="The person's peer-adjusted score; the board's order.")
    peer_group: str = Field(description="Role · unit type the person is compared with.")
    peers: int = Field(description="Visible staff in that group.")
    exposure: int = Field(description="Shifts worked in the exposure window (0: no roster).")
    contributions: list[Contribution]


def surprise(observed: int, expected: float, cap: float) -> float:
    """-log10 P(Poisson(expected) >= observed), capped at `cap`."""
    if observed <= 0:
        return 0.0
    return min(float(-poisson.logsf(observed - 1, max(expected, 1e-9)) / 2.302585092994046),
               cap)


def unit_type(unit: str | None, types: list[str]) -> str:
    low = (unit or "").lower()
    return next((t for t in types if t.lower() in low), "other units")


def staff(con: duckdb.DuckDBPyConnection, view: View, config: LeadsConfig, as_of: date,
          ) -> dict[str, tuple[str, int]]:
    """Visible person id → (peer group, shifts worked in the exposure window)."""
    cfg, src = config.ranking, Sources(cleared=view.restricted)
    off = sorted({*config.off_duty_access.duty_types, *config.overtime_absence.absence_types})
    since = as_of - timedelta(days=cfg.exposure_days)
    shifts = dict(con.execute(
        f"""SELECT pr.person_id, count(*) FROM duty_shift d
            JOIN {src.people_of('duty_shift')} pr ON pr.record_id = d.record_id
            WHERE {src.visible('d', 'duty_shift')} AND d.shift_date > ? AND d.shift_date <= ?
              AND d.duty_type NOT IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1""",
        [since, as_of, off]).fetchall())
    people = con.execute(
        f"SELECT record_id, coalesce(role_title, rank, 'unknown role'), unit FROM person p "
        f"WHERE {src.visible('p', 'person')}").fetchall()
    return {pid: (f"{role} · {unit_type(unit, cfg.unit_types)}", int(shifts.get(pid, 0)))
            for pid, role, unit in people}


def rank(con: duckdb.DuckDBPyConnection, leads: list[Lead], view: View, config: LeadsConfig,
         as_of: date) -> list[tuple[Lead, Rank]]:
    """The leads, each with its person's rank, strongest person first (then their strongest
    detector, then the detector's own score)."""
    cfg = config.ranking
    who = staff(con, view, config, as_of)
    roster = any(n for _, n in who.values())
    exposure: dict[str, float] = {p: float(n if roster else 1) for p, (_, n) in who.items()}
    mean = max(sum(exposure.values()) / max(len(exposure), 1), 1e-9)
    for p, e in exposure.items():  # no shifts recorded (staff posts, long absence): typical
        exposure[p] = e or mean
    cited: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lead in leads:
        cited[(lead.person_id, lead.detector)].update(c.record_id for c in lead.evidence)
    group_of = {p: g for p, (g, _) in who.items()}
    size: dict[str, int] = defaultdict(int)
    exp_of_group: dict[str, float] = defaultdict(float)
    for p, g in group_of.items():
        size[g] += 1
        exp_of_group[g] += exposure[p]
    count_gd: dict[tuple[str, str], int] = defaultdict(int)
    count_d: dict[str, int] = defaultdict(int)
    for (p, d), ids in cited.items():
        count_gd[(group_of.get(p, ""), d)] += len(ids)
        count_d[d] += len(ids)
    total = sum(exposure.values()) or 1.0
    prior = cfg.prior_people * mean
    ranks: dict[str, Rank] = {}
    for p in sorted({p for p, _ in cited}):
        g = group_of.get(p, "unknown group")
        parts = []
        for d in sorted(d for q, d in cited if q == p):
            rate = (count_gd[(g, d)] + prior * count_d[d] / total) / (exp_of_group[g] + prior)
            expected = max(rate * exposure.get(p, mean), 1e-9)
            n = len(cited[(p, d)])
            surprising = surprise(n, expected, cfg.max_surprise)
            w = cfg.weights.get(d, 1.0)
            parts.append(Contribution(detector=d, observed=n, expected=round(expected, 3),
                                      surprise=round(surprising, 3), weight=w,
                                      points=round(w * surprising, 3)))
        parts.sort(key=lambda c: -c.points)
        ranks[p] = Rank(score=round(sum(c.points for c in parts), 3), peer_group=g,
                        peers=size.get(g, 0), exposure=int(who.get(p, ("", 0))[1]),
                        contributions=parts)
    points = {(p, c.detector): c.points for p, r in ranks.items() for c in r.contributions}
    ordered = sorted(leads, key=lambda x: (-ranks[x.person_id].score,
                                           -points[(x.person_id, x.detector)], -x.score,
                                           x.detector, x.lead_id))
    return [(lead, ranks[lead.person_id]) for lead in ordered]
