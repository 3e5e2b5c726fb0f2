"""No network connection is attempted during synth + ingest + questions.

Runs in a fresh interpreter so that the guard is in place before any library is imported (model
hubs, telemetry and vector stores reach out at import time if they are going to). Every attempt to
resolve a host name or open a non-local socket is recorded and reported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GUARD_AND_RUN = r"""
import json, socket, sys
attempts = []
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

def _local(address):
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0])
    return host.startswith("127.") or host in ("::1", "localhost")

def connect(self, address):
    if not _local(address):
        attempts.append(f"connect {address}")
        raise OSError("network disabled by test")
    return _connect(self, address)

def connect_ex(self, address):
    if not _local(address):
        attempts.append(f"connect_ex {address}")
        return 111
    return _connect_ex(self, address)

def getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost", "127.0.0.1", "::1"):
        attempts.append(f"getaddrinfo {host}")
        raise socket.gaierror("network disabled by test")
    return _getaddrinfo(host, *args, **kwargs)

socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo

from datetime import date
from pathlib import Path
from assistant.answers import User
from assistant.service import Engine
from assistant.settings import Settings
from ingestion.run import ingest
from ingestion.synth import generate

root = Path(sys.argv[1])
generate(people=150, seed=5, out=root / "source")
settings = Settings(data_dir=root / "data", today=date(2025, 12, 31))
summary = ingest(settings, ["synthetic"], root / "source", show_progress=False)
engine = Engine(settings)
answers = [engine.answer(q, User(name="t"), "CASE") for q in (
    "How many complaints were received in 2024?",
    "Find complaints about an officer who was rude at a traffic stop",
)]
print(json.dumps({"attempts": attempts, "failed": summary.failed,
                  "chunks": summary.index.chunks_embedded,
                  "answered": [not a.abstained for a in answers]}))
"""


def test_synth_ingest_and_questions_attempt_no_network(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", GUARD_AND_RUN, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=repo,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert not report["failed"]
    assert report["chunks"] > 0
    assert report["answered"] == [True, True]
