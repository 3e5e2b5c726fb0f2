"""A fixed day said by name with its year ("Boxing Day 2023") is that one day.

Why: only the year was read, so a question about one day answered about the whole year and
reported the day's name as not applied. Without a year the name is left unread, not guessed.
"""

from __future__ import annotations

from datetime import date

from assistant.understand.dates import find_dates

TODAY = date(2026, 12, 6)


def test_a_named_day_with_its_year_is_one_day() -> None:
    for text, day in (("PNC checks made on Boxing Day 2023", date(2023, 12, 26)),
                      ("overtime worked on New Year's Eve of 2024", date(2024, 12, 31)),
                      ("complaints received Christmas Eve, 2021", date(2021, 12, 24))):
        spans, _ = find_dates(text, TODAY)
        assert [(s.start, s.end) for s in spans] == [(day, day)], text


def test_a_named_day_without_a_year_is_not_guessed() -> None:
    spans, _ = find_dates("complaints made on Boxing Day", TODAY)
    assert spans == []
