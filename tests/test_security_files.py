"""V6: a data dir only the service account can read, whatever the umask — on a real ingest
(DuckDB, Chroma, BM25), a real consultation (audit log and key, leads cache, reviews, API keys)
and a startup check that warns when anything is looser.

The probe found records.duckdb, chroma/chroma.sqlite3 and the leads cache created 0644.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import API_COMPLAINTS, API_MAPPING, API_STAFF

from assistant.answers import User
from assistant.consult import Consultation
from assistant.keys import KeyStore
from assistant.leads.service import list_leads
from tests.exports import ingest_export


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(data_dir: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(data_dir.stat().st_mode)}
    for root, dirs, files in os.walk(data_dir):
        for name in (*dirs, *files):
            path = Path(root) / name
            found[str(path.relative_to(data_dir))] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_every_file_in_the_data_dir_is_owner_only_under_umask_022(
    tmp_path: Path, loose_umask: None, caplog: pytest.LogCaptureFixture
) -> None:
    os.umask(0o022)
    settings = ingest_export(tmp_path, {"staff.csv": API_STAFF, "complaints.csv": API_COMPLAINTS},
                             API_MAPPING, today=date(2024, 6, 30), mapping_file="testshire.yaml")
    os.umask(0o022)  # a later process with the usual umask
    KeyStore(settings.data_dir / "keys.sqlite").create("someone", "investigator")
    service = Consultation(settings, engines=1, readers=1)
    try:
        user = User(name="inv", role="investigator")
        service.ask(user, "OP-1", "How many complaints against Harriet Vane?")
        list_leads(service, user, "OP-1")
    finally:
        service.close()
    found = modes(settings.data_dir)
    for name in ("records.duckdb", "chroma/chroma.sqlite3", "audit.sqlite", "audit.key",
                 "keys.sqlite"):
        assert name in found, sorted(found)
    assert any(n.startswith("bm25/") for n in found)
    assert any("lead" in n and n != "leads.sqlite" for n in found), sorted(found)  # the cache
    loose = {n: f"{m:o}" for n, m in found.items() if m & 0o077}
    assert loose == {}
    assert {m for n, m in found.items() if (settings.data_dir / n).is_dir()} == {0o700}

    (settings.data_dir / "records.duckdb").chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="probity.security"):
        Consultation(settings, engines=1, readers=1).close()
    assert "readable beyond its owner" in caplog.text and "records.duckdb 644" in caplog.text
