"""The leads eval: does each detector find the patterns planted in the synthetic force, and leave
its benign look-alikes (decoys) alone?

`run(settings, out_dir) -> dict` (what `probity eval --suite leads` calls) uses the synthetic store
in `settings.data_dir`, building it (synth + ingest, 2,000 staff) when there is none. Matching:
- a lead *finds* a planted pattern when its detector targets the pattern's type and it is about
  exactly the pattern's people (a co-accused lead, both officers); a similar-complaints lead must
  also quote at least 3 of the planted cluster's complaints (`MIN_CITED`), not merely be about
  its officer;
- a lead *fires on a decoy* when its detector targets what the decoy looks like and it cites one
  of the decoy's records or is about the decoy's people without finding a pattern;
- any other lead matches nothing planted: reported, and counted against precision.
Truth lists only what was planted: the generator never relabels background that happens to
cross a detector's default, so such background counts here as an unplanted lead. The noisy force,
with realistic background and planted sizes either side of the defaults, is `evals/leads_noisy.py`.
`complaint_volume` has no planted ground truth (background outliers are real outliers), so its
leads are reported — count and reviewer load — but kept out of recall and precision.
Passes when overall recall ≥ 0.9, precision ≥ 0.8 and no decoy fires, and every detector with
planted patterns finds ≥ 0.8 of its own at precision ≥ 0.7 (`MIN_DETECTOR_*`): the overall figures
alone let one detector (5 of 58 planted patterns) fall to 0.2 recall unnoticed. The floor is the
noisy eval's per-detector target; on the demo's force (the CI gate) the weakest detector,
similar_complaints, finds 4 of 5 at precision 0.8. The 45,000-staff run
(`python -m evals.leads --people 45000 …`) also reports time and peak memory of every step.
"""

from __future__ import annotations

import json
import resource
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from assistant import store
from assistant.cli import DEMO_PEOPLE
from assistant.cli import DEMO_SEED as SEED
from assistant.leads.context import FULL, View
from assistant.leads.detect import DETECTORS, describe, detect_leads
from assistant.leads.models import Lead
from assistant.settings import Settings
from ingestion.synth import stamp

TARGETS: dict[str, tuple[str, ...]] = {
    "complaint_volume": (),
    "allegation_burst": ("use_of_force_cluster",),
    "similar_complaints": ("similar_complaints",),
    "repeated_search": ("repeated_search_unlinked",),
    "off_duty_access": ("access_while_on_leave",),
    "complainant_search": ("complainant_searched_by_accused",),
    "overtime_absence": ("overtime_while_sick_or_leave",),
    "undeclared_interest": ("undeclared_business_interest",),
    "coaccused": ("repeat_coaccused",),
    "colleague_access": ("colleague_or_family_access",),
    "rota_manipulation": ("rota_manipulation",),
    "undeclared_association": ("undeclared_association",),
}
MIN_CITED = {"similar_complaints": 3}  # records of the pattern a lead must cite to find it
MIN_RECALL, MIN_PRECISION = 0.9, 0.8
MIN_DETECTOR_RECALL, MIN_DETECTOR_PRECISION = 0.8, 0.7  # each detector with planted patterns


def ensure_store(settings: Settings, people: int = DEMO_PEOPLE) -> Path:
    """The synthetic source (with truth.json) behind the data dir's store, (re)built unless the
    data dir's stamp says the current generator made it (`ingestion.synth.stamp`)."""
    from ingestion.run import ingest

    source = settings.data_dir / stamp.SOURCE
    fresh = not stamp.current(settings.data_dir, people, SEED, noisy=False)
    if fresh:
        stamp.regenerate(settings.data_dir, people, SEED, noisy=False)
    if fresh or not _ingested(settings):
        summary = ingest(settings, ["synthetic"], source, show_progress=False)
        if summary.failed:
            raise RuntimeError(f"ingest failed: {[s.error for s in summary.sources]}")
        stamp.seal(settings.data_dir, people, SEED, noisy=False)
    return source / "truth.json"


