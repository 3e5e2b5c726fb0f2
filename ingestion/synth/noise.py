"""Realistic background for every lead detector: `generate(..., noisy=True)` (`probity synth
--noisy`).

Why: in the standard force every planted pattern sits just past its detector's default and the
background never comes near one (access only on rostered days, roster and overtime always agree,
complainants never searched), so the leads eval could hardly fail. The noisy force adds what a
real force's exports hold: rest-day and leave-day logins by ordinary staff (remote work, court
preparation), prolific local offenders searched by many officers, non-analysts with heavy
research volumes, crew-mates co-accused together in ordinary complaints, use-of-force complaints
clustered in busy night-time-economy stations, overtime on the day a sick officer returned
part-way through, complainants later searched by the accused for a new job (with its case
reference), and businesses named innocently in intelligence reports (CCTV from a shop, a
garage that recovered a car). `Planter`/`Access` also draw planted sizes from ranges that
straddle the detector defaults when noisy.

Noise never touches a planted person or decoy (`Planter.used`). Truth records only what was
planted, plus, as decoys, the innocent look-alikes added here on purpose; background that
happens to cross a threshold is never relabelled, so it counts against a detector's precision.
No detector imports this module or any generator parameter.
"""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np

from . import world as w
from .access import PERSON_SEARCH, Access
from .duty import AL, RD, SK, Duty
from .names import BusinessNames
from .plant import JOINT_CATS, UOF
from .psd import PSD
from .registers import Registers
from .staff import OFFICER, Staff
from .truth import Truth

RETURN_NOTE = " - returned to work part-way through the last day (return-to-work interview held)"
INNOCENT_BUSINESS = [
    "CCTV was later obtained from {biz}, whose staff reported the incident.",
    "The vehicle was recovered to the compound by {biz} under the force contract.",
    "Enquiries were made at {biz}, where the nominal is known to shop.",
    "Staff at {biz} were spoken to as witnesses and gave statements.",
]
LOGON, STORM_LOGON, STORM_VIEW, VIEW_NOMINAL = 5, 13, 12, 4


