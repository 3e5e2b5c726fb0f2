"""Membership lists and the `undeclared_association` detector on real synthetic forces (standard
and noisy, 300 staff, synthesised and ingested here): planted undeclared members are found with
a reviewable match; declared members, namesakes and members of a non-declarable club are left
alone; an undecidable row (no date of birth) waits in the resolution review queue; a store with
no membership list says the detector cannot run."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant import store
from assistant.leads.config import LeadsConfig
from assistant.leads.context import View
from assistant.leads.detect import cannot_run, detect_leads
from assistant.leads.models import Lead
from assistant.leads.undeclared_association import NAME, names_org
from assistant.names import parse_name
from assistant.resolution.queue import review_items
from assistant.settings import Settings
from evals.leads import ingest_records_only, score
from ingestion.resolve_members import Candidate as Staff
from ingestion.resolve_members import judge
from ingestion.synth import generate

TODAY = date(2025, 12, 31)
UNCLEARED = View(restricted=False, complainant_details=False)


def _force(root: Path, noisy: bool) -> tuple[Settings, dict[str, Any]]:
    generate(people=300, seed=23, out=root / "source", noisy=noisy)
    ingest_records_only(str(root), str(root / "source"))
    truth = json.loads((root / "source" / "truth.json").read_text())
    return Settings(data_dir=root, today=TODAY), truth


@pytest.fixture(scope="module", params=[False, True], ids=["standard", "noisy"])
def force(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          ) -> Iterator[tuple[Settings, dict[str, Any], duckdb.DuckDBPyConnection]]:
    settings, truth = _force(tmp_path_factory.mktemp("assoc"), request.param)
    con = store.connect(settings.duckdb_path, read_only=True)
    yield settings, truth, con
    con.close()


def _leads(force: tuple, view: View | None = None, config: LeadsConfig | None = None,
           ) -> list[Lead]:
    settings, _, con = force
    return detect_leads(con, settings, [NAME], view=view or View(True, True), config=config)


def _entries(truth: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [e for e in truth[key] if "association" in e["type"]
            or e.get("looks_like") == "undeclared_association"]


def test_plants_found_and_decoys_left_alone(force: tuple) -> None:
    _, truth, _ = force
    result = score(_leads(force), truth)["detectors"][NAME]
    planted = _entries(truth, "patterns")
    assert len(planted) == 3 and result["found"] == 3, result
    assert {d["type"] for d in _entries(truth, "decoys")} >= {
        "declared_association", "namesake_on_list", "non_declarable_membership"}
    assert result["decoy_leads"] == 0 and result["unplanted_leads"] == 0, result


def test_a_lead_is_a_reviewable_match(force: tuple) -> None:
    _, truth, con = force
    leads = _leads(force)
    by_person = {lead.person_id: lead for lead in leads}
    for entry in _entries(truth, "patterns"):
        lead = by_person[entry["person_ids"][0]]
        d = lead.detail
        assert d["written_as"] == entry["detail"]["written_as"]
        assert d["list_row"] == entry["record_ids"][0]
        assert d["match"]["method"] == "name_dob" and d["match"]["confidence"] >= 0.9
        assert d["dob_on_list"] == d["staff"]["birth_date"] == entry["detail"]["dob_written"]
        assert any(x.startswith("date of birth: the same") for x in d["differences"])
        name_same = parse_name(d["written_as"]) == parse_name(d["staff"]["name"])
        assert any(x.startswith("name: " + ("the same" if name_same else "differs"))
                   for x in d["differences"])
        assert f"no declaration naming {d['organisation']} in the register" in lead.explanation
        assert {(c.record_id, c.field) for c in lead.evidence} >= {
            (d["list_row"], "member_name"), (d["list_row"], "organisation")}
        for c in lead.evidence:  # quotes are the stored text
            row = con.execute(f"SELECT {c.field}::VARCHAR FROM membership WHERE record_id = ?",
                              [c.record_id]).fetchone()
            assert row and row[0][c.start:c.end] == c.quote


def test_misspelt_plants_are_linked_in_the_noisy_force(force: tuple) -> None:
    _, truth, _ = force
    misspelt = [e for e in _entries(truth, "patterns") if e["detail"]["misspelt"]]
    if not truth["noisy"]:
        assert not misspelt
        return
    assert misspelt
    found = {lead.person_id: lead for lead in _leads(force)}
    for e in misspelt:
        assert found[e["person_ids"][0]].detail["written_as"] == e["detail"]["written_as"]


def test_a_namesake_without_a_date_of_birth_waits_for_review(force: tuple) -> None:
    _, truth, con = force
    undecided = [d for d in _entries(truth, "decoys") if d["type"] == "namesake_on_list"
                 and d["detail"]["dob_written"] is None]
    if not truth["noisy"]:
        assert not undecided
        return
    assert undecided
    queue = {item.ref.record_id: item for item in review_items(con, limit=10_000)}
    for d in undecided:
        item = queue[d["record_ids"][0]]
        assert item.person_id is None and d["person_ids"][0] in item.candidates


def test_restricted_lists_make_no_lead_for_an_uncleared_reader(force: tuple) -> None:
    _, _, con = force
    restricted = {r for (r,) in con.execute(
        "SELECT record_id FROM membership WHERE restricted").fetchall()}
    leads = _leads(force, UNCLEARED)
    assert not {c.record_id for lead in leads for c in lead.evidence} & restricted
    assert all(lead.detail["organisation_type"] == "business" for lead in leads)


def test_settings_decide_which_organisations_are_declarable(force: tuple) -> None:
    only_extremists = LeadsConfig().model_copy(update={
        "undeclared_association": LeadsConfig().undeclared_association.model_copy(
            update={"org_types": {"extremist group": 1.0}})})
    leads = _leads(force, config=only_extremists)
    assert leads and {lead.detail["organisation_type"] for lead in leads} == {"extremist group"}


def test_without_membership_lists_it_cannot_run(force: tuple, tmp_path: Path) -> None:
    settings, _, _ = force
    copy = tmp_path / "records.duckdb"
    shutil.copy(settings.duckdb_path, copy)
    con = duckdb.connect(str(copy))
    con.execute("DROP TABLE membership")  # a store written before the kind existed
    con.close()
    old = store.connect(copy, read_only=True)
    try:
        assert "no membership lists" in cannot_run(old)[NAME]
        assert detect_leads(old, settings, [NAME]) == []
    finally:
        old.close()
    empty = store.connect(tmp_path / "empty.duckdb")  # a force whose exports hold no lists
    try:
        assert NAME in cannot_run(empty)
    finally:
        empty.close()
    live = store.connect(settings.duckdb_path, read_only=True)
    try:
        assert NAME not in cannot_run(live)
        assert NAME not in cannot_run(live, view=UNCLEARED)  # the business list is not restricted
    finally:
        live.close()


def test_match_judgement() -> None:
    born = date(1985, 3, 12)
    smith = Staff("p1", parse_name("John Smith"), born)
    assert judge("John Smith", born, [smith]) == ("link", ["p1"], 0.99)
    outcome, people, confidence = judge("SMITH, Jon", born, [smith])
    assert outcome == "link" and people == ["p1"] and 0.9 <= confidence < 0.99
    assert judge("John Smith", None, [smith])[:2] == ("review", ["p1"])
    assert judge("John Smith", date(1985, 12, 3), [smith])[:2] == ("review", ["p1"])
    assert judge("John Smith", date(1990, 7, 1), [smith])[0] == "public"
    assert judge("Mary Jones", born, [smith])[0] == "public"


def test_declarations_name_the_organisation_however_spelt() -> None:
    generic = set(LeadsConfig().undeclared_association.generic_words)
    org = "Marlhaven Iron Wolves MC"
    assert names_org(org, "the Iron Wolves MC", None, generic, 0.8)
    assert names_org(org, "Iron Wolves motorcycle club", None, generic, 0.8)
    assert names_org("Harbourside Door Services Ltd", "Harbourside Doors", None, generic, 0.8)
    assert names_org(org, None, "I am a member of the Iron Wolves.", generic, 0.8)
    assert not names_org(org, "Marlhaven Harriers AC", None, generic, 0.8)
    assert not names_org(org, "Rosa Wilson", "A friend since school.", generic, 0.8)
