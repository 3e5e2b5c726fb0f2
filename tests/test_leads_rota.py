"""The rota manipulation lead on real synthetic data, and on exports that hold no amendment trail.

The noisy force (`probity synth --noisy`) draws planted amendment counts either side of the
default, adds the resource clerk, a reciprocal swap pair and a rest-day volunteer as decoys, and
background own-rota corrections: the detector must find the plants at or above its threshold,
miss the ones below it (it counts, it does not read truth), and leave every decoy. A force whose
roster mapping has no amendment columns still ingests, and the detector says it cannot run.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from assistant import store
from assistant.leads.board import build_boards, not_run
from assistant.leads.config import LeadsConfig
from assistant.leads.context import FULL
from assistant.leads.detect import cannot_run, detect_leads
from assistant.settings import Settings
from evals.leads import ingest_records_only, score
from ingestion.synth import generate

TODAY = date(2025, 12, 31)
NAME = "rota_manipulation"


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict]:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("rota-noisy")
    generate(people=300, seed=23, out=root / "source", noisy=True)
    ingest_records_only(str(root / "data"), str(root / "source"))
    truth = json.loads((root / "source/truth.json").read_text())
    return Settings(data_dir=root / "data", today=TODAY), truth


def test_finds_plants_at_the_threshold_and_leaves_decoys(noisy) -> None:  # type: ignore[no-untyped-def]
    settings, truth = noisy
    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        assert cannot_run(con) == {}
        leads = detect_leads(con, settings, [NAME], view=FULL)
    finally:
        con.close()
    row = score(leads, truth)["detectors"][NAME]
    plants = [p for p in truth["patterns"] if p["type"] == NAME]
    least = LeadsConfig().rota_manipulation.min_amendments
    above = {p["id"] for p in plants if p["detail"]["amendments"] >= least}
    assert above and len(above) < len(plants)  # the draw straddles the default
    below = {p["id"] for p in plants} - above
    assert below <= set(row["missed"])  # it counts; it does not read truth
    clear = {p["id"] for p in plants if p["detail"]["amendments"] >= 5}
    assert clear and not clear & set(row["missed"])  # far past the default: always found
    for x in leads:  # unlikely at the peers' rate, with the figures on the card
        assert x.detail["surprise"] >= LeadsConfig().rota_manipulation.min_surprise
        assert f"{x.detail['expected_of_peers']:g} expected of peers" in x.explanation
    assert row["decoys"] >= 3 and row["decoys_fired"] == [], row["false_leads"]
    assert {d["type"] for d in truth["decoys"] if d["looks_like"] == NAME} == {
        "resource_clerk", "reciprocal_swaps", "volunteered_in_advance"}
    for plant in (p for p in plants if p["id"] in clear):
        lead = next(x for x in leads if x.people == plant["person_ids"])
        assert f"{plant['detail']['amendments']} amendments of their own rota" in \
            lead.explanation
        assert {c.record_id for c in lead.evidence} <= set(plant["record_ids"])
        assert {c.field for c in lead.evidence} >= {"amended_by", "amended_at", "duty_type"}


def test_a_higher_threshold_finds_fewer(noisy) -> None:  # type: ignore[no-untyped-def]
    settings, _ = noisy
    base = LeadsConfig()
    strict = base.model_copy(update={"rota_manipulation": base.rota_manipulation.model_copy(
        update={"min_amendments": 6})})
    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        default = detect_leads(con, settings, [NAME], view=FULL)
        fewer = detect_leads(con, settings, [NAME], view=FULL, config=strict)
    finally:
        con.close()
    assert fewer and len(fewer) < len(default)
    assert all(x.detail["amendments"] >= 6 for x in fewer)
    lax = base.model_copy(update={"rota_manipulation": base.rota_manipulation.model_copy(
        update={"min_surprise": 0.0})})
    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        more = detect_leads(con, settings, [NAME], view=FULL, config=lax)
    finally:
        con.close()
    assert len(more) > len(default)  # the peers' rate holds back counts that are ordinary


def _strip_trail(source: Path, out: Path) -> Path:
    """The same force's staff and roster as a force whose duty system exports no amendments,
    with a mapping for just those two files (written from the README's mapping format)."""
    (out / "hr").mkdir(parents=True)
    (out / "roster").mkdir()
    (out / "hr/staff.csv").write_bytes((source / "hr/staff.csv").read_bytes())
    with (source / "roster/duties.csv").open(encoding="utf-8") as fh, \
            (out / "roster/duties.csv").open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst, lineterminator="\n")
        for k, row in enumerate(csv.reader(fh)):
            writer.writerow(row[:5])
            if k > 20000:
                break
    mapping = out / "plain.yaml"
    mapping.write_text("""name: plain
force: plainshire
namespace: pln
defaults: {encoding: utf-8, delimiter: ",", date_formats: ["%d/%m/%Y"]}
records:
  - kind: person
    file: hr/staff.csv
    id: "{payroll_no}"
    fields: {name: {template: "{forename} {surname}"}, rank: rank, unit: station}
    identifiers: {payroll: payroll_no, login: network_login}
  - kind: duty_shift
    file: roster/duties.csv
    id: "{PAYROLL_NO}-{DUTY_DATE}"
    fields:
      shift_date: {column: DUTY_DATE, date_format: "%Y-%m-%d"}
      duty_type: {column: DUTY_CODE, map: {D: on_duty, E: on_duty, N: on_duty, RD: rest_day,
                                           AL: leave, SK: sick, TR: training}}
    people: [{role: staff, scheme: payroll, value: PAYROLL_NO}]
""", encoding="utf-8")
    return mapping


def test_a_roster_without_amendments_ingests_and_the_lead_cannot_run(noisy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ingestion.pipeline import ingest_records
    from ingestion.resolve import resolve_people

    settings, _ = noisy
    mapping = _strip_trail(settings.data_dir.parent / "source", tmp_path / "plain")
    plain = Settings(data_dir=tmp_path / "data", today=TODAY)
    con = store.connect(plain.duckdb_path)
    try:
        report = ingest_records(con, str(mapping), tmp_path / "plain")
        assert report.error is None
        resolve_people(con)
        assert con.execute("SELECT count(*) FROM duty_shift").fetchone()[0] > 20000  # type: ignore[index]
        why = cannot_run(con)[NAME]
        assert "no amendment trail" in why
        assert detect_leads(con, plain, [NAME], view=FULL) == []
        boards = build_boards(con, plain, views=[FULL])
    finally:
        con.close()
    assert not_run(boards[0])[NAME] == why  # (other detectors may lack their inputs too)


def test_a_store_from_before_the_trail_gains_its_columns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "records.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE duty_shift (record_id VARCHAR NOT NULL, shift_date DATE, "
                "duty_type VARCHAR)")
    old.close()
    ro = store.connect(path, read_only=True)
    try:
        assert "no roster amendment fields" in cannot_run(ro, [NAME])[NAME]
    finally:
        ro.close()
    con = store.connect(path)  # a writable connection adds the columns, empty
    try:
        cols = {c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                          "WHERE table_name = 'duty_shift'").fetchall()}
        assert {"amended_by", "amended_at", "original_duty_type", "swapped_with"} <= cols
        assert "no amendment trail" in cannot_run(con, [NAME])[NAME]
    finally:
        con.close()
