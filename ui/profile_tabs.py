"""The tabs of a person profile that show their records: the activity timeline (with further
pages of it loaded on request), record counts, and the timeline's records one click from their
whole content and provenance.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import charts, session, sources

TIMELINE_PAGE = 100


def load_more(person_id: str) -> None:
    found, _ = session.cache("profiles")[person_id]
    items = found["timeline"]["items"]
    more, error = session.attempt(
        session.service().person_profile,
        session.user(),
        session.case_ref(),
        person_id,
        TIMELINE_PAGE,
        len(items),
    )
    if more is None:
        st.session_state["people-error"] = error
    else:
        items += more["timeline"]["items"]


def count_table(label: str, counts: dict[str, int]) -> None:
    st.dataframe(
        [{label: k, "records": n} for k, n in counts.items()],
        hide_index=True,
        column_config={
            "records": st.column_config.ProgressColumn(
                "records", format="%d", max_value=max(counts.values(), default=1)
            )
        },
    )


def timeline(p: dict[str, Any]) -> None:
    """Every month of the person's history (from the profile's aggregate, all records)."""
    by_month = p["counts"].get("by_month", [])
    duty_n = charts.duty_records(by_month)
    duty = duty_n > 0 and st.toggle(
        f"Show duty records ({duty_n:,})", value=False, key="show-duty",
        help="Duty shifts and overtime claims: the most numerous records, hidden by default.",
    )
    frame = charts.activity(by_month, duty=bool(duty))
    if frame.empty:
        st.info("No dated records for this person that you may see.")
        return
    st.altair_chart(charts.activity_chart(frame), width="stretch")
    months = sorted(x["month"] for x in by_month)
    st.caption(
        f"All {sum(x['records'] for x in by_month):,} dated records, every month from "
        f"{months[0]} to {months[-1]}" + ("" if duty else "; duty records hidden") + "."
    )


def matches(item: dict[str, Any], words: list[str]) -> bool:
    text = " ".join(str(v) for v in item.values() if v is not None).lower()
    return all(w in text for w in words)


PICK_LIMIT = 50


def timeline_records(p: dict[str, Any]) -> None:
    """The records loaded so far, narrowed by what is typed; a match picked opens the record."""
    items, total = p["timeline"]["items"], p["timeline"]["total"]
    query = st.text_input(
        "Find a record", key="record-filter",
        placeholder="Reference, date, category or words of the headline",
    )
    shown = [x for x in items if matches(x, query.lower().split())]
    columns = ("date", "kind", "category", "headline", "label", "record_id")
    st.dataframe(
        [{k: "" if x[k] is None else x[k] for k in columns} for x in shown],
        hide_index=True,
    )
    st.caption(
        f"{len(shown):,} of the {len(items):,} most recent records loaded (of {total:,})."
        + (" Load more to search further back." if len(items) < total else "")
    )
    if len(items) < total:
        st.button(
            f"Load {min(TIMELINE_PAGE, total - len(items)):,} more",
            key="load-more",
            on_click=load_more,
            args=(p["person_id"],),
        )
    labels = {
        x["record_id"]: " · ".join(str(v) for v in (x["date"], x["label"], x["headline"]) if v)
        for x in shown[:PICK_LIMIT]
    }
    choice = st.selectbox(
        "Open a record",
        list(labels),
        format_func=labels.__getitem__,
        index=None,
        key=f"open-record-{query}",
        placeholder=f"Choose one of {len(labels)} matches"
        + (f" (the first {PICK_LIMIT}: type to narrow)" if len(shown) > PICK_LIMIT else ""),
    )
    if choice:
        view, error = session.record_view(choice)
        if view is None:
            st.error(error)
        else:
            sources.detail(view, key="timeline-record")
