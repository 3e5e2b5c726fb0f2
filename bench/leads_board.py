"""Leads board: what building it adds to ingest, what a rebuild with no change costs, how fast the
first page comes back over the API, and whether the peer-adjusted ranking puts planted people
higher than the fixed-threshold order did.

Steps, over an ingested store (`--data-dir`) and the exports it came from (`--source`, for
truth.json):
1. cold build: the kept detector runs are deleted and every view's board is built (the time
   ingest now spends at its end);
2. rebuild with no change: every detector's inputs are unchanged, so all runs are kept;
3. first page: `probity serve` is started on loopback and the first `GET /v1/leads?limit=10`
   after it answers health is timed (target ≤ 15 s, goal ≤ 2 s) — as an investigator and as a
   senior investigator (the two reader views);
4. ranking: precision@k (k = 10, 25, 50) of planted people (truth.json patterns) among the first
   k distinct people of the cleared board, against the same leads in the fixed-threshold order
   (detector score, then detector and id — the order before ranking).

    python -m assistant synth --people 2000 --seed 7 --out /tmp/board-2000/src
    python -m assistant ingest --mapping synthetic --source /tmp/board-2000/src \\
        --data-dir /tmp/board-2000/data
    python bench/leads_board.py --data-dir /tmp/board-2000/data --source /tmp/board-2000/src
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
import argparse
import json
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from serving import start_server, stop_server

from assistant import store
from assistant.keys import KeyStore
from assistant.leads.board import build_boards, load_board
from assistant.leads.context import FULL
from assistant.settings import Settings

FIRST_PAGE_TARGET_S, FIRST_PAGE_GOAL_S = 15.0, 2.0
KS = (10, 25, 50)


def people_order(leads: list[Any]) -> list[str]:
    return list(dict.fromkeys(x.person_id for x in leads))


def precision(order: list[str], planted: set[str], k: int) -> float:
    top = order[:k]
    return round(sum(p in planted for p in top) / len(top), 3) if top else 0.0


def first_page(url: str, token: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    got = httpx.get(url + "/v1/leads", params={"limit": 10}, timeout=600,
                    headers={"Authorization": f"Bearer {token}", "X-Case-Ref": "BENCH-BOARD"})
    return round(time.perf_counter() - started, 3), got.status_code, len(got.json().get("items", []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--source", type=Path, required=True, help="Exports with truth.json.")
    parser.add_argument("--out", type=Path, default=Path("bench/results/leads_board.json"))
    parser.add_argument("--serve-only", action="store_true",
                        help="Keep the build figures of --out; measure steps 3-4 again.")
    args = parser.parse_args()
    truth = json.loads((args.source / "truth.json").read_text(encoding="utf-8"))
    settings = Settings(data_dir=args.data_dir, today=date.fromisoformat(truth["reference_date"]))
    before = json.loads(args.out.read_text(encoding="utf-8")) if args.serve_only else {}
    if not args.serve_only:
        shutil.rmtree(settings.data_dir / "leads" / "runs", ignore_errors=True)
    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        started = time.perf_counter()
        cold = build_boards(con, settings)
        cold_s = before.get("cold_build_s") or round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        warm = build_boards(con, settings)
        warm_s = round(time.perf_counter() - started, 2)
    finally:
        con.close()
    keys = KeyStore(settings.data_dir / "keys.sqlite")
    made = {role: keys.create(f"bench-board-{role}", role)
            for role in ("investigator", "senior_investigator")}
    pages: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(settings.data_dir, 1, Path(tmp) / "serve.log")
        try:
            for role, (_, token) in made.items():
                pages[role] = dict(zip(("seconds", "status", "items"), first_page(url, token),
                                       strict=True))
        finally:
            stop_server(proc)
            for key, _ in made.values():
                keys.revoke(key.key_id)
    board = load_board(settings, FULL)
    planted = {p for x in truth["patterns"] for p in x["person_ids"]}
    ranked = people_order(board.leads)
    fixed = people_order(sorted(board.leads, key=lambda x: (-x.score, x.detector, x.lead_id)))
    at_k = {k: {"ranked": precision(ranked, planted, k), "fixed": precision(fixed, planted, k)}
            for k in KS}
    slowest = max(p["seconds"] for p in pages.values())
    verdicts = {
        "first page ≤ 15 s": slowest <= FIRST_PAGE_TARGET_S and all(
            p["status"] == 200 and p["items"] for p in pages.values()),
        "first page ≤ 2 s (goal)": slowest <= FIRST_PAGE_GOAL_S,
        "rebuild with no change re-runs no detector": all(
            how != "ran" for b in warm for how in b.runs.values()),
        "ranked precision@k ≥ fixed-threshold at every k": all(
            v["ranked"] >= v["fixed"] for v in at_k.values()),
    }
    result = {
        "people": truth["people"], "leads": {b.view: len(b.leads) for b in cold},
        "planted_people": len(planted), "people_with_leads": len(ranked),
        "cold_build_s": cold_s, "rebuild_no_change_s": warm_s,
        "cold_per_view_s": before.get("cold_per_view_s") or {b.view: b.seconds for b in cold},
        "first_page": pages, "precision_at_k": at_k,
        "verdicts": {k: "PASS" if v else "FAIL" for k, v in verdicts.items()},
        "passed": all(verdicts.values()),
    }
    print(f"leads board, {truth['people']:,}-staff synthetic force ({args.data_dir})")
    print(f"{'figure':<52}{'value':>22}")
    rows = [("leads per view", ", ".join(f"{v} {n:,}" for v, n in result["leads"].items())),
            ("build added to ingest (cold, all views)", f"{cold_s:.1f} s"),
            ("rebuild with no change", f"{warm_s:.1f} s"),
            *((f"first page over the API ({role})", f"{p['seconds']:.2f} s ({p['status']})")
              for role, p in pages.items()),
            *((f"precision@{k} ranked / fixed-threshold", f"{v['ranked']:.2f} / {v['fixed']:.2f}")
              for k, v in at_k.items())]
    for name, value in rows:
        print(f"{name:<52}{value:>22}")
    for name, verdict in result["verdicts"].items():
        print(f"{verdict:<6}{name}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
