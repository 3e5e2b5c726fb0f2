"""What an officer's peers would show: the rate of complaints of one category per day in post
among staff of the same role at the same unit, for detectors that judge a count against it.

Why: a fixed rule (three use-of-force complaints in 90 days) fires on ordinary officers of busy
units — a night-time-economy station draws several times the force's use-of-force complaints —
and a PSD analyst's first question of such a count is "how many do the others on that team get?"
(Carton et al. 2016 found peer-adjusted flags gave more true and fewer false positives than fixed
thresholds). The rate is:

* peers: visible staff of the same role (job title, else rank) and unit; the officer themself is
  left out, so their own burst does not set their baseline;
* exposure: days in post within the record period (start and leaving dates from HR; the period
  runs from the first complaint of the category to the as-of date). The duty roster, where it
  exists, covers too short a span (a year in the synthetic force, five years of complaints) to
  be the exposure of a complaint count;
* shrinkage: the group's count and exposure are pooled with the role's force-wide rate (also
  without the officer) as if the group had `ranking.prior_people` more average members, so a
  team of three does not make its own baseline.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from assistant.leads.context import Context

Rates = dict[str, float]  # person → expected complaints per day in post


def record_days(ctx: Context, category: str) -> int:
    """Days from the first complaint of `category` to the as-of date."""
    first = ctx.con.execute(
        f"SELECT min(received) FROM {ctx.complaint_subjects()} s WHERE category = ?",
        [category]).fetchone()
    return max((ctx.today - first[0]).days, 1) if first and first[0] else 1


def _start(ctx: Context, category: str) -> date:
    first = ctx.con.execute(
        f"SELECT min(received) FROM {ctx.complaint_subjects()} s WHERE category = ?",
        [category]).fetchone()
    return first[0] if first and first[0] else ctx.today


def _people(ctx: Context, start: date) -> list[tuple[str, str, str, int]]:
    """(person, role, unit, days in post since `start`) for every visible person."""
    return [tuple(r) for r in ctx.con.execute(
        f"""SELECT record_id, coalesce(nullif(trim(role_title), ''), nullif(trim(rank), ''),
                                       'unknown role'), coalesce(unit, ''),
                   greatest(date_diff('day', greatest(coalesce(start_date, ?), ?),
                                      least(coalesce(leave_date, ?), ?)), 0)
            FROM person p WHERE {ctx.visible('p', 'person')}""",
        [start, start, ctx.today, ctx.today]).fetchall()]


def _counts(ctx: Context, category: str, start: date, other: bool) -> dict[str, int]:
    """person → complaints received since `start` naming them under `category`, or (`other`)
    complaints naming them under no allegation of `category`."""
    if not other:
        return dict(ctx.con.execute(
            f"""SELECT person_id, count(DISTINCT complaint_id) FROM {ctx.complaint_subjects()} s
                WHERE category = ? AND received >= ? GROUP BY 1""", [category, start]).fetchall())
    return dict(ctx.con.execute(
        f"""WITH s AS (SELECT * FROM {ctx.complaint_subjects()} s WHERE received >= ?)
            SELECT person_id, count(DISTINCT complaint_id) FROM s
            WHERE (person_id, complaint_id) NOT IN (SELECT (person_id, complaint_id) FROM s
                                                     WHERE category = ?)
            GROUP BY 1""", [start, category]).fetchall())


def complaint_rates(ctx: Context, category: str, other: bool = False) -> Rates:
    """person → the peer rate of `category` complaints per day in post (`other`: of complaints
    of any other category), for every visible person."""
    start = _start(ctx, category)
    return _peer_rates(ctx, _people(ctx, start), _counts(ctx, category, start, other))


def _peer_rates(ctx: Context, people: list[tuple[str, str, str, int]],
                counts: dict[str, int]) -> Rates:
    group_n: dict[tuple[str, str], int] = defaultdict(int)
    group_days: dict[tuple[str, str], float] = defaultdict(float)
    role_n: dict[str, int] = defaultdict(int)
    role_days: dict[str, float] = defaultdict(float)
    for pid, role, unit, days in people:
        group_n[(role, unit)] += counts.get(pid, 0)
        group_days[(role, unit)] += days
        role_n[role] += counts.get(pid, 0)
        role_days[role] += days
    mean_days = sum(d for *_, d in people) / max(len(people), 1)
    prior = ctx.config.ranking.prior_people * mean_days
    out: Rates = {}
    for pid, role, unit, days in people:
        own = counts.get(pid, 0)
        role_rate = (role_n[role] - own) / max(role_days[role] - days, 1.0)
        out[pid] = ((group_n[(role, unit)] - own + prior * role_rate)
                    / max(group_days[(role, unit)] - days + prior, 1.0))
    return out


def personal_factors(ctx: Context, category: str,
                     prior: float) -> dict[str, tuple[float, int]]:
    """person → (factor, days in post in the record period). The factor: how many times their peers' rate they draw complaints of other categories, at
    least 1: (own + prior) / (expected at the peers' rate + prior), over the same record period.

    Why: an officer whom the public complains about several times as often as their peers, of
    everything (incivility, neglect, arrests), will draw use-of-force complaints more often too,
    and three in a quarter is then less of a change in how they work; such an officer is
    `complaint_volume`'s lead. `prior` complaints at the peers' rate are added to both sides so
    one or two extra complaints barely move the factor. Never below 1: an officer with fewer
    complaints than peers is not made more suspect by it."""
    start = _start(ctx, category)
    people = _people(ctx, start)
    counts = _counts(ctx, category, start, other=True)
    rates = _peer_rates(ctx, people, counts)
    return {pid: (max(1.0, (counts.get(pid, 0) + prior) / (rates[pid] * days + prior)), days)
            for pid, _, _, days in people}


def personal_rate(base: float, others: int, days_out: int, prior: float) -> float:
    """The officer's own rate of a category's complaints, from the `others` they drew in the
    `days_out` days outside the episode under judgement, shrunk towards `base` (the peers'
    rate, times the personal factor) as a gamma prior worth `prior` complaints; never below
    `base`. An officer with five use-of-force complaints in two years is judged on a quarter
    with three of them against that history, not only against peers who draw one in five."""
    if base <= 0:
        return base
    return max(base, (others + prior) / (max(days_out, 1) + prior / base))
