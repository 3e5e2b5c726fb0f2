"""The narrative dev set is frozen, independent of the engine and reproducible from the sources.

- freeze: questions.yaml and gold.jsonl match MANIFEST.sha256 (a changed question or gold set
  fails here until the manifest is regenerated, which shows up in review);
- independence: the gold code runs in a subprocess where importing `assistant` or `ingestion`
  raises, and still computes the public gold;
- reproducible: recomputing the Philadelphia/Chicago gold from the source CSVs gives exactly the
  stored sets (the synthetic ones need the 300-person force: slow).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from evals.narrative import gold as g

ROOT = Path(__file__).resolve().parents[1]
ID_FORMS = {  # the mappings' id templates: complaint:<namespace>:<source id>
    "philly": re.compile(r"^complaint:ppd:\d{2}-\d{4}$"),
    "chicago": re.compile(r"^complaint:copa:\d{4}-\d{7}$"),
    "synthetic": re.compile(r"^complaint:syn:CO/\d{5}/\d{2}$"),
}
needs_public = pytest.mark.skipif(not (g.sl.PUBLIC_DATA / "philly").is_dir(),
                                  reason="public data not found (PROBITY_PUBLIC_DATA)")


def stored() -> list[dict[str, Any]]:
    return [json.loads(line) for line in g.GOLD.read_text(encoding="utf-8").splitlines()[1:]]


def test_manifest_freezes_questions_and_gold() -> None:
    lines = g.MANIFEST.read_text(encoding="utf-8").splitlines()
    listed = {name: digest for digest, name in (line.split("  ") for line in lines)}
    assert set(listed) == {"questions.yaml", "gold.jsonl"}
    for name, digest in listed.items():
        assert hashlib.sha256((g.HERE / name).read_bytes()).hexdigest() == digest, (
            f"{name} changed without regenerating MANIFEST.sha256 (python -m evals.narrative.gold)")


def test_set_shape_reasons_and_id_formats() -> None:
    spec = yaml.safe_load(g.QUESTIONS.read_text(encoding="utf-8"))["questions"]
    questions = stored()
    assert len(questions) >= 60 and [q["id"] for q in questions] == [q["id"] for q in spec]
    assert {q["source"] for q in questions} == set(ID_FORMS)
    assert all(sum(q["source"] == s for q in questions) >= 15 for s in ID_FORMS)
    for q in questions:
        assert q["style"] in ("keyword", "concept", "yesno", "none")
        assert bool(q["gold"]) == (q["style"] != "none"), q["id"]
        decided = {**q["include"], **q["exclude"]}
        assert all(isinstance(why, str) and len(why) > 8 for why in decided.values()), q["id"]
        assert all(ID_FORMS[q["source"]].match(i) for i in [*q["gold"], *decided]), q["id"]
        assert not set(q["exclude"]) & set(q["gold"]), q["id"]
        assert set(q["include"]) <= set(q["gold"]), q["id"]


BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("assistant", "ingestion"):
            raise ImportError("gold code must not import " + name)
sys.meta_path.insert(0, Block())
import json, yaml
from evals.narrative import gold as g
spec = yaml.safe_load(g.QUESTIONS.read_text(encoding="utf-8"))["questions"]
by = {"philly": g.philly(), "chicago": g.chicago()}
print(json.dumps({q["id"]: g.gold_set(q, by[q["source"]]) for q in spec if q["source"] in by}))
"""


@needs_public
def test_gold_code_never_imports_the_engine_and_reproduces_public_gold() -> None:
    out = subprocess.run([sys.executable, "-c", BLOCKER], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(ROOT),
                                                     "PATH": "/usr/bin:/bin"})
    recomputed = json.loads(out.stdout)
    frozen = {q["id"]: q["gold"] for q in stored() if q["source"] != "synthetic"}
    assert recomputed == frozen


def test_blocker_really_blocks() -> None:
    """The subprocess guard above is not vacuous: importing the engine under it fails."""
    probe = BLOCKER.split("import json, yaml")[0] + "import assistant.retrieval\n"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0 and "must not import assistant" in done.stderr


@pytest.mark.slow
def test_synthetic_gold_reproduces_from_a_fresh_force(tmp_path: Path) -> None:
    from ingestion.synth import generate

    world = g.SYNTHETIC_WORLD
    generate(people=world["people"], seed=world["seed"], out=tmp_path)
    header = json.loads(g.GOLD.read_text(encoding="utf-8").splitlines()[0])["header"]
    assert g.sha256(tmp_path / "psd" / "complaints.csv") == header["synthetic_complaints_sha256"]
    spec = yaml.safe_load(g.QUESTIONS.read_text(encoding="utf-8"))["questions"]
    narratives = g.synthetic(tmp_path)
    frozen = {q["id"]: q["gold"] for q in stored()}
    for q in spec:
        if q["source"] == "synthetic":
            assert g.gold_set(q, narratives) == frozen[q["id"]], q["id"]


def test_a_probity_only_run_builds_no_baseline(synthetic_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """CI asks Probity only; llama-index's own index (minutes to build) was built anyway."""
    from evals.narrative.__main__ import _systems

    llama = tmp_path / "llamaindex-synthetic"
    assert [s.name for s in _systems(synthetic_engine, llama, ["probity"])] == ["probity"]
    assert not llama.exists()
    assert [s.name for s in _systems(synthetic_engine, llama, ["bm25", "dense"])] == [
        "bm25", "dense"]
