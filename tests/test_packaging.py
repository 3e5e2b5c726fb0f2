"""The repo installs and runs anywhere: no committed binaries, the product never imports pytest,
the layers import in one direction, the wheel carries the files read at run time, and every
command the README shows answers `--help` from the installed package.

`.ci/wheel` runs the `installed` test again from a fresh venv with the wheel installed (not
editable), from a directory outside the checkout, with PROBITY_INSTALLED=1.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("assistant", "ingestion", "evals", "ui")
BINARY_SUFFIXES = (".whl", ".so", ".exe", ".zip", ".tar.gz", ".pyc", ".dll", ".dylib", ".egg")


def _tracked() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in out.stdout.decode().split("\0") if name]


def binary_artefacts(names: list[str], root: Path) -> list[str]:
    """Tracked files that are build artefacts, or binary (a NUL byte) outside data/."""
    found = [n for n in names if n.lower().endswith(BINARY_SUFFIXES)]
    for name in names:
        path = root / name
        if name.startswith("data/") or name in found or not path.is_file():
            continue
        with path.open("rb") as fh:
            if b"\0" in fh.read(1 << 20):
                found.append(name)
    return found


def test_git_tracks_no_binary_artefacts() -> None:
    assert binary_artefacts(_tracked(), ROOT) == []


def test_the_binary_check_catches_a_wheel_and_a_nul_byte(tmp_path: Path) -> None:
    (tmp_path / "tool.whl").write_bytes(b"PK\3\4")
    (tmp_path / "blob.bin").write_bytes(b"abc\0def")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "export.csv").write_bytes(b"a,b\0\n")  # data may hold anything
    (tmp_path / "ok.py").write_text("x = 1\n")
    names = ["tool.whl", "blob.bin", "data/export.csv", "ok.py"]
    assert sorted(binary_artefacts(names, tmp_path)) == ["blob.bin", "tool.whl"]


def test_nothing_reads_data_outside_the_checkout() -> None:
    """The public data is vendored in data/public/; a clone has nothing beside it. (Stored benchmark
    results keep the path they were measured from: they record a run, they do not read it.)"""
    # split so this file passes; the last form is a path joined from parts (shared / data)
    outside = re.compile("\\.\\./" + "shared|/work/" + "shared|" + '"shared"' + r'\s*/\s*"data"')
    offenders = [name for name in _tracked()
                 if not name.startswith(("data/", "bench/results/")) and (ROOT / name).is_file()
                 and outside.search((ROOT / name).read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []
    assert (ROOT / "data/public/philly/SOURCE.txt").is_file()
    assert (ROOT / "data/public/chicago-copa-cms/SOURCE.txt").is_file()


def _imports(package: str) -> dict[str, set[str]]:
    """Module file (relative to the repo) → top-level packages it imports, lazily or not."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tops: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                tops.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = tops
    return found


def test_the_product_never_imports_pytest() -> None:
    offenders = [name for package in PRODUCT for name, tops in _imports(package).items()
                 if "pytest" in tops]
    assert offenders == []
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if re.match(r"pytest\b", d)]
    assert any(re.match(r"pytest\b", d) for d in project["optional-dependencies"]["dev"])


def test_the_assistant_core_never_imports_the_app_layer() -> None:
    """ingestion may import the assistant core; only the CLI modules (the app layer) import back."""
    app_layer = {"assistant/cli.py", "assistant/cli_resolution.py"}
    offenders = {name: sorted(tops & {"ingestion", "evals", "ui"})
                 for name, tops in _imports("assistant").items()
                 if name not in app_layer and tops & {"ingestion", "evals", "ui"}}
    assert offenders == {}


def test_the_wheel_carries_the_files_read_at_run_time(tmp_path: Path) -> None:
    pytest.importorskip("build")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    [wheel] = tmp_path.glob("probity-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {"assistant/llm/prompts/answer.md", "evals/thresholds.toml",
              "evals/public/questions.yaml", "ui/app.py", "evals/resolution/mapping.yaml"}
    wanted |= {f"evals/resolution/source/{p.name}"
               for p in (ROOT / "evals/resolution/source").glob("*.csv")}
    wanted |= {f"evals/questions/{p.name}" for p in (ROOT / "evals/questions").glob("*.jsonl")}
    wanted |= {f"ingestion/mappings/{p.name}" for p in (ROOT / "ingestion/mappings").glob("*")}
    assert wanted <= names, sorted(wanted - names)
    assert not [n for n in names if n.startswith(("tests/", "data/", "bench/"))]


