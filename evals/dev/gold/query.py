"""A small, explicit query evaluator for gold specs: filter one frame, then one operation.

Why this exists: ~200 hand-written questions need gold, and writing 200 pandas snippets would
hide mistakes in bulk. Each question instead states its gold as a spec in the question file
(`table`, `where`, `op`) that a reviewer can read next to the question's text; this module is the
only code that turns a spec into a value. It is deliberately independent of the product: pandas
over the frames of `tables.py`, no `assistant`/`ingestion` import.

`where` maps a column to: a scalar (equality, case-insensitive for text), a list (any of), or a
dict with `gte`/`lte`/`gt`/`lt` (dates as YYYY-MM-DD, numbers), `null: true|false`, `contains`
(case-insensitive substring), `not` (value or list excluded). Operations (`op`):
- `{count: KEY}` — distinct KEY values → `{"count": n}`;
- `{ids: KEY}` — the sorted distinct KEY values → `{"count": n, "ids": [...]}`;
- `{top: PERSON, of: KEY, k: K}` — PERSON ranked by distinct KEY; the gold is every PERSON whose
  count is ≥ the K-th highest count (ties at the boundary included) → `{"count": kth, "ids":
  [...], "counts": {...}}`;
- `{group: COL, of: KEY}` — distinct KEY per COL value → `{"groups": {...}, "total": n}`
  (`split: "; "` makes a multi-valued COL count a record under each of its values);
- `{having: GROUP, of: KEY, min: N}` — GROUP values with ≥ N distinct KEY → `{"count", "ids"}`;
- `{absent: true}` — the filter must match nothing (a non-existent reference) →
  `{"exists": false}`; a spec whose filter matches something is an error, not a gold.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

Frames = dict[str, pd.DataFrame]


class SpecError(ValueError):
    """A gold spec that cannot be evaluated (unknown table/column/op, or an 'absent' that exists)."""


def _mask(df: pd.DataFrame, col: str, cond: Any) -> pd.Series:
    if col not in df.columns:
        raise SpecError(f"unknown column {col!r}")
    s = df[col]
    if isinstance(cond, dict):
        m = pd.Series(True, index=df.index)
        for key, val in cond.items():
            if key == "null":
                m &= s.isna() if val else s.notna()
            elif key == "contains":
                m &= s.astype("string").str.lower().str.contains(str(val).lower(), regex=False)
            elif key == "not":
                m &= ~_mask(df, col, val) & s.notna()
            elif key in ("gte", "lte", "gt", "lt"):
                ref = pd.Timestamp(val) if pd.api.types.is_datetime64_any_dtype(s) else val
                m &= {"gte": s >= ref, "lte": s <= ref, "gt": s > ref, "lt": s < ref}[key]
            else:
                raise SpecError(f"unknown condition {key!r} on {col!r}")
        return m.fillna(False).astype(bool)
    values = cond if isinstance(cond, list) else [cond]
    if pd.api.types.is_numeric_dtype(s):
        return s.isin(values)
    norm = {str(v).strip().lower() for v in values}
    return s.astype("string").str.strip().str.lower().isin(norm).fillna(False).astype(bool)


def select(frames: Frames, spec: dict[str, Any]) -> pd.DataFrame:
    table = spec.get("table")
    if table not in frames:
        raise SpecError(f"unknown table {table!r}")
    df = frames[table]
    for col, cond in (spec.get("where") or {}).items():
        df = df[_mask(df, col, cond)]
    return df


def evaluate(frames: Frames, spec: dict[str, Any]) -> dict[str, Any]:
    df = select(frames, spec)
    op = spec.get("op") or {}
    if "count" in op:
        return {"count": int(df[op["count"]].nunique())}
    if "ids" in op:
        ids = sorted(str(v) for v in df[op["ids"]].dropna().unique())
        return {"count": len(ids), "ids": ids}
    if "top" in op:
        per = df.dropna(subset=[op["top"]]).groupby(op["top"])[op["of"]].nunique()
        per = per.sort_values(ascending=False)
        if per.empty:
            return {"count": 0, "ids": [], "counts": {}}
        kth = int(per.iloc[min(int(op.get("k", 1)), len(per)) - 1])
        top = per[per >= kth]
        return {"count": kth, "ids": sorted(top.index.astype(str)),
                "counts": {str(k): int(v) for k, v in top.items()}}
    if "group" in op:
        grouped = df.dropna(subset=[op["group"]])
        if "split" in op:  # a multi-valued column: each value is its own group
            grouped = grouped.assign(**{op["group"]: grouped[op["group"]].str.split(op["split"])})
            grouped = grouped.explode(op["group"])
        per = grouped.groupby(op["group"])[op["of"]].nunique()
        return {"groups": {str(k): int(v) for k, v in per.items()},
                "total": int(df[op["of"]].nunique())}
    if "having" in op:
        per = df.dropna(subset=[op["of"]]).groupby(op["having"])[op["of"]].nunique()
        ids = sorted(str(k) for k, v in per.items() if v >= int(op["min"]))
        return {"count": len(ids), "ids": ids}
    if op.get("absent"):
        if len(df):
            raise SpecError(f"'absent' spec matches {len(df)} rows: {spec}")
        return {"exists": False}
    raise SpecError(f"unknown op {op!r}")
