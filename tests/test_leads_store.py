"""The leads evals' stores are rebuilt when the generator would now write something else
(`evals/leads_store.py`): a data dir left by an older generator was once reused because only its
number of staff was checked, and a local CI run passed on a force the code no longer makes.
A real generator run (150 staff) and a real records-only ingest, once for the module; the
end-to-end rebuild through the noisy eval's `ensure_store` builds a second force (slow)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evals import leads_store
from evals.leads import SEED, ingest_records_only
from evals.leads_noisy import ensure_store

PEOPLE = 150


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose store the current generator made (a copy per test: they change it)."""
    data = tmp_path_factory.mktemp("leads-store") / "eval"
    assert not leads_store.current(data, PEOPLE, SEED, noisy=False)
    source = leads_store.regenerate(data, PEOPLE, SEED, noisy=False)
    ingest_records_only(str(data), str(source))
    leads_store.seal(data, PEOPLE, SEED, noisy=False)
    return data


@pytest.fixture
def data(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "eval"
    shutil.copytree(built, copy)
    return copy


def test_a_store_is_reused_only_while_generator_and_source_agree(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert leads_store.current(data, PEOPLE, SEED, noisy=False)
    # other parameters: another force
    assert not leads_store.current(data, PEOPLE + 1, SEED, noisy=False)
    assert not leads_store.current(data, PEOPLE, SEED + 1, noisy=False)
    assert not leads_store.current(data, PEOPLE, SEED, noisy=True)
    # the generator's code changed (a stand-in file among its roots is edited)
    extra = tmp_path / "generator_part.py"
    extra.write_text("RATE = 1\n")
    monkeypatch.setattr(leads_store, "GENERATOR_ROOTS", [*leads_store.GENERATOR_ROOTS, extra])
    leads_store.seal(data, PEOPLE, SEED, noisy=False)
    assert leads_store.current(data, PEOPLE, SEED, noisy=False)
    extra.write_text("RATE = 2\n")
    assert not leads_store.current(data, PEOPLE, SEED, noisy=False)
    leads_store.seal(data, PEOPLE, SEED, noisy=False)
    # the generated source edited after the store was built
    truth = data / leads_store.SOURCE / "truth.json"
    doc = json.loads(truth.read_text())
    doc["patterns"] = doc["patterns"][1:]
    truth.write_text(json.dumps(doc))
    assert not leads_store.current(data, PEOPLE, SEED, noisy=False)


@pytest.mark.slow
def test_a_stale_store_is_rebuilt_from_a_fresh_source(data: Path) -> None:
    stale = data / leads_store.SOURCE / "left-by-an-older-generator.csv"
    stale.write_text("id\n1\n")
    (data / leads_store.STAMP).write_text(json.dumps({"fingerprint": {"generator": "old"}}))
    truth = ensure_store(data, PEOPLE)  # the noisy eval's store: another force, so rebuilt
    assert not stale.exists()
    assert json.loads(truth.read_text())["noisy"] is True
    assert leads_store.current(data, PEOPLE, SEED, noisy=True)
    built = (data / "records.duckdb").stat().st_mtime_ns
    ensure_store(data, PEOPLE)  # current: reused as it is
    assert (data / "records.duckdb").stat().st_mtime_ns == built


def test_a_store_no_eval_built_is_never_deleted(tmp_path: Path) -> None:
    (tmp_path / "records.duckdb").write_bytes(b"someone's store")
    with pytest.raises(RuntimeError, match="no leads eval built"):
        leads_store.regenerate(tmp_path, PEOPLE, SEED, noisy=False)
    assert (tmp_path / "records.duckdb").read_bytes() == b"someone's store"
