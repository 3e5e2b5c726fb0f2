"""Sickness (HR absence system), the duty roster and overtime claims.

The roster is a (staff × day) array of duty codes for the final year, built from shift patterns,
then training, annual leave and sickness laid over it, so the sickness export, the roster and
the overtime claims always agree with each other except where a pattern is planted.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import world as w
from .dates import fmt
from .plant import Plans
from .staff import OFFICER, Staff
from .truth import Truth

Progress = Callable[[str, int, int], None]
NONE, D, E, N, RD, AL, SK, TR = range(8)
CODE_STR = ["", "D", "E", "N", "RD", "AL", "SK", "TR"]
WORKING = (D, E, N, TR)
GROUPS = {"response": 0, "rota": 0, "neighbourhood": 1, "cid": 2, "office": 3}
# timing group → code → (start, end) as "HH:MM"
TIMES = [
    {D: ("07:00", "17:00"), E: ("14:00", "00:00"), N: ("22:00", "07:00"), TR: ("09:00", "17:00")},
    {D: ("08:00", "16:00"), E: ("14:00", "22:00"), N: ("22:00", "06:00"), TR: ("09:00", "17:00")},
    {D: ("08:00", "16:00"), E: ("12:00", "20:00"), N: ("20:00", "04:00"), TR: ("09:00", "17:00")},
    {D: ("08:00", "16:00"), E: ("10:00", "18:00"), N: ("18:00", "02:00"), TR: ("09:00", "17:00")},
]
PATTERNS = [np.array(p, np.int8) for p in (
    [D, D, E, E, N, N, RD, RD, RD, RD],
    [D, D, D, D, D, RD, RD, E, E, E, E, E, RD, RD],
    [D, D, D, D, D, RD, RD] * 3 + [E, E, E, E, E, RD, RD],
    [D, D, D, D, D, RD, RD],
)]
SHORT = ["Cold/flu", "Gastrointestinal", "Headache/migraine", "Respiratory infection",
         "Dental", "Back pain", "Covid-19"]
MEDIUM = ["Musculoskeletal - back", "Injury on duty", "Stress", "Infection",
          "Surgery/hospital treatment", "Musculoskeletal - knee"]
LONG = ["Anxiety/depression", "Stress - work related", "Post-operative recovery",
        "Musculoskeletal - shoulder", "Cancer treatment", "Injury on duty"]
EXTENSION = ["Late arrest", "Prisoner processing", "Ongoing incident at end of shift",
             "Scene preservation", "Awaiting handover", "Statement taking", "Hospital guard"]
REST_DAY = ["Rest day cancelled - operational need", "Football policing - Marlhaven Town",
            "Court attendance", "Event policing", "Mutual aid", "Operation Harrier",
            "Operation Kestrel - night-time economy"]


def minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


class Duty:
    def __init__(self, st: Staff, truth: Truth, seed: int) -> None:
        self.st, self.truth, self.seed = st, truth, seed
        self.rng = random.Random(f"{seed}:duty")
        self.group = np.array([GROUPS[p] for p in st.pattern], np.int8)
        self.episodes: list[list] = []  # [start, end, staff idx, reason, ref]
        self.codes = np.zeros((st.n, w.ROSTER_DAYS), np.int8)
        self.claims: list[dict[str, np.ndarray]] = []  # column blocks, merged on write
        self.tag_ref: dict[int, str] = {}  # planted claim tag → record id
        self.by_person: dict[int, list[list]] = {}
        self.base = self.codes  # the shift pattern before training, leave and sickness
        # (staff idx, roster day) → (original code, amended by idx, amended at (ordinal, minute),
        # swapped with idx or -1, reason): the duty system's amendment trail (rota.py)
        self.amendments: dict[tuple[int, int], tuple[int, int, tuple[int, int], int, str]] = {}
        self.end_min = np.zeros((len(TIMES), 8), np.int64)
        for g, table in enumerate(TIMES):
            for code, (_, end) in table.items():
                self.end_min[g, code] = minutes(end)

    # sickness --------------------------------------------------------------------------------
    def sickness(self, force_2025: list[int]) -> None:
        st, rng = self.st, self.rng
        nprng = np.random.default_rng([self.seed, 21])
        rate = nprng.gamma(2.0, 1.0, st.n)
        must = set(force_2025)
        for i in range(st.n):
            lo, hi = st.active_from(i), st.active_to(i)
            k = int(nprng.poisson(rate[i] * (hi - lo + 1) / 365.25))
            starts = sorted(rng.randint(lo, hi) for _ in range(k))
            mine: list[list] = []
            last_end = 0
            for s in starts:
                if s <= last_end + 3:
                    continue
                r = rng.random()
                if r < 0.6:
                    length, bank = rng.randint(1, 3), SHORT
                elif r < 0.86:
                    length, bank = rng.randint(4, 10), MEDIUM
                elif r < 0.97:
                    length, bank = rng.randint(11, 30), MEDIUM + LONG
                else:
                    length, bank = rng.randint(31, 120), LONG
                e = min(s + length - 1, hi)
                reason = rng.choice(bank)
                if reason == "Covid-19" and w.day(s).year > 2022 and rng.random() < 0.7:
                    reason = "Cold/flu"
                mine.append([s, e, i, reason, ""])
                last_end = e
            if i in must and not any(ep[0] > w.ROSTER_ORD + 20 for ep in mine):
                self._insert_episode(mine, i)
            self.episodes += mine
        self.episodes.sort(key=lambda x: (x[0], x[2]))
        for k, ep in enumerate(self.episodes):
            ep[4] = f"ABS{k + 1:07d}"
            self.by_person.setdefault(ep[2], []).append(ep)

    def _insert_episode(self, mine: list[list], i: int) -> None:
        """A short 2025 sickness episode for a decoy, clear of the person's other episodes."""
        for _ in range(200):
            s = self.rng.randint(w.ROSTER_ORD + 30, w.END_ORD - 40)
            e = s + self.rng.randint(1, 3)
            if all(e + 5 < a or s - 5 > b for a, b, *_ in mine):
                mine.append([s, e, i, self.rng.choice(SHORT), ""])
                mine.sort()
                return
        raise RuntimeError("no room for a sickness episode")

    # roster ----------------------------------------------------------------------------------
    def roster(self) -> None:
        st, rng, codes = self.st, self.rng, self.codes
        nprng = np.random.default_rng([self.seed, 22])
        days = np.arange(w.ROSTER_DAYS)
        wd0 = w.ROSTER_START.weekday()
        for g, pat in enumerate(PATTERNS):
            rows = np.nonzero(self.group == g)[0]
            if g == 0:
                phase = np.array([rng.randrange(len(pat)) for _ in rows])
            else:
                phase = np.array([7 * rng.randrange(len(pat) // 7) for _ in rows])
            idx = (days[None, :] + wd0 + phase[:, None]) % len(pat)
            codes[rows] = pat[idx]
        self.base = codes.copy()
        people = np.arange(st.n)
        # training: a handful of working days each
        tr_rows = np.repeat(people, 8)
        tr_cols = nprng.integers(0, w.ROSTER_DAYS, len(tr_rows))
        hit = (codes[tr_rows, tr_cols] >= D) & (codes[tr_rows, tr_cols] <= N)
        codes[tr_rows[hit], tr_cols[hit]] = TR
        # annual leave: 3–5 blocks of 3–14 days each, taken over working days
        blocks = nprng.integers(3, 6, st.n)
        for b in range(5):
            start = nprng.integers(0, w.ROSTER_DAYS - 3, st.n)
            length = nprng.integers(3, 15, st.n)
            for off in range(14):
                col = np.minimum(start + off, w.ROSTER_DAYS - 1)
                cur = codes[people, col]
                take = (b < blocks) & (off < length) & (cur >= D) & (cur <= N)
                codes[people[take], col[take]] = AL
        first = np.maximum(st.start, w.ROSTER_ORD) - w.ROSTER_ORD
        last = np.where(st.leave > 0, st.leave, w.END_ORD) - w.ROSTER_ORD
        codes[(days[None, :] < first[:, None]) | (days[None, :] > last[:, None])] = NONE
        for s, e, i, _, _ in self.episodes:
            if e >= w.ROSTER_ORD:
                a, b2 = max(s, w.ROSTER_ORD) - w.ROSTER_ORD, e - w.ROSTER_ORD
                seg = codes[i, a: b2 + 1]
                seg[seg != NONE] = SK

    # overtime --------------------------------------------------------------------------------
    def overtime(self, plans: Plans) -> None:
        """Background claims (vectorised) only on worked or rest days; planted ones on days of
        leave or sickness; decoys on the day before a sickness episode."""
        st, rng, codes = self.st, self.rng, self.codes
        nprng = np.random.default_rng([self.seed, 31])
        officers = np.flatnonzero((st.group == OFFICER) & codes.any(1))
        ok = (codes[officers] >= D) & (codes[officers] <= RD)
        per = ok.sum(1)
        k = np.minimum(nprng.poisson(nprng.gamma(1.5, 14 / 1.5, len(officers))), per)
        _, cols = np.nonzero(ok)
        offsets = np.cumsum(per) - per
        row = np.repeat(np.arange(len(officers)), k)
        day = cols[offsets[row] + (nprng.random(len(row)) * per[row]).astype(np.int64)]
        person = officers[row]
        key = np.unique(person.astype(np.int64) * w.ROSTER_DAYS + day)  # one claim a day
        person, day = key // w.ROSTER_DAYS, key % w.ROSTER_DAYS
        self._add_claims(person, day, np.full(len(day), -1), nprng)
        planted: list[tuple[int, int, int]] = []  # (person, day, tag)
        for i in plans.overtime_sick:
            sick = np.flatnonzero(codes[i] == SK)
            leave = np.flatnonzero(codes[i] == AL)
            days = sick if len(sick) and (rng.random() < 0.6 or not len(leave)) else leave
            picked = sorted(rng.sample(days.tolist(), min(len(days), rng.randint(1, 2))))
            tags = [len(planted) + j for j in range(len(picked))]
            planted += [(i, d, t) for d, t in zip(picked, tags, strict=True)]
            self.truth.pattern("overtime_while_sick_or_leave", [st.pid(i)],
                               lambda tags=tags, i=i, picked=picked: self._ids(tags, i, picked),
                               {"dates": [w.day(w.ROSTER_ORD + d).isoformat() for d in picked],
                                "roster_code": CODE_STR[int(codes[i, picked[0]])]})
        for i in plans.overtime_decoys:
            ep = [e for e in self.by_person[i] if e[0] - 1 >= w.ROSTER_ORD][-1]
            d = ep[0] - 1 - w.ROSTER_ORD
            if codes[i, d] not in (D, E, N, RD):
                codes[i, d] = D
            tag = len(planted)
            planted.append((i, d, tag))
            self.truth.decoy("overtime_while_sick_or_leave", "overtime_before_sickness",
                             [st.pid(i)], lambda tag=tag, ep=ep: [self.tag_ref[tag],
                                                                  f"absence:syn:{ep[4]}"],
                             {"claim_date": w.day(w.ROSTER_ORD + d).isoformat(),
                              "sickness_from": w.day(ep[0]).isoformat(),
                              "why_benign": "worked the day before falling sick"})
        if planted:
            p = np.array(planted, np.int64)
            self._add_claims(p[:, 0], p[:, 1], p[:, 2], nprng)

    def _add_claims(self, person: np.ndarray, day: np.ndarray, tag: np.ndarray,
                    nprng: np.random.Generator) -> None:
        code = self.codes[person, day]
        grp = self.group[person]
        ext = (code >= D) & (code <= N)  # staying on after a shift; otherwise a day's work
        n = len(day)
        start = np.where(ext, self.end_min[grp, code],
                         np.array([480, 540, 600, 720])[nprng.integers(0, 4, n)])
        hours = np.where(ext, np.array([1.0, 1.5, 2.0, 2.5, 3.0, 4.0])[nprng.integers(0, 6, n)],
                         np.array([4.0, 6.0, 8.0, 8.0, 10.0])[nprng.integers(0, 5, n)])
        reason = np.where(ext, nprng.integers(0, len(EXTENSION), n),
                          len(EXTENSION) + nprng.integers(0, len(REST_DAY), n))
        self.claims.append({"day": day + w.ROSTER_ORD, "person": person, "start": start,
                            "hours": hours, "reason": reason, "tag": tag})

    def _ids(self, tags: list[int], i: int, days: list[int]) -> list[str]:
        out: list[str] = []
        for t, d in zip(tags, days, strict=True):
            ordinal = w.ROSTER_ORD + d
            out += [self.tag_ref[t],
                    f"duty_shift:syn:{self.st.payroll[i]}-{w.day(ordinal).isoformat()}"]
            out += [f"absence:syn:{ref}" for s, e, _, _, ref in self.by_person.get(i, [])
                    if s <= ordinal <= e]
        return out

    # export ----------------------------------------------------------------------------------
    def write(self, out: Path, progress: Progress | None) -> dict[str, int]:
        st, truth = self.st, self.truth
        for sub in ("hr", "roster", "overtime"):
            (out / sub).mkdir(parents=True, exist_ok=True)
        with (out / "hr/sickness.csv").open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, lineterminator="\n")
            wr.writerow(["absence_ref", "employee_no", "first_day", "last_day", "reason",
                         "certificate"])
            for s, e, i, reason, ref in self.episodes:
                wr.writerow([ref, st.payroll[i], fmt(s, "dmy-dash"), fmt(e, "dmy-dash"), reason,
                             "Self-certified" if e - s < 7 else "Fit note"])
                truth.alias(f"absence:syn:{ref}", "employee", st.pid(i))
        cl = {k: np.concatenate([c[k] for c in self.claims]) for k in self.claims[0]}
        order = np.lexsort((cl["start"], cl["person"], cl["day"]))
        reasons = EXTENSION + REST_DAY
        with (out / "overtime/claims.csv").open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, lineterminator="\n")
            wr.writerow(["claim_ref", "warrant_number", "claim_date", "start_time", "end_time",
                         "hours", "reason", "authorised"])
            for seq, (d, i, start, hours, reason, tag) in enumerate(zip(*(
                    cl[k][order].tolist() for k in ("day", "person", "start", "hours", "reason",
                                                     "tag")), strict=True), 1):
                ref = f"OT-{w.day(d).year % 100:02d}-{seq:06d}"
                end = (start + int(hours * 60)) % 1440
                wr.writerow([ref, st.warrant[i], fmt(d, "d-mon-y"),
                             f"{start // 60:02d}:{start % 60:02d}",
                             f"{end // 60:02d}:{end % 60:02d}",
                             f"{hours:.2f}", reasons[reason], "Y" if seq % 9 else "Pending"])
                truth.alias(f"duty_shift:syn:{ref}", "staff", st.pid(i))
                if tag >= 0:
                    self.tag_ref[tag] = f"duty_shift:syn:{ref}"
        n_claims = len(order)
        rows = self._write_roster(out / "roster/duties.csv", progress)
        return {"hr/sickness.csv": len(self.episodes), "overtime/claims.csv": n_claims,
                "roster/duties.csv": rows}

    def _amended(self, line: str, edit: tuple[int, int, tuple[int, int], int, str]) -> str:
        """A roster line (after its payroll number) with the amendment columns filled."""
        orig, by, (ordinal, minute), partner, reason = edit
        at = f"{fmt(ordinal, 'iso')} {minute // 60:02d}:{minute % 60:02d}"
        swap = self.st.payroll[partner] if partner >= 0 else ""
        reason = f'"{reason}"' if "," in reason else reason
        return (line[: -len(",,,,,\n")]
                + f",{self.st.login[by]},{at},{CODE_STR[orig]},{swap},{reason}\n")

    def _write_roster(self, path: Path, progress: Progress | None) -> int:
        st, codes = self.st, self.codes
        dates = [fmt(w.ROSTER_ORD + d, "iso") for d in range(w.ROSTER_DAYS)]
        tails = []  # per timing group: flat list indexed code * days + day
        for g in range(len(TIMES)):
            flat = []
            for code in range(8):
                start, end = TIMES[g].get(code, ("", ""))
                flat += [f",{ds},{start},{end},{CODE_STR[code]},,,,,\n" for ds in dates]
            tails.append(flat)
        day_idx = np.arange(w.ROSTER_DAYS)
        total = 0
        # a deterministic sample of roster rows whose true person goes into truth.json
        rng = np.random.default_rng([self.seed, 41])
        cells = rng.choice(st.n * w.ROSTER_DAYS, size=min(8000, st.n * w.ROSTER_DAYS),
                           replace=False)
        cells = cells[codes.ravel()[cells] != NONE][:2000]
        for cell in np.sort(cells).tolist():
            i, d = divmod(cell, w.ROSTER_DAYS)
            self.truth.alias(f"duty_shift:syn:{st.payroll[i]}-{dates[d]}", "staff", st.pid(i))
        edited: dict[int, list[int]] = {}
        for i, d in self.amendments:
            if codes[i, d] != NONE:
                edited.setdefault(i, []).append(d)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write("PAYROLL_NO,DUTY_DATE,SHIFT_START,SHIFT_END,DUTY_CODE,AMENDED_BY,"
                     "AMENDED_AT,ORIG_DUTY_CODE,SWAP_PAYROLL,AMEND_REASON\n")
            buf: list[str] = []
            for i in range(st.n):
                row = codes[i]
                keep = row != NONE
                if not keep.any():
                    continue
                flat = tails[int(self.group[i])]
                idx = (row[keep].astype(np.int64) * w.ROSTER_DAYS + day_idx[keep]).tolist()
                pay = st.payroll[i]
                lines = [flat[k] for k in idx]
                if i in edited:
                    kept = day_idx[keep]
                    for d in edited[i]:
                        pos = int(np.searchsorted(kept, d))
                        lines[pos] = self._amended(lines[pos], self.amendments[(i, d)])
                buf.append(pay + pay.join(lines))
                total += len(idx)
                if len(buf) >= 400:
                    fh.write("".join(buf))
                    buf = []
                    if progress:
                        progress("roster", i + 1, st.n)
            fh.write("".join(buf))
        return total
