"""Percentiles as every benchmark here reports them."""

from __future__ import annotations

import statistics


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method), rounded to 0.1; 0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)
