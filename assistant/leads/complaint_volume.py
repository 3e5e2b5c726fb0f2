"""Detector `complaint_volume`: an officer drawing far more complaints than their peers over the
last 12 months.

Why: raw complaint counts mostly measure exposure — a response constable meets more angry people
than a detective inspector, and a probationer more than a veteran. So an officer is compared only
with peers of the same unit, rank and length-of-service band, and a lead needs both a top
percentile among them and an absolute floor (`min_complaints`), so that "2 where peers have 0"
never reaches a reviewer. Where a unit is too small for a fair comparison (`min_peers`), the peer
group widens to the same rank and service band across the force. Percentiles come from DuckDB
window functions over every serving member of staff, including those with no complaints.
"""

from __future__ import annotations

from datetime import timedelta

from assistant.leads.context import Context, excess
from assistant.leads.evidence import complaint_headlines
from assistant.leads.models import Finding

NAME = "complaint_volume"


def detect(ctx: Context) -> list[Finding]:
    cfg = ctx.config.complaint_volume
    start = ctx.today - timedelta(days=cfg.window_days)
    rows = ctx.con.execute(
        f"""WITH staff AS (
              SELECT p.record_id AS person_id, p.unit, p.rank,
                     len(list_filter(?::INTEGER[], lambda e: date_diff('year', p.start_date, ?) >= e))
                       AS band
              FROM person p
              WHERE {ctx.visible('p', 'person')} AND (p.leave_date IS NULL OR p.leave_date >= ?)
                AND (p.start_date IS NULL OR p.start_date <= ?)),
            counts AS (
              SELECT person_id, count(*) AS n, list(complaint_id ORDER BY received, complaint_id)
                       AS ids
              FROM (SELECT DISTINCT person_id, complaint_id, received
                    FROM {ctx.complaint_subjects()} s WHERE received BETWEEN ? AND ?)
              GROUP BY person_id),
            ranked AS (
              SELECT s.*, coalesce(c.n, 0) AS n, c.ids,
                     percent_rank() OVER (PARTITION BY unit, rank, band ORDER BY coalesce(c.n, 0))
                       AS pct, count(*) OVER (PARTITION BY unit, rank, band) AS peers,
                     percent_rank() OVER (PARTITION BY rank, band ORDER BY coalesce(c.n, 0))
                       AS wide_pct, count(*) OVER (PARTITION BY rank, band) AS wide_peers,
                     median(coalesce(c.n, 0)) OVER (PARTITION BY unit, rank, band) AS med,
                     median(coalesce(c.n, 0)) OVER (PARTITION BY rank, band) AS wide_med
              FROM staff s LEFT JOIN counts c USING (person_id))
            SELECT person_id, unit, rank, band, n, ids,
                   CASE WHEN peers >= ? THEN pct ELSE wide_pct END AS pct,
                   peers >= ? AS local, CASE WHEN peers >= ? THEN peers ELSE wide_peers END,
                   CASE WHEN peers >= ? THEN med ELSE wide_med END
            FROM ranked WHERE n >= ? ORDER BY person_id""",
        [cfg.service_bands, ctx.today, start, ctx.today, start, ctx.today,
         *[cfg.min_peers] * 4, cfg.min_complaints]).fetchall()
    out = []
    for person, unit, rank, band, n, ids, pct, local, peers, median in rows:
        if pct < cfg.percentile:
            continue
        group = (f"{rank or 'unknown rank'} in {unit or 'unknown unit'}" if local
                 else f"{rank or 'unknown rank'} force-wide")
        service = _band_label(cfg.service_bands, band)
        out.append(Finding(
            detector=NAME, people=[person], key=ids[0],
            score=excess(pct * n, cfg.percentile * cfg.min_complaints),
            explanation=(f"{n} complaints in the {cfg.window_days} days to {ctx.today:%-d %b %Y}"
                         f": more than {round(pct * (peers - 1))} of {peers - 1} peers "
                         f"({group}, {service} service; peer median {median:g})"),
            spans=complaint_headlines(ctx.con, list(ids)),
            detail={"complaints": n, "percentile": round(pct, 4), "peers": peers,
                    "peer_group": group, "service_band": service, "peer_median": median,
                    "window": [start.isoformat(), ctx.today.isoformat()]}))
    return out


def _band_label(edges: list[int], band: int) -> str:
    if band == 0:
        return f"under {edges[0]} years'"
    if band >= len(edges):
        return f"{edges[-1]}+ years'"
    return f"{edges[band - 1]}–{edges[band]} years'"
