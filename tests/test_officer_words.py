"""How a question names who the accused officer was, read against the data's own values (a
catalogue of entries, no store): their own district vs where the complaint arose, two races said
side by side as a comparison (never a surname), "sex" for a field the data names gender, and a
breakdown of the officers themselves counting people.

Why: each was misread on the Philadelphia export (tests/test_officer_attributes_philly.py asks
the real engine); these pin the reading itself, including where the data holds no such value.
"""

from __future__ import annotations

from datetime import date

from assistant.catalogue import Entry
from assistant.catalogue.link import CatalogueBinder
from assistant.understand import InMemoryDirectory, understand
from assistant.understand.models import QueryPlan

COMPLAINTS = [Entry("complaint", "district", f"District {n}", 50, 50) for n in (6, 9, 22)] + [
    Entry("allegation", "officer_race", v, 40, 40) for v in ("black", "white", "latino")] + [
    Entry("allegation", "officer_gender", v, 40, 40) for v in ("male", "female")] + [
    Entry("complaint", "complainant_sex", v, 40, 40) for v in ("male", "female")] + [
    Entry("allegation", "category", v, 40, 40) for v in ("Physical Abuse", "Verbal Abuse")]
UNITS = [Entry("officer", "unit", v, 30, 30)
         for v in ("0600 06TH DISTRICT", "2200 22ND DISTRICT", "5300 HIGHWAY PATROL")]
# someone on the staff list whose surname is also a race
PEOPLE = [{"person_id": "p1", "name": "Maria Black", "family_name": "Black", "given_name": "Maria"}]


def plan(question: str, entries: list[Entry]) -> QueryPlan:
    return understand(question, date(2026, 1, 1), InMemoryDirectory(PEOPLE),
                      [CatalogueBinder(entries, True)])


def filters(p: QueryPlan) -> list[tuple[str, str, list[str]]]:
    return [(f.kind, f.field, f.values) for f in p.filters]


def test_an_officers_own_district_is_their_unit() -> None:
    for q in ("Number of complaints naming officers stationed at the 6th district",
              "complaints about 22nd district officers last year",
              "complaints where the accused's own district was the 6th"):
        p = plan(q, COMPLAINTS + UNITS)
        assert [f[:2] for f in filters(p)] == [("officer", "unit")], (q, filters(p))
        assert not p.unapplied, (q, p.unapplied)


def test_where_a_complaint_arose_stays_its_district() -> None:
    p = plan("complaints that happened in the 6th district", COMPLAINTS + UNITS)
    assert filters(p) == [("complaint", "district", ["District 6"])]


def test_an_own_district_the_data_does_not_hold_is_reported() -> None:
    """No unit named after the 9th district: never read as where the complaint arose."""
    p = plan("Number of complaints naming officers stationed at the 9th district",
             COMPLAINTS + UNITS)
    assert ("complaint", "district", ["District 9"]) not in filters(p)
    assert p.unapplied, p


def test_two_races_side_by_side_are_compared_not_a_surname() -> None:
    p = plan("Compare Black and white officers by how many physical abuse allegations they got",
             COMPLAINTS)
    assert not p.person_ids and not p.unresolved_people, p
    assert sorted(c.text for c in p.compare) == ["black", "white"], p.compare


def test_sex_is_the_officers_gender_unless_the_complainants_is_said() -> None:
    p = plan("Break down the accused officers by sex.", COMPLAINTS)
    assert (p.group_by, p.group_field, p.count_people) == ("field", "officer_gender", True), p
    p = plan("allegations grouped by sex of the complainants", COMPLAINTS)
    assert p.group_field != "officer_gender", p


def test_officers_split_by_race_count_people() -> None:
    p = plan("Split the officers according to their race.", COMPLAINTS)
    assert (p.group_field, p.count_people, p.unapplied) == ("officer_race", True, []), p
    p = plan("break down the officers' allegations by race", COMPLAINTS)
    assert (p.group_field, p.count_people) == ("officer_race", False), p
