"""Planting patterns and decoys into the PSD data, and choosing who the other systems' planted
patterns happen to (the duty, access and register modules carry those out).

Each planted person is used for one storyline only, and is chosen so that their background
records cannot blur it (e.g. the use-of-force cluster goes to an officer with no other
use-of-force allegation). Structural patterns are re-derived from the final data afterwards
(`validate_psd`), so anything background noise created by chance is recorded too.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from . import world as w
from .bank_clusters import SCENARIOS
from .names import BusinessNames, business_kind
from .psd import PSD, Complaint
from .staff import OFFICER, Staff
from .truth import Truth
from .variants import near_miss

UOF = "Use of force"
JOINT_CATS = ["Incivility", "Improper search", "Unlawful arrest or detention",
              "Handling of property", "Discriminatory behaviour", UOF]


@dataclass
class Plans:
    """Storylines other modules must carry out (who, and what)."""

    complainant_searches: list[tuple[int, int, Complaint]] = field(default_factory=list)
    company_intel: list[tuple[int, str, bool]] = field(default_factory=list)  # declared?
    repeat_searches: list[int] = field(default_factory=list)
    analyst_decoys: list[int] = field(default_factory=list)
    linked_decoys: list[int] = field(default_factory=list)
    leave_access: list[int] = field(default_factory=list)
    overtime_sick: list[int] = field(default_factory=list)
    overtime_decoys: list[int] = field(default_factory=list)
    colleague_access: list[int] = field(default_factory=list)  # see relations.py
    colleague_decoys: list[int] = field(default_factory=list)


class Planter:
    def __init__(self, st: Staff, psd: PSD, truth: Truth, seed: int, biz: BusinessNames,
                 noisy: bool = False) -> None:
        self.st, self.psd, self.truth, self.biz = st, psd, truth, biz
        self.noisy = noisy  # planted sizes straddle the detector defaults (see noise.py)
        self.rng = random.Random(f"{seed}:plant")
        self.n = max(3, st.n // 400)
        self.n_decoy = max(2, st.n // 800)
        self.used: set[int] = set()
        frontline = [i for i in range(st.n) if st.group[i] == OFFICER and st.stayer(i)
                     and st.title[i] in ("Police Constable", "Police Sergeant")]
        self.rng.shuffle(frontline)
        first = set(frontline)
        others = [i for i in range(st.n) if st.group[i] == OFFICER and st.stayer(i)
                  and i not in first]
        self.rng.shuffle(others)
        self.frontline = frontline + others  # a small force runs out of PCs and sergeants
        self.plans = Plans()
        self.subjects: dict[int, list[Complaint]] = defaultdict(list)
        for c in psd.complaints:
            for i, _ in c.allegations:
                self.subjects[i].append(c)

    def pick(self, ok: Callable[[int], bool] = lambda i: True,
             pool: list[int] | None = None) -> int:
        for i in pool if pool is not None else self.frontline:
            if i not in self.used and ok(i):
                self.used.add(i)
                return i
        raise RuntimeError("force too small to plant every pattern; use more people")

    def partner(self, a: int) -> int:
        """A colleague from the same station (else district, else anywhere) never co-accused
        with `a` so far."""
        st = self.st
        nearby: list[Callable[[int], bool]] = [lambda j: st.station[j] == st.station[a],
                                               lambda j: st.district[j] == st.district[a],
                                               lambda j: True]
        for same in nearby:
            def free(j: int, same: Callable[[int], bool] = same) -> bool:
                return same(j) and self.joint(a, j) == 0

            try:
                return self.pick(free)
            except RuntimeError:
                continue
        raise RuntimeError("force too small to plant every pattern; use more people")

    def no_uof(self, i: int) -> bool:
        return all(cat != UOF for c in self.subjects[i] for j, cat in c.allegations if j == i)

    def joint(self, a: int, b: int) -> int:
        return sum(1 for c in self.subjects[a] if b in c.officers)

    def dates(self, k: int, lo: int, hi: int, gap: int) -> list[int]:
        for _ in range(200):
            ds = sorted(self.rng.randint(lo, hi) for _ in range(k))
            if all(b - a >= gap for a, b in pairwise(ds)):
                return ds
        return [lo + j * gap for j in range(k)]

    # patterns --------------------------------------------------------------------------------
    def clusters(self) -> None:
        for k in range(self.n):
            o = self.pick()
            options = [s for s in SCENARIOS if self.st.gender[o] == "M" or s.complainant_gender
                       != "F"]
            sc = options[k % len(options)]
            m = self.rng.randint(2, 6) if self.noisy else self.rng.randint(4, 6)
            span = self.rng.randint(240, 900)
            lo = self.rng.randint(w.START_ORD, w.END_ORD - span)
            ds = self.dates(m, lo, lo + span, 21)
            perms = [self.rng.sample(range(len(b)), len(b)) for b in sc.beats]
            made = []
            for j, d in enumerate(ds):
                c = self.psd.add(o, d, sc.category, extra=False,
                                 setting=self.rng.choice(sc.settings),
                                 complainant=self.psd.complainants.take(sc.complainant_gender,
                                                                        fresh=True))
                c.scenario, c.variant = sc, [p[j] for p in perms]
                made.append(c)
            self.truth.pattern(
                "similar_complaints", [self.st.pid(o)],
                lambda made=made, o=o: [x for c in made for x in (c.record_id(),
                                                                   *c.allegation_ids(o))],
                {"scenario": sc.name, "category": sc.category, "complaints": len(made),
                 "conduct": sc.detail})

    def uof_clusters(self) -> None:
        for _ in range(self.n):
            o = self.pick(self.no_uof)
            m = self.rng.randint(2, 5) if self.noisy else self.rng.randint(3, 4)
            within = self.rng.randint(40, 160) if self.noisy else 86
            lo = self.rng.randint(w.START_ORD, w.END_ORD - within - 10)
            ds = sorted(self.rng.sample(range(lo, lo + within), m))
            made = [self.psd.add(o, d, UOF) for d in ds]
            self.truth.pattern(
                "use_of_force_cluster", [self.st.pid(o)],
                lambda made=made, o=o: [x for c in made for x in (c.record_id(), *[
                    a for a, (j, cat) in zip(c.allegation_ids(), c.allegations, strict=True)
                    if j == o and cat == UOF])],
                {"complaints": m, "first": w.day(ds[0]).isoformat(),
                 "last": w.day(ds[-1]).isoformat(), "window_days": within})

    def pairs(self, count: int, times: tuple[int, int], decoy: bool) -> None:
        for _ in range(count):
            a = self.pick()
            b = self.partner(a)
            m = self.rng.randint(*times)
            ds = self.dates(m, w.START_ORD, w.END_ORD, 120)
            made = [self.psd.add(a, d, self.rng.choice(JOINT_CATS), co=[b]) for d in ds]
            def recs(made: list[Complaint] = made, a: int = a, b: int = b) -> list[str]:
                return [x for c in made for x in (c.record_id(), *c.allegation_ids(a),
                                                   *c.allegation_ids(b))]
            detail = {"times": m, "station": self.st.station[a]}
            pids = [self.st.pid(a), self.st.pid(b)]
            if decoy:
                self.truth.decoy("repeat_coaccused", "coaccused_twice", pids, recs, detail)
            else:
                self.truth.pattern("repeat_coaccused", pids, recs, detail)

    def company_complaints(self) -> None:
        for k in range(self.n):
            o = self.pick()
            company = self.biz.new(self.st.surname[o] if self.rng.random() < 0.3 else None)
            if k % 3 != 2:  # most are named in intelligence, some by a complainant
                self.plans.company_intel.append((o, company, False))
                continue
            d = self.rng.randint(w.START_ORD + 30, w.END_ORD - 30)
            c = self.psd.add(o, d, "Corruption / abuse of position", extra=False,
                             setting="traffic_stop")
            c.company, c.company_kind = company, business_kind(company)
            self.truth.pattern(
                "undeclared_business_interest", [self.st.pid(o)],
                lambda c=c, o=o: [c.record_id(), *c.allegation_ids(o)],
                {"company": company, "named_in": "complaint"})

    def complainant_search_complaints(self) -> None:
        for _ in range(self.n):
            o = self.pick()
            d = self.rng.randint(w.ROSTER_ORD + 10, w.END_ORD - 35)
            comp = self.psd.complainants.take(fresh=True)
            c = self.psd.add(o, d, self.rng.choice(("Incivility", "Use of force",
                                                    "Improper search", "Neglect of duty")),
                             complainant=comp)
            self.plans.complainant_searches.append((o, comp, c))

    # decoys ----------------------------------------------------------------------------------
    def decoy_unrelated(self) -> None:
        cats = ["Incivility", "Neglect of duty", "Improper search", "Handling of property",
                "Unlawful arrest or detention", "Data misuse", "Discriminatory behaviour"]
        for _ in range(self.n_decoy):
            o = self.pick(lambda i: len(self.subjects[i]) <= 1 and self.no_uof(i))
            chosen = self.rng.sample(cats, 5)
            ds = self.dates(5, w.START_ORD, w.END_ORD, 200)
            made = [self.psd.add(o, d, cat, extra=False) for d, cat in zip(ds, chosen, strict=True)]
            self.truth.decoy("similar_complaints", "unrelated_complaints", [self.st.pid(o)],
                             lambda made=made: [c.record_id() for c in made],
                             {"categories": chosen, "why_benign": "different conduct, years apart"})

    def decoy_uof_spread(self) -> None:
        for _ in range(self.n_decoy):
            o = self.pick(self.no_uof)
            d1 = self.rng.randint(w.START_ORD, w.END_ORD - 500)
            ds = [d1, d1 + self.rng.randint(40, 80), d1 + self.rng.randint(220, 420)]
            made = [self.psd.add(o, d, UOF, extra=False) for d in ds]
            self.truth.decoy("use_of_force_cluster", "use_of_force_spread", [self.st.pid(o)],
                             lambda made=made: [c.record_id() for c in made],
                             {"complaints": 3, "why_benign": "never three within 90 days"})

    def choose_other_storylines(self) -> None:
        """People for storylines planted by the access, duty and register modules."""
        st, p = self.st, self.plans
        p.repeat_searches = [self.pick() for _ in range(self.n)]
        p.leave_access = [self.pick() for _ in range(self.n)]
        p.overtime_sick = [self.pick() for _ in range(self.n)]
        p.overtime_decoys = [self.pick() for _ in range(self.n_decoy)]
        p.linked_decoys = [self.pick() for _ in range(self.n_decoy)]
        analysts = [i for i in range(st.n) if st.title[i] == "Intelligence Analyst"
                    and st.active_from(i) <= w.ROSTER_ORD and st.active_to(i) == w.END_ORD]
        p.analyst_decoys = [self.pick(pool=analysts) for _ in range(self.n_decoy)]
        if self.noisy:  # an analyst misusing access too: their role does not make it research
            p.repeat_searches[-1] = self.pick(pool=analysts)
        for _ in range(self.n_decoy):
            o = self.pick()
            p.company_intel.append((o, self.biz.new(), True))

    def run(self) -> Plans:
        self.clusters()
        self.uof_clusters()
        self.pairs(self.n, (3, 7) if self.noisy else (4, 5), decoy=False)
        self.company_complaints()
        self.complainant_search_complaints()
        self.decoy_unrelated()
        self.decoy_uof_spread()
        self.pairs(self.n_decoy, (2, 2), decoy=True)
        self.choose_other_storylines()
        for people, count in ((self.plans.colleague_access, self.n),
                              (self.plans.colleague_decoys, self.n_decoy)):
            for _ in range(count):  # picked last, so the other storylines keep their people
                try:
                    people.append(self.pick())
                except RuntimeError:  # a very small force: fewer of these
                    break
        return self.plans


Traps = dict[tuple[str, int], tuple[str, str]]  # (complaint ref, allegation index) → (collar, name)


def collar_traps(st: Staff, psd: PSD, truth: Truth, seed: int) -> Traps:
    """Allegations whose collar number is a colleague's by a slip of the pen, while the name
    plainly identifies the right officer. Call after `PSD.finalise` (references are final)."""
    rng = random.Random(f"{seed}:traps")
    owner = {st.collar[i]: i for i in range(st.n) if st.collar[i]}
    want = max(3, st.n // 2000)
    out: dict[tuple[str, int], tuple[str, str]] = {}
    trapped: set[int] = set()
    order = list(range(len(psd.complaints)))
    rng.shuffle(order)
    for ci in order:
        c = psd.complaints[ci]
        if c.scenario is not None:
            continue
        for k, (i, _) in enumerate(c.allegations):
            if not st.collar[i] or len(out) >= want:
                continue
            wrong = near_miss(st.collar[i], rng)
            j = owner.get(wrong)
            if j is None or j == i or st.surname[j] == st.surname[i] or i in trapped:
                continue
            trapped.add(i)
            name = rng.choice((f"{st.abbr[i]} {st.forename[i]} {st.surname[i]}",
                               f"{st.forename[i]} {st.surname[i]}"))
            out[(c.ref, k)] = (wrong, name)
            truth.traps.append({"record_id": f"allegation:syn:{c.ref}/A{k + 1}",
                                "role": "subject", "person_id": st.pid(i),
                                "written_collar": wrong, "written_name": name,
                                "collides_with": st.pid(j)})
    return out


def validate_psd(st: Staff, psd: PSD, truth: Truth) -> None:
    """Check that no decoy accidentally became what it looks like. Truth is what was planted:
    background that happens to look like a pattern is never relabelled here (that would score
    a detector against its own rule); the eval counts it as an unplanted lead."""
    pair_count: Counter[tuple[int, int]] = Counter()
    uof: dict[int, list[int]] = defaultdict(list)
    for c in psd.complaints:
        subjects = sorted({i for i, _ in c.allegations})
        for x in range(len(subjects)):
            for y in range(x + 1, len(subjects)):
                pair_count[(subjects[x], subjects[y])] += 1
        for i in {i for i, cat in c.allegations if cat == UOF}:
            uof[i].append(c.received)
    index = {st.pid(i): i for i in range(st.n)}
    for e in truth.decoys:
        if e.type == "coaccused_twice":
            a, b = sorted(index[p] for p in e.person_ids)
            if pair_count[(a, b)] > 3:
                raise AssertionError(f"decoy pair {e.person_ids} co-accused {pair_count[(a, b)]} "
                                     "times")
        if e.type == "use_of_force_spread":
            days = sorted(uof[index[e.person_ids[0]]])
            if any(days[k + 2] - days[k] <= 90 for k in range(len(days) - 2)):
                raise AssertionError(f"decoy {e.person_ids[0]} has three use-of-force "
                                     "complaints in 90 days")
