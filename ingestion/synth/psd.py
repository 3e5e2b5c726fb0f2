"""Professional Standards (PSD) complaints and allegations: background volume, finalisation
(references in date order, statuses, findings, narratives) and the two export files."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import bank_complaints as bk
from . import narrate as nr
from . import world as w
from .bank_clusters import Scenario
from .categories import (
    CODES,
    DETAILS,
    FINDINGS,
    KIND_CATEGORIES,
    KIND_SETTINGS,
    SANCTIONS,
    SECONDARY,
    TOWNS_IN,
)
from .dates import fmt
from .staff import OFFICER, STAFF, Public, Staff
from .truth import Truth
from .variants import collar_as_written, name_as_written, officer_slots, second_officer


@dataclass
class Complaint:
    received: int
    incident: int
    category: str
    setting: str
    officers: list[int]
    allegations: list[tuple[int, str]]  # (staff index, category)
    complainant: int
    voice: str
    street: str
    town: str
    scenario: Scenario | None = None
    variant: list[int] | None = None
    company: str | None = None
    company_kind: str = ""
    handling: str = ""
    status: str = ""
    findings: list[tuple[str, str]] = field(default_factory=list)
    narrative: str = ""
    ref: str = ""

    def record_id(self) -> str:
        return f"complaint:syn:{self.ref}"

    def allegation_ids(self, person: int | None = None) -> list[str]:
        return [f"allegation:syn:{self.ref}/A{k + 1}" for k, (i, _) in enumerate(self.allegations)
                if person is None or i == person]


class Complainants:
    """Hands out complainants (a few people complain more than once)."""

    def __init__(self, pub: Public, rng: random.Random) -> None:
        self.pub, self.rng, self.next = pub, rng, pub.n_searchable
        self.used: list[int] = []

    def take(self, gender: str | None = None, fresh: bool = False) -> int:
        if not fresh and gender is None and self.used and self.rng.random() < 0.04:
            return self.rng.choice(self.used)
        while gender is not None and self.pub.gender[self.next] != gender:
            self.next += 1
        i = self.next
        self.next += 1
        if self.next > len(self.pub.forename):
            raise RuntimeError("complainant pool exhausted")
        self.used.append(i)
        return i


class PSD:
    def __init__(self, st: Staff, pub: Public, seed: int) -> None:
        self.st, self.pub = st, pub
        self.rng = random.Random(f"{seed}:psd")
        self.complainants = Complainants(pub, random.Random(f"{seed}:complainants"))
        self.complaints: list[Complaint] = []
        # colleagues someone may be co-accused with: their station, or their district when the
        # station is small (so background noise does not pair the same two people repeatedly)
        station: dict[str, list[int]] = {}
        district: dict[str, list[int]] = {}
        for i in range(st.n):
            if st.group[i] == OFFICER:
                station.setdefault(st.station[i], []).append(i)
                district.setdefault(st.district[i], []).append(i)
        self.by_station = {s: (v if len(v) >= 40 else district[st.district[v[0]]])
                           for s, v in station.items()}
        self.narr_seed = seed

    # creation --------------------------------------------------------------------------------
    def place(self, i: int) -> tuple[str, str]:
        towns = TOWNS_IN.get(self.st.district[i])
        town = self.rng.choice(towns if towns and self.rng.random() < 0.85 else w.TOWNS)
        return self.rng.choice(w.STREETS), town

    def setting_for(self, i: int, category: str) -> str:
        allowed = bk.CATEGORY_SETTINGS[category]
        kind = self.st.kind[i]
        if kind in KIND_SETTINGS:
            ok = [s for s in allowed if s in KIND_SETTINGS[kind]]
            return self.rng.choice(ok or sorted(KIND_SETTINGS[kind]))
        return self.rng.choice([s for s in allowed if s != "phone_call"])

    def add(self, i: int, received: int, category: str, co: list[int] | None = None,
            extra: bool = True, setting: str | None = None, complainant: int | None = None,
            voice: str | None = None) -> Complaint:
        rng = self.rng
        lag = min(int(rng.expovariate(1 / 12)), 90)
        incident = max(received - lag, self.st.active_from(i))
        officers = [i, *(co or [])]
        allegations = [(i, category)]
        if extra and len(officers) == 1 and rng.random() < 0.35 and category in SECONDARY:
            allegations.append((i, rng.choice(SECONDARY[category])))
        if extra and len(officers) == 1 and len(allegations) == 2 and rng.random() < 0.3:
            third = rng.choice(SECONDARY.get(allegations[1][1], ["Incivility"]))
            if third != category:
                allegations.append((i, third))
        for j in officers[1:]:
            allegations.append((j, category if rng.random() < 0.7 or category not in SECONDARY
                                else rng.choice(SECONDARY[category])))
        street, town = self.place(i)
        c = Complaint(received, incident, category, setting or self.setting_for(i, category),
                      officers, allegations[:3],
                      complainant if complainant is not None else self.complainants.take(),
                      voice or rng.choices(("first", "informal", "third"), (45, 15, 40))[0],
                      street, town)
        self.complaints.append(c)
        return c

    def coaccused(self, i: int, when: int, k: int) -> list[int]:
        pool = self.by_station.get(self.st.station[i], [])
        out: list[int] = []
        for _ in range(12 * k):
            if len(out) == k or len(pool) < 2:
                break
            j = pool[int(self.rng.random() * len(pool))]
            if j != i and j not in out and self.st.active_from(j) <= when <= self.st.active_to(j):
                out.append(j)
        return out

    def background(self, total: int) -> None:
        """`total` complaints spread over staff by exposure × a skewed personal propensity."""
        st = self.st
        nprng = np.random.default_rng([self.narr_seed, 11])
        years = np.array([(st.active_to(i) - st.active_from(i) + 1) / 365.25 for i in range(st.n)])
        lam = st.exposure * years * nprng.gamma(1.2, 1 / 1.2, st.n)
        counts = nprng.multinomial(total, lam / lam.sum())
        for i in np.nonzero(counts)[0].tolist():
            kind = st.kind[i]
            cats = KIND_CATEGORIES[kind]
            for _ in range(int(counts[i])):
                received = self.rng.randint(st.active_from(i), st.active_to(i))
                category = self.rng.choices(list(cats), list(cats.values()))[0]
                co: list[int] = []
                if st.group[i] != STAFF and kind == "officer" and category not in (
                        "Off-duty conduct", "Data misuse", "Neglect of duty"):
                    r = self.rng.random()
                    co = self.coaccused(i, received, 1 if r < 0.15 else 2 if r < 0.18 else 0)
                self.add(i, received, category, co)

    # finalisation ----------------------------------------------------------------------------
    def finalise(self) -> None:
        rng = self.rng
        self.complaints.sort(key=lambda c: (c.received, c.officers[0], c.complainant))
        seq: dict[int, int] = {}
        for c in self.complaints:
            year = w.day(c.received).year
            seq[year] = seq.get(year, 0) + 1
            c.ref = f"CO/{seq[year]:05d}/{year % 100:02d}"
            age = w.END_ORD - c.received
            if age < 100:
                c.status = rng.choice(("Under investigation", "Awaiting assessment",
                                       "Under investigation"))
            elif age < 240 and rng.random() < 0.5:
                c.status = "Under investigation"
            else:
                c.status = rng.choices(("Finalised", "Withdrawn", "Resolved (OTBI)"),
                                       (80, 6, 14))[0]
            c.findings = [self._finding(c.status) for _ in c.allegations]
            sensitive = c.category in ("Corruption / abuse of position", "Sexual misconduct")
            r = rng.random()
            c.handling = ("RESTRICTED" if r < (0.25 if sensitive else 0.01) else
                          "OFFICIAL-SENSITIVE" if r < 0.12 else "OFFICIAL")
        nrng = random.Random(f"{self.narr_seed}:narratives")
        for c in self.complaints:
            c.narrative = self._narrative(c, nrng)

    def _finding(self, status: str) -> tuple[str, str]:
        rng = self.rng
        if status == "Withdrawn":
            return "Withdrawn", ""
        if status == "Resolved (OTBI)":
            f = rng.choice(("Service acceptable", "Service not acceptable"))
        elif status == "Finalised":
            f = rng.choices([x for x, _ in FINDINGS], [p for _, p in FINDINGS])[0]
        else:
            return "", ""
        return f, rng.choice(SANCTIONS[f]) if f in SANCTIONS else "No further action"

    def complainant_name(self, c: Complaint) -> str:
        p = self.pub
        f, s = p.forename[c.complainant], p.surname[c.complainant]
        title = "Mrs" if p.gender[c.complainant] == "F" else "Mr"
        r = (c.complainant * 7919) % 10  # stable per person: the same person, the same style
        return f"{title} {f} {s}" if r < 3 else f"Ms {f} {s}" if r == 3 and title == "Mrs" \
            else f"{f} {s}"

    def _narrative(self, c: Complaint, rng: random.Random) -> str:
        st, pub = self.st, self.pub
        third = c.voice == "third"
        gender = pub.gender[c.complainant] if third else None
        hour = rng.choice((1, 2, 8, 10, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 22, 23, 23, 0))
        slots = nr.base_slots(rng, gender, c.street, c.town, w.day(c.incident), hour)
        slots |= officer_slots(rng, st, c.officers[0], third,
                               known=c.setting == "crime_followup")
        if len(c.officers) > 1:
            slots["off2"] = second_officer(rng, st, c.officers[1])
        name = self.complainant_name(c)
        female = pub.gender[c.complainant] == "F"
        title = name.split()[0] if name.split()[0] in ("Mr", "Mrs", "Ms") else (
            "Ms" if female else "Mr")
        slots["cname"] = name
        slots["cname_plain"] = pub.name(c.complainant)
        slots["cref"] = rng.choice(("the complainant", "the complainant",
                                    f"{title} {pub.surname[c.complainant]}"))
        stations = [s for s in w.STATIONS if w.STATION_DISTRICT[s] == w.TOWN_DISTRICT[c.town]]
        slots["station"] = rng.choice(stations or w.STATIONS)
        slots["custody"] = rng.choice(("Marlhaven Custody Suite", "Kelbrook Custody Suite",
                                       "the custody suite at Kelbrook", "Marlhaven custody"))
        slots["later_date"] = fmt(min(c.received + rng.randint(3, 40), w.END_ORD), "long")
        if c.company:
            slots["company"] = c.company
            slots["biz_kind"] = c.company_kind
        if c.scenario is not None and c.variant is not None:
            text = nr.cluster_narrative(rng, c.scenario, c.variant, c.voice, slots)
        else:
            text = nr.complaint_narrative(rng, c.voice, c.category, c.setting, slots,
                                          len(c.officers))
        if c.company:
            sents = text.split(". ")
            at = min(len(sents) - 1, 1 + int(rng.random() * max(1, len(sents) - 1)))
            sents.insert(at, nr.company_sentence(rng, slots).rstrip("."))
            text = ". ".join(sents)
        return text

    # export ----------------------------------------------------------------------------------
    def write(self, out: Path, truth: Truth,
              traps: dict[tuple[str, int], tuple[str, str]]) -> dict[str, int]:
        st, rng = self.st, random.Random(f"{self.narr_seed}:psd-write")
        (out / "psd").mkdir(parents=True, exist_ok=True)
        with (out / "psd/complaints.csv").open("w", newline="", encoding="utf-8") as fc, \
                (out / "psd/allegations.csv").open("w", newline="", encoding="utf-8") as fa:
            cw, aw = csv.writer(fc, lineterminator="\n"), csv.writer(fa, lineterminator="\n")
            cw.writerow(["ComplaintRef", "DateReceived", "IncidentDate", "Category", "Categories",
                         "ComplainantName", "ComplainantDOB", "Location", "District", "Status",
                         "Handling", "Account"])
            aw.writerow(["AllegationRef", "ComplaintRef", "OfficerCollar", "OfficerName",
                         "OfficerStation", "AllegationCode", "AllegationDetail", "Finding",
                         "Outcome", "Handling"])
            n_all = 0
            for c in self.complaints:
                cats = list(dict.fromkeys(cat for _, cat in c.allegations))
                cw.writerow([c.ref, fmt(c.received, "dmy"), fmt(c.incident, "dmy"), c.category,
                             "; ".join(cats), self.complainant_name(c),
                             f"{self.pub.dob[c.complainant]:%d/%m/%Y}", f"{c.street}, {c.town}",
                             w.TOWN_DISTRICT[c.town], c.status, c.handling, c.narrative])
                for k, (i, cat) in enumerate(c.allegations):
                    aref = f"{c.ref}/A{k + 1}"
                    if (c.ref, k) in traps:
                        collar, name = traps[(c.ref, k)]
                    else:
                        collar = collar_as_written(rng, st, i)
                        name = name_as_written(rng, st, i, blank_ok=bool(collar))
                    station = st.station[i] if rng.random() > 0.05 else ""
                    detail = (c.scenario.detail if c.scenario is not None and k == 0
                              else "Abuse of position - promoted private business" if c.company
                              and k == 0 else rng.choice(DETAILS[cat]))
                    finding, outcome = c.findings[k]
                    aw.writerow([aref, c.ref, collar, name, station, CODES[cat], detail, finding,
                                 outcome, c.handling])
                    truth.alias(f"allegation:syn:{aref}", "subject", st.pid(i))
                    n_all += 1
        return {"psd/complaints.csv": len(self.complaints), "psd/allegations.csv": n_all}
