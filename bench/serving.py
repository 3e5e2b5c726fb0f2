"""Start `probity serve` on a free loopback port for a benchmark (load_api.py, serve_memory.py).

The server runs as `python -m assistant serve` from this checkout (not the `probity` script, which
runs whatever `pip install -e` points at), with its output in `log`.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from _checkout import REPO

START_S = 120.0


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """`--data-dir` of the store to serve (required unless PROBITY_DATA_DIR is set)."""
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=os.environ.get("PROBITY_DATA_DIR"),
        required="PROBITY_DATA_DIR" not in os.environ,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, engines: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The server process and its base URL, once /v1/health answers; exits the script if the
    server dies or does not answer within START_S."""
    port = free_port()
    command = [sys.executable, "-m", "assistant", "serve", "--port", str(port),
               "--engines", str(engines), "--data-dir", str(data_dir)]
    proc = subprocess.Popen(command, cwd=REPO, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited: see {log}")
        try:
            if httpx.get(url + "/v1/health", timeout=5).status_code in (200, 503):
                return proc, url
        except httpx.TransportError:
            time.sleep(0.5)
    proc.kill()
    sys.exit(f"server did not start within {START_S:.0f} s: see {log}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
