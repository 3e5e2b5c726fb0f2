"""Deep links: the URL says what is open (`?case=…&page=…&person=…&record=…`), so a view can be
reloaded, bookmarked or sent to a colleague.

A link opens the same view for anyone who signs in with the clearance to see it, and nothing for
anyone without: the person or record is fetched through the consultation service like any other,
so an uncleared colleague gets the service's "not found" and the attempt is audited. The link
offered for sharing never carries the session token (`s`), which is the sender's alone.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from assistant.consult import MissingCaseRef, require_case_ref
from ui import session

LINK_KEYS = ("case", "page", "person", "record")


def _link() -> dict[str, str]:
    return {k: st.query_params[k] for k in LINK_KEYS if st.query_params.get(k)}


def apply_deep_link() -> None:
    """Open what the URL names, once per URL (after that the workspace drives the URL)."""
    link = _link()
    if not link or st.session_state.get("applied_link") == link:
        return
    st.session_state["applied_link"] = link
    if "case" in link:
        try:
            st.session_state["case_ref"] = require_case_ref(link["case"])
        except MissingCaseRef as exc:
            st.error(f"The link's case reference is not valid: {exc}")
    for key in ("person", "record"):
        if key in link:
            st.session_state[key] = link[key][:200]
    if "page" in link:
        st.session_state["page"] = link["page"]
    elif "person" in link or "record" in link:
        st.session_state["page"] = "People"


def view_link(page: str) -> dict[str, str]:
    """What the current view is, as link parameters (no session token)."""
    state = st.session_state
    link = {"case": session.case_ref() or "", "page": page}
    if page == "People":
        link.update(person=state.get("person") or "", record=state.get("record") or "")
    return {k: v for k, v in link.items() if v}


def sync(page: str) -> None:
    """Make the address bar name the current view (the session token stays in it)."""
    link = view_link(page)
    if _link() != link:
        token = st.query_params.get("s")
        st.query_params.from_dict({**({"s": token} if token else {}), **link})
    st.session_state["applied_link"] = link


def share_link(page: str) -> None:
    """The sidebar's link to this view for a colleague (they sign in with their own key)."""
    base = (st.context.url or "").split("?")[0]
    with st.popover("Link to this view", icon=":material/link:", width="stretch"):
        st.caption(
            "Opens this case and view for a colleague once they sign in; they see only what "
            "their clearance allows."
        )
        st.code(f"{base}?{urlencode(view_link(page))}", language=None, wrap_lines=True)
