"""`generate()`: build the whole Westshire world and write every system's export + truth.json."""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from . import world as w
from .access import Access
from .conduct import build_conduct
from .dates import fmt
from .duty import Duty
from .inject import plant_injections
from .memberships import Memberships, staff_dobs
from .names import BusinessNames
from .noise import Noise
from .plant import Planter, collar_traps, validate_psd
from .psd import PSD
from .registers import Registers
from .relations import plant_relations
from .rota import amend
from .staff import Staff, build_public, build_staff, vrm_pool
from .truth import Truth

Progress = Callable[[str, int, int], None]
MIN_PEOPLE = 150
COMPLAINTS_PER_PERSON = 1.85  # background complaints over the five years (≈0.4/person/year)


def write_staff(st: Staff, out: Path, dobs: list[date] | None = None) -> int:
    (out / "hr").mkdir(parents=True, exist_ok=True)
    with (out / "hr/staff.csv").open("w", newline="", encoding="utf-8") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["payroll_no", "warrant_no", "collar_no", "network_login", "email",
                     "forename", "surname", "rank", "job_title", "station", "district",
                     "start_date", "leave_date", *(["date_of_birth"] if dobs else [])])
        for i in range(st.n):
            wr.writerow([st.payroll[i], st.warrant[i], st.collar[i], st.login[i], st.email[i],
                         st.forename[i], st.surname[i], st.rank[i], st.title[i], st.station[i],
                         st.district[i], fmt(int(st.start[i]), "dmy"),
                         fmt(int(st.leave[i]), "dmy") if st.leave[i] else "",
                         *([f"{dobs[i]:%d/%m/%Y}"] if dobs else [])])
    return st.n


def generate(people: int, seed: int, out: Path, progress: Progress | None = None,
             noisy: bool = False) -> dict[str, Any]:
    """Write Westshire Police's exports for `people` staff under `out`; same seed, same bytes.
    `noisy` adds realistic background for every lead detector and planted sizes that straddle
    the detector defaults (see noise.py)."""
    if people < MIN_PEOPLE:
        raise ValueError(f"people must be at least {MIN_PEOPLE} (got {people})")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    mark = [started]

    def stage(name: str, step: int) -> None:
        now = time.perf_counter()
        timings[name] = round(now - mark[0], 2)
        mark[0] = now
        if progress:
            progress("synth", step, 9)

    st = build_staff(people, seed)
    truth = Truth(noisy=noisy)
    biz = BusinessNames(random.Random(f"{seed}:business"), w.TOWNS)
    n_bg = round(people * COMPLAINTS_PER_PERSON)
    pub = build_public(max(20_000, 3 * people), n_bg + 60 * max(3, people // 400) + 500, seed)
    vrms = vrm_pool(max(50_000, 4 * people), seed)
    stage("staff_and_public", 1)

    psd = PSD(st, pub, seed)
    psd.background(n_bg)
    planter = Planter(st, psd, truth, seed, biz, noisy=noisy)
    plans = planter.run()
    noise = Noise(st, truth, seed, planter.used) if noisy else None
    if noise:
        noise.complaints(psd)
    stage("complaints_planned", 2)

    duty = Duty(st, truth, seed)
    duty.sickness(plans.overtime_decoys)
    duty.roster()
    duty.overtime(plans)
    if noise:
        noise.duty(duty)
    stage("sickness_roster_overtime", 3)

    access = Access(st, pub, duty, vrms, truth, seed, noisy=noisy)
    access.background(progress)
    access.plant(plans, psd)
    if noise:
        noise.access(access, psd)
    plant_relations(st, access, psd, truth, seed, plans.colleague_access, plans.colleague_decoys,
                    noisy)
    # Roster amendments (rota.py) after the audit log is drawn from the roster as first planned,
    # then the log loses its background events on days the amendments took off duty: the log's
    # random draws (and so the dev sets written over this force) do not depend on the trail.
    planned = duty.codes.copy()
    amend(st, duty, truth, seed, planter.used, noisy)
    access.drop_unworked(planned)
    access.finalise()
    access.validate()
    stage("access_generated", 4)

    psd.finalise()
    traps = collar_traps(st, psd, truth, seed)
    validate_psd(st, psd, truth)
    plant_injections(psd, truth, seed)
    stage("narratives", 5)

    dobs = staff_dobs(st, seed)
    files: dict[str, int] = {"hr/staff.csv": write_staff(st, out, dobs)}
    files |= psd.write(out, truth, traps)
    files |= build_conduct(st, psd, truth, out, seed)
    counts = [0] * st.n
    for c in psd.complaints:
        for i in set(c.officers):
            counts[i] += 1
    reg = Registers(st, pub, truth, biz, seed, counts)
    reg.declarations([(i, co) for i, co, declared in plans.company_intel if declared])
    reg.reports(plans)
    if noise:
        noise.intel(reg, biz)
    lists = Memberships(st, pub, truth, seed, dobs, planter.used, noisy)
    lists.build(reg)
    files |= reg.write(out)
    files |= lists.write(out, reg)
    stage("psd_and_registers_written", 6)

    files |= duty.write(out, progress)
    stage("duty_written", 7)
    files["audit/system_access.jsonl"] = access.write(out / "audit/system_access.jsonl", progress)
    stage("access_written", 8)
    truth_counts = truth.write(out / "truth.json", seed, people)
    stage("truth_written", 9)

    narratives = sum(files[f] for f in ("psd/complaints.csv", "psd/conduct_cases.csv",
                                        "hr/declarations.csv", "intel/reports.csv"))
    return {
        "out": str(out), "people": people, "seed": seed, "noisy": noisy,
        "files": dict(sorted(files.items())),
        "bytes": {f: (out / f).stat().st_size for f in sorted(files)},
        "rows_total": sum(files.values()), "narratives": narratives,
        "truth": truth_counts, "timings": timings,
        "seconds": round(time.perf_counter() - started, 2),
    }
