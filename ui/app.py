"""The investigator workspace: `probity ui` runs `streamlit run ui/app.py` on the data dir.

Streamlit runs this script top to bottom on every click. It passes through the same gates each
time — records exist, someone is signed in (their key still valid), a case reference is set —
then draws the chosen page. Pages reach the records only through `assistant.consult`, the service
the API uses, so access rules, redaction and the audit log are the API's.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import streamlit as st

from assistant.answers import User
from assistant.resolution.service import may_review
from ui import (
    markup,
    narrow,
    page_audit,
    page_case,
    page_chat,
    page_leads,
    page_people,
    page_resolution,
    session,
    signin,
    urls,
)

PAGES: dict[str, Callable[[], None]] = {
    "Ask": page_chat.render,
    "People": page_people.render,
    "Leads": page_leads.render,
    "Case": page_case.render,
}
AUDITOR_PAGES: dict[str, Callable[[], None]] = {"Audit log": page_audit.render}


def change_case() -> None:
    st.session_state.pop("case_ref", None)


def sidebar(user: User, pages: dict[str, Callable[[], None]]) -> str:
    with st.sidebar:
        st.markdown("### Probity")
        st.html(
            f"<div>Case <b>{escape(session.case_ref() or '')}</b></div>"
            + markup.meta(escape(user.name), user.role.replace("_", " "))
        )
        if st.session_state.get("page") not in pages:
            st.session_state["page"] = next(iter(pages))
        page = st.radio("Workspace", list(pages), key="page", label_visibility="collapsed")
        st.divider()
        st.button(
            "Change case", on_click=change_case, icon=":material/folder_open:", width="stretch"
        )
        st.button("Sign out", on_click=session.sign_out, icon=":material/logout:", width="stretch")
        urls.share_link(page)
    return page


def main() -> None:
    st.set_page_config(page_title="Probity", page_icon=":material/balance:", layout="wide")
    st.html(markup.CSS)
    settings = session.load_settings()
    st.session_state["settings"] = settings
    if not settings.duckdb_path.is_file():
        signin.empty_store(settings)
        return
    user = session.current_user(settings)
    if user is None:
        signin.sign_in(settings)
        return
    urls.apply_deep_link()
    if not session.case_ref():
        signin.choose_case()
        return
    pages = PAGES if user.sees_record_content else AUDITOR_PAGES
    if may_review(user):
        pages = {**pages, "Resolution": page_resolution.render}
    page = sidebar(user, pages)
    st.html(
        f'<div class="prb-meta">Case <b>{escape(session.case_ref() or "")}</b> · '
        f"{escape(user.name)} ({user.role.replace('_', ' ')})</div>"
    )
    pages[page]()
    narrow.close_sidebar_after_navigation(page)
    urls.sync(page)
    session.persist()


main()