class Noise:
    def __init__(self, st: Staff, truth: Truth, seed: int, used: set[int]) -> None:
        self.st, self.truth, self.used = st, truth, used
        self.rng = random.Random(f"{seed}:noise")
        self.free = [i for i in range(st.n) if i not in used]
        self.frontline = [i for i in self.free if st.group[i] == OFFICER
                          and st.title[i] in ("Police Constable", "Police Sergeant")]

    def _when(self, i: int, j: int | None = None) -> int:
        lo = max(self.st.active_from(i), self.st.active_from(j) if j is not None else 0)
        hi = min(self.st.active_to(i), self.st.active_to(j) if j is not None else w.END_ORD)
        return self.rng.randint(lo, max(lo, hi))

    # complaints ------------------------------------------------------------------------------
    def complaints(self, psd: PSD) -> None:
        rng, st = self.rng, self.st
        by_station: dict[str, list[int]] = defaultdict(list)
        for i in self.frontline:
            by_station[st.station[i]].append(i)
        stations = sorted(s for s, v in by_station.items() if len(v) >= 2)
        for _ in range(st.n // 40):  # crew-mates complained about together, now and then
            a, b = rng.sample(by_station[rng.choice(stations)], 2)
            for _ in range(rng.choices((1, 2, 3, 4, 5), (40, 30, 18, 8, 4))[0]):
                psd.add(a, self._when(a, b), rng.choice(JOINT_CATS), co=[b])
        busy = rng.sample(stations, max(1, len(stations) // 6))  # night-time economy
        for s in busy:
            for i in by_station[s]:
                k = rng.choices((0, 1, 2, 3, 4), (35, 30, 20, 10, 5))[0]
                spell = self._when(i)  # a busy year: summer, a new licensing regime
                for _ in range(k):
                    d = min(max(spell + rng.randint(0, 365), st.active_from(i)), st.active_to(i))
                    psd.add(i, d, UOF)

    # duty ------------------------------------------------------------------------------------
    def duty(self, duty: Duty) -> None:
        """Overtime claimed on the last day of a sickness episode the officer came back from
        part-way through (the absence record says so): a decoy for overtime_absence."""
        rng, st = self.rng, self.st
        free = set(self.free)
        episodes = [ep for ep in duty.episodes if ep[2] in free and st.group[ep[2]] == OFFICER
                    and w.ROSTER_ORD <= ep[1] <= w.END_ORD
                    and duty.codes[ep[2], ep[1] - w.ROSTER_ORD] == SK]
        picked = rng.sample(episodes, min(len(episodes), max(2, st.n // 80)))
        tags = np.arange(len(picked)) + 1_000_000
        for ep, tag in zip(picked, tags.tolist(), strict=True):
            ep[3] += RETURN_NOTE
            self.truth.decoy("overtime_while_sick_or_leave", "overtime_on_return_day",
                             [st.pid(ep[2])], lambda tag=tag, ep=ep: [duty.tag_ref[tag],
                                                                     f"absence:syn:{ep[4]}"],
                             {"claim_date": w.day(ep[1]).isoformat(), "why_benign":
                              "returned to work part-way through the last day of sickness"})
        if picked:
            person = np.array([ep[2] for ep in picked], np.int64)
            day = np.array([ep[1] - w.ROSTER_ORD for ep in picked], np.int64)
            duty._add_claims(person, day, tags, np.random.default_rng(rng.randrange(2**31)))

    # access ----------------------------------------------------------------------------------
    def access(self, acc: Access, psd: PSD) -> None:
        rng = self.rng
        for i in rng.sample(self.free, len(self.free) // 10):  # rest/leave days: remote work
            off = acc._days(i, 0, w.ROSTER_DAYS - 1, (RD,) if rng.random() < 0.8 else (AL,))
            for d in rng.sample(off, min(len(off), rng.choice((1, 1, 2, 3)))):
                for _ in range(rng.choice((1, 1, 2, 3))):
                    act = rng.choice((LOGON, STORM_LOGON, STORM_VIEW, VIEW_NOMINAL))
                    subj = -1 if act in (LOGON, STORM_LOGON) else rng.randrange(
                        acc.pub.n_searchable)
                    acc._event(i, d, act, subj, 1 if subj >= 0 else 0, rng.randint(1, 179999))
        districts = sorted({b for b in acc.block_of.tolist() if b >= 0})
        for b in districts:  # prolific local offenders, searched by many officers
            local = [i for i in self.frontline if acc.block_of[i] == b]
            for _ in range(8):
                subj = b * acc.block_size + rng.randrange(acc.block_size)
                for i in rng.sample(local, min(len(local), rng.randint(5, 15))):
                    days = acc._days(i, 0, w.ROSTER_DAYS - 1)
                    k = rng.choices(range(1, 11), (20, 18, 15, 12, 10, 8, 6, 5, 3, 3))[0]
                    for d in sorted(rng.sample(days, min(len(days), k))):
                        linked = rng.random() < 0.5
                        acc._event(i, d, rng.choice(PERSON_SEARCH), subj, 1 if linked else 0,
                                   rng.randint(1, 179999))
        self._researchers(acc)
        self._complainants(acc, psd)

    def _researchers(self, acc: Access) -> None:
        """Non-analysts whose work is research (detective constables on proactive teams, staff
        investigators): many subjects, several searched repeatedly without a case reference."""
        rng, st = self.rng, self.st
        pool = [i for i in self.free if st.title[i] not in w.ANALYST_TITLES
                and acc.utype[i] == 2]
        for i in rng.sample(pool, max(2, st.n // 200)):
            days = acc._days(i, 0, w.ROSTER_DAYS - 1)
            tags = []
            for _ in range(rng.randint(4, 8)):
                subj = rng.randrange(acc.pub.n_searchable)
                for d in sorted(rng.sample(days, min(len(days), rng.randint(3, 9)))):
                    tags.append(acc._event(i, d, rng.choice((7, 8, 9)), subj))
            self.truth.decoy("repeated_search_unlinked", "research_searches", [st.pid(i)],
                             lambda tags=tags: [acc.tag_id[t] for t in tags],
                             {"role": st.title[i], "why_benign": "research across many "
                              "subjects, the role's ordinary work"})

    def _complainants(self, acc: Access, psd: PSD) -> None:
        """Complainants are local people too: searched by other officers, and now and then by
        the accused for a later job, with that job's case reference."""
        rng, st = self.rng, self.st
        free = set(self.free)
        recent = [c for c in psd.complaints if c.received >= w.ROSTER_ORD and c.scenario is None
                  and set(c.officers) <= free]
        for c in rng.sample(recent, len(recent) // 8):
            r = c.received - w.ROSTER_ORD
            others = [i for i in self.frontline if acc.block_of[i] == acc.block_of[c.officers[0]]
                      and i not in c.officers]
            for i in rng.sample(others, min(len(others), rng.randint(1, 3))):
                days = acc._days(i, r, r + 120)
                if days:
                    acc._event(i, rng.choice(days), rng.choice(PERSON_SEARCH), c.complainant,
                               1, rng.randint(1, 179999))
        for c in rng.sample(recent, min(len(recent), max(2, st.n // 400))):
            o, r = c.officers[0], c.received - w.ROSTER_ORD
            days = acc._days(o, r + 1, r + 60)
            if not days:
                continue
            case = rng.randint(1, 179999)
            tag = acc._event(o, rng.choice(days), rng.choice(PERSON_SEARCH), c.complainant, 1,
                             case)
            self.truth.decoy("complainant_searched_by_accused", "complainant_searched_for_a_case",
                             [st.pid(o)], lambda tag=tag: [acc.tag_id[tag]],
                             {"case_ref": f"CR/{case:06d}/25", "why_benign": "a later job, "
                              "recorded with its case reference"})

    # registers -------------------------------------------------------------------------------
    def intel(self, reg: Registers, biz: BusinessNames) -> None:
        """Businesses named innocently in background intelligence reports: a few local ones
        (the shopping centre, the contracted garage) again and again, others once."""
        rng = self.rng
        local = [biz.new() for _ in range(12)]
        for row in reg.intel:
            if row[3] is None and row[1] not in self.used and rng.random() < 0.3:
                name = rng.choice(local) if rng.random() < 0.75 else biz.new()
                row[2] = f"{row[2]} {rng.choice(INNOCENT_BUSINESS).format(biz=name)}"
