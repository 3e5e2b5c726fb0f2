"""Request dependencies: who is calling (bearer key), for which case, through which service.

The case reference travels in the `X-Case-Ref` header on every consultation; `POST /v1/ask` also
accepts it as the body field `case_ref` (the two must agree when both are sent). Routes receive a
`User`, never a key, so nothing below the API layer sees credentials.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.answers import User
from assistant.api.errors import ApiError
from assistant.consult import Consultation
from assistant.keys import KeyStore

bearer = HTTPBearer(auto_error=False, description="An API key from `probity keys create`.")
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def get_consultation(request: Request) -> Consultation:
    return request.app.state.consultation


def get_keys(request: Request) -> KeyStore:
    return request.app.state.keys


def current_user(
    keys: Annotated[KeyStore, Depends(get_keys)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None:
        raise ApiError(
            401,
            "unauthenticated",
            "an API key is required: send `Authorization: Bearer <key>`",
            headers=CHALLENGE,
        )
    key = keys.authenticate(credentials.credentials)
    if key is None:
        raise ApiError(
            401, "invalid_key", "the API key is not valid (unknown or revoked)", headers=CHALLENGE
        )
    return key.as_user()


def optional_user(
    keys: Annotated[KeyStore, Depends(get_keys)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User | None:
    """The caller on routes open to everyone (health) that show more to some roles: None with
    no key, the key's user with a valid one, 401 with an invalid one (never silently anonymous)."""
    return None if credentials is None else current_user(keys, credentials)


def header_text(value: str | None) -> str | None:
    """HTTP headers arrive as bytes read as Latin-1; a UTF-8 case reference ("Opération Été") is
    read back as UTF-8 so it is stored as typed, not as mojibake."""
    if value is None:
        return None
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def pick_case_ref(header: str | None, body: str | None = None) -> str | None:
    if header is not None and body is not None and header.strip() != body.strip():
        raise ApiError(400, "case_ref_conflict", "X-Case-Ref and the body's case_ref differ")
    return header if header is not None else body


CurrentUser = Annotated[User, Depends(current_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
Service = Annotated[Consultation, Depends(get_consultation)]


def case_ref_header(
    x_case_ref: Annotated[
        str | None,
        Header(
            alias="X-Case-Ref",
            description=(
                "The case or purpose this consultation is for (required; written to the audit "
                "log)."
            ),
        ),
    ] = None,
) -> str | None:
    return header_text(x_case_ref)


CaseRef = Annotated[str | None, Depends(case_ref_header)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
