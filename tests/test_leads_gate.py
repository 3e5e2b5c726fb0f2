"""The leads gate fails when one detector falls under its own floor, even while the overall
figures pass: at 45,000 staff similar_complaints found 49 of 112 planted clusters (0.44) and the
run still read PASS on overall recall 0.92 (bench/results/leads_45000.md)."""

from __future__ import annotations

from typing import Any

from evals.leads import below_floor, markdown


def _row(planted: int, found: int, true: int, false: int) -> dict[str, Any]:
    return {"planted": planted, "found": found, "recall": round(found / planted, 4) if planted
            else None, "precision": round(true / (true + false), 4) if true + false else None,
            "leads": true + false, "true_leads": true, "decoy_leads": 0, "unplanted_leads": false,
            "decoys": 2, "decoys_fired": [], "per_1000_staff": 1.0, "seconds": 0.1,
            "rationale": "a detector", "missed": [], "false_leads": [], "targets": ["x"]}


def test_one_weak_detector_is_named_though_the_overall_recall_passes() -> None:
    detectors = {f"d{i}": _row(5, 5, 5, 0) for i in range(10)} | {"weak": _row(5, 1, 1, 0)}
    found = sum(r["found"] for r in detectors.values())
    assert found / 55 >= 0.9  # what the overall gate alone would have passed
    assert below_floor(detectors) == ["weak recall 0.2 < 0.8"]


def test_precision_under_the_floor_and_detectors_without_planted_patterns() -> None:
    detectors = {"noisy": _row(5, 5, 5, 4), "volume": _row(0, 0, 0, 13) | {"targets": []}}
    assert below_floor(detectors) == ["noisy precision 0.5556 < 0.7"]
    assert below_floor({"ok": _row(5, 4, 4, 1)}) == []  # the demo's similar_complaints: 4/5, 0.8


def test_the_report_says_which_detector_missed_its_floor() -> None:
    detectors = {"weak": _row(5, 1, 1, 0)}
    overall = {"people": 2000, "passed": False, "recall": 0.95, "precision": 0.95,
               "precision_vs_decoys": 1.0, "decoys_fired": 0, "decoys": 2, "leads": 1,
               "per_1000_staff": 0.5, "uncleared_per_1000_staff": 0.5, "seconds": 1,
               "peak_rss_mb": 1, "below_floor": below_floor(detectors)}
    text = markdown({"overall": overall, "detectors": detectors})
    assert "**FAIL**" in text and "weak recall 0.2 < 0.8" in text
