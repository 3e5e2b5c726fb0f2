"""Serving memory: peak RSS of `probity serve` over `--data-dir` while it answers a mix of
questions through HTTP, with per-request latency and errors.

Loopback only. Starts the server on a free 127.0.0.1 port (bench/serving.py, shared with
load_api.py) with a new investigator key, which is revoked at the end. RSS is sampled every
`--interval` seconds (psutil if installed, else /proc/<pid>/status VmRSS), and the kernel's own
high-water mark (VmHWM) is read before the server stops, so a peak between samples is not missed.
Questions come from the store itself (bench/questions.py), `--per-intent` per intent, shuffled,
sent by `--clients` concurrent clients; by default as many as the server has answer engines, so
that every engine in the pool opens its own indexes (the memory worst case). Latency is the
client's view: HTTP, audit append and `Engine.answer`. Target: peak RSS ≤ 4 GiB at 45k staff.
The server uses PROBITY_EMBEDDING_BACKEND from the environment: the backend that built the store.

    python bench/serve_memory.py --data-dir /work/scratch-bench-2k/data
    PROBITY_EMBEDDING_BACKEND=onnx-int8 python bench/serve_memory.py --data-dir /work/scale/45k/data
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
import argparse
import json
import os
import random
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import httpx
from questions import questions, store_facts
from serving import add_data_dir_argument, start_server, stop_server
from stats import pct
from targets import SERVE_PEAK_GIB as TARGET_PEAK_GIB
from targets import checks_for, judged
from targets import table as verdict_table

from assistant.consult import ENGINES
from assistant.keys import KeyStore
from assistant.settings import Settings

try:  # optional: /proc/<pid>/status gives the same numbers on Linux
    import psutil
except ImportError:
    psutil = None

RESULTS = Path(__file__).parent / "results"
MIB = 1024 * 1024


def rss_bytes(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS so far) of `pid`, from /proc (VmHWM is the kernel's own peak)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) * 1024  # kB
    rss = psutil.Process(pid).memory_info().rss if psutil else fields.get("VmRSS", 0)
    return rss, fields.get("VmHWM", rss)


@dataclass
class Sampler:
    """Samples a process's RSS in a background thread until stopped."""

    pid: int
    interval: float
    samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, bytes)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._t0 = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.samples.append((time.monotonic() - self._t0, rss_bytes(self.pid)[0]))
            except (FileNotFoundError, ProcessLookupError):
                return
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self) -> int:
        return max((b for _, b in self.samples), default=0)


def workload(data_dir: Path, per_intent: int, seed: int) -> tuple[int, list[tuple[str, str]]]:
    """The store's people count and (intent, question) pairs, shuffled so intents interleave."""
    con = duckdb.connect(str(data_dir / "records.duckdb"), read_only=True)
    try:
        asked = questions(store_facts(con), per_intent, seed)
        people = con.execute("SELECT count(*) FROM person").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    items = [(intent, q) for intent, qs in asked.items() for q in qs]
    random.Random(seed).shuffle(items)
    return people, items


def ask_all(
    url: str, key: str, case_ref: str, items: list[tuple[str, str]], clients: int
) -> list[tuple[str, float, int]]:
    """(intent, latency ms, HTTP status or -1 for a transport error) per question."""
    headers = {"Authorization": f"Bearer {key}", "X-Case-Ref": case_ref}
    local = threading.local()

    def one(item: tuple[str, str]) -> tuple[str, float, int]:
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=url, headers=headers, timeout=300)
        intent, question = item
        started = time.perf_counter()
        try:
            status = local.http.post("/v1/ask", json={"question": question}).status_code
        except httpx.HTTPError:
            status = -1
        return intent, (time.perf_counter() - started) * 1000, status

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, items))


