"""An officer's own district — "officers posted to the 6th district", "whose own district is the
6th", "6th district officers" — told apart from the district a complaint arose in ("complaints in
district 6", "occurred in the 6th district").

Why: Philadelphia records both: the complaint's `district_occurrence` (the complaint's district)
and, on each accused officer's row, the unit they were assigned to, "0600 06TH DISTRICT". Every
district number was read as the complaint's, so "allegations against officers posted to the 6th
district" counted the complaints that happened there, whoever was accused. Here a district number
said of the officers (a posting verb, "their own", "officers of the …", "… district officers") is
the officers' unit whose name is that district; when the data holds no such unit it is claimed by
no one, so it is reported not applied instead of read as the place of the complaint.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from . import OFFICER, Entry

# "0600 06TH DISTRICT", "1200 12th District": a unit named after a numbered district
DISTRICT_UNIT = re.compile(r"^\s*\d+\s+0*(?P<n>\d+)(?:st|nd|rd|th)?\s+district\s*$", re.I)
_NUM = r"0*(?P<{}>\d{{1,3}})(?:st|nd|rd|th)?"
_PLACE = r"(?:police\s+)?district"
# a posting said before the district ("posted to", "assigned to", "their own", "officers of")
_CUE = (r"\b(?:(?:posted|assigned|attached|stationed|based|serving|working|belong(?:s|ed|ing)?)"
        r"\s+(?:to|in|at|with|for|within)\s+(?:the\s+)?|(?:officers?|cops|staff|personnel)\s+"
        r"(?:of|from)\s+the\s+|(?:their|his|her)\s+own\s+)")
OWN = re.compile(
    rf"{_CUE}(?:{_NUM.format('a')}\s+{_PLACE}|{_PLACE}\s+(?:number\s+|no\.?\s+)?{_NUM.format('b')}"
    rf"(?!\w))"
    rf"|\bown\s+{_PLACE}\s+(?:is|was|being|as)\s+(?:the\s+)?(?:number\s+)?{_NUM.format('c')}"
    rf"(?!\w)"
    rf"|(?<![\w-]){_NUM.format('d')}\s+{_PLACE}(?:'s)?(?=\s+(?:officers?|cops|personnel|staff)\b)"
    rf"|\b{_PLACE}\s+{_NUM.format('e')}(?:'s)?(?=\s+(?:officers?|cops|personnel|staff)\b)",
    re.I)


@dataclass(frozen=True)
class OwnDistrict:
    """A district number said of the officers themselves: `start:end` the words to claim."""

    start: int
    end: int
    number: int


def said_as_own(text: str) -> list[OwnDistrict]:
    """Every district number `text` says of the officers (their posting), not of the record."""
    out = []
    for m in OWN.finditer(text):
        n = next(m[g] for g in "abcde" if m[g])
        out.append(OwnDistrict(m.start(), m.end(), int(n)))
    return out


def district_units(entries: list[Entry], cleared: bool) -> dict[int, list[str]]:
    """District number → the officers' unit values named after it ("0600 06TH DISTRICT")."""
    out: dict[int, set[str]] = defaultdict(set)
    for e in entries:
        if e.kind == OFFICER and e.field == "unit" and (e.n if cleared else e.n_open) > 0 and \
                (m := DISTRICT_UNIT.match(e.value)):
            out[int(m["n"])].add(e.value)
    return {n: sorted(values) for n, values in out.items()}