def store_dir(root: Path, people: int = DEMO_PEOPLE) -> Path:
    """Where `probity eval --suite leads` scores: the data dir itself when it holds exactly the
    demo's force (`probity demo` builds the leads eval's force and stamps it; nothing but the
    synthetic source ingested), so CI scores the demo it just built instead of building the same
    2,000 staff again; otherwise a data dir of the eval's own, `<root>/eval-leads`."""
    if stamp.current(root, people, SEED, noisy=False):
        con = store.connect(Settings(data_dir=root).duckdb_path, read_only=True)
        try:
            mappings = {m for (m,) in con.execute("SELECT DISTINCT mapping FROM ingest_run")
                        .fetchall()}
        finally:
            con.close()
        if mappings == {"synthetic"}:
            return root
    return root / "eval-leads"


def _ingested(settings: Settings) -> bool:
    con = store.connect(
        settings.duckdb_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    try:
        return bool((con.execute("SELECT count(*) FROM chunk WHERE embedded").fetchone()
                     or (0,))[0])
    finally:
        con.close()


def score(leads: list[Lead], truth: dict[str, Any]) -> dict[str, Any]:
    """Per detector: leads, found / planted, decoy hits, unplanted leads; plus overall."""
    rows: dict[str, dict[str, Any]] = {}
    found_patterns: set[str] = set()
    fired_decoys: set[str] = set()
    for name, targets in TARGETS.items():
        mine = [x for x in leads if x.detector == name]
        patterns = [p for p in truth["patterns"] if p["type"] in targets]
        decoys = [d for d in truth["decoys"] if d["looks_like"] in targets]
        tp = fp_decoy = unplanted = 0
        found = set()
        hits: list[dict[str, Any]] = []
        for lead in mine:
            people = set(lead.people)
            cited = {c.record_id for c in lead.evidence}
            matched = [p["id"] for p in patterns if set(p["person_ids"]) == people
                       and len(cited & set(p["record_ids"])) >= MIN_CITED.get(name, 0)]
            decoyed = [d["id"] for d in decoys if cited & set(d["record_ids"])
                       or (not matched and set(d["person_ids"]) == people)]
            found.update(matched)
            fired_decoys.update(decoyed)
            tp += bool(matched) and not decoyed
            fp_decoy += bool(decoyed)
            unplanted += not matched and not decoyed
            if not matched:
                hits.append({"lead_id": lead.lead_id, "people": lead.people,
                             "decoys": decoyed, "explanation": lead.explanation})
        found_patterns |= found
        judged = tp + fp_decoy + unplanted
        rows[name] = {
            "targets": list(targets), "leads": len(mine), "planted": len(patterns),
            "found": len(found), "recall": _ratio(len(found), len(patterns)),
            "true_leads": tp, "decoy_leads": fp_decoy, "unplanted_leads": unplanted,
            "precision": _ratio(tp, judged) if targets else None,
            "decoys": len(decoys), "decoys_fired": sorted({d for h in hits for d in h["decoys"]}),
            "missed": sorted({p["id"] for p in patterns} - found), "false_leads": hits[:20]}
    scored = [r for r in rows.values() if r["targets"]]
    tp = sum(r["true_leads"] for r in scored)
    fp = sum(r["decoy_leads"] + r["unplanted_leads"] for r in scored)
    planted = sum(r["planted"] for r in scored)
    return {"detectors": rows, "overall": {
        "planted": planted, "found": len(found_patterns), "recall": _ratio(len(found_patterns),
                                                                          planted),
        "leads": len(leads), "judged_leads": tp + fp, "true_leads": tp, "false_leads": fp,
        "precision": _ratio(tp, tp + fp), "precision_vs_decoys": _ratio(
            tp, tp + sum(r["decoy_leads"] for r in scored)),
        "decoys": len(truth["decoys"]), "decoys_fired": len(fired_decoys)}}


def below_floor(detectors: dict[str, dict[str, Any]]) -> list[str]:
    """The detectors with planted patterns whose own recall or precision is under the floor,
    each with the figure that missed ("similar_complaints recall 0.6 < 0.8")."""
    misses = []
    for name, row in detectors.items():
        if not row["planted"]:
            continue
        for what, floor in (("recall", MIN_DETECTOR_RECALL),
                            ("precision", MIN_DETECTOR_PRECISION)):
            if (row[what] or 0) < floor:
                misses.append(f"{name} {what} {row[what]} < {floor}")
    return misses


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate(settings: Settings, truth_path: Path) -> dict[str, Any]:
    """Detect (timed per detector) in the full and the uncleared view, and score the full one."""
    truth = json.loads(truth_path.read_text())
    today = date.fromisoformat(truth["reference_date"])
    settings = settings.model_copy(update={"today": today})
    began = time.perf_counter()
    con = store.connect(
        settings.duckdb_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    try:
        seconds, leads = {}, []
        for name in DETECTORS:
            started = time.perf_counter()
            leads += detect_leads(con, settings, [name], view=FULL)
            seconds[name] = round(time.perf_counter() - started, 2)
        uncleared = detect_leads(con, settings, view=View(False, False))
    finally:
        con.close()
    result = score(leads, truth)
    per_k = 1000 / truth["people"]
    for name, row in result["detectors"].items():
        row["seconds"] = seconds[name]
        row["per_1000_staff"] = round(row["leads"] * per_k, 2)
        row["rationale"] = describe()[name]
    overall = result["overall"]
    overall |= {"people": truth["people"], "seconds": round(sum(seconds.values()), 2),
                "eval_seconds": round(time.perf_counter() - began, 2),
                "per_1000_staff": round(len(leads) * per_k, 2),
                "uncleared_leads": len(uncleared),
                "uncleared_per_1000_staff": round(len(uncleared) * per_k, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    overall["below_floor"] = below_floor(result["detectors"])
    overall["passed"] = bool((overall["recall"] or 0) >= MIN_RECALL
                             and (overall["precision"] or 0) >= MIN_PRECISION
                             and overall["decoys_fired"] == 0 and not overall["below_floor"])
    result["uncleared_by_detector"] = dict(Counter(x.detector for x in uncleared))
    return result


def markdown(result: dict[str, Any], steps: dict[str, Any] | None = None) -> str:
    o = result["overall"]
    lines = [f"# Leads eval — {o['people']:,} staff", "",
             f"**{'PASS' if o['passed'] else 'FAIL'}**: recall {o['recall']} (≥ {MIN_RECALL}), "
             f"precision {o['precision']} (≥ {MIN_PRECISION}; {o['precision_vs_decoys']} "
             f"against decoys alone), decoys fired {o['decoys_fired']} of {o['decoys']} (0); "
             f"per detector recall ≥ {MIN_DETECTOR_RECALL} and precision ≥ "
             f"{MIN_DETECTOR_PRECISION}: "
             f"{'; '.join(o.get('below_floor') or []) or 'every detector meets it'}.",
             "", f"Reviewer load: {o['leads']:,} leads, **{o['per_1000_staff']} per 1,000 "
             f"staff** for a cleared reviewer ({o['uncleared_per_1000_staff']} for an uncleared "
             f"one). Detection {o['seconds']} s, peak RSS {o['peak_rss_mb']} MB.", "",
             "| detector | planted | found | recall | leads | true | decoy | unplanted | "
             "precision | decoys fired | per 1,000 staff | seconds |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in result["detectors"].items():
        lines.append(f"| {name} | {r['planted']} | {r['found']} | {r['recall']} | {r['leads']} "
                     f"| {r['true_leads']} | {r['decoy_leads']} | {r['unplanted_leads']} | "
                     f"{r['precision']} | {len(r['decoys_fired'])}/{r['decoys']} | "
                     f"{r['per_1000_staff']} | {r['seconds']} |")
    lines += ["", "`complaint_volume` has no planted ground truth: its leads are background "
              "officers far above their peers, counted in the load but not in recall/precision.",
              "", "## Detectors", ""]
    lines += [f"- **{name}** — {r['rationale']}" for name, r in result["detectors"].items()]
    misses = {n: r["missed"] for n, r in result["detectors"].items() if r["missed"]}
    false = {n: r["false_leads"] for n, r in result["detectors"].items()
             if r["false_leads"] and r["targets"]}
    if misses or false:
        lines += ["", "## Misses and false leads", ""]
        lines += [f"- {n}: missed {', '.join(m)}" for n, m in misses.items()]
        lines += [f"- {n}: {h['lead_id']} {h['people']} {h['decoys'] or 'unplanted'} — "
                  f"{h['explanation']}" for n, hs in false.items() for h in hs]
    if steps:
        lines += ["", "## Scale run", "", "| step | seconds | peak RSS MB |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['seconds']} | {v['peak_rss_mb']} |" for k, v in steps.items()]
    return "\n".join(lines) + "\n"


def write_report(result: dict[str, Any], out_dir: Path,
                 steps: dict[str, Any] | None = None) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps({**result, "steps": steps or {}}, indent=2,
                                                    default=str))
    (out_dir / "report.md").write_text(markdown(result, steps))


def run(settings: Settings, out_dir: Path) -> dict[str, Any]:
    """`probity eval --suite leads`: metrics per detector and overall, plus `passed`."""
    truth = ensure_store(settings)
    result = evaluate(settings, truth)
    write_report(result, out_dir)
    return {**result["overall"], "detectors": result["detectors"]}


def _child(args: list[str]) -> dict[str, float]:
    """Run a step as a child process: its wall time and its own peak RSS (wait4)."""
    import os
    import subprocess

    started = time.perf_counter()
    proc = subprocess.Popen(args)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(args)} exited with {proc.returncode}")
    return {"seconds": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024)}


def ingest_records_only(data_dir: str, source: str) -> None:
    """Records and people, no narrative index: no detector reads the index (similar_complaints
    embeds the sentences it compares), and at 45,000 staff indexing ~100k narratives takes over
    an hour on two shared cores (records alone: ~7 minutes)."""
    from ingestion.pipeline import ingest_records
    from ingestion.resolve import resolve_people

    settings = Settings(data_dir=Path(data_dir))
    con = store.connect(settings.duckdb_path, memory_limit=settings.duckdb_memory_limit)
    try:
        store.drop_lookup_indexes(con)  # as the ordinary ingest does: bulk writes go faster
        report = ingest_records(con, "synthetic", Path(source), lambda msg: None)
        if report.error:
            raise RuntimeError(report.error)
        resolve_people(con)
        store.create_lookup_indexes(con)
    finally:
        con.close()


def main() -> None:
    """The scale run: synthesise and ingest a force of --people staff (each step timed, with its
    peak memory), then run the eval and write the report."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m evals.leads", description=main.__doc__)
    parser.add_argument("--people", type=int, default=DEMO_PEOPLE)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--records-only", action="store_true",
                        help="ingest records without the narrative index (see "
                        "ingest_records_only)")
    opts = parser.parse_args()
    settings = Settings(data_dir=opts.data_dir)
    source = opts.data_dir / stamp.SOURCE
    truth = source / "truth.json"
    probity = [sys.executable, "-c", "from assistant.cli import main; main()"]
    log = opts.data_dir / "scale-steps.json"  # build steps are timed once, reported every run
    fresh = not stamp.current(opts.data_dir, opts.people, SEED, noisy=False)
    steps: dict[str, Any] = json.loads(log.read_text()) if log.is_file() and not fresh else {}
    if fresh:
        steps["synth"] = _child([
            sys.executable, "-c", "import pathlib, sys; from ingestion.synth.stamp import regenerate "
            "as f; f(pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), False)",
            str(opts.data_dir), str(opts.people), str(SEED)])
        log.write_text(json.dumps(steps, indent=2))
    if opts.records_only and (fresh or "ingest (records only)" not in steps):
        steps["ingest (records only)"] = _child([
            sys.executable, "-c", "import sys; from evals.leads import ingest_records_only as f; "
            "f(*sys.argv[1:])", str(opts.data_dir), str(source)])
        stamp.seal(opts.data_dir, opts.people, SEED, noisy=False)
    elif not opts.records_only and (fresh or not _ingested(settings)):
        steps["ingest"] = _child([*probity, "ingest", "--mapping", "synthetic", "--source",
                                  str(source), "--data-dir", str(opts.data_dir), "--quiet"])
        stamp.seal(opts.data_dir, opts.people, SEED, noisy=False)
    log.write_text(json.dumps(steps, indent=2))
    result = evaluate(settings, truth)
    o = result["overall"]
    steps["detect (all detectors, full + uncleared view) and score"] = {
        "seconds": o["eval_seconds"], "peak_rss_mb": o["peak_rss_mb"]}
    write_report(result, opts.out, steps)
    print((opts.out / "report.md").read_text())
    sys.exit(0 if o["passed"] else 1)


if __name__ == "__main__":
    main()
