"""Who is signed in, for which case, and the one door to the records: the `Consultation` service.

Streamlit reruns the script on every click, so anything that costs a consultation (and therefore an
audit entry) is fetched once and kept in the session, keyed by case reference: a record opened for
one case is consulted again, and audited again, if it is opened for another. The service object
is shared by every browser session of the process, like the API's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from pydantic import ValidationError

from assistant.answers import User
from assistant.consult import AccessDenied, Consultation, MissingCaseRef, NotFound
from assistant.keys import KeyStore
from assistant.pool import PoolBusy
from assistant.service import QuestionError, StoreMissing
from assistant.settings import Settings

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


def current_user(settings: Settings) -> User | None:
    """The signed-in user; a key is checked again on every run, so revoking it ends the session."""
    state = st.session_state
    if state.get("user") is None:
        return None
    token = state.get("api_key")
    if token is not None and keys(settings).authenticate(token) is None:
        sign_out()
        st.warning("Your API key has been revoked or is no longer valid: sign in again.")
        return None
    return state["user"]


def sign_in(user: User, token: str | None) -> None:
    st.session_state.update(user=user, api_key=token)


def sign_out() -> None:
    for key in list(st.session_state):
        if key != "settings":
            del st.session_state[key]


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
