"""The Altair timeline of a person's activity.

Complaints and conduct cases come a few a year while system searches come hundreds a month, so a
shared y-axis would flatten everything but the searches: each kind of activity is a row of its
own, with a circle per month sized by how many records it holds.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

# (kind, category or None for any) -> series, in display order
SERIES = {
    ("complaint", None): "Complaints",
    ("conduct_case", None): "Conduct cases",
    ("absence", None): "Absences",
    ("duty_shift", "overtime_claim"): "Overtime",
    ("system_access", None): "System searches",
}


def series_of(item: dict[str, Any]) -> str | None:
    return SERIES.get((item["kind"], item["category"])) or SERIES.get((item["kind"], None))


def activity(items: list[dict[str, Any]]) -> pd.DataFrame:
    """Records per month and series (timeline items without a date or a series are left out)."""
    rows = [
        {"month": pd.Timestamp(x["date"]).to_period("M").to_timestamp(), "series": s}
        for x in items
        if x["date"] and (s := series_of(x))
    ]
    frame = pd.DataFrame(rows, columns=["month", "series"])
    return frame.groupby(["month", "series"]).size().reset_index(name="records")


def activity_chart(frame: pd.DataFrame) -> alt.Chart:
    order = list(SERIES.values())
    months = (frame["month"].max() - frame["month"].min()).days / 30
    ticks = {"interval": "month" if months <= 18 else "year", "step": 1}
    return (
        alt.Chart(frame)
        .mark_circle(opacity=0.8)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=ticks)),
            y=alt.Y("series:N", sort=order, title=None, scale=alt.Scale(domain=order)),
            size=alt.Size("records:Q", title="records a month", scale=alt.Scale(range=[30, 600])),
            color=alt.Color("series:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("series:N", title="activity"),
                alt.Tooltip("month:T", format="%B %Y"),
                alt.Tooltip("records:Q"),
            ],
        )
        .properties(height=60 * len(order))
    )
