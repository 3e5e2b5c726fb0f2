"""`probity mapping check` (issue #20): the dry run reports and writes nothing.

Run on the hand-written Eastmoor export (evals/resolution) with one row that cannot be stored,
next to a data dir holding a store: both directories must be byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant import store
from assistant.cli import app
from evals.resolution.score import MAPPING, SOURCE


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_mapping_check_reports_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "export"
    shutil.copytree(SOURCE, source)
    with open(source / "psd_complaints.csv", "a", encoding="utf-8") as fh:
        fh.write("C999,31/02/2023,2023-01-01,PC Nobody Known,-,bad date\n"
                 "C998,2023-01-02,2023-01-01,PC Zed Unknown,-,nobody\n"
                 "C997,2023-01-03,2023-01-01,PC Zed Unknown,-,nobody\n")
    data = tmp_path / "data"
    store.connect(data / "records.duckdb").close()
    before = _snapshot(source), _snapshot(data)

    result = CliRunner().invoke(
        app, ["mapping", "check", "--mapping", str(MAPPING), "--source", str(source)],
        env={"PROBITY_DATA_DIR": str(data)})

    assert result.exit_code == 0, result.output
    assert (_snapshot(source), _snapshot(data)) == before
    out = result.output
    assert "eastmoor: complaint ← psd_complaints.csv" in out
    assert "rows 133: 132 would be stored, 0 merged, 0 skipped, 1 quarantined" in out
    assert "quarantine ×1: received_date" in out
    # samples as stored, people and all
    assert "sample: record_id=complaint:emr:C001" in out
    assert "subject: PC 2231 Marsh → person:emr:E1001" in out
    # per reference column: shares and the commonest unresolved raw values
    assert "people subject (collar): 144 references" in out
    assert "    unresolved ×2: PC Zed Unknown\n" in out
    assert "eastmoor / warrant: 59 (95%) resolved, 0 (0%) ambiguous" in out


def test_mapping_check_on_a_bad_mapping_is_one_line_and_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAPPING.read_text().replace("split:", "spilt:", 1))
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "mapping", "check", "--mapping", str(bad),
         "--source", str(SOURCE)], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "spilt" in done.stderr, done.stderr
