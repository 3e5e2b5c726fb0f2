"""An incident's date said with its own words ("an incident date in 2019", "incidents occurring
in 2018") filters the incident date; the other period filters the record's own date.

Why: probing the Chicago store, "complaints that had an incident date in 2019 but were received
in 2020" was read as complaints received in 2019–2020 (3,517 where 104 match): only "incidents
that happened/occurred in" tied a period to the incident. Plans only here: an incident
period is executed as before (Scope.date_ranges).
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understand.directory import InMemoryDirectory
from assistant.understand.plan import understand

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(("question", "incident", "received"), [
    ("Count complaints with an incident date in 2017 that were logged in 2018", 2017, 2018),
    ("Which complaints logged in 2016 show an incident date of 2015?", 2015, 2016),
    ("Complaints about incidents occurring in 2014 and logged in 2015: how many?", 2014, 2015),
])
def test_the_incident_s_period_filters_the_incident_date(question: str, incident: int,
                                                         received: int) -> None:
    plan = understand(question, TODAY, InMemoryDirectory([]))
    periods = {(p.field, p.date_from, p.date_to) for p in plan.periods}
    assert periods == {("incident_date", date(incident, 1, 1), date(incident, 12, 31)),
                       (None, date(received, 1, 1), date(received, 12, 31))}, plan.periods
    assert (plan.date_from, plan.date_to) == (date(received, 1, 1), date(received, 12, 31))
