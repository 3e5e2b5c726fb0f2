"""The leads eval on the noisy synthetic force: per-detector precision and recall at the default
settings, and a precision–recall curve per detector (its main threshold swept).

Why: on the standard force planted patterns sit just past each default and the background never
comes near one, so six of eight detectors scored 1.0 by construction. The noisy force
(`ingestion/synth/noise.py`, `probity synth --noisy`) adds realistic background and draws planted
sizes from ranges that straddle the defaults; its truth is what was planted, never relabelled by
a detector's rule. Scoring is `evals.leads.score` (the same matching as the standard eval).
Targets (issues #15, #19): recall ≥ 0.8 and precision ≥ 0.7 for every detector at default
settings; the report says PASS/FAIL per detector and the run exits 1 while any fails — it is a
measurement, not a CI gate (`probity eval --suite leads` on the standard force is the gate).

`probity eval --suite leads --noisy [--out DIR]` or
`python -m evals.leads_noisy --data-dir D --out DIR [--people N] [--no-curves]`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from assistant import store
from assistant.leads.config import LeadsConfig
from assistant.leads.context import FULL
from assistant.leads.detect import DETECTORS, detect_leads
from assistant.settings import Settings
from evals.leads import SEED, TARGETS, ingest_records_only, score
from ingestion.synth import stamp

PEOPLE = 2000
RECALL, PRECISION = 0.8, 0.7


def _set(section: str, key: str) -> Callable[[LeadsConfig, Any], LeadsConfig]:
    def apply(cfg: LeadsConfig, value: Any) -> LeadsConfig:
        part = getattr(cfg, section).model_copy(update={key: value})
        return cfg.model_copy(update={section: part})
    return apply


# detector → (the threshold swept, its values, how to set it)
SWEEPS: dict[str, tuple[str, list[Any], Callable[[LeadsConfig, Any], LeadsConfig]]] = {
    "allegation_burst": ("chance_leads (3 complaint days in 90 days, against peers)",
                         [1e-3, 0.01, 0.1, 1.0, 2.0, 5.0, 100.0, 1e5],
                         _set("allegation_burst", "chance_leads")),
    "similar_complaints": ("pair_quantile", [0.9, 0.95, 0.97, 0.99],
                           _set("similar_complaints", "pair_quantile")),
    "repeated_search": ("min_searches", [3, 4, 5, 6, 8, 10],
                        _set("repeated_search", "min_searches")),
    "off_duty_access": ("min_events", [1, 2, 3, 4, 6], _set("off_duty_access", "min_events")),
    "complainant_search": ("max_days_after", [14, 30, 60, 90, 180, 365],
                           _set("complainant_search", "max_days_after")),
    "overtime_absence": ("absence_types", [["sick"], ["sick", "leave", "annual_leave"]],
                         _set("overtime_absence", "absence_types")),
    "undeclared_interest": ("max_people", [1, 2, 3, 5, 100],
                            _set("undeclared_interest", "max_people")),
    "coaccused": ("min_complaints", [2, 3, 4, 5, 6], _set("coaccused", "min_complaints")),
    "colleague_access": ("min_searches", [1, 2, 3, 4], _set("colleague_access", "min_searches")),
    "rota_manipulation": ("min_surprise", [0.0, 1.0, 2.0, 3.0, 4.0, 6.0],
                          _set("rota_manipulation", "min_surprise")),
    "undeclared_association": ("org_similarity", [0.6, 0.7, 0.8, 0.9, 1.0],
                               _set("undeclared_association", "org_similarity")),
}


def ensure_store(data_dir: Path, people: int = PEOPLE) -> Path:
    """The noisy source (with truth.json) and its records-only store, (re)built unless the data
    dir's stamp says the current generator made it (`ingestion.synth.stamp`)."""
    if not stamp.current(data_dir, people, SEED, noisy=True):
        source = stamp.regenerate(data_dir, people, SEED, noisy=True)
        ingest_records_only(str(data_dir), str(source))
        stamp.seal(data_dir, people, SEED, noisy=True)
    return data_dir / stamp.SOURCE / "truth.json"


