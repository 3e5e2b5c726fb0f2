"""The synthetic force's sickness export carries its certificate column into the store.

Why: the export has a `certificate` column ("Self-certified" / "Fit note") but the mapping did
not carry it, so "sick leave on a doctor's fit note" or a split by certificate was always
reported as not applied (dev items on the certificate could not be answered). Mapped as an attribute it is
catalogued like any other value, so the catalogue links "fit note" and "by certificate".
"""

from __future__ import annotations

from ingestion.mapping import load_mapping


def test_the_sickness_certificate_is_mapped() -> None:
    mapping = load_mapping("synthetic")
    absence = [r for r in mapping.records if r.kind == "absence"]
    assert absence and all("certificate" in {**r.fields, **r.attributes} for r in absence)
