"""Anchors: signed copies of the audit log's head, kept outside the data dir, to catch what a
chain alone cannot — a deleted tail, a wiped or replaced log, a chain rewritten with the key.

`probity audit anchor` appends one JSON line `{"seq", "hash", "at", "mac"}` to an append-only
file (O_APPEND, 0600; default `<data dir>.audit-anchors` beside the data dir, better on another
disk or host) and optionally to syslog, where a collector keeps it out of a local user's reach.
`mac` is HMAC-SHA256 with the log's key over "anchor|seq|hash|at", so an anchor cannot be
forged without the key. `check` compares every anchor with the log: the anchored entry must
still exist with the same hash. What each finding means is in README ("Security").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import syslog
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant.audit import AuditLog


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    mac: str


def _mac(key: bytes, seq: int, head: str, at: str) -> str:
    return hmac.new(key, f"anchor|{seq}|{head}|{at}".encode(), hashlib.sha256).hexdigest()


def write_anchor(log: AuditLog, path: Path, *, to_syslog: bool = False) -> Anchor:
    """Append the log's signed head to `path` (and syslog); the chain is verified first, so an
    anchor never vouches for a log that is already broken."""
    result = log.verify()
    if not result.ok:
        raise ValueError(
            f"not anchoring: the audit log is broken at entry {result.broken_seq} ({result.reason})"
        )
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    anchor = Anchor(result.entries, result.head_hash, at,
                    _mac(log.key, result.entries, result.head_hash, at))
    line = json.dumps(vars(anchor), separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if to_syslog:
        syslog.openlog("probity-audit", 0, syslog.LOG_AUTH)
        syslog.syslog(syslog.LOG_NOTICE, f"anchor {line.strip()}")
    return anchor


def read_anchors(path: Path) -> list[Anchor]:
    """Every anchor in the file; a damaged line is an error, not skipped."""
    anchors = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            fields = json.loads(line)
            anchors.append(Anchor(int(fields["seq"]), str(fields["hash"]), str(fields["at"]),
                                  str(fields["mac"])))
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"anchor file {path} is damaged at line {n}") from None
    return anchors


def check(log: AuditLog, anchors: list[Anchor]) -> str | None:
    """The first way the log contradicts its anchors, or None when every anchor holds."""
    head_seq, _ = log.head()
    for anchor in anchors:
        if not hmac.compare_digest(_mac(log.key, anchor.seq, anchor.hash, anchor.at), anchor.mac):
            return (f"the anchor of {anchor.at} is not signed by this log's key: the log and "
                    "its key were replaced")
        if anchor.seq > head_seq:
            if head_seq == 0:
                return (f"the log is empty but was anchored at {anchor.seq} entries on "
                        f"{anchor.at}: it was wiped")
            return (f"entries {head_seq + 1}–{anchor.seq} were deleted: the log ends at "
                    f"{head_seq} but was anchored at {anchor.seq} on {anchor.at}")
        if anchor.seq and log.hash_of(anchor.seq) != anchor.hash:
            return (f"entry {anchor.seq} differs from its anchor of {anchor.at}: the log was "
                    "rewritten and re-chained")
    return None
