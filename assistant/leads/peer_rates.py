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


def complaint_rates(ctx: Context, category: str) -> Rates:
    """person → the peer rate of `category` complaints per day in post, for every visible
    person."""
    first = ctx.con.execute(
        f"SELECT min(received) FROM {ctx.complaint_subjects()} s WHERE category = ?",
        [category]).fetchone()
    start: date = first[0] if first and first[0] else ctx.today
    people = ctx.con.execute(
        f"""SELECT record_id, coalesce(nullif(trim(role_title), ''), nullif(trim(rank), ''),
                                       'unknown role'), coalesce(unit, ''),
                   greatest(date_diff('day', greatest(coalesce(start_date, ?), ?),
                                      least(coalesce(leave_date, ?), ?)), 0)
            FROM person p WHERE {ctx.visible('p', 'person')}""",
        [start, start, ctx.today, ctx.today]).fetchall()
    counts = dict(ctx.con.execute(
        f"""SELECT person_id, count(DISTINCT complaint_id) FROM {ctx.complaint_subjects()} s
            WHERE category = ? AND received >= ? GROUP BY 1""", [category, start]).fetchall())
    group_n: dict[tuple[str, str], int] = defaultdict(int)
    group_days: dict[tuple[str, str], float] = defaultdict(float)
    role_n: dict[str, int] = defaultdict(int)
    role_days: dict[str, float] = defaultdict(float)
    members: dict[tuple[str, str], int] = defaultdict(int)
    for pid, role, unit, days in people:
        group_n[(role, unit)] += counts.get(pid, 0)
        group_days[(role, unit)] += days
        members[(role, unit)] += 1
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
