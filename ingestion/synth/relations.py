"""Planted look-ups of colleagues and relatives (pattern `colleague_or_family_access`), and their
decoys (a colleague searched for a job, with its case reference).

A colleague or relative is a member of the public in the audit log's index of people: one of
the fresh public identities (never searched in the background, never a complainant) is renamed
to the colleague's forename and family name, or given the searcher's own family name. Planted
search counts are 2–5 for a colleague and 3–5 for a relative (standard force: past the detector's
defaults) or 1–5 (noisy: some below them).
"""

from __future__ import annotations

import random

from . import world as w
from .access import PERSON_SEARCH, Access
from .psd import PSD
from .staff import Staff
from .truth import Truth


def plant_relations(st: Staff, acc: Access, psd: PSD, truth: Truth, seed: int,
                    people: list[int], decoys: list[int], noisy: bool) -> None:
    rng = random.Random(f"{seed}:relations")
    pub = acc.pub
    for k, i in enumerate(people):
        p = psd.complainants.take(fresh=True)
        mates = [j for j in range(st.n) if j != i and st.station[j] == st.station[i]
                 and st.surname[j] != st.surname[i]]
        if k % 2 == 0 and mates:
            j = rng.choice(mates)
            pub.forename[p], pub.surname[p] = st.forename[j], st.surname[j]
            relation, other = "colleague", st.pid(j)
        else:
            pub.surname[p] = st.surname[i]
            relation, other = "family", ""
        days = acc._days(i, 0, w.ROSTER_DAYS - 1)
        least = 2 if relation == "colleague" else 3  # the standard force: past the defaults
        count = rng.randint(1, 5) if noisy else rng.randint(least, 5)
        tags = [acc._event(i, d, rng.choice(PERSON_SEARCH), p)
                for d in sorted(rng.sample(days, min(len(days), count)))]
        truth.pattern("colleague_or_family_access", [st.pid(i)],
                      lambda tags=tags: [acc.tag_id[t] for t in tags],
                      {"relation": relation, "colleague": other, "searches": len(tags),
                       "subject": pub.subject(p)})
    for i in decoys:
        p = psd.complainants.take(fresh=True)
        mates = [j for j in range(st.n) if j != i and st.station[j] == st.station[i]]
        j = rng.choice(mates or [x for x in range(st.n) if x != i])
        pub.forename[p], pub.surname[p] = st.forename[j], st.surname[j]
        case = rng.randint(1, 179999)
        days = acc._days(i, 0, w.ROSTER_DAYS - 1)
        tags = [acc._event(i, d, rng.choice(PERSON_SEARCH), p, 1, case)
                for d in sorted(rng.sample(days, min(len(days), rng.randint(2, 4))))]
        truth.decoy("colleague_or_family_access", "colleague_searched_for_a_case",
                    [st.pid(i)], lambda tags=tags: [acc.tag_id[t] for t in tags],
                    {"colleague": st.pid(j), "case_ref": f"CR/{case:06d}/25",
                     "why_benign": "the colleague is the victim in a recorded crime"})
