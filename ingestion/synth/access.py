"""The audit log of system access (PNC, Niche RMS, PND, Intel DB, ANPR, STORM) for the final
year: ~220 events per member of staff, vectorised per block of users, only on days the roster
shows them working and within their shift, then sorted by time and streamed out as JSON Lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from . import world as w
from .dates import fmt
from .duty import AL, NONE, RD, SK, TIMES, WORKING, Duty, minutes
from .plant import Plans
from .psd import PSD
from .staff import Public, Staff
from .truth import Truth

P, V, X = 0, 1, 2  # subject is a person, a vehicle, nothing
ACTIONS = [  # (system, action, subject type)
    ("PNC", "Person enquiry", P), ("PNC", "Vehicle enquiry", V), ("PNC", "Driver licence check", P),
    ("Niche RMS", "Search nominal", P), ("Niche RMS", "View nominal", P), ("Niche RMS", "Logon", X),
    ("Niche RMS", "Print record", P), ("PND", "Person search", P),
    ("Intel DB", "Nominal search", P),
    ("Intel DB", "View intelligence log", P), ("Intel DB", "Export results", P),
    ("ANPR", "VRM lookup", V), ("STORM", "Incident view", P), ("STORM", "Logon", X),
]
SUBJ_TYPE = np.array([a[2] for a in ACTIONS], np.int8)
PERSON_SEARCH = [0, 3, 7, 8]  # actions used for planted person look-ups
# user type (0 analyst, 1 contact centre, 2 everyone else) → weights over ACTIONS
MIX = np.array([
    [6, 1, 1, 10, 8, 2, 2, 15, 25, 15, 5, 5, 4, 1],
    [12, 6, 2, 8, 6, 2, 1, 2, 1, 0, 0, 2, 45, 13],
    [18, 12, 3, 18, 13, 4, 3, 6, 5, 3, 1, 8, 5, 1],
], float)
CUM = np.cumsum(MIX / MIX.sum(1, keepdims=True), 1)
LINKED = np.array([0.3, 0.75, 0.72])  # chance a search carries a case reference
EVENTS_PER_PERSON = 232
BLOCK = 2000


class Access:
    def __init__(self, st: Staff, pub: Public, duty: Duty, vrms: list[str], truth: Truth,
                 seed: int, noisy: bool = False) -> None:
        self.st, self.pub, self.duty, self.vrms, self.truth = st, pub, duty, vrms, truth
        self.noisy = noisy  # planted sizes straddle the detector defaults (see noise.py)
        self.rng = np.random.default_rng([seed, 51])
        self.utype = np.array([0 if t in w.ANALYST_TITLES else 1 if k == "call" else 2
                               for t, k in zip(st.title, st.kind, strict=True)], np.int8)
        g = duty.group
        self.start_min = np.zeros((len(TIMES), 8), np.int64)
        self.dur_min = np.zeros((len(TIMES), 8), np.int64)
        for gi, table in enumerate(TIMES):
            for code, (a, b) in table.items():
                self.start_min[gi, code] = minutes(a)
                self.dur_min[gi, code] = (minutes(b) - minutes(a)) % 1440 or 1440
        self.group = g
        districts = sorted(w.DISTRICTS)
        self.block_of = np.array([districts.index(d) if d in districts else -1
                                  for d in st.district], np.int64)
        self.block_size = pub.n_searchable // len(districts)
        self.parts: list[dict[str, np.ndarray]] = []
        self.planted: list[tuple[int, int, int, int, int, int]] = []  # user, ts, act, subj, ck, cn
        self.plans: Plans | None = None

    # background ------------------------------------------------------------------------------
    def background(self, progress: Callable[[str, int, int], None] | None) -> None:
        st, codes, rng = self.st, self.duty.codes, self.rng
        work = np.isin(codes, WORKING)
        workdays = work.sum(1)
        rate = st.access_rate * rng.lognormal(0, 0.35, st.n) * workdays / 230.0
        expected = rate * (EVENTS_PER_PERSON * st.n / max(rate.sum(), 1e-9))
        counts = rng.poisson(expected)
        counts[workdays == 0] = 0
        for lo in range(0, st.n, BLOCK):
            users = np.arange(lo, min(lo + BLOCK, st.n))
            self.parts.append(self._block(users, work[users], counts[users]))
            if progress:
                progress("access log", int(users[-1]) + 1, st.n)

    def _block(self, users: np.ndarray, work: np.ndarray, n: np.ndarray) -> dict[str, np.ndarray]:
        rng, codes = self.rng, self.duty.codes
        per = work.sum(1)
        _, cols = np.nonzero(work)
        offsets = np.cumsum(per) - per
        row = np.repeat(np.arange(len(users)), n)
        day = cols[offsets[row] + (rng.random(len(row)) * per[row]).astype(np.int64)]
        user = users[row]
        code = codes[user, day]
        grp = self.group[user]
        start = self.start_min[grp, code] * 60
        off = (rng.random(len(row)) * self.dur_min[grp, code] * 60).astype(np.int64)
        # a night shift's small hours belong to the next calendar day: never let them fall on a
        # day of leave or sickness (or after the world's last day) by accident
        cross = start + off >= 86400
        nxt = np.minimum(day + 1, w.ROSTER_DAYS - 1)
        nxt_code = codes[user, nxt]
        bad = cross & ((day + 1 >= w.ROSTER_DAYS) | ~np.isin(nxt_code, (*WORKING, RD)))
        off[bad] = (rng.random(int(bad.sum())) * (86400 - start[bad])).astype(np.int64)
        ts = day * 86400 + start + off
        ut = self.utype[user]
        u = rng.random(len(row))
        act = np.zeros(len(row), np.int64)
        for t in range(3):
            m = ut == t
            act[m] = np.searchsorted(CUM[t], u[m], side="right")
        act = np.minimum(act, len(ACTIONS) - 1)
        stype = SUBJ_TYPE[act]
        blk = self.block_of[user]
        local = (rng.random(len(row)) < 0.6) & (blk >= 0)
        subj = np.where(local, blk * self.block_size + rng.integers(0, self.block_size, len(row)),
                        rng.integers(0, self.pub.n_searchable, len(row)))
        subj = np.where(stype == V, rng.integers(0, len(self.vrms), len(row)), subj)
        subj = np.where(stype == X, -1, subj)
        linked = (rng.random(len(row)) < LINKED[ut]) & (stype != X)
        ckind = np.where(linked, np.where(rng.random(len(row)) < 0.7, 1, 2), 0)
        cnum = np.where(ckind == 1, rng.integers(1, 180000, len(row)),
                        rng.integers(1, 1400, len(row)))
        return {"ts": ts.astype(np.int64), "user": user.astype(np.int32),
                "act": act.astype(np.int8), "subj": subj.astype(np.int32),
                "ck": ckind.astype(np.int8), "cn": cnum.astype(np.int32),
                "tag": np.full(len(row), -1, np.int32)}

    def drop_unworked(self, before: np.ndarray) -> int:
        """Drop background events on days a roster amendment (rota.py) took off duty: the
        background is drawn from the roster as first planned, so the audit log's random draws
        are the same with or without the amendment trail, and then holds no event on a day
        the amended roster says the person did not work. Returns how many were dropped."""
        codes = self.duty.codes
        gone = (codes != before) & ~np.isin(codes, WORKING)
        dropped = 0
        for k, part in enumerate(self.parts):
            day = part["ts"] // 86400
            on = day < w.ROSTER_DAYS
            hit = np.zeros(len(day), bool)
            hit[on] = gone[part["user"][on], day[on]]
            if hit.any():
                self.parts[k] = {c: v[~hit] for c, v in part.items()}
                dropped += int(hit.sum())
        return dropped

    # planting --------------------------------------------------------------------------------
    def _days(self, user: int, lo: int, hi: int, wanted: tuple[int, ...] = WORKING) -> list[int]:
        lo, hi = max(lo, 0), min(hi, w.ROSTER_DAYS - 1)
        row = self.duty.codes[user, lo: hi + 1]
        return (np.flatnonzero(np.isin(row, wanted)) + lo).tolist()

    def _event(self, user: int, day: int, act: int, subj: int, ck: int = 0, cn: int = 0) -> int:
        code = int(self.duty.codes[user, day])
        rng = self.rng
        if code in WORKING:
            g = int(self.group[user])
            start = int(self.start_min[g, code]) * 60
            span = min(int(self.dur_min[g, code]) * 60, 86400 - start)
        else:  # a day off: browsing from home, in waking hours
            start, span = 9 * 3600, 11 * 3600
        ts = day * 86400 + start + int(rng.random() * span)
        self.planted.append((user, ts, act, subj, ck, cn))
        return len(self.planted) - 1

    def _person_act(self) -> int:
        return int(self.rng.choice(PERSON_SEARCH))

    def plant(self, plans: Plans, psd: PSD) -> None:
        st, rng, codes = self.st, self.rng, self.duty.codes
        self.plans = plans
        self.repeat_pairs: set[tuple[int, int]] = set()
        self.analyst_pairs: set[tuple[int, int]] = set()
        self.linked_pairs: set[tuple[int, int]] = set()
        for user in plans.repeat_searches:
            subj = int(rng.integers(0, self.pub.n_searchable))
            k = int(rng.integers(3, 11) if self.noisy else rng.integers(5, 10))
            lo = int(rng.integers(0, w.ROSTER_DAYS - 130))
            days = self._days(user, lo, lo + int(rng.integers(20, 121)))
            days = days if len(days) >= k else self._days(user, 0, w.ROSTER_DAYS - 1)
            for d in sorted(rng.choice(days, k, replace=False).tolist()):
                self._event(user, d, self._person_act(), subj)
            self.repeat_pairs.add((user, subj))
        for o, comp, complaint in plans.complainant_searches:
            r = complaint.received - w.ROSTER_ORD
            reach = 140 if self.noisy else 30  # noisy: some searches after the 90-day window
            days = self._days(o, r + 1, r + reach)
            while not days and r > 7:  # off for the whole month: the complaint came earlier
                r -= 7
                days = self._days(o, r + 1, r + reach)
            complaint.received = w.ROSTER_ORD + r
            complaint.incident = min(complaint.incident, complaint.received)
            picked = sorted(rng.choice(days, min(len(days), int(rng.integers(1, 4))),
                                       replace=False).tolist())
            tags = [self._event(o, d, self._person_act(), comp) for d in picked]
            self.truth.pattern(
                "complainant_searched_by_accused", [st.pid(o)],
                lambda tags=tags, c=complaint, o=o: [c.record_id(), *c.allegation_ids(o),
                                                     *[self.tag_id[t] for t in tags]],
                {"complainant": psd.complainant_name(complaint),
                 "subject_searched": self.pub.subject(comp),
                 "complaint_received": w.day(complaint.received).isoformat(),
                 "days_after": [d - r for d in picked]})
        for user in plans.leave_access:
            off = self._days(user, 0, w.ROSTER_DAYS - 1, (AL, SK))
            picked = sorted(rng.choice(off, min(len(off), int(rng.integers(1, 3))),
                                       replace=False).tolist())
            tags = []
            for d in picked:
                for k in range(int(rng.integers(1, 7) if self.noisy else rng.integers(2, 7))):
                    act = int(rng.choice([*PERSON_SEARCH, 1, 5]))
                    subj = -1 if SUBJ_TYPE[act] == X else int(rng.integers(
                        0, len(self.vrms) if SUBJ_TYPE[act] == V else self.pub.n_searchable))
                    linked = SUBJ_TYPE[act] != X and rng.random() < 0.5
                    if k == 0 and not self.noisy:  # standard force: past the defaults (a
                        act = int(rng.choice(PERSON_SEARCH))  # look-up with no job on the day)
                        subj, linked = int(rng.integers(0, self.pub.n_searchable)), False
                    tags.append(self._event(user, d, act, subj, 1 if linked else 0,
                                            int(rng.integers(1, 180000))))
            self.truth.pattern(
                "access_while_on_leave", [st.pid(user)],
                lambda tags=tags, user=user, picked=picked: [
                    *[self.tag_id[t] for t in tags], *self._day_records(user, picked)],
                {"dates": [w.day(w.ROSTER_ORD + d).isoformat() for d in picked],
                 "roster_codes": ["AL" if codes[user, d] == AL else "SK" for d in picked],
                 "events": len(tags)})
        for user in plans.analyst_decoys:
            for _ in range(2):
                subj = int(rng.integers(0, self.pub.n_searchable))
                days = self._days(user, 0, w.ROSTER_DAYS - 1)
                for d in sorted(rng.choice(days, int(rng.integers(6, 11)), replace=False).tolist()):
                    self._event(user, d, int(rng.choice([7, 8, 9])), subj)
                self.analyst_pairs.add((user, subj))
        for user in plans.linked_decoys:
            subj, case = int(rng.integers(0, self.pub.n_searchable)), int(rng.integers(1, 180000))
            lo = int(rng.integers(0, w.ROSTER_DAYS - 100))
            days = self._days(user, lo, lo + 90) or self._days(user, 0, w.ROSTER_DAYS - 1)
            k = min(len(days), int(rng.integers(6, 10)))
            tags = [self._event(user, d, self._person_act(), subj, 1, case)
                    for d in sorted(rng.choice(days, k, replace=False).tolist())]
            self.linked_pairs.add((user, subj))
            self.truth.decoy("repeated_search_unlinked", "repeated_search_linked", [st.pid(user)],
                             lambda tags=tags: [self.tag_id[t] for t in tags],
                             {"subject": self.pub.subject(subj), "searches": k,
                              "case_ref": f"CR/{case:06d}/25",
                              "why_benign": "every search carries the same case reference"})

    def _day_records(self, user: int, days: list[int]) -> list[str]:
        pay = self.st.payroll[user]
        out = [f"duty_shift:syn:{pay}-{fmt(w.ROSTER_ORD + d, 'iso')}" for d in days]
        for s, e, _, _, ref in self.duty.by_person.get(user, []):
            if any(s <= w.ROSTER_ORD + d <= e for d in days):
                out.append(f"absence:syn:{ref}")
        return out

    # finalise, check, write ------------------------------------------------------------------
    def finalise(self) -> None:
        cols = ("user", "ts", "act", "subj", "ck", "cn")
        planted = np.array(self.planted, np.int64).reshape(-1, 6)
        extra = {c: planted[:, k] for k, c in enumerate(cols)}
        extra["tag"] = np.arange(len(planted))
        merged = {c: np.concatenate([p[c] for p in self.parts] + [extra[c]]).astype(
            self.parts[0][c].dtype) for c in (*cols, "tag")}
        self.parts = []
        order = np.lexsort((merged["user"], merged["ts"]))
        self.ev = {c: v[order] for c, v in merged.items()}
        pos = np.flatnonzero(self.ev["tag"] >= 0)
        self.tag_id = {int(self.ev["tag"][p]): f"system_access:syn:EV{p + 1:09d}" for p in pos}

    def validate(self) -> None:
        """Check no background event fell on a day of leave or sickness (noise events are
        added as tagged events), and record the planted searches and analyst decoys. Background
        that happens to repeat a subject is never relabelled as planted."""
        ev, st, codes = self.ev, self.st, self.duty.codes
        day = ev["ts"] // 86400
        on = (day < w.ROSTER_DAYS)
        off_code = np.zeros(len(day), bool)
        off_code[on] = np.isin(codes[ev["user"][on], day[on]], (AL, SK, NONE))
        stray = off_code & (ev["tag"] < 0)
        if stray.any():
            raise AssertionError(f"{int(stray.sum())} background events on leave/sick days")
        for user, subj in sorted(self.analyst_pairs):
            rows = np.flatnonzero((ev["user"] == user) & (ev["subj"] == subj)
                                  & (SUBJ_TYPE[ev["act"]] == P) & (ev["ck"] == 0))
            self.truth.decoy("repeated_search_unlinked", "analyst_unlinked_searches",
                             [st.pid(user)],
                             [f"system_access:syn:EV{p + 1:09d}" for p in rows.tolist()],
                             {"subject": self.pub.subject(subj), "searches": len(rows),
                              "role": st.title[user], "why_benign": "an analyst's research "
                              "searches routinely carry no case reference"})
        for user, subj in sorted(self.repeat_pairs):
            rows = np.flatnonzero((ev["user"] == user) & (ev["subj"] == subj)
                                  & (SUBJ_TYPE[ev["act"]] == P) & (ev["ck"] == 0))
            self.truth.pattern("repeated_search_unlinked", [st.pid(user)],
                               [f"system_access:syn:EV{p + 1:09d}" for p in rows.tolist()],
                               {"subject": self.pub.subject(subj), "searches": len(rows),
                                "systems": sorted({ACTIONS[a][0]
                                                   for a in ev["act"][rows].tolist()})})

    def write(self, path: Path, progress: Callable[[str, int, int], None] | None) -> int:
        """Stream the log; every field is an index into a table of ready-made strings, so the
        per-event work is one f-string (10M+ events at 45k staff)."""
        ev, st, pub = self.ev, self.st, self.pub
        path.parent.mkdir(parents=True, exist_ok=True)
        days = [fmt(w.ROSTER_ORD + d, "iso") for d in range(w.ROSTER_DAYS)]
        hms = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
        subjects = [pub.subject(i) for i in range(len(pub.forename))]
        n_p = len(subjects)
        subjects += ["VRM " + v for v in self.vrms] + [""]
        users = st.login + [x.upper() for x in st.login]  # PNC logs logins in upper case
        acts = [f'"system":"{s}","action":"{a}"' for s, a, _ in ACTIONS]
        is_pnc = np.array([s == "PNC" for s, _, _ in ACTIONS])
        cases = [f"CR/{k:06d}/25" for k in range(180000)]
        n_cr = len(cases)
        cases += [f"INC-{d.replace('-', '')}-{k:04d}" for d in days for k in range(1400)] + [""]
        n = len(ev["ts"])
        chunk = 500_000
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for lo in range(0, n, chunk):
                hi = min(lo + chunk, n)
                ts, act = ev["ts"][lo:hi], ev["act"][lo:hi].astype(np.int64)
                day, sec = ts // 86400, ts % 86400
                uidx = ev["user"][lo:hi] + st.n * is_pnc[act]
                stype, subj = SUBJ_TYPE[act], ev["subj"][lo:hi].astype(np.int64)
                sidx = np.where(stype == P, subj, np.where(stype == V, n_p + subj,
                                                             len(subjects) - 1))
                ck, cn = ev["ck"][lo:hi], ev["cn"][lo:hi].astype(np.int64)
                cidx = np.where(ck == 1, cn, np.where(ck == 2, n_cr + day * 1400 + cn,
                                                      len(cases) - 1))
                fh.write("".join([
                    f'{{"eventId":"EV{k:09d}","timestamp":"{d}T{t}","userId":"{u}",{a},'
                    f'"subject":"{sj}","caseRef":"{c}"}}\n'
                    for k, d, t, u, a, sj, c in zip(
                        range(lo + 1, hi + 1), map(days.__getitem__, day.tolist()),
                        map(hms.__getitem__, sec.tolist()), map(users.__getitem__, uidx.tolist()),
                        map(acts.__getitem__, act.tolist()),
                        map(subjects.__getitem__, sidx.tolist()),
                        map(cases.__getitem__, cidx.tolist()), strict=True)]))
                if progress:
                    progress("access log (write)", hi, n)
        for p in sorted(set(np.linspace(0, n - 1, min(2000, n)).round().astype(int).tolist())):
            self.truth.alias(f"system_access:syn:EV{p + 1:09d}", "user",
                             st.pid(int(ev["user"][p])))
        return n
