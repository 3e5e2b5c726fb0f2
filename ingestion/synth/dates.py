"""Date rendering per system. Month names are spelled out here (not strftime) so output never
depends on the machine's locale."""

from __future__ import annotations

from datetime import date
from functools import cache

MON3 = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December")


@cache
def fmt(ordinal: int, style: str) -> str:
    d = date.fromordinal(ordinal)
    if style == "dmy":  # 03/04/2024 (HR, PSD complaints)
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "iso":  # 2024-04-03 (roster)
        return d.isoformat()
    if style == "dmy-dash":  # 03-04-2024 (absence system)
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if style == "compact":  # 20240403 (conduct case system)
        return f"{d.year}{d.month:02d}{d.day:02d}"
    if style == "d-mon-y":  # 03-Apr-2024 (overtime)
        return f"{d.day:02d}-{MON3[d.month - 1]}-{d.year}"
    if style == "d mon y":  # 03 Apr 2024 (declarations)
        return f"{d.day:02d} {MON3[d.month - 1]} {d.year}"
    if style == "d month y":  # 03 April 2024 (intelligence)
        return f"{d.day:02d} {MONTH[d.month - 1]} {d.year}"
    if style == "long":  # 3 April 2024 (inside narratives)
        return f"{d.day} {MONTH[d.month - 1]} {d.year}"
    raise ValueError(style)


