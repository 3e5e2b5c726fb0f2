"""Audit log, for auditors: who consulted what, for which case, and what they were shown.

Auditors see no record content (their role reviews the log, not the records), so this is their
whole workspace. Reading the log is itself a consultation and is logged; a read happens when the
auditor asks for it, not on every redraw.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

from ui import session

PAGE = 200


def latest(filters: dict[str, str | None]) -> tuple[Any, str | None]:
    """The newest page of matching entries (the log reads oldest first): one read, or two when
    more than a page matches."""
    service, user, case_ref = session.service(), session.user(), session.case_ref()
    found, error = session.attempt(service.read_audit, user, case_ref, limit=PAGE, **filters)
    if found is not None and found[0] > PAGE:
        return session.attempt(
            service.read_audit, user, case_ref, limit=PAGE, offset=found[0] - PAGE, **filters
        )
    return found, error


def render() -> None:
    st.title("Audit log")
    st.caption(
        "Every question, record view, profile and lead review, newest first. Hash-chained "
        "and append-only: `probity audit verify` checks the chain."
    )
    with st.form("audit-filters"):
        left, middle, right = st.columns(3)
        of_user = left.text_input("User")
        of_case = middle.text_input("Case reference")
        since = right.date_input("Since", value=date.today() - timedelta(days=30))
        submitted = st.form_submit_button("Show entries", icon=":material/search:")
    if submitted:
        filters = {
            "since": since.isoformat() if since else None,
            "of_user": of_user.strip() or None,
            "of_case": of_case.strip() or None,
        }
        st.session_state["audit-page"] = latest(filters)
    found, error = st.session_state.get("audit-page", (None, None))
    if error:
        st.error(error)
    if found is None:
        return
    total, entries = found
    st.markdown(f"**{total:,} entries** (the latest {len(entries)} shown)")
    st.dataframe(
        [
            {
                "at": e.at,
                "user": e.user,
                "role": e.role,
                "case": e.case_ref,
                "endpoint": e.endpoint,
                "query": e.query,
                "status": e.status,
                "shown": len(e.returned),
                "cited": len(e.cited),
                "detail": e.detail,
            }
            for e in reversed(entries)
        ],
        hide_index=True,
    )
