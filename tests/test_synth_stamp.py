"""Synthetic forces (the leads evals', the demo's) are rebuilt when the generator would now write
something else (`ingestion/synth/stamp.py`): a data dir left by an older generator was once
reused because only its number of staff was checked, and a local CI run passed on a force the code no longer makes.
A real generator run (150 staff) and a real records-only ingest, once for the module; the
end-to-end rebuild through the noisy eval's `ensure_store` builds a second force (slow)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant import store
from assistant.settings import Settings
from evals.leads import SEED, ingest_records_only, store_dir
from evals.leads_noisy import ensure_store
from ingestion.synth import stamp

PEOPLE = 150


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose store the current generator made (a copy per test: they change it)."""
    data = tmp_path_factory.mktemp("leads-store") / "eval"
    assert not stamp.current(data, PEOPLE, SEED, noisy=False)
    source = stamp.regenerate(data, PEOPLE, SEED, noisy=False)
    ingest_records_only(str(data), str(source))
    stamp.seal(data, PEOPLE, SEED, noisy=False)
    return data


@pytest.fixture
def data(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "eval"
    shutil.copytree(built, copy)
    return copy


def test_a_store_is_reused_only_while_generator_and_source_agree(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert stamp.current(data, PEOPLE, SEED, noisy=False)
    # other parameters: another force
    assert not stamp.current(data, PEOPLE + 1, SEED, noisy=False)
    assert not stamp.current(data, PEOPLE, SEED + 1, noisy=False)
    assert not stamp.current(data, PEOPLE, SEED, noisy=True)
    # the generator's code changed (a stand-in file among its roots is edited)
    extra = tmp_path / "generator_part.py"
    extra.write_text("RATE = 1\n")
    monkeypatch.setattr(stamp, "GENERATOR_ROOTS", [*stamp.GENERATOR_ROOTS, extra])
    stamp.seal(data, PEOPLE, SEED, noisy=False)
    assert stamp.current(data, PEOPLE, SEED, noisy=False)
    extra.write_text("RATE = 2\n")
    assert not stamp.current(data, PEOPLE, SEED, noisy=False)
    stamp.seal(data, PEOPLE, SEED, noisy=False)
    # the generated source edited after the store was built
    truth = data / stamp.SOURCE / "truth.json"
    doc = json.loads(truth.read_text())
    doc["patterns"] = doc["patterns"][1:]
    truth.write_text(json.dumps(doc))
    assert not stamp.current(data, PEOPLE, SEED, noisy=False)


@pytest.mark.slow
def test_a_stale_store_is_rebuilt_from_a_fresh_source(data: Path) -> None:
    stale = data / stamp.SOURCE / "left-by-an-older-generator.csv"
    stale.write_text("id\n1\n")
    (data / stamp.STAMP).write_text(json.dumps({"fingerprint": {"generator": "old"}}))
    truth = ensure_store(data, PEOPLE)  # the noisy eval's store: another force, so rebuilt
    assert not stale.exists()
    assert json.loads(truth.read_text())["noisy"] is True
    assert stamp.current(data, PEOPLE, SEED, noisy=True)
    built = (data / "records.duckdb").stat().st_mtime_ns
    ensure_store(data, PEOPLE)  # current: reused as it is
    assert (data / "records.duckdb").stat().st_mtime_ns == built


def test_a_store_no_eval_built_is_never_deleted(tmp_path: Path) -> None:
    (tmp_path / "records.duckdb").write_bytes(b"someone's store")
    with pytest.raises(RuntimeError, match="no leads eval built"):
        stamp.regenerate(tmp_path, PEOPLE, SEED, noisy=False)
    assert (tmp_path / "records.duckdb").read_bytes() == b"someone's store"


def test_the_leads_eval_scores_a_data_dir_only_while_it_holds_the_stamped_force_alone(
        data: Path) -> None:
    """CI scores the force `probity demo` just built (same staff and seed) instead of building it
    again; a data dir with another source ingested beside it, or without a current stamp, gets a
    store of the eval's own."""
    assert store_dir(data, PEOPLE) == data
    assert store_dir(data, PEOPLE + 1) == data / "eval-leads"  # not the force the eval scores
    con = store.connect(Settings(data_dir=data).duckdb_path)
    try:
        con.execute("INSERT INTO ingest_run (mapping, entry, file) VALUES ('philly', 'x', 'y')")
    finally:
        con.close()
    assert store_dir(data, PEOPLE) == data / "eval-leads"
    (data / stamp.STAMP).unlink()
    assert store_dir(data, PEOPLE) == data / "eval-leads"
