"""Staff of Westshire Police and the members of the public they deal with.

Every member of staff has a payroll number (the canonical person id); officers also have a
warrant number and a collar number; everyone has a network login and an email address. Numbers
rise with start date, as they do in a real HR system.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

import numpy as np

from . import world as w
from .names import NamePicker

T = TypeVar("T")
OFFICER, PCSO, STAFF = 0, 1, 2

# job title → (complaints/yr exposure, access events/yr, roster pattern, narrative kind)
OFFICER_PROFILE: dict[str, tuple[float, float, str]] = {
    "Police Constable": (0.62, 300, "response"), "Detective Constable": (0.35, 380, "cid"),
    "Police Sergeant": (0.4, 260, "response"), "Detective Sergeant": (0.25, 320, "cid"),
    "Inspector": (0.15, 150, "office"), "Detective Inspector": (0.12, 200, "office"),
}
STAFF_KIND = {"Call Handler": "call", "Dispatcher": "call", "Detention Officer": "custody",
              "Front Counter Officer": "desk"}


@dataclass
class Staff:
    n: int
    payroll: list[str] = field(default_factory=list)
    warrant: list[str] = field(default_factory=list)
    collar: list[str] = field(default_factory=list)
    login: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    forename: list[str] = field(default_factory=list)
    surname: list[str] = field(default_factory=list)
    gender: list[str] = field(default_factory=list)
    rank: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    abbr: list[str] = field(default_factory=list)  # "PC", "DS", "PCSO", "" for staff
    station: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    pattern: list[str] = field(default_factory=list)  # roster pattern
    kind: list[str] = field(default_factory=list)  # how complainants describe them
    group: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # ordinals
    leave: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # 0 = still serving
    exposure: np.ndarray = field(default_factory=lambda: np.zeros(0))
    access_rate: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def pid(self, i: int) -> str:
        return f"person:syn:{self.payroll[i]}"

    def full_name(self, i: int) -> str:
        return f"{self.forename[i]} {self.surname[i]}"

    def active_from(self, i: int) -> int:
        return max(int(self.start[i]), w.START_ORD)

    def active_to(self, i: int) -> int:
        return int(self.leave[i]) if self.leave[i] else w.END_ORD

    def stayer(self, i: int) -> bool:
        """Served throughout the five-year window (safe to plant multi-year patterns on)."""
        return int(self.start[i]) < w.START_ORD and not self.leave[i]


def _ordinal(year: int, rng: random.Random) -> int:
    return date(year, 1, 1).toordinal() + rng.randrange(365)


def _pick_weighted(rng: random.Random, items: list[T], weights: list[float]) -> T:
    return rng.choices(items, weights)[0]


def build_staff(people: int, seed: int) -> Staff:
    rng = random.Random(f"{seed}:staff")
    names = NamePicker(random.Random(f"{seed}:staffnames"))
    n_off = round(people * 0.60)
    n_pcso = round(people * 0.05)
    st = Staff(people)
    groups = [OFFICER] * n_off + [PCSO] * n_pcso + [STAFF] * (people - n_off - n_pcso)
    rng.shuffle(groups)
    # a small force must still have analysts (the decoy needs one)
    staff_idx = [i for i, g in enumerate(groups) if g == STAFF]
    titles_forced = {i: "Intelligence Analyst" for i in staff_idx[: max(3, people // 400)]}
    rank_names = [r[0] for r in w.RANKS]
    rank_weights = [r[1] for r in w.RANKS]
    stations = w.STATIONS
    station_weights = [3.0 if s.startswith("Marlhaven") else 1.0 for s in stations]
    start, leave, exposure, access = [], [], [], []
    for i, g in enumerate(groups):
        female = rng.random() < (0.36 if g == OFFICER else 0.55 if g == PCSO else 0.62)
        st.gender.append("F" if female else "M")
        st.forename.append(names.forename(female))
        st.surname.append(names.surname())
        if g == OFFICER:
            r = _pick_weighted(rng, list(range(len(rank_names))), rank_weights)
            rank, _, abbrs, titles = w.RANKS[r]
            title = _pick_weighted(rng, [t for t, _ in titles], [p for _, p in titles])
            abbr = w.DETECTIVE_ABBR.get(title, abbrs[0])
            exp, acc, pattern = OFFICER_PROFILE.get(title, (0.05, 60, "office"))
            if pattern == "response" and rng.random() < 0.35:
                pattern, exp = "neighbourhood", exp * 0.6
            year = rng.randint(1990, 2012) if r >= 2 else rng.randint(1995, 2019) if r == 1 else (
                rng.randint(2019, 2025) if rng.random() < 0.42 else rng.randint(1992, 2018))
            station = (rng.choice(w.HQ_STATIONS[2:]) if title == "Police Sergeant"
                       and rng.random() < 0.08 else rng.choices(stations, station_weights)[0])
            kind = "officer"
        elif g == PCSO:
            rank, title, abbr, pattern, kind = "PCSO", "Police Community Support Officer", "PCSO", \
                "neighbourhood", "pcso"
            exp, acc = 0.4, 120
            year = rng.randint(2008, 2025)
            station = rng.choices(stations, station_weights)[0]
        else:
            job = titles_forced.get(i) or _pick_weighted(
                rng, [j[0] for j in w.STAFF_JOBS], [j[1] for j in w.STAFF_JOBS])
            prof = next(j for j in w.STAFF_JOBS if j[0] == job)
            rank, title, abbr = "Police Staff", job, ""
            exp, acc, pattern = prof[2], prof[3], prof[4]
            kind = STAFF_KIND.get(job, "staff")
            year = rng.randint(2019, 2025) if rng.random() < 0.3 else rng.randint(1995, 2018)
            if job == "Detention Officer":
                station = rng.choice(w.HQ_STATIONS[2:])
            else:
                station = w.HQ_TITLES.get(job) or rng.choices(stations, station_weights)[0]
        s = _ordinal(year, rng)
        s = min(s, w.END_ORD - 30)
        lv = 0
        if rng.random() < 0.11:  # left during the window
            lo = max(s, w.START_ORD) + 120
            if lo < w.END_ORD - 20:
                lv = rng.randrange(lo, w.END_ORD - 10)
        start.append(s)
        leave.append(lv)
        exposure.append(exp)
        access.append(acc)
        st.rank.append(rank)
        st.title.append(title)
        st.abbr.append(abbr)
        st.pattern.append(pattern)
        st.kind.append(kind)
        st.station.append(station)
        st.district.append(w.STATION_DISTRICT[station])
    st.group = np.array(groups, np.int8)
    st.start = np.array(start, np.int64)
    st.leave = np.array(leave, np.int64)
    st.exposure = np.array(exposure)
    st.access_rate = np.array(access, dtype=float)
    _assign_numbers(st, rng)
    return st


def _assign_numbers(st: Staff, rng: random.Random) -> None:
    """Payroll and warrant numbers rise with start date; collar numbers are unique but random."""
    order = sorted(range(st.n), key=lambda i: (int(st.start[i]), i))
    payroll = [""] * st.n
    warrant = [""] * st.n
    p, wn = 200000, 10000
    for i in order:
        p += rng.randint(1, 12)
        payroll[i] = str(p)
        if st.group[i] == OFFICER:
            wn += rng.randint(1, 3)
            warrant[i] = f"{wn:06d}"
    uniformed = [i for i in range(st.n) if st.group[i] != STAFF]
    top = max(9999, len(uniformed) * 3)
    collars = rng.sample(range(1000, top), len(uniformed))
    collar = [""] * st.n
    for i, c in zip(uniformed, collars, strict=True):
        collar[i] = str(c)
    logins: set[str] = set()
    emails: set[str] = set()
    for i in range(st.n):
        sur = re.sub(r"[^a-z]", "", st.surname[i].lower())
        fore = re.sub(r"[^a-z]", "", st.forename[i].lower())
        k = 1
        while (login := f"{sur[:10]}{fore[0]}{k:02d}") in logins:
            k += 1
        logins.add(login)
        k = 1
        email = f"{fore}.{sur}@{w.EMAIL_DOMAIN}"
        while email in emails:
            k += 1
            email = f"{fore}.{sur}{k}@{w.EMAIL_DOMAIN}"
        emails.add(email)
        st.login.append(login)
        st.email.append(email)
    st.payroll, st.warrant, st.collar = payroll, warrant, collar


@dataclass
class Public:
    """Members of the public: searched on police systems, named in intelligence, complaining.

    `searchable` people (indices < n_searchable) are looked up in the audit log; complainants
    come from the rest, so an officer looking up a complainant is never background noise.
    """

    forename: list[str]
    surname: list[str]
    gender: list[str]
    dob: list[date]
    n_searchable: int

    def subject(self, i: int) -> str:
        return f"{self.surname[i].upper()}, {self.forename[i]} (dob {self.dob[i]:%Y-%m-%d})"

    def name(self, i: int) -> str:
        return f"{self.forename[i]} {self.surname[i]}"


def build_public(n_searchable: int, n_complainants: int, seed: int) -> Public:
    rng = random.Random(f"{seed}:public")
    names = NamePicker(rng)
    seen: set[tuple[str, str, date]] = set()
    pub = Public([], [], [], [], n_searchable)
    lo, hi = date(1940, 1, 1).toordinal(), date(2007, 12, 31).toordinal()
    while len(pub.forename) < n_searchable + n_complainants:
        female = rng.random() < 0.5
        f, s = names.forename(female), names.surname()
        d = date.fromordinal(rng.randint(lo, hi))
        if (f, s, d) in seen:  # identical name + dob would blur who was searched
            continue
        seen.add((f, s, d))
        pub.forename.append(f)
        pub.surname.append(s)
        pub.gender.append("F" if female else "M")
        pub.dob.append(d)
    return pub


def vrm_pool(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng([seed, 77])
    letters = np.array(list("ABCDEFGHJKLMNOPRSTUVWXY"))
    a = letters[rng.integers(0, len(letters), (n, 5))]
    d = rng.integers(10, 75, n)
    return [f"{r[0]}{r[1]}{x:02d} {r[2]}{r[3]}{r[4]}" for r, x in zip(a, d, strict=True)]
