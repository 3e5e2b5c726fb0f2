"""The noisy synthetic force (`generate(..., noisy=True)`): realistic background for every lead
detector, planted sizes that straddle the detector defaults, and truth that lists only what was
planted (never relabelled by a detector's rule). The leads eval on it is `evals/leads_noisy.py`."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ingestion.synth import generate

PEOPLE, SEED = 400, 5


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("noisy")
    generate(PEOPLE, SEED, out, noisy=True)
    return out


@pytest.fixture(scope="module")
def truth(world: Path) -> dict[str, Any]:
    return json.loads((world / "truth.json").read_text(encoding="utf-8"))


def test_truth_lists_only_what_was_planted(truth: dict[str, Any]) -> None:
    assert truth["noisy"] is True
    assert not any("origin" in e["detail"] for e in truth["patterns"] + truth["decoys"])
    decoys = {d["type"] for d in truth["decoys"]}
    assert {"research_searches", "overtime_on_return_day", "complainant_searched_for_a_case",
            "colleague_searched_for_a_case"} <= decoys
    assert {p["type"] for p in truth["patterns"]} >= {"colleague_or_family_access"}


def test_planted_sizes_straddle_the_defaults(truth: dict[str, Any]) -> None:
    below = Counter()
    for p in truth["patterns"]:
        d = p["detail"]
        if p["type"] == "repeated_search_unlinked" and d["searches"] < 5:
            below[p["type"]] += 1
        if p["type"] == "use_of_force_cluster" and (d["complaints"] < 3 or d["window_days"] > 90):
            below[p["type"]] += 1
        if p["type"] == "repeat_coaccused" and d["times"] < 4:
            below[p["type"]] += 1
        if p["type"] == "access_while_on_leave" and d["events"] < 2:
            below[p["type"]] += 1
    assert sum(below.values()) >= 2, below


def test_background_looks_like_every_pattern_somewhere(world: Path,
                                                       truth: dict[str, Any]) -> None:
    staff = {r["network_login"]: r["payroll_no"] for r in _rows(world / "hr/staff.csv")}
    roster = {(r["PAYROLL_NO"], r["DUTY_DATE"]): r["DUTY_CODE"]
              for r in _rows(world / "roster/duties.csv")}
    planted = {r for e in truth["patterns"] + truth["decoys"] for r in e["record_ids"]}
    off_day = 0
    searchers: dict[str, set[str]] = defaultdict(set)
    with (world / "audit/system_access.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            ev = json.loads(line)
            who = staff[ev["userId"].lower()]
            if roster.get((who, ev["timestamp"][:10])) in ("RD", "AL") and \
                    f"system_access:syn:{ev['eventId']}" not in planted:
                off_day += 1
            if ev["subject"] and not ev["subject"].startswith("VRM"):
                searchers[ev["subject"]].add(who)
    assert off_day > 20  # ordinary staff log in on rest days and leave
    assert max(len(v) for v in searchers.values()) >= 10  # prolific local offenders
    sick = [r for r in _rows(world / "hr/sickness.csv") if "returned to work" in r["reason"]]
    assert sick
    texts = [r["report_text"] for r in _rows(world / "intel/reports.csv")]
    assert sum("CCTV was later obtained from" in t or "Enquiries were made at" in t
               or "recovered to the compound" in t or "Staff at" in t for t in texts) >= 3
    assert date.fromisoformat(truth["reference_date"]).year == 2025


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
