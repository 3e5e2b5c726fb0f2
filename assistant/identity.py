"""Who is using the CLI: the OS account, in the role a local grant gives it — never a claim.

Before, `PROBITY_USER=anyone probity ask … --as admin` wrote any name and any role to the audit
log and showed restricted records. Now the user is the process's OS account (`pwd`, not the
spoofable $USER/$LOGNAME), its role is the one `probity keys grant --user U --role R` recorded,
and `--as` may only step down from it (admin → senior_investigator → investigator; an auditor is
only ever an auditor). `--user`/`PROBITY_USER` is honoured only with PROBITY_TEST_MODE set.
"""

from __future__ import annotations

import os
import pwd

from assistant.answers import User
from assistant.keys import KeyStore
from assistant.settings import Settings

# The roles each role may act in (itself and those that see less).
LOWER: dict[str, tuple[str, ...]] = {
    "admin": ("admin", "senior_investigator", "investigator"),
    "senior_investigator": ("senior_investigator", "investigator"),
    "investigator": ("investigator",),
    "auditor": ("auditor",),
}


class IdentityError(PermissionError):
    """The CLI cannot act for this account, or not in the role asked for."""


def os_user() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


def cli_user(settings: Settings, claimed: str | None = None, role: str | None = None) -> User:
    """The CLI's user: the OS account (or, in test mode only, `claimed`), in its granted role or
    the lower `role` it asks for."""
    name = os_user()
    if claimed and claimed != name:
        if not settings.test_mode:
            raise IdentityError(
                f"--user/PROBITY_USER is only honoured in test mode; the CLI acts as the OS "
                f"account {name!r}"
            )
        name = claimed
    granted = KeyStore(settings.data_dir / "keys.sqlite").granted_role(name)
    if granted is None:
        raise IdentityError(
            f"the OS account {name!r} has no CLI grant: an administrator runs "
            f"`probity keys grant --user {name} --role ROLE`"
        )
    wanted = role or granted
    if wanted not in LOWER[granted]:
        raise IdentityError(
            f"--as {wanted}: {name!r} is granted {granted}, and --as can only lower privileges "
            f"({', '.join(LOWER[granted])})"
        )
    return User(name=name, role=wanted)


def grant_store_owner(settings: Settings) -> str | None:
    """The OS account that builds a data dir with no CLI grants yet is its administrator: it owns
    the 0700 files, so the grant gives it nothing it could not already read. Later accounts need
    `probity keys grant`. Returns the account granted, or None when grants already exist."""
    keys = KeyStore(settings.data_dir / "keys.sqlite")
    if keys.has_grants():
        return None
    return keys.grant(os_user(), "admin")
