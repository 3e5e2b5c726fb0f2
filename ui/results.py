"""Results as data: the records an answer lists or counts as a sortable table with a CSV download.

A list answered in prose ("- C-2021-0042 …") cannot be sorted, filtered or pasted into a case
spreadsheet. The table is built from the cited records as this user may see them (the audited
record views the source panel uses, fetched once per case), with the columns an investigator
reads first: date, reference, officer, category, finding/outcome, status. A count's table is what
was counted, one click from the number.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.answers import Answer
from assistant.facts import noun, when
from assistant.records import RECORD_KINDS
from ui import markup, session

COLUMNS = ("date", "reference", "kind", "officer", "category", "finding/outcome", "status")
CATEGORY_FIELDS = (
    "category", "allegation_type", "duty_type", "absence_type", "declaration_type", "system",
)
OUTCOME_FIELDS = ("finding", "outcome", "severity", "grading")
MAX_ROWS = 200  # record views are audited one by one; a larger list is cited page by page


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> str:
    return next((markup.text(fields[n]) for n in names if fields.get(n) not in (None, "")), "")


def _linked(view: dict[str, Any]) -> dict[str, str]:
    """person_id → the name the record first gives them (one entry per person, however many
    times or spellings the record names them)."""
    named: dict[str, str] = {}
    for ref in view["people"]:
        if ref["person_id"]:
            named.setdefault(ref["person_id"], ref["name"] or f"{ref['scheme']} {ref['value']}")
    return named


def person_name(person_id: str, written: str) -> str:
    """The person's own name from their HR record (one audited view per person and case), not
    however a record happened to write it ('PC D Blel'); the written form if it can't be read."""
    found, _ = session.record_view(person_id)
    name = markup.text(found["fields"].get("name")) if found else ""
    return name or written


def officers(view: dict[str, Any]) -> list[str]:
    """Who the record names; a complaint names its officers on its allegations."""
    named = _linked(view)
    if not named and view["kind"] == "complaint":
        for related in view["related"]:
            if related["kind"] == "allegation":
                found, _ = session.record_view(related["record_id"])
                for pid, name in (_linked(found) if found else {}).items():
                    named.setdefault(pid, name)
    return list(dict.fromkeys(person_name(pid, name) for pid, name in named.items()))


def row(view: dict[str, Any]) -> dict[str, str]:
    """One record as a table row (empty strings, never the text 'None')."""
    fields, kind = view["fields"], view["kind"]
    date_field = RECORD_KINDS[kind].date_field
    status = markup.text(fields.get("status"))
    if not status and kind == "conduct_case":
        status = "closed" if fields.get("closed_date") else "open"
    return {
        "date": when(fields[date_field]) if date_field and fields.get(date_field) else "",
        "reference": markup.text(fields.get("reference")) or view["record_id"],
        "kind": noun(kind),
        "officer": ", ".join(officers(view)),
        "category": _first(fields, CATEGORY_FIELDS),
        "finding/outcome": _first(fields, OUTCOME_FIELDS),
        "status": status + (" · restricted" if view.get("restricted") else ""),
    }


def frame(record_ids: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The table of `record_ids` (first MAX_ROWS) and why any could not be opened."""
    rows, problems = [], []
    for record_id in list(dict.fromkeys(record_ids))[:MAX_ROWS]:
        view, error = session.record_view(record_id)
        if view is None:
            problems.append(f"{record_id}: {error}")
        elif view["kind"] != "person":  # the subject of the question, not a listed record
            rows.append(row(view))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    empty = [c for c in COLUMNS if c not in ("date", "reference") and not table[c].any()]
    return table.drop(columns=empty), problems


def wants_table(answer: Answer) -> bool:
    return (not answer.abstained and answer.intent in ("list", "count")
            and any(c.kind != "person" for c in answer.citations))


def table(answer: Answer, key: str, file_stem: str) -> None:
    """The records behind a list (shown) or a count (one click away), with a CSV download."""
    ids = [c.record_id for c in answer.citations if c.kind != "person"]
    n = len(dict.fromkeys(ids))
    label = f"Records counted ({n})" if answer.intent == "count" else f"Table of records ({n})"
    box = st.expander(label, expanded=answer.intent == "list", key=f"{key}-table",
                      on_change="rerun", icon=":material/table:")
    if not box.open:
        return
    with box:
        data, problems = frame(ids)
        st.dataframe(data, hide_index=True, width="stretch", key=f"{key}-frame")
        if n > MAX_ROWS:
            st.caption(f"The first {MAX_ROWS} of {n} records; the CSV holds the same rows.")
        for problem in problems:
            st.caption(f"Not shown: {problem}")
        st.download_button(
            "Download CSV",
            data.to_csv(index=False),
            mime="text/csv",
            file_name=f"{file_stem}.csv",
            on_click="ignore",
            key=f"{key}-csv",
            icon=":material/download:",
        )
