"""Docs stay honest: every setting and every CLI command is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        assert f"PROBITY_{name.upper()}" in README, name


def test_readme_has_the_two_setup_commands():
    assert 'pip install -e ".[dev]" && probity demo' in README
    assert "python -m pytest\n" in README


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci


# Files Probity writes when it runs (named in the README, never in the repo).
WRITTEN = {"report.md", "report.html", "report.json", "truth.json", "index-manifest.json"}


def cited_files(readme: str) -> set[str]:
    """Repo files the README points at: relative links and `path/like.ext` code spans."""
    cited = {m.group(1) for m in re.finditer(r"\]\(([^)#\s:]+)(?:#[^)]*)?\)", readme)}
    cited |= set(re.findall(r"`([\w.*/-]+\.(?:py|md|toml|ya?ml|jsonl?|txt|csv|html))`", readme))
    cited |= set(re.findall(r"`((?:assistant|ingestion|evals|ui|bench|tests|data|\.ci)/[\w.*/-]*)`",
                            readme))
    return {c for c in cited if not c.startswith("/")}  # /v1/... are URL paths


def test_readme_cites_only_files_in_the_repo():
    root = Path(__file__).resolve().parents[1]
    missing = []
    for cited in sorted(cited_files(README) - WRITTEN):
        found = any(root.glob(cited.rstrip("/"))) if "/" in cited else any(root.rglob(cited))
        if not found:
            missing.append(cited)
    assert missing == []


def test_the_citation_check_sees_a_missing_file():
    text = "See [the design](DESIGN.md), `bench/nowhere.py` and `../elsewhere/x.csv`."
    assert cited_files(text) == {"DESIGN.md", "bench/nowhere.py", "../elsewhere/x.csv"}
    assert "../" + "shared" not in README
