"""Person references as SQL: the `_refs` list of one mapped row (mapping format v2).

A complaint system holds officers as people typed them: "PC 1502 Lowe; PC 1503 Finch" in one
cell, "G Lowe / K Finch", two names on two lines, "Warrant 2231", "PC Marsh (Westgate)". An entry's
`split` cuts its cell into parts (each a reference with the entry's role) and `extract` reads each
part's identifier, rank, name and unit from named groups. It all runs in DuckDB, per row, like
the rest of the compiled entry: no Python per row. A part `extract` does not match is kept raw
(in the name, or the identifier when the entry has no name) with `parsed = false`, so `probity
mapping check` can report it instead of it vanishing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingestion.mapping import FieldSpec, PersonRefSpec

REF_TYPE = (
    "STRUCT(role VARCHAR, scheme VARCHAR, value VARCHAR, name VARCHAR, unit VARCHAR, "
    "rank VARCHAR, parsed BOOLEAN)"
)
SLOTS = ("value", "name", "unit", "rank")
GROUP_SLOT = {"id": "value", "name": "name", "unit": "unit", "rank": "rank"}


def _lit(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _group_names(pattern: str) -> list[str]:
    """Names of the pattern's groups by position, as DuckDB's regexp_extract wants them."""
    compiled = re.compile(pattern)
    by_index = {i: n for n, i in compiled.groupindex.items()}
    return [by_index.get(i, f"_g{i}") for i in range(1, compiled.groups + 1)]


def _struct(ref: PersonRefSpec, slots: dict[str, str], parsed: str) -> str:
    parts = {"role": _lit(ref.role),
             "scheme": _lit(ref.scheme) if ref.scheme else "NULL::VARCHAR",
             **slots, "parsed": parsed}
    return "{" + ", ".join(f"'{k}': {v}" for k, v in parts.items()) + "}"


def ref_list(ref: PersonRefSpec, text_expr: dict[str, str]) -> str:
    """SQL for the list of references one entry yields for a row. `text_expr` holds the SQL text
    of each mapped slot (value, name, unit, rank)."""
    slots = {k: text_expr.get(k, "NULL::VARCHAR") for k in SLOTS}
    if ref.split is None and ref.extract is None:
        return f"[{_struct(ref, slots, 'NULL::BOOLEAN')}]"
    source_slot = "name" if ref.name is not None else "value"
    source = slots[source_slot]
    if ref.split is not None:
        parts = (f"list_filter(list_transform(regexp_split_to_array(coalesce({source}, ''), "
                 f"{_lit(ref.split)}), lambda x: trim(x)), lambda x: x <> '')")
    else:
        parts = f"CASE WHEN {source} IS NULL THEN []::VARCHAR[] ELSE [{source}] END"
    raw = {**slots, source_slot: "p"}
    if ref.extract is None:
        return f"list_transform({parts}, lambda p: {_struct(ref, raw, 'NULL::BOOLEAN')})"
    names = _group_names(ref.extract)
    groups = f"regexp_extract(p, {_lit(ref.extract)}, [{', '.join(map(_lit, names))}])"
    found = {GROUP_SLOT[g]: f"nullif(trim({groups}.{g}), '')" for g in names if g in GROUP_SLOT}
    matched: dict[str, str] = {}
    for slot in SLOTS:
        base = "NULL::VARCHAR" if slot == source_slot else slots[slot]
        matched[slot] = f"coalesce({found[slot]}, {base})" if slot in found else base
    ok = f"regexp_matches(p, {_lit(ref.extract)})"
    chosen = {slot: f"CASE WHEN {ok} THEN {matched[slot]} ELSE {raw[slot]} END" for slot in SLOTS}
    return f"list_transform({parts}, lambda p: {_struct(ref, chosen, ok)})"


def refs_select(refs: list[PersonRefSpec], text_of: dict[int, dict[str, str]]) -> str:
    """`… AS _refs`: every entry's references, those with neither identifier nor name dropped."""
    if not refs:
        return f"[]::{REF_TYPE}[] AS _refs"
    lists = ", ".join(f"{ref_list(ref, text_of[i])}::{REF_TYPE}[]" for i, ref in enumerate(refs))
    return (f"list_filter(flatten([{lists}]), "
            f"lambda r: r.value IS NOT NULL OR r.name IS NOT NULL)::{REF_TYPE}[] AS _refs")


def field_texts(ref: PersonRefSpec, text: Callable[[FieldSpec], str]) -> dict[str, str]:
    """The SQL text of each slot the entry maps."""
    out: dict[str, str] = {}
    for key in SLOTS:
        sub: FieldSpec | None = getattr(ref, key)
        if sub is not None:
            out[key] = text(sub)
    return out
