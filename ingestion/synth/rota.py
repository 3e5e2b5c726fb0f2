"""Roster amendments: the duty system's trail of who changed a day, when, from what, and with whom
it was swapped — ordinary amendments, planted rota manipulation among them, and decoys.

Why: the `rota_manipulation` lead (issue #19.3) reads this trail, and it can only be tested
honestly against what a real trail holds. Most amendments are ordinary: leave booked in advance
(by the officer on self-service or by the station's resource clerk), training and reported
sickness entered by a sergeant or the clerk, rest days cancelled for operational need (with the
overtime that pays), and duty swaps between crew-mates, both ways. Planted (`rota_manipulation`):
an officer who edits their OWN rota after the day to turn rest days into paid overtime, one whose
swaps always land them on a day they then claim overtime for, and one who turns working days
they did not work into leave or rest days after the fact. Decoys: the resource clerk who amends
hundreds of days (some after the fact), a pair who swap back and forth all year, and an officer
who volunteers for rest-day overtime on self-service, in advance.

`--noisy` draws planted counts either side of the detector default and adds background that
comes near it: retrospective own-rota corrections now and then, swaps recorded after the day,
swaps that happen to land on a day with overtime. Truth is only what was planted; no detector
imports this module. The audit log is drawn from the roster as first planned and then loses its
background events on days an amendment took off duty (core.py, `Access.drop_unworked`), so nobody
uses police systems on a day they were (after amendment) not working, and the log's random draws
do not depend on the trail.
"""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np

from . import world as w
from .duty import AL, NONE, RD, SK, TR, D, Duty, E, N
from .staff import OFFICER, PCSO, STAFF, Staff
from .truth import Truth

WORK = (D, E, N)
TAG0 = 2_000_000  # claim tags (duty.tag_ref) of claims made here
CLERK_TITLES = ("Case Administrator", "Front Counter Officer")


