"""Complainant details are masked in place (same length), wherever the record repeats them."""

from __future__ import annotations

import pytest

from assistant.redaction import MASK, complainant_names, detail_spans, mask


@pytest.mark.parametrize(("complainant", "text", "hidden"), [
    ("Hayley Shackleton (DOB 01/02/1990)", "Hayley Shackleton says Ms Shackleton was stopped.",
     ["Hayley", "Shackleton"]),
    ("Mr Kwame Knight", "Mr Knight explains that police attended.", ["Knight"]),
    (None, "The complainant, BH, 21/B/F, states that she was abused.", ["BH", "21/B/F"]),
])
def test_details_are_masked_and_offsets_kept(complainant, text, hidden):
    masked = mask(text, detail_spans(text, complainant))
    assert len(masked) == len(text)
    for word in hidden:
        assert word not in masked
    assert MASK in masked
    # Everything that is not masked is exactly the stored text.
    assert all(m in (t, MASK) for m, t in zip(masked, text, strict=True))


def test_bracketed_details_are_not_names():
    assert complainant_names("Hayley Shackleton (DOB 01/02/1990)") == {"Hayley Shackleton", "Shackleton"}
    assert complainant_names(None) == set()


def test_a_staff_name_is_not_masked_for_a_namesake_complainant():
    """At 45,000 staff many officers share a name with some complainant; their person record
    is cited as it is stored (else every answer about them failed verification), while other
    records still hide that complainant's name."""
    from assistant.masking import KnownComplainants
    from assistant.redaction import Redactor

    redactor = Redactor(con=None, active=True,  # type: ignore[arg-type]  (nothing is read)
                        _known=KnownComplainants({("kirsty", "yates")}, set()))
    staff, search = ("person:syn:1", "name"), ("system_access:syn:1", "subject_searched")
    shown = redactor.texts({staff: "Kirsty Yates", search: "YATES, Kirsty (dob 1980-01-02)"})
    assert shown[staff] == "Kirsty Yates"
    assert "YATES" not in (shown[search] or "") and "Kirsty" not in (shown[search] or "")