def readme_commands() -> list[list[str]]:
    """Each distinct `probity` command the README shows: its subcommand words, e.g. [keys, create]."""
    from typer.main import get_command

    from assistant.cli import app

    root = get_command(app)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[list[str]] = []
    for match in re.finditer(r"(?:^|`|\$ |· )probity ((?:[a-z][a-z-]*(?: |$|`))+)", readme, re.M):
        words, group = [], root
        for word in match.group(1).replace("`", " ").split():
            sub = getattr(group, "commands", {}).get(word)
            if sub is None:
                break
            words.append(word)
            group = sub
        if words and words not in commands:
            commands.append(words)
    return commands


def test_readme_commands_answer_help_installed() -> None:
    """Every command the README shows runs, from the package as installed (see module doc)."""
    import assistant

    if os.environ.get("PROBITY_INSTALLED"):
        assert ROOT not in Path(assistant.__file__).resolve().parents, assistant.__file__
    probity = Path(sys.executable).parent / "probity"
    assert probity.is_file(), f"no probity console script beside {sys.executable}"
    commands = readme_commands()
    assert len(commands) >= 10, commands  # the README's command table, at least
    for words in commands:
        done = subprocess.run([str(probity), *words, "--help"], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, (words, done.stderr[-2000:])
        assert "Usage:" in done.stdout, words


# Modules allowed to touch os.environ, and why. settings.py is the one reader; the CLI copies the
# environment into a subprocess it starts (it reads no setting from it); the narrative gold code
# reads PROBITY_PUBLIC_DATA itself because gold code must never import the product (issue #15).
ENVIRON_READERS = {"assistant/settings.py": "the one place settings are read",
                   "assistant/cli.py": "passes the environment on to a child process",
                   "evals/narrative/slice.py": "gold code, which must not import the product"}
ENVIRON = re.compile(r"\bos\.(?:environ|getenv)\b|\bgetenv\(|from os import [^\n]*\benviron\b")


def environ_readers(files: dict[str, str]) -> set[str]:
    """The files (name → source) that touch the process environment."""
    return {name for name, text in files.items() if ENVIRON.search(text)}


def test_every_setting_is_read_through_settings() -> None:
    files = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
             for package in PRODUCT for p in (ROOT / package).rglob("*.py")}
    assert environ_readers(files) - set(ENVIRON_READERS) == set()


def test_the_environ_check_sees_a_bypass() -> None:
    files = {"a.py": 'import os\nDEBUG = os.environ.get("PROBITY_DEBUG")\n',
             "b.py": 'from os import getenv\nX = getenv("PROBITY_X")\n',
             "c.py": "from assistant.settings import get_settings\n"}
    assert environ_readers(files) == {"a.py", "b.py"}


def test_ci_type_checks_and_runs_the_wheel_from_outside_the_checkout() -> None:
    """.ci/run runs mypy over every package (a failure fails the run) and .ci/wheel, which
    installs the built wheel (not editable) in a fresh venv and runs demo and the fast eval from
    a directory outside the checkout."""
    run = (ROOT / ".ci/run").read_text(encoding="utf-8")
    wheel = (ROOT / ".ci/wheel").read_text(encoding="utf-8")
    assert "set -euo pipefail" in run and "set -euo pipefail" in wheel
    # mypy runs beside pytest; its exit status is waited for and fails the run
    assert re.search(r"^timed mypy mypy assistant ingestion evals ui .*&$", run, re.M)
    assert re.search(r'^wait "\$mypy_pid" \|\| mypy_status=\$\?$', run, re.M)
    assert 'if [ "$mypy_status" -ne 0 ]; then' in run
    assert re.search(r"^\s*EVAL_REPORT=.* timed wheel \.ci/wheel ", run, re.M)
    install = re.search(r"^timed install-wheel .*pip install (.*)$", wheel, re.M)
    assert install and "-e" not in install.group(1).split() and "dist/probity-" in install.group(1)
    steps = wheel[wheel.index('cd "$WORK"'):]
    assert re.search(r"probity\" demo", steps) and "eval --suite fast" in steps
    # the leads gate runs on the demo's data dir, after the demo (it scores the demo's force)
    assert steps.index("probity\" demo") < steps.index("eval --suite leads")