def evaluate(data_dir: Path, truth_path: Path, curves: bool = True,
             only: list[str] | None = None) -> dict[str, Any]:
    """Score every detector (or `only` these) at the defaults, then sweep each one's main
    threshold when `curves`."""
    names = only or list(DETECTORS)
    truth = json.loads(truth_path.read_text())
    settings = Settings(data_dir=data_dir, today=date.fromisoformat(truth["reference_date"]))
    con = store.connect(settings.duckdb_path, read_only=True,
                        memory_limit=settings.duckdb_memory_limit)
    default = LeadsConfig()
    try:
        def run(names: list[str], cfg: LeadsConfig) -> dict[str, Any]:
            leads = detect_leads(con, settings, names, view=FULL, config=cfg)
            return score(leads, truth)["detectors"]

        started = time.perf_counter()
        rows = run(names, default)
        seconds = round(time.perf_counter() - started, 1)
        out: dict[str, Any] = {"people": truth["people"], "noisy": truth.get("noisy", False),
                               "seconds": seconds, "detectors": {}, "curves": {}}
        for name, r in rows.items():
            if name not in names:
                continue
            if not TARGETS[name]:
                out["detectors"][name] = {"leads": r["leads"], "scored": False}
                continue
            ok = (r["recall"] or 0) >= RECALL and (r["precision"] or 0) >= PRECISION
            out["detectors"][name] = {k: r[k] for k in (
                "planted", "found", "recall", "leads", "true_leads", "decoy_leads",
                "unplanted_leads", "precision", "decoys", "decoys_fired", "missed")} | {
                "passed": ok}
        for name, (param, values, apply) in (SWEEPS.items() if curves else ()):
            if name not in names:
                continue
            points = []
            for value in values:
                r = run([name], apply(default, value))[name]
                points.append({"value": value, "recall": r["recall"],
                               "precision": r["precision"], "leads": r["leads"]})
            out["curves"][name] = {"param": param, "points": points}
    finally:
        con.close()
    out["passed"] = all(r.get("passed", True) for r in out["detectors"].values())
    return out


def markdown(result: dict[str, Any]) -> str:
    lines = [f"# Leads eval on the noisy force — {result['people']:,} staff", "",
             f"Targets per detector at default settings: recall ≥ {RECALL}, precision ≥ "
             f"{PRECISION}. Detection (all detectors) {result['seconds']} s.", "",
             "| detector | planted | found | recall | leads | true | decoy | unplanted | "
             "precision | decoys fired | target |", "|---|---:|---:|---:|---:|---:|---:|---:|"
             "---:|---:|---|"]
    for name, r in result["detectors"].items():
        if not r.get("scored", True):
            lines.append(f"| {name} | – | – | – | {r['leads']} | – | – | – | – | – | "
                         "no planted truth |")
            continue
        lines.append(f"| {name} | {r['planted']} | {r['found']} | {r['recall']} | {r['leads']} "
                     f"| {r['true_leads']} | {r['decoy_leads']} | {r['unplanted_leads']} | "
                     f"{r['precision']} | {len(r['decoys_fired'])}/{r['decoys']} | "
                     f"{'PASS' if r['passed'] else 'FAIL'} |")
    if result["curves"]:
        lines += ["", "## Precision–recall per detector (main threshold swept)", ""]
        for name, c in result["curves"].items():
            pts = "; ".join(f"{p['value']}: P {p['precision']} R {p['recall']} ({p['leads']})"
                            for p in c["points"])
            lines.append(f"- **{name}** ({c['param']}) — {pts}")
    return "\n".join(lines) + "\n"


def run(data_dir: Path, out_dir: Path, people: int = PEOPLE, curves: bool = True,
        only: list[str] | None = None) -> dict[str, Any]:
    result = evaluate(data_dir, ensure_store(data_dir, people), curves, only)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(result, indent=2, default=str))
    (out_dir / "report.md").write_text(markdown(result))
    return result


def main() -> None:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m evals.leads_noisy", description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--no-curves", action="store_true")
    parser.add_argument("--detector", action="append", choices=list(DETECTORS),
                        help="only this detector (repeatable); all by default")
    opts = parser.parse_args()
    result = run(opts.data_dir, opts.out, opts.people, not opts.no_curves, opts.detector)
    print(markdown(result))
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
