"""The screens before the workspace: no records yet, sign-in, and the case reference.

Sign-in takes an API key (`probity keys create --user U --role R`), so the UI knows the same users
and roles as the API; a single-user workstation may instead configure its one local user
(PROBITY_UI_USER, PROBITY_UI_ROLE). Nothing is consulted before a case reference is given: every
consultation must say what it is for.
"""

from __future__ import annotations

import streamlit as st

from assistant.answers import User
from assistant.consult import MissingCaseRef, require_case_ref
from assistant.settings import Settings
from ui import session


def empty_store(settings: Settings) -> None:
    """Before any ingest. The server's paths are not shown (anyone can reach this page): the
    administrator who started `probity ui` knows its data dir."""
    st.title("Probity")
    st.warning("There are no records in this workspace's data dir yet.")
    st.markdown(
        "An administrator ingests the force's exports through their source mappings, or builds "
        "a synthetic force to try Probity out, into the data dir `probity ui` was started on; "
        "then reload this page:"
    )
    st.code(
        "probity demo --data-dir DATA_DIR\n"
        "probity ingest --mapping NAME_OR_YAML --source EXPORTS_DIR --data-dir DATA_DIR",
        language="bash",
    )
    st.caption("Started on the wrong data dir? `probity ui --data-dir DIR` (or PROBITY_DATA_DIR).")
    st.button("I've ingested records: reload", icon=":material/refresh:")


def sign_in(settings: Settings) -> None:
    st.title("Probity")
    st.markdown(
        "Grounded answers over your force's professional-standards records. Every "
        "answer cites the records it rests on; every consultation is audited."
    )
    if settings.ui_user.strip():
        local = User(name=settings.ui_user.strip(), role=settings.ui_role)
        st.button(
            f"Continue as {local.name} ({local.role.replace('_', ' ')})",
            type="primary",
            on_click=session.sign_in,
            args=(local, None),
            icon=":material/login:",
        )
        st.caption("This workstation's local user (PROBITY_UI_USER). Or sign in with a key:")
    with st.form("sign-in", clear_on_submit=True):
        token = st.text_input("API key", type="password", placeholder="prb_…", key="token")
        submitted = st.form_submit_button("Sign in", icon=":material/key:")
    st.caption(
        "No key? An administrator creates one with "
        "`probity keys create --user NAME --role investigator`."
    )
    if not submitted:
        return
    key = session.keys(settings).authenticate(token.strip())
    if key is None:
        st.error("That key is not valid: it is unknown or has been revoked.")
        return
    session.sign_in(key.as_user(), key.key_id)
    st.rerun()


def choose_case() -> None:
    user = session.user()
    st.title("Which case is this for?")
    st.markdown(
        f"Signed in as **{user.name}** ({user.role.replace('_', ' ')}). Every question, "
        "record view and profile is written to the audit log with its case reference."
    )
    with st.form("case"):
        ref = st.text_input("Case reference", placeholder="e.g. PSD/2025/0042", key="case-input")
        submitted = st.form_submit_button("Start", type="primary")
    if st.button("Sign out", icon=":material/logout:"):
        session.sign_out()
        st.rerun()
    if not submitted:
        return
    try:
        st.session_state["case_ref"] = require_case_ref(ref)
    except MissingCaseRef as exc:
        st.error(str(exc).capitalize())
        return
    st.rerun()
