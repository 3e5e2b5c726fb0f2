"""Load test of the HTTP API: N concurrent clients asking mixed questions for a fixed time.

Loopback only. Starts `probity serve` on a free 127.0.0.1 port over `--data-dir` (or targets a
running local server with `--url` and `--key`), warms it up, runs `--clients` clients for
`--duration` seconds, and reports requests/s, p50/p95/p99 latency and errors. Afterwards it checks
the audit log holds exactly one entry per consultation it made (the run has its own case
reference), that the keyed chain verifies, and anchors its head (`probity audit anchor`) and
checks the log against every anchor. `--engines 1,2` runs once per pool size.

    python bench/load_api.py --data-dir DIR                       # 20 clients, 60 s
    python bench/load_api.py --data-dir DIR --duration 20 --engines 1,2,4
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
import argparse
import asyncio
import ipaddress
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb
import httpx
from serving import add_data_dir_argument, start_server, stop_server
from stats import pct

from assistant import audit_anchors
from assistant.audit import AuditLog
from assistant.consult import ENGINES
from assistant.keys import KeyStore

OUT = Path(__file__).parent / "results" / "load_api.json"
GENERIC = [
    "How many complaints were received in 2023?",
    "How many complaints by category?",
    "List complaints about use of force in 2022",
    "How many complaints by year?",
    "Were any officers accused of planting drugs?",
    "Has anyone complained about racist language?",
    "Did an officer take money from a suspect?",
]


def workload(data_dir: Path) -> list[tuple[str, str, str]]:
    """(label, method+path, question or query) items drawn from the store's own people."""
    con = duckdb.connect(str(data_dir / "records.duckdb"), read_only=True)
    people = con.execute("""SELECT p.record_id, p.name, p.family_name FROM person p
                            JOIN person_ref r ON r.person_id = p.record_id
                            WHERE r.kind = 'allegation' AND NOT p.restricted
                            GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 4""").fetchall()
    records = [
        r
        for (r,) in con.execute(
            "SELECT record_id FROM complaint WHERE NOT restricted ORDER BY record_id LIMIT 5"
        ).fetchall()
    ]
    con.close()
    items = [
        ("ask:" + ("describe" if q.startswith(("Were", "Has", "Did")) else "count"), "ask", q)
        for q in GENERIC
    ]
    for pid, name, surname in people:
        items += [
            ("ask:profile", "ask", f"Tell me about {name}"),
            ("ask:count", "ask", f"How many complaints against {name}?"),
            ("people", "people", surname or name),
            ("person", "person", pid),
        ]
    items += [("record", "record", rid) for rid in records]
    return items


async def client(
    http: httpx.AsyncClient,
    items: list[tuple[str, str, str]],
    seed: int,
    deadline: float,
    results: list[tuple[str, float, int]],
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        label, kind, arg = rng.choice(items)
        started = time.perf_counter()
        try:
            if kind == "ask":
                r = await http.post("/v1/ask", json={"question": arg})
            elif kind == "people":
                r = await http.get("/v1/people", params={"query": arg})
            else:
                r = await http.get(f"/v1/{'records' if kind == 'record' else 'people'}/{arg}")
            status = r.status_code
        except httpx.TimeoutException:
            status = -1
        results.append((label, time.perf_counter() - started, status))


def summarise(results: list[tuple[str, float, int]], seconds: float) -> dict[str, Any]:
    ok = [t * 1000 for _, t, s in results if s == 200]  # seconds → ms
    by_label: dict[str, list[float]] = {}
    for label, t, s in results:
        if s == 200:
            by_label.setdefault(label, []).append(t * 1000)
    errors: dict[str, int] = {}
    for _, _, s in results:
        if s != 200:
            errors[str(s)] = errors.get(str(s), 0) + 1
    return {
        "requests": len(results),
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(results) / seconds, 2),
        "errors": errors,
        "latency_ms": {"p50": pct(ok, 50), "p95": pct(ok, 95), "p99": pct(ok, 99)},
        "by_kind": {
            k: {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95)}
            for k, v in sorted(by_label.items())
        },
    }


async def drive(
    url: str,
    key: str,
    case_ref: str,
    items: list[tuple[str, str, str]],
    clients: int,
    duration: float,
) -> tuple[list[tuple[str, float, int]], float]:
    headers = {"Authorization": f"Bearer {key}", "X-Case-Ref": case_ref}
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=300, limits=limits) as http:
        warmup = next(arg for label, _, arg in items if label == "ask:describe")
        await http.post(
            "/v1/ask",
            json={"question": warmup},  # loads the model; own case ref
            headers={"X-Case-Ref": case_ref + "-warmup"},
        )
        results: list[tuple[str, float, int]] = []
        started = time.monotonic()
        await asyncio.gather(
            *(client(http, items, i, started + duration, results) for i in range(clients))
        )
        return results, time.monotonic() - started


def run(args: argparse.Namespace, engines: int | None) -> dict[str, Any]:
    audit = AuditLog(args.data_dir / "audit.sqlite")
    case_ref = f"BENCH-{int(time.time())}-{os.getpid()}-{engines or 'ext'}"
    proc, url, key = None, args.url, args.key
    if url is None:
        key = KeyStore(args.data_dir / "keys.sqlite").create("load-bench", "investigator")[1]
        proc, url = start_server(
            args.data_dir,
            engines or ENGINES,
            Path(tempfile.gettempdir()) / f"load_api_{engines}.log",
        )
    try:
        results, seconds = asyncio.run(
            drive(url, key, case_ref, workload(args.data_dir), args.clients, args.duration)
        )
    finally:
        if proc is not None:
            stop_server(proc)
    summary = summarise(results, seconds)
    audited, _ = audit.entries(case_ref=case_ref)
    answered = sum(1 for _, _, s in results if s != -1)
    summary.update(
        engines=engines,
        clients=args.clients,
        case_ref=case_ref,
        audit={
            "entries": audited,
            "responses": answered,
            "one_per_consultation": audited == answered,
            "chain_ok": audit.verify().ok,
            "anchored_ok": anchored_ok(audit, args.data_dir),
        },
    )
    return summary


def anchored_ok(audit: AuditLog, data_dir: Path) -> bool:
    """Anchor the head beside the data dir, then check the log against every anchor there."""
    path = data_dir.parent / f"{data_dir.name}.audit-anchors"
    audit_anchors.write_anchor(audit, path)
    return audit_anchors.check(audit, audit_anchors.read_anchors(path)) is None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_dir_argument(parser)
    parser.add_argument("--url", help="a running local server (with --key) instead of starting one")
    parser.add_argument("--key", help="an investigator API key for --url")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--engines", default=str(ENGINES), help="pool sizes to run, e.g. 1,2,4")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.url:
        host = urlparse(args.url).hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            sys.exit("--url must be a loopback address: this script only loads local servers")
        if not args.key:
            sys.exit("--url needs --key")
    sizes = [None] if args.url else [int(n) for n in args.engines.split(",")]
    runs = []
    for size in sizes:
        summary = run(args, size)
        print(json.dumps(summary), flush=True)
        runs.append(summary)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"cpu_count": os.cpu_count(), "runs": runs}, indent=2) + "\n")
    if not all(r["audit"]["one_per_consultation"] and r["audit"]["chain_ok"]
               and r["audit"]["anchored_ok"] for r in runs):
        sys.exit("audit check failed: see " + str(args.out))


if __name__ == "__main__":
    main()
