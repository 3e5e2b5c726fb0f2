"""The dev set as a CI gate: a ratchet on figures measured on questions the engine was not built from.

Why this exists: the dev set's targets (issue #13: accuracy ≥ 0.9, confidently wrong ≤ 2%, no silent
drops, paraphrase consistency ≥ 0.9) are not met yet, so blocking on them would stop every change,
and not blocking at all would let a change make the engine worse on independent gold unnoticed.
CI therefore blocks on a ratchet, per data source: each figure may not be worse than the one
recorded in `evals/thresholds.toml` `[dev.ratchet.<source>]` — the figures of the last accepted
run on main, measured, never chosen — by more than `tolerance` (one or two phrasings of a source:
a narrative-routed phrasing can flip between machines on float rounding of the embedder). The
targets are still printed PASS/FAIL next to it. Raising a ratchet after an improvement is a
one-line change naming the run; lowering one needs a written reason in the commit.
"""

from __future__ import annotations

from typing import Any

# figure → True when higher is better
DIRECTION = {"accuracy": True, "confidently_wrong_rate": False, "silent_drop_rate": False,
             "paraphrase_consistency": True}


def check(report: dict[str, Any], thresholds: dict[str, Any]) -> list[dict[str, Any]]:
    """One gate per (source run, ratcheted figure); sources the run did not ask are skipped."""
    dev = thresholds.get("dev", {})
    tolerance = float(dev.get("tolerance", 0.0))
    gates = []
    for source, floors in sorted(dev.get("ratchet", {}).items()):
        figs = report.get("by_source", {}).get(source)
        if figs is None:
            continue
        for name, recorded in sorted(floors.items()):
            higher = DIRECTION[name]  # an unknown figure name is a KeyError: a typo must not pass
            value = figs[name]
            ok = value >= recorded - tolerance if higher else value <= recorded + tolerance
            sign = "≥" if higher else "≤"
            bound = round(recorded - tolerance if higher else recorded + tolerance, 4)
            gates.append({"gate": f"{source} {name} {sign} {bound} (recorded {recorded})",
                          "source": source, "metric": name, "value": value, "ok": ok})
    return gates
