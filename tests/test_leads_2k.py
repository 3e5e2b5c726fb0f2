"""similar_complaints on a 2,000-staff synthetic force (~15 s to build the records, under a minute
to embed the candidates' sentences). The 200-staff force of tests/test_leads.py is too small to
tell what is ordinary (a few hundred complaints), so the detector's planted clusters are checked
here, at the size the leads eval reports on. Marked slow (2–4 minutes on 2 cores): every CI run
scores the same detector on the same 2,000-staff force in the leads gate (`.ci/wheel`, on the
force `probity demo` builds), whose report gives its planted clusters found and its unplanted
leads; the 45-minute CI budget was missed by stop 28, so this per-detector floor runs with
`--full`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import store
from assistant.leads.detect import detect_leads
from assistant.settings import Settings
from evals.leads import SEED, ingest_records_only, score
from ingestion.synth import generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def force(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict]:  # type: ignore[type-arg]
    root: Path = tmp_path_factory.mktemp("force-2k")
    generate(people=2000, seed=SEED, out=root / "synthetic-source")
    ingest_records_only(str(root), str(root / "synthetic-source"))
    truth = json.loads((root / "synthetic-source" / "truth.json").read_text())
    return Settings(data_dir=root), truth


@pytest.fixture(scope="module")
def similar(force) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """similar_complaints scored against the truth, detected once for the tests below."""
    settings, truth = force
    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        leads = detect_leads(con, settings, ["similar_complaints"])
    finally:
        con.close()
    return score(leads, truth)["detectors"]["similar_complaints"]  # type: ignore[no-any-return]


def test_similar_complaints_finds_planted_clusters_and_no_decoy(similar: dict) -> None:  # type: ignore[type-arg]
    row = similar
    assert row["planted"] == 5 and row["decoys"] > 0
    assert row["decoys_fired"] == []
    assert row["unplanted_leads"] <= 1, row["false_leads"]


def test_similar_complaints_meets_the_recall_target(similar: dict) -> None:  # type: ignore[type-arg]
    """Issue #19's recall target (≥ 0.8 of 5 planted clusters), met since pairs are compared by
    their best-aligned sentences (measured 4 of 5; the miss is racist abuse at stops)."""
    row = similar
    assert row["found"] >= 4, row["missed"]
