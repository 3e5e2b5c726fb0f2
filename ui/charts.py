"""The Altair timeline of a person's activity, drawn from the profile's month-by-month aggregate.

Complaints and conduct cases come a few a year while system searches come hundreds a month, so a
shared y-axis would flatten everything but the searches: each kind of activity is a row of its
own, with a circle per month sized by how many records it holds. Every month of the person's
history is drawn (the aggregate covers all their records, not the page of them loaded), each
series keeps one colour on every profile, and duty records — the most numerous and least
telling — are left out unless asked for.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

# (kind, category or None for any) -> series, in display order
SERIES = {
    ("complaint", None): "Complaints",
    ("allegation", None): "Allegations",
    ("conduct_case", None): "Conduct cases",
    ("declaration", None): "Declarations",
    ("intel_report", None): "Intelligence",
    ("absence", None): "Absences",
    ("system_access", None): "System searches",
    ("duty_shift", "overtime_claim"): "Overtime",
    ("duty_shift", None): "Duty shifts",
}
DUTY = ("Overtime", "Duty shifts")
# one colour per series whatever the profile holds (colour-blind-safe, Okabe-Ito order)
COLOURS = {
    "Complaints": "#D55E00",
    "Allegations": "#E69F00",
    "Conduct cases": "#CC79A7",
    "Declarations": "#009E73",
    "Intelligence": "#000000",
    "Absences": "#56B4E9",
    "System searches": "#0072B2",
    "Overtime": "#999933",
    "Duty shifts": "#888888",
}


def series_of(item: dict[str, Any]) -> str | None:
    return SERIES.get((item["kind"], item["category"])) or SERIES.get((item["kind"], None))


def activity(by_month: list[dict[str, Any]], duty: bool = False) -> pd.DataFrame:
    """Records per month and series from the profile's `counts.by_month` (duty series only
    with `duty`)."""
    rows = [
        {"month": pd.Timestamp(f"{x['month']}-01"), "series": s, "records": x["records"]}
        for x in by_month
        if (s := series_of(x)) and (duty or s not in DUTY)
    ]
    frame = pd.DataFrame(rows, columns=["month", "series", "records"])
    return frame.groupby(["month", "series"], as_index=False)["records"].sum()


def duty_records(by_month: list[dict[str, Any]]) -> int:
    return sum(x["records"] for x in by_month if series_of(x) in DUTY)


def activity_chart(frame: pd.DataFrame) -> alt.Chart:
    present = set(frame["series"])
    order = [s for s in SERIES.values() if s in present]
    months = (frame["month"].max() - frame["month"].min()).days / 30
    ticks = {"interval": "month" if months <= 18 else "year", "step": 1}
    return (
        alt.Chart(frame)
        .mark_circle(opacity=0.8)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%b %Y" if months <= 18 else "%Y",
                                                         tickCount=ticks)),
            y=alt.Y("series:N", sort=order, title=None, scale=alt.Scale(domain=order)),
            size=alt.Size("records:Q", title="records a month", scale=alt.Scale(range=[30, 600])),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("series:N", title="activity"),
                alt.Tooltip("month:T", format="%B %Y"),
                alt.Tooltip("records:Q"),
            ],
        )
        .properties(height=max(60 * len(order), 120))
    )
