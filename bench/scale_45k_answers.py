"""What each bench question answered, kept so a speed change can be shown not to change answers.

Why this exists: issue #13's latency work must leave every answer as it was — the same text and
the same cited and evidenced record ids for every question of bench/scale_45k.py, and the same
JSON response but for its timings and request ids. The bench records each store's answers
(`--answers FILE`) and, given an earlier file (`--compare FILE`), says per store which questions
answer differently; a difference fails the run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Response fields that may differ between two askings of one question: how long it took, and
# the per-request identifiers (none of them part of the answer).
VOLATILE = frozenset({"timings_ms", "conversation_id", "consultation_id", "request_id"})


def answer_key(body: dict[str, Any]) -> dict[str, Any]:
    """The parts of a POST /v1/ask response that must not change: text, abstention, ids — and
    ("response") the whole JSON response but its timings and request ids, so that a speed change
    is held to byte-identical answers (interpretation, every citation's span and quote, evidence,
    what was left unapplied)."""
    return {
        "answer": body["answer"],
        "abstained": body["abstained"],
        "cited": [c["record_id"] for c in body["citations"]],
        "evidence": [e["record_id"] for e in body.get("evidence", [])],
        "response": json.dumps({k: v for k, v in body.items() if k not in VOLATILE},
                               sort_keys=True),
    }


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One line per question (per store present in both) whose recorded answer differs."""
    out: list[str] = []
    for label in sorted(set(before) & set(after)):
        old, new = before[label], after[label]
        for question in sorted(set(old) | set(new)):
            if question not in old or question not in new:
                out.append(f"{label}: {question!r} asked in only one run")
                continue
            # "response" only where both runs recorded it (older recordings lack it)
            parts = [k for k in ("answer", "abstained", "cited", "evidence", "response")
                     if k in old[question] and k in new[question]
                     and old[question][k] != new[question][k]]
            if parts:
                out.append(f"{label}: {question!r} differs in {', '.join(parts)}")
    return out


def compare_file(path: Path, after: dict[str, Any]) -> dict[str, Any]:
    """The comparison with an earlier --answers file, as stored in the bench's results."""
    before = json.loads(path.read_text())
    shared = sorted(set(before) & set(after))
    asked = sum(len(set(before[s]) | set(after[s])) for s in shared)
    diffs = differences(before, after)
    return {"against": str(path), "stores": shared, "questions": asked,
            "differing": diffs, "same": not diffs and bool(shared)}
