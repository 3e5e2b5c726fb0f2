"""Shared fixtures. Slow tests (marked `slow`) run only with `pytest --full`."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--full", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--full"):
        return
    skip = pytest.mark.skip(reason="slow: run with --full")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# API store: a slice of the real Philadelphia data plus "Testshire", a hand-written force whose
# last rows are restricted. The control store is the same sources without those rows, so an
# uncleared user's view of the two must be identical (tests/test_api.py).

API_STAFF = """payroll,collar,forename,surname,station,rank,restricted
200001,4101,Harriet,Vane,Northtown,PC,no
200002,4102,Peter,Wimsey,Southtown,DS,no
200003,4103,Mervyn,Bunter,Eastgate,PC,yes
"""
API_COMPLAINTS = """ref,received,category,officer_collar,officer_name,station,complainant,account,restricted
TS-1,2023-02-03,Incivility,4101,Harriet Vane,Northtown,Margaret Okafor,"Mrs Okafor says PC Vane was rude to her at the Northtown front counter. Okafor, 54/B/F, asked for a supervisor and was refused.",no
TS-2,2023-05-10,Use of force,4101,Harriet Vane,Northtown,Daniel Reyes,The complainant says the officer pushed him against a wall during a stop search on Mill Lane.,no
TS-4,2024-01-15,Incivility,4102,Peter Wimsey,Southtown,Agatha Troy,Ms Troy says DS Wimsey mocked her accent when she reported a burglary at her flat.,no
TS-3,2023-08-21,Corruption,4101,Harriet Vane,Northtown,Lionel Achterberg,An informant alleges PC Vane accepted cash from the owner of the Zanzibar nightclub in return for warnings of licensing raids.,yes
TS-5,2024-03-02,Corruption,4103,Mervyn Bunter,Eastgate,Harold Pym,Intelligence suggests PC Bunter sold police database checks to a private investigator.,yes
"""
API_MAPPING = """
name: testshire
force: testshire
namespace: ts
records:
  - kind: person
    file: staff.csv
    id: "{payroll}"
    restricted: {column: restricted}
    fields:
      name: {template: "{forename} {surname}"}
      given_name: forename
      family_name: surname
      unit: station
      rank: rank
    identifiers: {payroll: payroll, collar: collar}
  - kind: complaint
    file: complaints.csv
    id: "{ref}"
    restricted: {column: restricted}
    fields:
      reference: ref
      received_date: received
      category: category
      complainant: complainant
      narrative: account
    people:
      - {role: subject, scheme: collar, value: officer_collar, name: officer_name, unit: station}
"""
API_PHILLY_COMPLAINTS = 60  # the first 60 complaints received in 2019, with their allegations


def _build_api_store(root, restricted: bool):
    import csv
    from datetime import date
    from pathlib import Path

    from assistant.settings import Settings
    from ingestion.run import ingest
    from tests.exports import write_export

    philly = Path(__file__).resolve().parents[1] / "data" / "public" / "philly"
    src = root / "philly"
    src.mkdir(parents=True)
    with (philly / "ppd_complaints.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if r["date_received"].endswith("/19")][:API_PHILLY_COMPLAINTS]
        fields = reader.fieldnames
    ids = {r["complaint_id"] for r in rows}
    with (philly / "ppd_complaint_disciplines.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        disciplines = [r for r in reader if r["complaint_id"] in ids]
    for name, header, data in (("ppd_complaints.csv", fields, rows),
                               ("ppd_complaint_disciplines.csv", reader.fieldnames, disciplines)):
        with (src / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=header or [])
            writer.writeheader()
            writer.writerows(data)
    ts = {name: "".join(x for x in text.splitlines(keepends=True)
                        if restricted or not x.endswith(",yes\n"))
          for name, text in (("staff.csv", API_STAFF), ("complaints.csv", API_COMPLAINTS))}
    mapping_file, ts_source = write_export(root, ts, API_MAPPING, source="testshire",
                                           mapping_file="testshire.yaml")
    settings = Settings(data_dir=root / "data", today=date(2024, 6, 30))
    for mapping, source in (("philly", src), (mapping_file, ts_source)):
        summary = ingest(settings, [mapping], source, show_progress=False)
        assert not summary.failed, summary.sources
    return settings


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory):
    """Settings for a store with restricted records (see API_COMPLAINTS)."""
    return _build_api_store(tmp_path_factory.mktemp("api-store"), restricted=True)


@pytest.fixture(scope="session")
def api_control_store(tmp_path_factory: pytest.TempPathFactory):
    """The same store with every restricted row left out of the sources."""
    return _build_api_store(tmp_path_factory.mktemp("api-control"), restricted=False)


# A real synthetic force, ingested once per test session -------------------------------------

SYNTH_PEOPLE, SYNTH_SEED = 200, 11
SYNTH_TODAY = "2025-12-31"  # the synthetic world's "today" (truth.json reference_date)


@pytest.fixture(scope="session")
def synthetic_source(tmp_path_factory: pytest.TempPathFactory):
    """Source-style exports + truth.json of a small synthetic force."""
    from ingestion.synth import generate

    out = tmp_path_factory.mktemp("synthetic-source")
    generate(people=SYNTH_PEOPLE, seed=SYNTH_SEED, out=out)
    return out


@pytest.fixture(scope="session")
def synthetic_settings(tmp_path_factory: pytest.TempPathFactory, synthetic_source):
    """Settings of a data dir holding the synthetic force, ingested for real: real DuckDB, real
    embedding model, real Chroma and BM25."""
    from datetime import date

    from assistant.settings import Settings
    from ingestion.run import ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("synthetic-data"),
                        today=date.fromisoformat(SYNTH_TODAY))
    summary = ingest(settings, ["synthetic"], synthetic_source, show_progress=False)
    assert not summary.failed, [s.error for s in summary.sources]
    return settings


@pytest.fixture(scope="session")
def synthetic_engine(synthetic_settings):
    from assistant.service import Engine

    engine = Engine(synthetic_settings)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def api_synthetic_store(tmp_path_factory: pytest.TempPathFactory):
    """Settings for a 150-person synthetic Westshire store (restricted intel, PSD and conduct
    records included); about 1.5 minutes to build, so only slow tests use it."""
    from assistant.settings import Settings
    from ingestion.run import ingest
    from ingestion.synth import generate

    root = tmp_path_factory.mktemp("api-synthetic")
    generate(people=150, seed=7, out=root / "source")
    settings = Settings(data_dir=root / "data")
    summary = ingest(settings, ["synthetic"], root / "source", show_progress=False)
    assert not summary.failed, summary.sources
    return settings
