"""`probity case …` on a real store (tests/conftest.py `api_store`), through typer's runner.

The CLI goes through the same service as the API: the clearance rule holds (another investigator
is told the case is not found, exit 1, one line), decisions need a reason, and `export --format
pdf --out F` writes a PDF that pypdf reads back with the case's content and its marking.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from assistant.cli import app
from assistant.keys import KeyStore
from assistant.settings import Settings


@pytest.fixture(scope="module")
def data_dir(api_store: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root: Path = tmp_path_factory.mktemp("cases-cli")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json"):
        if (api_store.data_dir / name).exists():
            (root / name).symlink_to(api_store.data_dir / name)
    keys = KeyStore(root / "keys.sqlite")
    for user, role in (("ann", "investigator"), ("bob", "investigator"),
                       ("sue", "senior_investigator")):
        keys.grant(user, role)
    return root


def probity(data_dir: Path, user: str, *args: str) -> tuple[int, str]:
    """Exit code and output; an expected failure is what `cli.main()` prints as one line."""
    result = CliRunner().invoke(app, ["case", *args, "--data-dir", str(data_dir), "--user", user],
                                env={"PROBITY_TEST_MODE": "1"})
    if isinstance(result.exception, (ValueError, PermissionError)):
        return 1, f"probity: error: {result.exception}"
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_case_commands_open_note_decide_show_and_list(data_dir: Path) -> None:
    assert probity(data_dir, "ann", "open", "CLI/1", "--title", "Counter incident")[0] == 0
    assert probity(data_dir, "ann", "note", "CLI/1", "Check the CCTV")[0] == 0
    code, out = probity(data_dir, "ann", "status", "CLI/1", "no further action")
    assert code != 0 and "reason" in out  # a decision without a reason is refused
    code, out = probity(data_dir, "ann", "status", "CLI/1", "no further action",
                        "--reason", "CCTV shows no contact")
    assert code == 0 and "open -> no further action" in out, out
    code, out = probity(data_dir, "ann", "show", "CLI/1", "--json")
    case = json.loads(out)
    assert [n["text"] for n in case["notes"]] == ["Check the CCTV"]
    assert case["decisions"][0]["reason"] == "CCTV shows no contact"
    code, out = probity(data_dir, "ann", "show", "CLI/1")
    assert code == 0 and "Check the CCTV" in out and "Decision log" in out
    assert "CLI/1" in probity(data_dir, "ann", "list")[1]
    assert "CLI/1" not in probity(data_dir, "bob", "list")[1]


def test_another_investigator_is_told_not_found(data_dir: Path) -> None:
    probity(data_dir, "ann", "open", "CLI/2")
    probity(data_dir, "ann", "note", "CLI/2", "ann's private note")
    for args in (("show", "CLI/2"), ("note", "CLI/2", "x"), ("export", "CLI/2")):
        code, out = probity(data_dir, "bob", *args)
        assert code == 1 and "case not found" in out and "private" not in out, out
    assert probity(data_dir, "sue", "show", "CLI/2")[0] == 0  # supervisors may open it


def test_export_writes_a_pdf_with_content_and_marking(data_dir: Path, tmp_path: Path) -> None:
    probity(data_dir, "ann", "open", "CLI/PDF", "--title", "Vane review")
    probity(data_dir, "ann", "note", "CLI/PDF", "Interview Mrs Okafor")
    out = tmp_path / "case.pdf"
    code, said = probity(data_dir, "ann", "export", "CLI/PDF", "--format", "pdf", "--out",
                         str(out))
    assert code == 0 and "OFFICIAL" in said, said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(out).pages).split())
    for needle in ("Case file CLI/PDF", "Vane review", "Interview Mrs Okafor", "OFFICIAL",
                   "Audit log head at export"):
        assert needle in text, (needle, text[:300])
    assert "OFFICIAL-SENSITIVE" not in text
    assert probity(data_dir, "ann", "export", "CLI/PDF", "--format", "pdf")[0] == 1
