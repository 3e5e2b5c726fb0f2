"""bench/scale_45k_answers.py holds a speed change to byte-identical responses."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from scale_45k_answers import answer_key, differences


def body(**change: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"answer": "3 complaints [1]", "abstained": False,
                           "citations": [{"record_id": "complaint:x:1", "start": 0, "end": 4,
                                          "quote": "Rude"}],
                           "evidence": [], "interpretation": "Read as: complaints → count",
                           "timings_ms": {"total": 12.5}}
    return out | change


def test_only_timings_may_differ() -> None:
    before = {"s": {"q": answer_key(body())}}
    assert differences(before, {"s": {"q": answer_key(body(timings_ms={"total": 99.0}))}}) == []
    moved = body(citations=[{"record_id": "complaint:x:1", "start": 0, "end": 5,
                             "quote": "Rude "}])
    assert differences(before, {"s": {"q": answer_key(moved)}}) == ["s: 'q' differs in response"]
    read = body(interpretation="Read as: allegations → count")
    assert differences(before, {"s": {"q": answer_key(read)}}) == ["s: 'q' differs in response"]


def test_an_older_recording_without_the_response_is_compared_on_what_it_has() -> None:
    old = {k: v for k, v in answer_key(body()).items() if k != "response"}
    assert differences({"s": {"q": old}}, {"s": {"q": answer_key(body())}}) == []
    assert differences({"s": {"q": old}}, {"s": {"q": answer_key(body(answer="4"))}}) == [
        "s: 'q' differs in answer"]
