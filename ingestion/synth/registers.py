"""The declarations register (business interests, associations, gifts) and the intelligence
system (reports about members of staff; all restricted)."""

from __future__ import annotations

import csv
import random
from itertools import accumulate
from pathlib import Path

from . import narrate as nr
from . import world as w
from .dates import fmt
from .names import BusinessNames, business_kind
from .plant import Plans
from .staff import Public, Staff
from .truth import Truth
from .variants import collar_as_written, intel_name

DECL_TYPES = {"business_interest": "Business interest", "association": "Association",
              "gift": "Gift & hospitality"}
DECL_STATUS = {"business_interest": (("Approved", 60), ("Approved with conditions", 20),
                                     ("Rejected", 8), ("Under review", 12)),
               "association": (("Noted", 70), ("Under review", 20), ("Action required", 10)),
               "gift": (("Accepted - registered", 45), ("Declined", 40), ("Returned", 15))}
GIFT_GIVERS = ["a grateful victim", "Marlhaven Rotary Club", "the Westshire Chamber of Commerce",
               "a local garage owner", "the family of a missing person",
               "a supplier's account manager", "Marlhaven Town FC", "a community group in {town}",
               "the headteacher of a local school"]
THEMES = ["associates", "financial", "leaking", "drugs", "relationship", "messages", "systems",
          "domestic", "property"]
UNITS = ["Anti-Corruption Unit", "Force Intelligence Bureau", "PSD Intelligence",
         "District Intelligence Unit"]


def _slots(rng: random.Random, st: Staff, i: int, when: int) -> dict[str, str]:
    street, town = rng.choice(w.STREETS), rng.choice(w.TOWNS)
    slots = nr.base_slots(rng, None, street, town, w.day(when), rng.randint(8, 22))
    slots["station"] = st.station[i]
    slots["district"] = st.district[i] if st.district[i] != w.HQ_DISTRICT else "Marlhaven"
    slots["later_date"] = fmt(min(when + rng.randint(10, 90), w.END_ORD), "long")
    slots["hours"] = str(rng.choice((4, 6, 8, 10, 12)))
    return slots


