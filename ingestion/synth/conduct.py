"""Conduct cases (misconduct investigations), keyed by warrant number as PSD's case system is.
Some arise from complaints; anti-corruption cases are often marked RESTRICTED."""

from __future__ import annotations

import csv
import random
from itertools import accumulate
from pathlib import Path

from . import bank_records as br
from . import narrate as nr
from . import world as w
from .dates import fmt
from .psd import PSD, Complaint
from .staff import OFFICER, Staff
from .truth import Truth
from .variants import near_miss

FROM_COMPLAINT = {"Use of force": "Use of force", "Incivility": "Authority, respect and courtesy",
                  "Discriminatory behaviour": "Equality and diversity",
                  "Neglect of duty": "Duties and responsibilities",
                  "Data misuse": "Confidentiality",
                  "Corruption / abuse of position": "Honesty and integrity",
                  "Sexual misconduct": "Abuse of position for sexual purpose",
                  "Off-duty conduct": "Discreditable conduct",
                  "Handling of property": "Honesty and integrity",
                  "Improper search": "Orders and instructions",
                  "Unlawful arrest or detention": "Duties and responsibilities"}
CATEGORY_WEIGHTS = {"Honesty and integrity": 14, "Authority, respect and courtesy": 12,
                    "Equality and diversity": 8, "Use of force": 10, "Orders and instructions": 10,
                    "Duties and responsibilities": 18, "Confidentiality": 10, "Fitness for work": 4,
                    "Discreditable conduct": 10, "Abuse of position for sexual purpose": 4}
OUTCOMES = {"Misconduct": ["No case to answer", "Management action", "Written warning",
                           "Final written warning", "Reflective practice"],
            "Gross misconduct": ["Dismissed without notice", "Final written warning",
                                 "No case to answer", "Resigned - placed on barred list"],
            "Practice requiring improvement": ["Reflective practice", "Management action"]}


def build_conduct(st: Staff, psd: PSD, truth: Truth, out: Path, seed: int) -> dict[str, int]:
    rng = random.Random(f"{seed}:conduct")
    by_person: dict[int, list[Complaint]] = {}
    for c in psd.complaints:
        by_person.setdefault(c.officers[0], []).append(c)
    officers = [i for i in range(st.n) if st.group[i] == OFFICER]
    cum = list(accumulate(0.3 + len(by_person.get(i, [])) for i in officers))
    owner = {st.warrant[i]: i for i in officers}
    rows = []
    for _ in range(round(st.n * 0.12)):
        i = rng.choices(officers, cum_weights=cum)[0]
        linked = by_person.get(i) if rng.random() < 0.3 else None
        if linked:
            c = rng.choice(linked)
            opened = min(c.received + rng.randint(14, 120), w.END_ORD)
            category = FROM_COMPLAINT[c.category]
            ref = c.ref
        else:
            opened = rng.randint(st.active_from(i), st.active_to(i))
            category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
            ref = ""
        rows.append((opened, i, category, ref))
    rows.sort(key=lambda r: (r[0], r[1]))
    path = out / "psd/conduct_cases.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    seq: dict[int, int] = {}
    with path.open("w", newline="", encoding="utf-8") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["CaseNo", "SubjectWarrantNo", "SubjectName", "SubjectStation", "Opened",
                     "Closed", "Category", "Severity", "Summary", "Outcome", "Marking"])
        for opened, i, category, ref in rows:
            y = w.day(opened).year
            seq[y] = seq.get(y, 0) + 1
            case = f"CC/{seq[y]:04d}/{y % 100:02d}"
            severity = rng.choices(list(OUTCOMES), (60, 25, 15))[0]
            closed = opened + rng.randint(60, 600)
            closed = closed if closed < w.END_ORD else 0
            outcome = rng.choice(OUTCOMES[severity]) if closed else "Ongoing"
            restricted = category in br.CONDUCT_RESTRICTABLE and rng.random() < 0.5
            warrant = st.warrant[i]
            r = rng.random()
            if r < 0.03:
                warrant = ""
            elif r < 0.06:
                warrant = near_miss(warrant, rng)
                if warrant in owner and owner[warrant] != i:
                    truth.traps.append({"record_id": f"conduct_case:syn:{case}", "role": "subject",
                                        "person_id": st.pid(i), "written_warrant": warrant,
                                        "collides_with": st.pid(owner[warrant])})
            elif r < 0.12:
                warrant = warrant.lstrip("0")
            name = rng.choice((f"{st.abbr[i]} {st.forename[i]} {st.surname[i]}",
                               f"{st.forename[i]} {st.surname[i]}",
                               f"{st.surname[i].upper()} {st.forename[i]}",
                               f"{st.surname[i]}, {st.forename[i][0]}"))
            slots = nr.base_slots(rng, None, rng.choice(w.STREETS), rng.choice(w.TOWNS),
                                  w.day(max(opened - rng.randint(5, 60), w.START_ORD)), 12)
            slots |= {"oh": "he" if st.gender[i] == "M" else "she",
                      "station": st.station[i], "complaint_ref": ref,
                      "notice_date": fmt(min(opened + rng.randint(5, 40), w.END_ORD), "long"),
                      "later_date": fmt(closed or min(opened + rng.randint(60, 300), w.END_ORD),
                                        "long"),
                      "subj": rng.choice((f"{st.abbr[i]} {st.surname[i]}",
                                          f"{st.abbr[i]} {st.collar[i]} {st.surname[i]}",
                                          f"{st.abbr[i]} {st.forename[i]} {st.surname[i]}")),
                      "subj_short": rng.choice(("the officer", f"{st.abbr[i]} {st.surname[i]}"))}
            summary = nr.conduct_summary(rng, category, slots, bool(closed))
            if not ref:
                summary = summary.replace(" ()", "")
            wr.writerow([case, warrant, name, st.station[i], fmt(opened, "compact"),
                         fmt(closed, "compact") if closed else "", category, severity, summary,
                         outcome, "RESTRICTED" if restricted else "Normal"])
            truth.alias(f"conduct_case:syn:{case}", "subject", st.pid(i))
    return {"psd/conduct_cases.csv": len(rows)}
