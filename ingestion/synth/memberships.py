"""External membership lists (`lists/memberships.csv`) and the staff dates of birth they are
matched on (pattern `undeclared_association`).

Why: forces receive lists of an organisation's members — a roll seized under warrant from an
extremist group, a motorcycle club's list recovered at a search, a door-supervision company's
staff list — and check them against staff: a member of a declarable organisation who never
declared it is a lead. Most of each list is members of the public; the planted staff are:
- patterns: staff on a declarable list with no declaration naming the organisation;
- decoys: staff on a list who did declare it (the declarations register), members of the public
  who share a staff member's name but not their date of birth, and staff on a list nobody has
  to declare (a running club).
Noisy (`noisy=True`): names written "SURNAME, Forename" or misspelt, declarations that spell the
organisation differently, background rows without a date of birth, and a namesake with no date
of birth (undecidable: it goes to the resolution review queue, never a lead).
Staff dates of birth come from their own random stream, so adding them changes no other export.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import world as w
from .dates import fmt
from .names import misspell
from .registers import Registers
from .staff import Public, Staff
from .truth import Truth

PATTERN = "undeclared_association"


@dataclass(frozen=True)
class Org:
    name: str
    type: str
    list_name: str
    obtained: str
    size: int  # members of the public on the list (per 2,000 staff, at least this many)
    restricted: bool
    declared_as: tuple[str, ...] = ()  # how a declaration names it (first: as listed)
    declaration: str = "association"  # declaration type that declares it


ORGS = [
    Org("Albion Patriotic Front", "extremist group", "APF membership roll",
        "seized under warrant, Operation Kestrel", 90, True),
    Org("Marlhaven Iron Wolves MC", "criminal-linked club", "Iron Wolves club register",
        "recovered at a search of the clubhouse, Operation Granite", 60, True,
        ("Marlhaven Iron Wolves MC", "Iron Wolves motorcycle club", "the Iron Wolves MC")),
    Org("Harbourside Door Services Ltd", "business", "door supervisor roster",
        "supplied by the company on request (licensing enquiry)", 45, False,
        ("Harbourside Door Services Ltd", "Harbourside Door Services", "Harbourside Doors"),
        "business_interest"),
    Org("Marlhaven Harriers AC", "sports club", "club membership list",
        "supplied by the club for a charity event", 160, False),
]
DECLARED_TEXT = {
    "association": "I am a member of {org}. I joined in {year} and attend meetings occasionally.",
    "business_interest": "Secondary employment as a door supervisor with {org}, weekend shifts.",
}
DECLARABLE = [o for o in ORGS if o.type != "sports club"]


def staff_dobs(st: Staff, seed: int) -> list[date]:
    """Each member of staff's date of birth: 18–45 at joining (HR exports it)."""
    rng = random.Random(f"{seed}:staff-dob")
    return [date.fromordinal(int(st.start[i]) - rng.randint(18 * 365, 45 * 365))
            for i in range(st.n)]