def summarise(results: list[tuple[str, float, int]]) -> dict[str, Any]:
    ok = [ms for _, ms, s in results if s == 200]
    errors: dict[str, int] = {}
    by_intent: dict[str, list[float]] = {}
    for intent, ms, status in results:
        if status == 200:
            by_intent.setdefault(intent, []).append(ms)
        else:
            errors[str(status)] = errors.get(str(status), 0) + 1
    return {
        "requests": len(results),
        "errors": errors,
        "latency_ms": {"p50": pct(ok, 50), "p95": pct(ok, 95), "max": round(max(ok, default=0), 1)},
        "by_intent": {i: {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95)}
                      for i, v in sorted(by_intent.items())},
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    people, items = workload(args.data_dir, args.per_intent, args.seed)
    keys = KeyStore(args.data_dir / "keys.sqlite")
    key, token = keys.create("serve-memory-bench", "investigator")
    case_ref = f"BENCH-MEM-{int(time.time())}-{os.getpid()}"
    log = Path(tempfile.gettempdir()) / f"serve_memory_{os.getpid()}.log"
    load_before = os.getloadavg()
    proc, url = start_server(args.data_dir, args.engines, log)
    sampler = Sampler(proc.pid, args.interval)
    try:
        idle = rss_bytes(proc.pid)[0]
        # One question per engine loads the model and every engine's indexes before timing.
        warmup = [item for item in items if item[0] == "describe"][: args.engines]
        ask_all(url, token, case_ref + "-warmup", warmup, args.engines)
        warm = rss_bytes(proc.pid)[0]
        started = time.monotonic()
        results = ask_all(url, token, case_ref, items, args.clients)
        seconds = time.monotonic() - started
        end, hwm = rss_bytes(proc.pid)
    finally:
        sampler.stop()
        stop_server(proc)
        keys.revoke(key.key_id)
    peak = max(hwm, sampler.peak())
    return {
        "data_dir": str(args.data_dir),
        "backend": Settings(data_dir=args.data_dir).embedding_backend,
        "people": people,
        "engines": args.engines,
        "clients": args.clients,
        "per_intent": args.per_intent,
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "seconds": round(seconds, 1),
        "rss_mib": {
            "idle_after_start": round(idle / MIB),
            "after_warmup": round(warm / MIB),
            "end": round(end / MIB),
            "peak_sampled": round(sampler.peak() / MIB),
            "peak_vmhwm": round(hwm / MIB),
            "peak": round(peak / MIB),
        },
        "samples": len(sampler.samples),
        "target_peak_gib": TARGET_PEAK_GIB,
        "peak_within_target": peak <= TARGET_PEAK_GIB * 1024 * MIB,
        **summarise(results),
        "case_ref": case_ref,
        "server_log": str(log),
    }


def table(r: dict[str, Any]) -> str:
    rss = r["rss_mib"]
    lines = [
        f"{r['people']} people ({r['backend']}), {r['engines']} engines, {r['clients']} clients, "
        f"load {r['load_average_before'][0]} → {r['load_average_after'][0]} on "
        f"{r['cpu_count']} CPUs",
        f"RSS MiB: idle {rss['idle_after_start']} · warm {rss['after_warmup']} · "
        f"end {rss['end']} · peak {rss['peak']} (VmHWM {rss['peak_vmhwm']}, sampled "
        f"{rss['peak_sampled']} over {r['samples']} samples)",
        f"{r['requests']} requests in {r['seconds']} s, errors {r['errors'] or 'none'}; "
        f"latency p50 {r['latency_ms']['p50']} ms, p95 {r['latency_ms']['p95']} ms",
        f"{'intent':13} {'n':>3} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    for intent, s in r["by_intent"].items():
        lines.append(f"{intent:13} {s['n']:>3} {s['p50']:>8} {s['p95']:>8}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_dir_argument(parser)
    parser.add_argument("--per-intent", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11, help="differs from question_latency's")
    parser.add_argument("--engines", type=int, default=ENGINES)
    parser.add_argument("--clients", type=int, help="default: --engines")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between RSS samples")
    parser.add_argument("--out", type=Path, help="default: results/serve_memory_<people>.json")
    args = parser.parse_args()
    args.clients = args.clients or args.engines
    result = judged(run(args))
    out = args.out or RESULTS / f"serve_memory_{result['people']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))
    print(verdict_table(checks_for(result) or []))
    print(f"\nwrote {out}")
    if result["errors"]:
        raise SystemExit(f"{sum(result['errors'].values())} requests failed: see {out}")


if __name__ == "__main__":
    main()
