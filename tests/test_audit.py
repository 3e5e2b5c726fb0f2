"""The audit log and API keys on their own: hash chain, tamper detection, concurrent writers from
several processes, the `probity audit` and `probity keys` commands. No store or model needed."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from assistant.audit import COLUMNS, GENESIS, AuditLog, entry_hash
from assistant.keys import KeyStore


def fill(log: AuditLog, n: int, who: str = "alice") -> None:
    for i in range(n):
        log.append(
            user=who,
            role="investigator",
            case_ref=f"CASE-{i}",
            endpoint="ask",
            query=f"question {i}",
            status="ok",
            returned=[f"complaint:t:{i}"],
            cited=[f"complaint:t:{i}"],
        )


def probity(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["probity", *args], capture_output=True, text=True, timeout=120)


def tamper(path: Path, sql: str) -> None:
    """What someone with file access could do: go around the append-only triggers."""
    con = sqlite3.connect(path)
    con.executescript(f"DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; {sql}")
    con.close()


def test_entries_chain_from_genesis_and_hash_their_canonical_json(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    fill(log, 3)
    _, entries = log.entries()
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert all(entry_hash(e.model_dump(), log.key) == e.hash for e in entries)
    assert entries[0].at.endswith("Z") and entries[0].at < entries[2].at
    result = log.verify()
    assert result.ok and result.entries == 3 and result.head_hash == entries[-1].hash


def test_the_database_refuses_updates_and_deletes(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    fill(log, 1)
    con = sqlite3.connect(tmp_path / "audit.sqlite")
    for sql in ("UPDATE audit SET query = 'x'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(sql)
    con.close()


def test_verify_passes_then_pinpoints_a_hand_edited_entry(tmp_path: Path) -> None:
    fill(AuditLog(tmp_path / "audit.sqlite"), 5)
    ok = probity("audit", "verify", "--data-dir", str(tmp_path))
    assert ok.returncode == 0 and "audit log OK: 5 entries" in ok.stdout
    tamper(
        tmp_path / "audit.sqlite",
        "UPDATE audit SET returned = '[\"complaint:t:99\"]' WHERE seq = 3",
    )
    bad = probity("audit", "verify", "--data-dir", str(tmp_path))
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        "audit log BROKEN at entry 3: content does not match its hash "
        "(edited) (2 entries before it verified)"
    )


@pytest.mark.parametrize(
    ("sql", "seq", "reason"),
    [
        ("DELETE FROM audit WHERE seq = 2", 3, "expected entry 2 next"),
        ("UPDATE audit SET status = 'denied' WHERE seq = 2", 2, "content does not match"),
        ("UPDATE audit SET hash = '" + "a" * 64 + "' WHERE seq = 2", 2, "content does not match"),
        ("UPDATE audit SET status = 'bogus' WHERE seq = 4", 4, "unreadable entry"),
    ],
)
def test_verify_catches_deletions_and_rehashed_edits(
    tmp_path: Path, sql: str, seq: int, reason: str
) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    fill(log, 4)
    tamper(tmp_path / "audit.sqlite", sql)
    result = log.verify()
    assert (result.broken_seq, result.ok) == (seq, False) and reason in result.reason


@pytest.mark.parametrize(("key", "seq"), [(b"a guess", 2), (None, 3)])
def test_a_rehashed_edit_is_caught_with_or_without_the_key(
    tmp_path: Path, key: bytes | None, seq: int
) -> None:
    """Without the key the forged entry's own hash fails; with it, the next link does."""
    log = AuditLog(tmp_path / "audit.sqlite")
    fill(log, 3)
    _, entries = log.entries()
    forged = {**entries[1].model_dump(), "query": "nothing to see"}
    forged["hash"] = entry_hash(forged, key or log.key)
    tamper(
        tmp_path / "audit.sqlite",
        f"UPDATE audit SET query = 'nothing to see', hash = '{forged['hash']}' WHERE seq = 2",
    )
    result = log.verify()
    assert result.broken_seq == seq
    assert ("prev_hash does not match entry 2" if seq == 3 else "content does not match") in (
        result.reason
    )


def _writer(args: tuple[str, str]) -> int:
    path, who = args
    fill(AuditLog(Path(path)), 40, who)
    return 40


def test_concurrent_writers_in_several_processes_keep_one_unbroken_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    AuditLog(path)
    with ProcessPoolExecutor(max_workers=4) as pool:
        written = sum(pool.map(_writer, [(str(path), f"worker-{i}") for i in range(4)]))
    log = AuditLog(path)
    total, entries = log.entries()
    assert total == written == 160
    assert {e.user for e in entries} == {f"worker-{i}" for i in range(4)}
    assert log.verify().ok


def test_export_csv_and_json_since_a_date(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    fill(log, 3)
    out = tmp_path / "audit.json"
    done = probity(
        "audit", "export", "--format", "json", "--out", str(out), "--data-dir", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(out.read_text())
    assert [r["seq"] for r in rows] == [1, 2, 3] and rows[0]["cited"] == ["complaint:t:0"]
    as_csv = probity("audit", "export", "--since", "2000-01-01", "--data-dir", str(tmp_path))
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(table) == 3 and json.loads(table[2]["returned"]) == ["complaint:t:2"]
    future = probity("audit", "export", "--since", "2999-01-01", "--data-dir", str(tmp_path))
    assert future.stdout.strip() == ",".join(COLUMNS)  # the header alone
    bad = probity("audit", "export", "--since", "last week", "--data-dir", str(tmp_path))
    assert bad.returncode == 1 and bad.stderr.startswith("probity: error: --since")


def test_keys_are_stored_hashed_listed_without_secrets_and_revocable(tmp_path: Path) -> None:
    created = probity(
        "keys", "create", "--user", "dpo", "--role", "auditor", "--data-dir", str(tmp_path)
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    store = KeyStore(tmp_path / "keys.sqlite")
    key = store.authenticate(token)
    assert key is not None and (key.user, key.role) == ("dpo", "auditor")
    raw = (tmp_path / "keys.sqlite").read_bytes()
    assert token.encode() not in raw and token.split("_", 2)[2].encode() not in raw
    listing = probity("keys", "list", "--data-dir", str(tmp_path)).stdout
    assert key.key_id in listing and token not in listing and "auditor" in listing
    assert probity("keys", "revoke", key.key_id, "--data-dir", str(tmp_path)).returncode == 0
    assert store.authenticate(token) is None
    assert store.list()[0].revoked_at is not None
    bad = probity(
        "keys", "create", "--user", "x", "--role", "superuser", "--data-dir", str(tmp_path)
    )
    assert bad.returncode == 1 and "unknown role 'superuser'" in bad.stderr