class Rota:
    def __init__(self, st: Staff, duty: Duty, truth: Truth, seed: int, used: set[int],
                 noisy: bool) -> None:
        self.st, self.duty, self.truth, self.used, self.noisy = st, duty, truth, used, noisy
        self.rng = random.Random(f"{seed}:rota")
        self.nprng = np.random.default_rng([seed, 61])
        self.codes, self.edits = duty.codes, duty.amendments
        self.claimed = {(int(p), int(d) - w.ROSTER_ORD) for block in duty.claims
                        for p, d in zip(block["person"], block["day"], strict=True)}
        self.tag = TAG0
        self.by_editor: dict[int, list[str]] = defaultdict(list)
        full = (self.codes != NONE).all(1)
        self.eligible = [i for i in range(st.n) if full[i] and st.group[i] in (OFFICER, PCSO)
                         and st.pattern[i] in ("response", "neighbourhood")]
        self.station: dict[str, list[int]] = defaultdict(list)
        for i in self.eligible:
            self.station[st.station[i]].append(i)
        sergeants = [i for i in range(st.n) if st.title[i] == "Police Sergeant" and full[i]]
        self.editors: dict[str, list[int]] = {}
        for s in self.station:
            sgts = [i for i in sergeants if st.station[i] == s] or sergeants[:3]
            clerks = [i for i in range(st.n) if st.group[i] == STAFF and st.station[i] == s
                      and st.title[i] in CLERK_TITLES]
            self.editors[s] = clerks[:1] + sgts[:4]

    # primitives ------------------------------------------------------------------------------
    def row(self, i: int, d: int) -> str:
        return f"duty_shift:syn:{self.st.payroll[i]}-{w.day(w.ROSTER_ORD + d).isoformat()}"

    def when(self, d: int, lag: int) -> tuple[int, int]:
        """(ordinal, minute of day) `lag` days after roster day `d` (before it when negative)."""
        return w.ROSTER_ORD + d + lag, self.rng.randint(7 * 60, 22 * 60)

    def edit(self, i: int, d: int, code: int, by: int, at: tuple[int, int], reason: str,
             partner: int = -1) -> str:
        orig = self.edits[(i, d)][0] if (i, d) in self.edits else int(self.codes[i, d])
        self.edits[(i, d)] = (orig, by, at, partner, reason)
        self.codes[i, d] = code
        rid = self.row(i, d)
        self.by_editor[by].append(rid)
        return rid

    def note(self, i: int, d: int, by: int, at: tuple[int, int], reason: str) -> None:
        """An amendment that made the day what it already is (leave, training, sickness)."""
        self.edits[(i, d)] = (int(self.duty.base[i, d]), by, at, -1, reason)
        self.by_editor[by].append(self.row(i, d))

    def claim(self, i: int, d: int) -> int | None:
        """An overtime claim for day `d` (a day's work on a rest day, else time after the
        shift); returns its tag. Only officers claim (the overtime system keys claims by
        warrant number); PCSOs' extra days are time off in lieu."""
        if self.st.group[i] != OFFICER:
            return None
        tag = self.tag
        self.tag += 1
        self.duty._add_claims(np.array([i]), np.array([d]), np.array([tag]), self.nprng)
        self.claimed.add((i, d))
        return tag

    def day(self, i: int, codes: tuple[int, ...], lo: int = 0, hi: int = w.ROSTER_DAYS - 1,
            clear_of: int | None = None) -> int | None:
        """A random untouched day of `i` in [lo, hi] with one of `codes`, no overtime claim
        (nor one of `clear_of`'s) unless noisy background allows it."""
        lo, hi = max(lo, 0), min(hi, w.ROSTER_DAYS - 1)
        for _ in range(60):
            d = self.rng.randint(lo, hi) if hi >= lo else lo
            if self.codes[i, d] in codes and (i, d) not in self.edits \
                    and (i, d) not in self.claimed and (
                    clear_of is None or ((clear_of, d) not in self.edits
                                         and (clear_of, d) not in self.claimed)):
                return d
        return None

    def editor(self, i: int) -> int:
        return self.rng.choice(self.editors[self.st.station[i]])

    def swap(self, a: int, b: int, by: int, lag: int, x_lo: int = 0) -> tuple[int, int] | None:
        """a works b's rest day x; b works a's rest day y (within four weeks): four amended
        days. Returns (x, y) or None when no such days are free."""
        st = self.st
        for _ in range(20):
            x = self.day(a, (RD,), x_lo, w.ROSTER_DAYS - 40, clear_of=b)
            if x is None or self.codes[b, x] not in WORK:
                continue
            y = self.day(a, WORK, x + 1, x + 28, clear_of=b)
            if y is None or self.codes[b, y] != RD:
                continue
            at = self.when(min(x, y), lag) if lag < 0 else self.when(max(x, y), lag)
            bx, ay = int(self.codes[b, x]), int(self.codes[a, y])
            for i, j, on_x, on_y in ((a, b, bx, RD), (b, a, RD, ay)):
                reason = f"Duty swap with {st.abbr[j] or st.rank[j]} {st.surname[j]}"
                self.edit(i, x, on_x, by, at, reason, j)
                self.edit(i, y, on_y, by, at, reason, j)
            return x, y
        return None

    def free(self) -> list[int]:
        return [i for i in self.eligible if i not in self.used]

    def mate(self, i: int) -> int | None:
        """A free crew-mate at i's station who works some of i's rest days (and vice versa)."""
        rest, work = self.codes[i] == RD, np.isin(self.codes[i], WORK)
        mates = self.station[self.st.station[i]]
        for j in self.rng.sample(mates, min(len(mates), 25)):
            if j != i and j not in self.used \
                    and (rest & np.isin(self.codes[j], WORK)).sum() >= 30 \
                    and (work & (self.codes[j] == RD)).sum() >= 30:
                return j
        return None

    # planted ---------------------------------------------------------------------------------
    def plant(self) -> None:
        st, rng = self.st, self.rng
        pool = [i for i in self.free() if st.title[i] in ("Police Constable", "Police Sergeant")
                and st.stayer(i)]
        rng.shuffle(pool)
        mechanisms = ("own_rest_days_to_overtime", "swaps_onto_overtime", "absence_covered")
        for k in range(max(4, st.n // 250)):
            if not pool:  # a small force has few constables free of other plants
                break
            i = pool.pop()
            self.used.add(i)
            n = rng.choice((2, 3, 4, 4, 5, 6, 8, 11)) if self.noisy else rng.randint(4, 6)
            mech = mechanisms[k % 3]
            rows: list[str] = []
            tags: list[int] = []
            for m in range(n):
                lo = m * (w.ROSTER_DAYS - 30) // n
                hi = (m + 1) * (w.ROSTER_DAYS - 30) // n
                if mech == "own_rest_days_to_overtime":
                    d = self.day(i, (RD,), lo, hi)
                    if d is None:
                        continue
                    tags.append(self.claim(i, d) or 0)  # a rest-day claim, before the edit
                    rows.append(self.edit(i, d, D, i, self.when(d, rng.randint(1, 14)),
                                          rng.choice(("Rest day worked", "Duty amended",
                                                      "RD worked - recalled"))))
                elif mech == "swaps_onto_overtime":
                    b = self.mate(i)
                    got = self.swap(i, b, i, -rng.randint(1, 10), lo) if b is not None else None
                    if got is None:
                        continue
                    tags.append(self.claim(i, got[0]) or 0)  # time after the swapped-in shift
                    rows.append(self.row(i, got[0]))
                else:
                    d = self.day(i, WORK, lo, hi)
                    if d is None:
                        continue
                    to = AL if rng.random() < 0.7 else RD
                    rows.append(self.edit(i, d, to, i, self.when(d, rng.randint(1, 10)),
                                          "Annual leave" if to == AL else "Rest day"))
            self.truth.pattern("rota_manipulation", [st.pid(i)],
                               lambda rows=rows, tags=tags: rows + [self.duty.tag_ref[t]
                                                                    for t in tags],
                               {"mechanism": mech, "amendments": len(rows)})

    # decoys ----------------------------------------------------------------------------------
    def decoys(self) -> None:
        st, rng = self.st, self.rng
        n = max(1, st.n // 1000)
        stations = [s for s in sorted(self.station, key=lambda s: -len(self.station[s]))
                    if any(st.group[c] == STAFF and c not in self.used for c in self.editors[s])]
        for s in stations[:n]:  # the resource clerk: amends everyone's days, some after the day
            clerk = next(c for c in self.editors[s] if st.group[c] == STAFF)
            self.used.add(clerk)
            self.editors[s] = [clerk] * 4 + self.editors[s]
            for j in rng.sample(self.station[s], min(6, len(self.station[s]))):
                if j in self.used:
                    continue
                d = self.day(j, (RD,), 0, w.ROSTER_DAYS - 20)
                if d is not None:  # rest-day working entered after the day, from the claim
                    self.claim(j, d)
                    self.edit(j, d, D, clerk, self.when(d, rng.randint(1, 6)),
                              "RD worked - entered by resource office")
            self.truth.decoy("rota_manipulation", "resource_clerk", [st.pid(clerk)],
                             lambda clerk=clerk: self.by_editor[clerk][:60],
                             {"station": s, "why_benign": "the station's resource clerk "
                              "amends everyone's rota, sometimes after the day"})
        for _ in range(n):  # a reciprocal swap pair (childcare), all year, agreed in advance
            a = next((i for i in self.free() if self.mate(i) is not None), None)
            if a is None:
                break
            self.used.add(a)
            b = self.mate(a)
            assert b is not None
            self.used.add(b)
            rows = []
            for m in range(rng.randint(6, 9)):
                got = self.swap(a, b, rng.choice((a, b)), -rng.randint(3, 30), m * 38)
                if got:
                    rows += [self.row(i, d) for i in (a, b) for d in got]
            self.truth.decoy("rota_manipulation", "reciprocal_swaps", [st.pid(a), st.pid(b)],
                             rows, {"swaps": len(rows) // 4, "why_benign": "two crew-mates "
                                    "swap days back and forth, agreed in advance"})
        for _ in range(n):  # volunteers for rest-day overtime on self-service, in advance
            free = [i for i in self.free() if st.group[i] == OFFICER]
            if not free:
                break
            i = rng.choice(free)
            self.used.add(i)
            rows = []
            for m in range(rng.randint(6, 9)):
                d = self.day(i, (RD,), m * 38 + 14, m * 38 + 50)
                if d is not None:
                    self.claim(i, d)
                    rows.append(self.edit(i, d, D, i, self.when(d, -rng.randint(5, 40)),
                                          "Volunteered - Operation Kestrel"))
            self.truth.decoy("rota_manipulation", "volunteered_in_advance", [st.pid(i)], rows,
                             {"days": len(rows), "why_benign": "rest-day overtime volunteered "
                              "for on self-service before the day"})

    # background ------------------------------------------------------------------------------
    def background(self) -> None:
        rng, codes = self.rng, self.codes
        for i in self.eligible:  # leave, training, sickness: entered as they happen
            row = codes[i]
            for d in np.flatnonzero(row == AL).tolist():
                if d == 0 or row[d - 1] != AL:
                    by = i if rng.random() < 0.6 else self.editor(i)
                    at = self.when(d, -rng.randint(7, 120))
                if (i, d) not in self.edits:
                    self.note(i, d, by, at, "Annual leave")
            for d in np.flatnonzero(row == TR).tolist():
                if (i, d) not in self.edits:
                    self.note(i, d, self.editor(i), self.when(d, -rng.randint(14, 60)),
                              "Training course")
            for d in np.flatnonzero(row == SK).tolist():
                if (d == 0 or row[d - 1] != SK) and (i, d) not in self.edits:
                    self.note(i, d, self.editor(i), (w.ROSTER_ORD + d, rng.randint(420, 540)),
                              "Reported sick")
        for i in self.free():  # rest days cancelled for operational need, paid as overtime
            for _ in range(int(self.nprng.poisson(0.8))):
                rd = self.day(i, (RD,))
                if rd is not None:
                    self.claim(i, rd)
                    self.edit(i, rd, D, self.editor(i), self.when(rd, -rng.randint(2, 28)),
                              "Rest day cancelled - operational need")
        for a in self.free():  # duty swaps between crew-mates, both ways
            if rng.random() >= (0.35 if self.noisy else 0.25):
                continue
            b = self.mate(a)
            for _ in range(rng.randint(1, 2) if b is not None else 0):
                retro = self.noisy and rng.random() < 0.15
                lag = rng.randint(1, 5) if retro else -rng.randint(1, 21)
                self.swap(a, b, rng.choice((a, b, self.editor(a))), lag)  # type: ignore[arg-type]
        if self.noisy:
            self._corrections()

    def _corrections(self) -> None:
        """Noisy: own-rota corrections after the day (rest-day working entered late, leave
        recorded late), a few a year for some officers; and overtime after a swapped-in shift."""
        rng = self.rng
        rate = self.nprng.gamma(2.0, 0.1, len(self.eligible))
        for i, lam in zip(self.eligible, rate.tolist(), strict=True):
            if i in self.used:
                continue
            for _ in range(int(self.nprng.poisson(lam))):
                if rng.random() < 0.5:
                    d = self.day(i, (RD,), 0, w.ROSTER_DAYS - 10)
                    if d is not None:
                        self.claim(i, d)
                        self.edit(i, d, D, i, self.when(d, rng.randint(1, 7)),
                                  "Recalled to duty - recorded after")
                else:
                    d = self.day(i, WORK, 0, w.ROSTER_DAYS - 10)
                    if d is not None:
                        self.edit(i, d, AL, i, self.when(d, rng.randint(1, 5)),
                                  "Leave - recorded late")
        swapped_in = [(i, d) for (i, d), e in self.edits.items() if e[3] >= 0
                      and self.codes[i, d] in WORK and i not in self.used]
        for i, d in rng.sample(swapped_in, len(swapped_in) // 25):
            if (i, d) not in self.claimed:
                self.claim(i, d)


def amend(st: Staff, duty: Duty, truth: Truth, seed: int, used: set[int], noisy: bool) -> None:
    """Plant, add decoys, then the background (which never touches a planted person)."""
    rota = Rota(st, duty, truth, seed, used, noisy)
    rota.plant()
    rota.decoys()
    rota.background()
