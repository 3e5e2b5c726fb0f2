"""Lead-detector settings from a YAML file a force can edit (PROBITY_LEADS_CONFIG): the shipped
defaults equal `LeadsConfig()` and the README's copy, bad files are one error naming file and key,
and the detectors read the file named by Settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import store
from assistant.leads.config import (
    DEFAULTS_FILE,
    LeadsConfig,
    LeadsConfigError,
    config_for,
    load_leads_config,
)
from assistant.leads.detect import detect_leads
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_defaults_are_the_built_in_values() -> None:
    assert load_leads_config(DEFAULTS_FILE) == LeadsConfig()
    assert config_for(Settings()) == LeadsConfig()


def test_the_readme_shows_the_shipped_defaults() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Leads settings", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    body = "".join(line for line in DEFAULTS_FILE.read_text(encoding="utf-8")
                   .splitlines(keepends=True) if not line.startswith("#"))
    assert block.group(1) == body


def test_a_partial_file_changes_only_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "leads.yaml"
    path.write_text("coaccused:\n  min_complaints: 6\nallegation_burst:\n"
                    "  thresholds: {Use of force: [4, 60], Discrimination: [2, 30]}\n")
    config = config_for(Settings(leads_config=path))
    assert config.coaccused.min_complaints == 6
    assert config.allegation_burst.thresholds == {"Use of force": (4, 60),
                                                   "Discrimination": (2, 30)}
    assert config.model_copy(update={"coaccused": LeadsConfig().coaccused,
                                     "allegation_burst": LeadsConfig().allegation_burst}) \
        == LeadsConfig()
    assert config.fingerprint() != LeadsConfig().fingerprint()  # the lead cache recomputes


@pytest.mark.parametrize(("text", "problem"), [
    ("repeated_search:\n  min_searchs: 4\n", "repeated_search.min_searchs: Extra inputs"),
    ("coaccused:\n  min_complaints: many\n", "coaccused.min_complaints: Input should be"),
    ("off_duty_access:\n  duty_types: leave\n", "off_duty_access.duty_types: Input should be"),
    ("complaint_volumes: {}\n", "complaint_volumes: Extra inputs"),
    ("- coaccused\n", "expected detector names as keys"),
    ("coaccused: [min_complaints: 4\n", "not valid YAML"),
])
def test_a_bad_file_is_an_error_naming_file_and_key(tmp_path: Path, text: str,
                                                     problem: str) -> None:
    path = tmp_path / "force-leads.yaml"
    path.write_text(text)
    with pytest.raises(LeadsConfigError) as err:
        load_leads_config(path)
    assert str(err.value).startswith(f"{path}: ")
    assert problem in str(err.value)


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(LeadsConfigError, match="no such leads settings file"):
        config_for(Settings(leads_config=tmp_path / "nowhere.yaml"))


def test_the_detectors_read_the_file_settings_name(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "records.duckdb")
    bad = tmp_path / "bad.yaml"
    bad.write_text("coaccused:\n  min_complaints: -x\n")
    with pytest.raises(LeadsConfigError, match=r"bad\.yaml: coaccused\.min_complaints"):
        detect_leads(con, Settings(data_dir=tmp_path, leads_config=bad), ["coaccused"])
    good = tmp_path / "good.yaml"
    good.write_text("coaccused:\n  min_complaints: 2\n")
    assert detect_leads(con, Settings(data_dir=tmp_path, leads_config=good), ["coaccused"]) == []