class Registers:
    def __init__(self, st: Staff, pub: Public, truth: Truth, biz: BusinessNames, seed: int,
                 complaint_counts: list[int]) -> None:
        self.st, self.pub, self.truth, self.biz = st, pub, truth, biz
        self.rng = random.Random(f"{seed}:registers")
        self.counts = complaint_counts
        self.decls: list[list] = []  # [date, staff idx, type, counterparty, details, status, tag]
        self.intel: list[list] = []  # [date, staff idx, text, tag]
        self.decl_ids: dict[tuple[int, str], str] = {}  # (staff idx, company) → record id

    def declarations(self, declared_companies: list[tuple[int, str]]) -> None:
        st, rng = self.st, self.rng
        people = rng.sample(range(st.n), round(st.n * 0.15))
        for i in people:
            for _ in range(rng.choices((1, 2, 3, 4), (45, 30, 15, 10))[0]):
                kind = rng.choices(list(DECL_TYPES), (45, 25, 30))[0]
                self._declare(i, kind, rng.randint(st.active_from(i), st.active_to(i)))
        for i, company in declared_companies:
            self._declare(i, "business_interest", rng.randint(w.START_ORD, w.START_ORD + 400),
                          company=company, status="Approved")

    def _declare(self, i: int, kind: str, when: int, company: str | None = None,
                 status: str | None = None) -> list:
        rng = self.rng
        slots = _slots(rng, self.st, i, when)
        if kind == "business_interest":
            party = company or self.biz.new(self.st.surname[i] if rng.random() < 0.25 else None)
            slots["company"], slots["biz_kind"] = party, business_kind(party)
        elif kind == "association":
            p = rng.randrange(self.pub.n_searchable)
            party = self.pub.name(p)
        else:
            party = rng.choice(GIFT_GIVERS).replace("{town}", slots["town"])
        slots["counterparty"] = party
        text = nr.declaration_text(rng, kind, slots)
        opts = DECL_STATUS[kind]
        row = [when, i, kind, party, text,
               status or rng.choices([s for s, _ in opts], [p for _, p in opts])[0], company]
        self.decls.append(row)
        return row

    def reports(self, plans: Plans) -> None:
        st, rng = self.st, self.rng
        weights = [(1.0 + self.counts[i]) * (1.5 if st.group[i] == 0 else 0.6) for i in range(st.n)]
        cum = list(accumulate(weights))
        chosen: list[int] = []
        seen: set[int] = set()
        planted = {i for i, _, _ in plans.company_intel}
        while len(chosen) < round(st.n * 0.03):
            i = rng.choices(range(st.n), cum_weights=cum)[0]
            if i not in seen and i not in planted:
                seen.add(i)
                chosen.append(i)
        for i in chosen:
            themes = rng.sample(THEMES, 2)
            for _ in range(rng.choices((1, 2, 3), (55, 30, 15))[0]):
                when = rng.randint(st.active_from(i), st.active_to(i))
                self.intel.append([when, i, self._text(i, when, rng.choice(themes)), None])
        for i, company, declared in plans.company_intel:
            when = rng.randint(w.START_ORD + 420, w.END_ORD)
            self.intel.append([when, i, self._text(i, when, None, company, declared),
                               (company, declared)])

    def _text(self, i: int, when: int, theme: str | None, company: str | None = None,
              declared: bool = False) -> str:
        st, rng = self.st, self.rng
        slots = _slots(rng, st, i, when)
        abbr = st.abbr[i]
        full = [f"{intel_name(st, i)} ({st.title[i]}, {st.station[i]})"]
        if abbr:
            full += [f"{abbr} {st.collar[i]} {st.surname[i].upper()}",
                     f"{abbr} {st.forename[i]} {st.surname[i].upper()}"]
        slots["subj"] = rng.choice(full)
        slots["subj_short"] = rng.choice(("the subject", st.surname[i].upper(),
                                          f"{abbr or 'the staff member'} {st.surname[i]}"))
        p = rng.randrange(self.pub.n_searchable)
        slots["nominal"] = f"{self.pub.forename[p]} {self.pub.surname[p].upper()}"
        slots["ref"] = f"IR/{rng.randint(21, 25)}/{rng.randint(1, 9999):05d}"
        if company:
            slots["company"], slots["biz_kind"] = company, business_kind(company)
            return nr.intel_text(rng, slots, None, "declared" if declared else "undeclared")
        return nr.intel_text(rng, slots, theme)

    def write(self, out: Path) -> dict[str, int]:
        st, rng = self.st, self.rng
        (out / "hr").mkdir(parents=True, exist_ok=True)
        (out / "intel").mkdir(parents=True, exist_ok=True)
        self.decls.sort(key=lambda r: (r[0], r[1]))
        self.intel.sort(key=lambda r: (r[0], r[1]))
        decl_ids = self.decl_ids
        with (out / "hr/declarations.csv").open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, lineterminator="\n")
            wr.writerow(["decl_id", "payroll_no", "name", "date_submitted", "decl_type",
                         "counterparty", "details", "status"])
            seq: dict[int, int] = {}
            for when, i, kind, party, text, status, company in self.decls:
                y = w.day(when).year
                seq[y] = seq.get(y, 0) + 1
                did = f"DEC-{y}-{seq[y]:05d}"
                if company:
                    decl_ids[(i, company)] = f"declaration:syn:{did}"
                wr.writerow([did, st.payroll[i], f"{st.forename[i]} {st.surname[i]}",
                             fmt(when, "d mon y"), DECL_TYPES[kind], party, text, status])
                self.truth.alias(f"declaration:syn:{did}", "declarant", st.pid(i))
        with (out / "intel/reports.csv").open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, lineterminator="\n")
            wr.writerow(["report_id", "report_date", "grading", "originating_unit",
                         "subject_collar", "subject_name", "report_text"])
            seq = {}
            for when, i, text, tag in self.intel:
                y = w.day(when).year
                seq[y] = seq.get(y, 0) + 1
                rid = f"IR/{y % 100:02d}/{seq[y]:05d}"
                grading = (rng.choices("ABC", (15, 60, 25))[0]
                           + rng.choices("12345", (10, 40, 30, 15, 5))[0])
                name = (intel_name(st, i) if rng.random() < 0.6
                        else f"{st.forename[i]} {st.surname[i]}")
                wr.writerow([rid, fmt(when, "d month y"), grading, rng.choice(UNITS),
                             collar_as_written(rng, st, i, blank=0.05), name, text])
                record = f"intel_report:syn:{rid}"
                self.truth.alias(record, "subject", st.pid(i))
                if tag is not None:
                    company, declared = tag
                    if declared:
                        self.truth.decoy(
                            "undeclared_business_interest", "declared_business_interest",
                            [st.pid(i)], [record, decl_ids[(i, company)]],
                            {"company": company, "why_benign": "declared and approved"})
                    else:
                        self.truth.pattern("undeclared_business_interest", [st.pid(i)], [record],
                                           {"company": company, "named_in": "intel_report"})
        return {"hr/declarations.csv": len(self.decls), "intel/reports.csv": len(self.intel)}
