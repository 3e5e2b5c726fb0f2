"""V4 attacks on the audit log and the CLI's identity, through the real CLI in a subprocess.

Each attack here got through before: `probity audit verify` said OK after the newest entries were
deleted, after the log was wiped, after the file was deleted (it recreated an empty log) and
after a rewrite that recomputed the chain; `PROBITY_USER=anyone probity ask … --as admin` wrote
any name and role to the log.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_audit import fill, tamper

from assistant.audit import GENESIS, AuditLog, entry_hash
from assistant.identity import os_user
from assistant.keys import KeyStore
from assistant.settings import Settings


def probity(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PROBITY_")}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True, text=True, timeout=300, env={**environ, **env},
    )


@pytest.fixture
def anchored(tmp_path: Path) -> Path:
    """A data dir whose 5-entry log was anchored (anchors beside the data dir)."""
    data = tmp_path / "data"
    fill(AuditLog(data / "audit.sqlite"), 5)
    done = probity("audit", "anchor", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert "anchored entry 5" in done.stdout
    return data


def verify(data: Path) -> subprocess.CompletedProcess[str]:
    return probity("audit", "verify", "--data-dir", str(data))


def test_an_anchored_intact_log_verifies(anchored: Path) -> None:
    fill(AuditLog(anchored / "audit.sqlite"), 2)  # more entries since the anchor are fine
    done = verify(anchored)
    assert done.returncode == 0, done.stderr
    assert "audit log OK: 7 entries" in done.stdout and "latest at entry 5" in done.stdout
    anchors = Settings(data_dir=anchored).anchor_path
    assert anchors.parent != anchored and anchors.stat().st_mode & 0o777 == 0o600
    line = json.loads(anchors.read_text().splitlines()[-1])
    assert set(line) == {"seq", "hash", "at", "mac"} and line["seq"] == 5


def test_a_deleted_tail_is_reported(anchored: Path) -> None:
    tamper(anchored / "audit.sqlite", "DELETE FROM audit WHERE seq > 3")
    done = verify(anchored)
    assert done.returncode == 1
    assert "entries 4–5 were deleted" in done.stderr


def test_a_wiped_log_is_reported(anchored: Path) -> None:
    tamper(anchored / "audit.sqlite", "DELETE FROM audit")
    done = verify(anchored)
    assert done.returncode == 1 and "it was wiped" in done.stderr


def test_a_deleted_log_is_reported_and_never_recreated(anchored: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (anchored / f"audit.sqlite{suffix}").unlink(missing_ok=True)
    done = verify(anchored)
    assert done.returncode == 1 and "audit log MISSING" in done.stderr
    assert not (anchored / "audit.sqlite").exists()
    with pytest.raises(FileNotFoundError, match="it was deleted"):
        AuditLog(anchored / "audit.sqlite")  # the API and UI refuse to start on it too
    assert not (anchored / "audit.sqlite").exists()


def test_a_log_and_key_replaced_together_contradict_the_anchors(anchored: Path) -> None:
    for name in ("audit.sqlite", "audit.sqlite-wal", "audit.sqlite-shm", "audit.key"):
        (anchored / name).unlink(missing_ok=True)
    fill(AuditLog(anchored / "audit.sqlite"), 5)  # a fresh, internally consistent log
    done = verify(anchored)
    assert done.returncode == 1 and "not signed by this log's key" in done.stderr


def rechain(path: Path, key: bytes, edit: dict[str, str]) -> None:
    """Rewrite every entry and recompute the whole chain with `key`."""
    log = AuditLog(path)
    _, entries = log.entries()
    prev, rows = GENESIS, []
    for e in entries:
        fields = {**e.model_dump(), **edit, "prev_hash": prev}
        fields["hash"] = prev = entry_hash(fields, key)
        rows.append(fields)
    con = sqlite3.connect(path)
    con.executescript("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
    for f in rows:
        con.execute(
            "UPDATE audit SET user = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (f["user"], f["prev_hash"], f["hash"], f["seq"]),
        )
    con.commit()
    con.close()


def test_a_chain_recomputed_without_the_key_breaks_at_the_first_entry(anchored: Path) -> None:
    rechain(anchored / "audit.sqlite", b"\0" * 32, {"user": "nobody"})
    done = verify(anchored)
    assert done.returncode == 1 and "BROKEN at entry 1" in done.stderr


def test_a_chain_recomputed_with_the_key_contradicts_the_anchor(anchored: Path) -> None:
    key = (anchored / "audit.key").read_bytes()
    rechain(anchored / "audit.sqlite", key, {"user": "nobody"})
    assert AuditLog(anchored / "audit.sqlite").verify().ok  # the chain alone is fooled
    done = verify(anchored)
    assert done.returncode == 1 and "rewritten and re-chained" in done.stderr


def test_the_key_is_private_and_outside_the_log(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    fill(log, 1)
    assert (tmp_path / "audit.key").stat().st_mode & 0o777 == 0o600
    assert log.key not in (tmp_path / "audit.sqlite").read_bytes()


# The CLI's identity ------------------------------------------------------------------------------


def test_the_cli_ignores_a_claimed_user_and_role_outside_test_mode(tmp_path: Path) -> None:
    attack = probity("ask", "How many complaints?", "--case", "X", "--as", "admin",
                     "--data-dir", str(tmp_path), PROBITY_USER="anyone")
    assert attack.returncode == 1
    assert "only honoured in test mode" in attack.stderr
    no_grant = probity("ask", "How many complaints?", "--case", "X", "--as", "admin",
                       "--data-dir", str(tmp_path))
    assert no_grant.returncode == 1 and "has no CLI grant" in no_grant.stderr
    assert not (tmp_path / "audit.sqlite").exists()  # nothing was consulted


def test_as_can_only_lower_the_granted_role(tmp_path: Path) -> None:
    grant = probity("keys", "grant", "--user", os_user(), "--role", "investigator",
                    "--data-dir", str(tmp_path))
    assert grant.returncode == 0, grant.stderr
    up = probity("ask", "How many complaints?", "--case", "X", "--as", "admin",
                 "--data-dir", str(tmp_path))
    assert up.returncode == 1 and "--as can only lower privileges" in up.stderr
    assert KeyStore(tmp_path / "keys.sqlite").granted_role(os_user()) == "investigator"


def test_the_cli_acts_as_the_os_account_in_its_granted_role(api_store: Settings) -> None:
    data = str(api_store.data_dir)
    assert probity("keys", "grant", "--user", os_user(), "--role", "senior_investigator",
                   "--data-dir", data).returncode == 0
    for role in (None, "investigator"):
        args = ["ask", "How many complaints against Harriet Vane?", "--case", "OP-ID"]
        done = probity(*args, *(["--as", role] if role else []), "--data-dir", data,
                       PROBITY_TODAY="2024-06-30")
        assert done.returncode == 0, done.stderr
        last = AuditLog(api_store.data_dir / "audit.sqlite").entries()[1][-1]
        assert (last.user, last.role) == (os_user(), role or "senior_investigator")
        # the senior investigator counts the restricted complaint too; the investigator doesn't
        # the first line says how the question was read; the answer follows
        assert done.stdout.startswith("Read as: ")
        answer = done.stdout.splitlines()[1]
        assert answer.startswith("3 complaints" if role is None else "2 complaints")
    tester = probity("ask", "How many complaints?", "--case", "OP-ID", "--data-dir", data,
                     PROBITY_USER="tester", PROBITY_TEST_MODE="1")
    assert tester.returncode == 1 and "'tester' has no CLI grant" in tester.stderr
