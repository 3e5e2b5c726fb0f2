"""V2/V3 red team: a complainant's identity, in every form, never reaches an uncleared user.

On real data: every complaint of the 200-person synthetic force gets a set of variants (case,
given name, surname, initials, title + surname, "SURNAME, Given", date of birth in five formats,
address parts, contact details) written into text; the store's own records are read through the
real record views and leads board as an investigator; and the Chicago COPA narratives, which name
complainants only in their text ("The complainant, Rashan BLEDSOE, alleged…"), are masked with
no complainant field to go on. Zero leaks are allowed.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from assistant.answers import User
from assistant.consult import Consultation, NotFound
from assistant.leads.service import list_leads
from assistant.masking import Identity, KnownComplainants
from assistant.redaction import MASK, detail_spans, mask
from assistant.settings import Settings

INVESTIGATOR = User(name="red-team", role="investigator")
CHICAGO = (Path(__file__).resolve().parents[1] / "data" / "public"
           / "chicago-copa-cms" / "complaints-complaints-cms_2019-2022_2022-09.csv")


@pytest.fixture(scope="module")
def complaints(synthetic_settings: Settings) -> list[tuple[str, str, str | None, str | None]]:
    con = duckdb.connect(str(synthetic_settings.duckdb_path), read_only=True)
    rows = con.execute(
        "SELECT record_id, complainant, location, narrative FROM complaint "
        "WHERE complainant IS NOT NULL ORDER BY record_id").fetchall()
    con.close()
    return rows


def variants(complainant: str, location: str | None) -> list[str]:
    who = Identity(complainant, location)
    given, surname = who.names[0], who.names[-1]
    out = [" ".join(who.names), " ".join(who.names).upper(), " ".join(who.names).lower(),
           given, surname, surname.upper(), f"Mr {surname}", f"Ms. {surname}",
           f"{given[0]}. {surname}", f"{given[0]} {surname}", f"{surname.upper()}, {given}",
           f"{surname}, {given[0]}.", f"{given[0]}{surname[0]}"]
    if who.dob:
        d: date = who.dob
        out += [d.strftime("%d/%m/%Y"), f"{d.day}/{d.month}/{d.year}", d.isoformat(),
                f"{d.day} {d.strftime('%B %Y')}", f"{d.strftime('%B')} {d.day}, {d.year}",
                d.strftime("%d.%m.%Y")]
    out += [p.strip() for p in (location or "").split(",") if len(p.strip()) > 3]
    return out


CONTACT = ["07700 900461", "+44 113 496 0000", "jo.bloggs@example.co.uk", "LS6 2QR",
           "14 Elm Grove Road"]


def test_every_variant_of_every_complainant_is_masked(
    complaints: list[tuple[str, str, str | None, str | None]], synthetic_settings: Settings
) -> None:
    con = duckdb.connect(str(synthetic_settings.duckdb_path), read_only=True)
    known = KnownComplainants.of(con)
    con.close()
    leaks, checked = [], 0
    for _, complainant, location, _ in complaints:
        for variant in variants(complainant, location) + CONTACT:
            text = f"Officer notes: the caller ({variant}) said {variant} was upset."
            masked = mask(text, detail_spans(text, complainant, location, known))
            checked += 1
            if variant in masked:
                leaks.append((complainant, variant))
    assert checked > 5000 and leaks == [], leaks[:10]


def test_other_records_hide_the_complainants_they_mention(
    complaints: list[tuple[str, str, str | None, str | None]], synthetic_settings: Settings
) -> None:
    """System-access subjects ("WALSH, James (dob 1959-04-30)") and intelligence naming a
    complainant, through the real record view an investigator gets."""
    con = duckdb.connect(str(synthetic_settings.duckdb_path), read_only=True)
    known = KnownComplainants.of(con)
    searches = con.execute(
        "SELECT record_id, subject_searched FROM system_access WHERE subject_searched IS NOT "
        "NULL AND NOT restricted").fetchall()
    con.close()
    words = {rid: [w.lower() for w in re.findall(r"[A-Za-z]+", s)] for rid, s in searches}
    naming = [(rid, s) for rid, s in searches
              if any((a, b) in known.pairs or (b, a) in known.pairs
                     for a, b in zip(words[rid], words[rid][1:], strict=False))]
    assert naming, "the synthetic force should search some of its complainants"
    service = Consultation(synthetic_settings, engines=1, readers=1)
    try:
        for rid, subject in naming[:40]:
            shown = service.view_record(INVESTIGATOR, "OP-RED", rid)["fields"]["subject_searched"]
            assert len(shown) == len(subject)
            words = [w for w in re.findall(r"[A-Za-z]{3,}", subject) if w.lower() != "dob"]
            assert not [w for w in words if w in shown], (subject, shown)
            assert not re.search(r"\d{4}-\d{2}-\d{2}", shown), shown
    finally:
        service.close()


def test_record_views_and_leads_show_no_complainant_identity(
    complaints: list[tuple[str, str, str | None, str | None]], synthetic_settings: Settings
) -> None:
    service = Consultation(synthetic_settings, engines=1, readers=1)
    try:
        for rid, complainant, location, _ in complaints[:60]:
            try:
                view = service.view_record(INVESTIGATOR, "OP-RED", rid)
            except NotFound:  # restricted: absent altogether
                continue
            shown = " ".join(str(v) for v in view["fields"].values() if isinstance(v, str))
            who = Identity(complainant, location)
            for word in [w for w in who.names if len(w) > 2]:
                assert not re.search(rf"\b{re.escape(word)}\b", shown, re.IGNORECASE), (rid, word)
            if who.dob:
                assert who.dob.strftime("%d/%m/%Y") not in shown
            assert set((view["fields"].get("location") or MASK).replace(" ", "")) == {MASK}
        page = list_leads(service, INVESTIGATOR, "OP-RED", limit=500)
        text = " ".join(c.quote for lead in page["items"] for c in lead.evidence)
        text += " ".join(lead.explanation for lead in page["items"])
        full_names = {" ".join(Identity(c).names) for _, c, _, _ in complaints}
        assert not [n for n in full_names if n and n in text]
    finally:
        service.close()


def test_chicago_narratives_name_no_complainant() -> None:
    """Chicago writes people "Given SURNAME"; each complainant so introduced must be masked
    everywhere in its narrative."""
    with CHICAGO.open(newline="", encoding="utf-8") as fh:
        narratives = list(dict.fromkeys(r["narrative"] for r in csv.DictReader(fh)
                                        if r["narrative"]))
    intro = re.compile(r"(?i:\b(?:complainants?|victims?|reporting part(?:y|ies))\b)[,:]?\s+"
                       r"(?:(?:Mr|Mrs|Ms|Miss)\.?\s+)?([A-Z][a-z]+)\s+([A-Z]{2,})\b")
    named, leaks = 0, []
    for text in narratives:
        found = [m.groups() for m in intro.finditer(text)]
        if not found:
            continue
        masked = mask(text, detail_spans(text, None))
        for given, surname in found:
            if given in ("Accused", "Officer", "Police", "The", "Sergeant"):
                continue
            named += 1
            leaks += [(w, text[:120]) for w in (given, surname)
                      if re.search(rf"\b{w}\b", masked)]
    assert named >= 5 and leaks == [], leaks[:10]
