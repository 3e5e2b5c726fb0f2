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
    items, total = p["timeline"]["items"], p["timeline"]["total"]
    frame = charts.activity(items)
    if frame.empty:
        st.info(
            "No complaints, conduct cases, absences, overtime or system searches in the "
            "records loaded so far."
        )
    else:
        st.altair_chart(charts.activity_chart(frame), width="stretch")
    dated = [x["date"] for x in items if x["date"]]
    span = f" ({min(dated)} to {max(dated)})" if dated else ""
    st.caption(
        f"Drawn from the {len(items):,} most recent of {total:,} records{span}"
        + ("; load more to reach further back." if len(items) < total else ".")
    )
    if len(items) < total:
        st.button(
            f"Load {min(TIMELINE_PAGE, total - len(items)):,} more",
            key="load-more",
            on_click=load_more,
            args=(p["person_id"],),
        )


def timeline_records(p: dict[str, Any]) -> None:
    items = p["timeline"]["items"]
    st.dataframe(
        [
            {k: x[k] for k in ("date", "kind", "category", "headline", "record_id", "source")}
            for x in items
        ],
        hide_index=True,
    )
    choice = st.selectbox(
        "Open a record",
        [x["record_id"] for x in items],
        index=None,
        key="open-record",
        placeholder="Choose a record from the timeline",
    )
    if choice:
        view, error = session.record_view(choice)
        if view is None:
            st.error(error)
        else:
            sources.detail(view, key="timeline-record")
