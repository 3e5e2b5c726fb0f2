"""The narrative slice: which source rows the narrative dev set is about, defined on the source
files alone (no `assistant`/`ingestion` import), so the gold and the store read the same rows.

Philadelphia complaints received in 2017–2018 (the years with summaries: 2019–20 rows have none)
and Chicago COPA complaints of 2022 — 794 + 897 narratives, small enough to embed in minutes on
the shared 2 cores. Rows are copied unchanged so the built-in mappings read them as the full files.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from pathlib import Path

# Read from the environment, not Settings: the gold code must not import the product. The
# default is the checkout's vendored copy.
PUBLIC_DATA = Path(os.environ.get("PROBITY_PUBLIC_DATA",
                                  Path(__file__).resolve().parents[2] / "data" / "public"))
PHILLY_YEARS = ("17", "18")  # date_received is m/d/yy
CHICAGO_YEAR = "2022"


def philly_kept(row: dict[str, str]) -> bool:
    return row["date_received"].rsplit("/", 1)[-1] in PHILLY_YEARS


def chicago_kept(row: dict[str, str]) -> bool:
    return row["complaint_date"].startswith(CHICAGO_YEAR)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _copy(src: Path, dst: Path, keep: Callable[[dict[str, str]], bool]) -> set[str]:
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open(newline="", encoding="utf-8") as fh, dst.open("w", newline="",
                                                                  encoding="utf-8") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        kept: set[str] = set()
        for row in reader:
            if keep(row):
                writer.writerow(row)
                kept.add(row.get("complaint_id") or row.get("cr_id") or "")
    return kept


def chicago_files(root: Path = PUBLIC_DATA) -> tuple[Path, Path]:
    """(complaints file, accused file) of the Chicago export."""
    folder = root / "chicago-copa-cms"
    [complaints] = folder.glob("complaints-complaints-cms_*.csv")
    [accused] = folder.glob("complaints-accused-cms_*.csv")
    return complaints, accused


def write_slice(out: Path, root: Path = PUBLIC_DATA) -> Path:
    """Write the slice under `out` (philly/, chicago/) for ingesting; returns `out`."""
    philly = root / "philly"
    ids = _copy(philly / "ppd_complaints.csv", out / "philly/ppd_complaints.csv", philly_kept)
    _copy(philly / "ppd_complaint_disciplines.csv", out / "philly/ppd_complaint_disciplines.csv",
          lambda r: r["complaint_id"] in ids)
    complaints, accused = chicago_files(root)
    crs = _copy(complaints, out / "chicago" / complaints.name, chicago_kept)
    _copy(accused, out / "chicago" / accused.name, lambda r: r["cr_id"] in crs)
    return out