class Memberships:
    def __init__(self, st: Staff, pub: Public, truth: Truth, seed: int, dobs: list[date],
                 used: set[int], noisy: bool) -> None:
        self.st, self.pub, self.truth, self.dobs, self.noisy = st, pub, truth, dobs, noisy
        self.rng = random.Random(f"{seed}:memberships")
        self.free = [i for i in range(st.n) if i not in used and not st.leave[i]]
        self.rng.shuffle(self.free)
        self.used = used
        # [org, name as written, dob or None, address, postcode, list date, tag]
        self.rows: list[tuple[Org, str, date | None, str, str, int, tuple | None]] = []
        self.listed = {o.name: self.rng.randint(w.ROSTER_ORD, w.END_ORD - 30) for o in ORGS}

    def _take(self) -> int:
        i = self.free.pop()
        self.used.add(i)
        return i

    def _address(self) -> tuple[str, str]:
        rng = self.rng
        street = rng.choice(w.STREETS)
        postcode = (f"WS{rng.randint(1, 29)} {rng.randint(1, 9)}"
                    f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}")
        return f"{rng.randint(1, 180)} {street}, {rng.choice(w.TOWNS)}", postcode

    def _row(self, org: Org, name: str, dob: date | None, tag: tuple | None) -> None:
        addr, pc = self._address()
        self.rows.append((org, name, dob, addr, pc, self.listed[org.name], tag))

    def _written(self, i: int, typo: bool) -> str:
        f, s = self.st.forename[i], self.st.surname[i]
        if typo:
            f, s = misspell(f, s, self.rng)
        return f"{s.upper()}, {f}" if self.noisy and self.rng.random() < 0.4 else f"{f} {s}"

    def build(self, reg: Registers) -> None:
        st, rng = self.st, self.rng
        scale = max(1.0, st.n / 2000)
        for org in ORGS:  # members of the public
            for p in rng.sample(range(self.pub.n_searchable), round(org.size * scale)):
                dob: date | None = self.pub.dob[p]
                if self.noisy and rng.random() < 0.15:
                    dob = None
                self._row(org, self.pub.name(p), dob, None)
        n, n_decoy = max(3, st.n // 400), max(2, st.n // 800)
        for k in range(n):  # planted: on a declarable list, never declared
            i = self._take()
            typo = self.noisy and k % 3 == 1
            self._row(DECLARABLE[k % len(DECLARABLE)], self._written(i, typo), self.dobs[i],
                      ("plant", i, typo))
        for k in range(n_decoy):  # declared members
            i = self._take()
            org = [o for o in DECLARABLE if o.declared_as][k % 2]
            said = rng.choice(org.declared_as[1:]) if self.noisy else org.declared_as[0]
            when = rng.randint(w.START_ORD, w.END_ORD - 60)
            text = DECLARED_TEXT[org.declaration].format(org=said, year=w.day(when).year)
            reg.decls.append([when, i, org.declaration, said, text, "Noted", org.name])
            self._row(org, self._written(i, False), self.dobs[i], ("declared", i, said))
        for k in range(n_decoy):  # namesakes: a staff member's name, another date of birth
            j = self._take()
            shift = rng.randint(400, 9000)
            late = self.dobs[j].toordinal() + shift <= date(2005, 12, 31).toordinal()
            other = date.fromordinal(self.dobs[j].toordinal() + (shift if late else -shift))
            self._row(DECLARABLE[k % len(DECLARABLE)], st.full_name(j), other,
                      ("namesake", j, other))
        if self.noisy:  # a namesake with no date of birth: undecidable
            j = self._take()
            self._row(DECLARABLE[0], st.full_name(j), None, ("namesake", j, None))
        for _ in range(n_decoy):  # a club nobody declares
            i = self._take()
            self._row(ORGS[-1], self._written(i, False), self.dobs[i], ("club", i, None))

    def write(self, out: Path, reg: Registers) -> dict[str, int]:
        """Write the list file; truth entries resolve declaration ids once `reg` has written."""
        (out / "lists").mkdir(parents=True, exist_ok=True)
        self.rows.sort(key=lambda r: (ORGS.index(r[0]), r[1].lower()))
        with (out / "lists/memberships.csv").open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, lineterminator="\n")
            wr.writerow(["row_ref", "organisation", "org_type", "list_name", "member_name",
                         "dob", "address", "postcode", "list_date", "obtained", "handling"])
            for n, (org, name, dob, addr, pc, listed, tag) in enumerate(self.rows, 1):
                ref = f"ML-{ORGS.index(org) + 1}-{n:05d}"
                wr.writerow([ref, org.name, org.type, org.list_name, name,
                             f"{dob:%d/%m/%Y}" if dob else "", addr, pc, fmt(listed, "dmy"),
                             org.obtained, "RESTRICTED" if org.restricted else "OFFICIAL"])
                if tag:
                    self._truth(tag, f"membership:syn:{ref}", org, name, dob, reg)
        return {"lists/memberships.csv": len(self.rows)}

    def _truth(self, tag: tuple, record: str, org: Org, name: str, dob: date | None,
               reg: Registers) -> None:
        what, i, extra = tag
        pid = self.st.pid(i)
        detail = {"organisation": org.name, "org_type": org.type, "written_as": name,
                  "dob_written": dob.isoformat() if dob else None}
        if what == "plant":
            self.truth.pattern(PATTERN, [pid], [record], detail | {"misspelt": extra})
        elif what == "declared":
            self.truth.decoy(PATTERN, "declared_association", [pid],
                             lambda: [record, reg.decl_ids[(i, org.name)]],
                             detail | {"declared_as": extra, "why_benign": "declared"})
        elif what == "namesake":
            self.truth.decoy(PATTERN, "namesake_on_list", [pid], [record],
                             detail | {"staff_dob": self.dobs[i].isoformat(), "why_benign":
                                       "a member of the public with the same name"})
        else:
            self.truth.decoy(PATTERN, "non_declarable_membership", [pid], [record],
                             detail | {"why_benign": "membership of a sports club is not "
                                       "declarable"})
