"""Docs stay honest: every setting and every CLI command is documented in the README."""

from __future__ import annotations

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
