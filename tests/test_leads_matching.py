"""The name and date-of-birth matching the new lead sources rest on (fast; the detectors
themselves run on the synthetic forces in tests/test_leads.py and evals/leads_noisy.py, and on
the hand-written mini-force in tests/test_mini_force.py)."""

from __future__ import annotations

from datetime import date

from assistant.leads.colleague_access import parse_subject
from assistant.leads.complainant_account import _account_dob, _names, _subject_dob, alike


def test_audit_subjects_parse_either_way_round() -> None:
    assert parse_subject("MARTIN, Thomas (dob 1956-05-13)") == ("thomas", "martin", 1956)
    assert parse_subject("Thomas Martin") == ("thomas", "martin", None)
    assert parse_subject("DOE, Jane (DOB 04/09/1987)") == ("jane", "doe", 1987)


def test_dates_of_birth_in_accounts_and_subjects() -> None:
    text = "My name is Jane Doe and I was born on 04/09/1987. The officer swore at me."
    found = _account_dob(text)
    assert found is not None and found[0] == date(1987, 9, 4)
    assert _account_dob("Date of birth: 31/02/1990") is None  # not a date: no match, no guess
    assert _account_dob("The incident was on 04/09/2024.") is None  # a date, not a birth date
    assert _subject_dob("DOE, Jane (dob 1987-09-04)") == date(1987, 9, 4)
    assert _subject_dob("DOE, Jane (DOB 04/09/1987)") == date(1987, 9, 4)


def test_names_are_fuzzy_but_not_loose() -> None:
    assert _names("Mrs Jane Doe") == ("jane", "doe")
    assert _names("Mrs Doe") == ("", "doe")  # a title and family name alone: no forename
    assert alike("macdonald", "mcdonald") and alike("katherine", "catherine")
    assert not alike("doe", "dale") and not alike("", "doe")
