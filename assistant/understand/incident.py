"""Which date a period is about: the record's own (received, opened…) or the incident's.

Why: "Chicago complaints received in 2019 about incidents that happened in 2018" was answered
as every complaint received in 2018–2019 (both years on the received date). When a question
gives two periods and ties one of them to the incident ("incidents that happened in 2018", "a
2018 incident date", "incidents dated in 2018"), that one filters the incident date and the
other the record's own date; a period joined to the incident's by "or" / "and" ("incidents that
happened before 2015 or after 2018") is the incident's too. A single period stays on the record's own date: "complaints about
incidents in district 12 in 2017" counts 2017's complaints (Philadelphia holds no incident date).
"""

from __future__ import annotations

import re

from .dates import DateSpan

INCIDENT_FIELD = "incident_date"
# "incidents that happened in", "an incident date in", "the incident occurring during"
BEFORE = re.compile(r"\bincidents?\s+(?:that\s+|which\s+)?(?:(?:happened|happening|occurred|occurring|"
                    r"took\s+place|taking\s+place|dated|dating|were|was|dates?(?:\s+(?:was|were|"
                    r"is|fell|falling))?)\s+)?(?:(?:in|during|on|from|of)\s+)?(?:the\s+)?$", re.I)
AFTER = re.compile(r"^\s+incidents?\s+dates?\b", re.I)
# "incidents that happened before 2015 or after 2018": a period joined to an incident's period
# by "or" / "and" (nothing else between them) is the incident's too, not the record's own date
JOINED = re.compile(r"^\s*,?\s*(?:or|and|and/or|but)\s+(?:(?:also|not)\s+)?$", re.I)


def incident_periods(question: str, spans: list[DateSpan]) -> tuple[list[DateSpan],
                                                                    list[DateSpan]]:
    """(the record's own periods, the incident's periods) — the second only when both are said."""
    incident: list[DateSpan] = []
    for s in spans:
        if BEFORE.search(question[:s.pos[0]]) or AFTER.match(question[s.pos[1]:]) or \
                (incident and JOINED.match(question[incident[-1].pos[1]:s.pos[0]])):
            incident.append(s)
    if not incident or len(incident) == len(spans):
        return spans, []
    return [s for s in spans if s not in incident], incident
