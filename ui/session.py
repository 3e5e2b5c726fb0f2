"""Who is signed in, for which case, and the one door to the records: the `Consultation` service.

Streamlit reruns the script on every click, so anything that costs a consultation (and therefore an
audit entry) is fetched once and kept in the session, keyed by case reference: a record opened for
one case is consulted again, and audited again, if it is opened for another. The service object
is shared by every browser session of the process, like the API's.

A reload starts a new Streamlit session: the sign-in and the workspace (case, page, person,
conversations) come back from the server-side session the URL's `s` token opens (web_session.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from pydantic import ValidationError

from assistant.answers import Answer, User
from assistant.consult import AccessDenied, Consultation, MissingCaseRef, NotFound
from assistant.keys import KeyStore
from assistant.pool import PoolBusy
from assistant.service import QuestionError, StoreMissing
from assistant.settings import Settings
from ui.web_session import SessionStore

T = TypeVar("T")
EXPECTED = (MissingCaseRef, AccessDenied, NotFound, QuestionError, StoreMissing, PoolBusy)
log = logging.getLogger("probity.ui")


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"PROBITY_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        st.error(f"Probity's settings are not valid — {problems}")
        st.stop()


@st.cache_resource(show_spinner=False)
def _service(settings_json: str) -> Consultation:
    return Consultation(Settings.model_validate_json(settings_json))


def service() -> Consultation:
    """The process's consultation service for the configured data dir (built on first use)."""
    settings: Settings = st.session_state["settings"]
    return _service(settings.model_dump_json(include=set(Settings.model_fields)))


def keys(settings: Settings) -> KeyStore:
    return KeyStore(settings.data_dir / "keys.sqlite")


def sessions(settings: Settings) -> SessionStore:
    return SessionStore(settings.data_dir)


ENDED = (
    "Your session has ended — you signed out, it expired, or its API key was revoked: "
    "sign in again."
)


def current_user(settings: Settings) -> User | None:
    """The signed-in user. The session is checked again on every run, so signing out elsewhere,
    expiry or revoking the key ends it; after a reload it is reopened from the URL's token."""
    state = st.session_state
    token = state.get("web_token") or st.query_params.get("s")
    if token is None:
        return None
    found = sessions(settings).resolve(token)
    if found is None:
        had_user = state.get("user") is not None
        sign_out()
        st.warning(ENDED if had_user else "That session link has ended: sign in again.")
        return None
    if state.get("user") is None:  # a reload: the workspace comes back as it was saved
        state.update(user=found.user, web_token=token)
        restore(found.state)
    return state["user"]


def sign_in(user: User, key_id: str | None) -> None:
    """Open a server-side session for `user` and keep its token in the URL (survives reload)."""
    token = sessions(st.session_state["settings"]).issue(user, key_id)
    st.session_state.update(user=user, web_token=token)
    st.query_params["s"] = token


def sign_out() -> None:
    token = st.session_state.get("web_token")
    if token is not None and "settings" in st.session_state:
        sessions(st.session_state["settings"]).revoke(token)
    for key in list(st.session_state):
        if key != "settings":
            del st.session_state[key]
    st.query_params.clear()


def restore(saved: dict[str, Any]) -> None:
    """The saved workspace back into the session (answers re-validated as `Answer`)."""
    for key in ("case_ref", "page", "person", "record"):
        if saved.get(key):
            st.session_state.setdefault(key, saved[key])
    for case, chat in saved.get("chat", {}).items():
        turns = [
            {**t, "answer": Answer.model_validate(t["answer"]) if t.get("answer") else None}
            for t in chat.get("turns", [])
        ]
        st.session_state.setdefault("chat", {})[case] = {**chat, "turns": turns}


def persist() -> None:
    """Save the workspace for the next reload (a no-op without a server-side session)."""
    state = st.session_state
    token = state.get("web_token")
    if token is None:
        return
    chat = {
        case: {
            "conversation_id": c.get("conversation_id"),
            "turns": [
                {**t, "answer": t["answer"].model_dump(mode="json") if t["answer"] else None}
                for t in c.get("turns", [])
            ],
        }
        for case, c in state.get("chat", {}).items()
    }
    saved = {**{k: state.get(k) for k in ("case_ref", "page", "person", "record")}, "chat": chat}
    digest = hash(json.dumps(saved, sort_keys=True, default=str))
    if state.get("saved-digest") != digest:  # most clicks change nothing worth a disk write
        sessions(state["settings"]).save_state(token, saved)
        state["saved-digest"] = digest


def user() -> User:
    return st.session_state["user"]


def case_ref() -> str | None:
    return st.session_state.get("case_ref")


def cache(name: str) -> dict[Any, Any]:
    """A per-case store in the session (views, profiles, searches, leads pages)."""
    return st.session_state.setdefault(name, {}).setdefault(case_ref(), {})


def attempt(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T | None, str | None]:
    """Call the service; expected refusals become a message for the user, never a traceback."""
    try:
        return fn(*args, **kwargs), None
    except EXPECTED as exc:
        return None, str(exc)
    except Exception:
        log.exception("consultation failed")
        return None, "Something went wrong on our side; the server log has the details."


def record_view(record_id: str) -> tuple[dict[str, Any] | None, str | None]:
    """The record as this user may see it (one audited record view per case), or why not."""
    views = cache("records")
    if record_id not in views:
        views[record_id] = attempt(service().view_record, user(), case_ref(), record_id)
    return views[record_id]


def go(page: str, **state: Any) -> None:
    """Button callback: switch page (and set whatever the page should open with)."""
    st.session_state.update(page=page, **state)
