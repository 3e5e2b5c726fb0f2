"""The dev set's CI gate can fail, and its questions are not the tuning world's.

Why: issue #15 asks for gates on gold that is independent of the engine, with a synthetic world
whose questions share no text with the world the engine was tuned on. The ratchet
(evals/dev/gate.py) must say FAIL for a figure worse than its recorded value and PASS otherwise,
must not pass a misspelt figure silently, and the recorded values must be real measurements (no
placeholder that cannot fail). The dev and fresh questions must share no text with the generated
eval worlds' questions (evals/questions/synthetic-*.jsonl); the second to fifth fresh
sets must not even share a run of five words with them, the sets written before them, the
generator's phrase banks or the tests.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from evals.dev.gate import DIRECTION, check
from evals.dev.gold import freeze
from evals.gates import load_thresholds

ROOT = Path(__file__).resolve().parents[1]


def _report(**figs: float) -> dict:
    base = {"accuracy": 0.6, "confidently_wrong_rate": 0.05, "silent_drop_rate": 0.02,
            "paraphrase_consistency": 0.7}
    return {"by_source": {"philly": {**base, **figs}}}


THRESHOLDS = {"dev": {"tolerance": 0.01, "ratchet": {"philly": {
    "accuracy": 0.6, "confidently_wrong_rate": 0.05, "silent_drop_rate": 0.02}}}}


def test_the_ratchet_passes_at_its_recorded_figures_and_within_tolerance() -> None:
    assert all(g["ok"] for g in check(_report(), THRESHOLDS))
    assert all(g["ok"] for g in check(_report(accuracy=0.595, silent_drop_rate=0.025), THRESHOLDS))


@pytest.mark.parametrize("worse", [{"accuracy": 0.58}, {"confidently_wrong_rate": 0.07},
                                   {"silent_drop_rate": 0.04}])
def test_the_ratchet_fails_a_figure_worse_than_recorded(worse: dict) -> None:
    gates = check(_report(**worse), THRESHOLDS)
    failed = [g["metric"] for g in gates if not g["ok"]]
    assert failed == list(worse)


def test_a_source_the_run_did_not_ask_is_skipped_and_a_misspelt_figure_is_an_error() -> None:
    assert check({"by_source": {}}, THRESHOLDS) == []
    with pytest.raises(KeyError):
        check(_report(), {"dev": {"ratchet": {"philly": {"acuracy": 0.5}}}})


def test_the_recorded_ratchet_is_a_measurement_that_can_fail() -> None:
    dev = load_thresholds()["dev"]
    assert 0 <= dev["tolerance"] <= 0.02
    assert set(dev["ratchet"]) == {"philly", "chicago", "synthetic"}
    for source, floors in dev["ratchet"].items():
        assert set(floors) <= set(DIRECTION), source
        for name, value in floors.items():
            # 0 for a higher-is-better figure or 1 for a lower-is-better one could never fail
            assert (value > 0 if DIRECTION[name] else value < 1), (source, name, value)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_dev_and_fresh_questions_share_no_text_with_the_generated_eval_worlds() -> None:
    generated = set()
    for path in (ROOT / "evals" / "questions").glob("synthetic-*.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        generated |= {_words(json.loads(line)["text"]) for line in lines if line}
    assert len(generated) > 300
    for qset in freeze.SETS.values():
        for item in freeze.load_questions(qset):
            for text in [item["text"], *item.get("paraphrases", [])]:
                assert _words(text) not in generated, (item["id"], text)


def _runs(text: str, n: int = 5) -> set[str]:
    words = _words(text).split()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def _literals(path: Path) -> list[str]:
    return [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


# Each held-out set against everything written before it (fresh8 against fresh to fresh7).
EARLIER = {"fresh2": ("dev", "fresh"), "fresh3": ("dev", "fresh", "fresh2"),
           "fresh4": ("dev", "fresh", "fresh2", "fresh3"),
           "fresh5": ("dev", "fresh", "fresh2", "fresh3", "fresh4"),
           "fresh6": ("dev", "fresh", "fresh2", "fresh3", "fresh4", "fresh5"),
           "fresh7": ("dev", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6"),
           "fresh8": ("dev", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")}


@pytest.mark.parametrize("held_out", sorted(EARLIER))
def test_a_later_fresh_set_shares_no_five_word_run_with_anything_tuned_on(held_out: str) -> None:
    """Its words are its own: no phrasing repeats five consecutive words of a dev or earlier
    fresh question, a generated eval question, the generator's phrase banks
    (evals/gold/phrases.py, ingestion/synth/*.py) or any string in the engine's tests."""
    sources: dict[str, list[str]] = {}
    for name in EARLIER[held_out]:
        sources[name] = [t for i in freeze.load_questions(freeze.SETS[name])
                         for t in [i["text"], *i["paraphrases"], *i.get("turns", [])]]
    for path in (ROOT / "evals" / "questions").glob("synthetic-*.jsonl"):
        sources[path.name] = [json.loads(line)["text"] for line in
                              path.read_text(encoding="utf-8").splitlines()[1:] if line]
    code = [ROOT / "evals" / "gold" / "phrases.py", *(ROOT / "ingestion" / "synth").glob("*.py"),
            *(ROOT / "tests").glob("*.py")]
    for path in code:
        sources[str(path.relative_to(ROOT))] = _literals(path)
    assert len(sources["dev"]) > 600 and len(sources) > 30
    taken = {src: set().union(*map(_runs, texts)) for src, texts in sources.items()}
    shared = [(item["id"], src, sorted(_runs(text) & runs)[0])
              for item in freeze.load_questions(freeze.SETS[held_out])
              for text in [item["text"], *item["paraphrases"]]
              for src, runs in taken.items() if _runs(text) & runs]
    assert shared == []


def test_the_narrative_ratchet_fails_a_worse_run_and_records_real_figures() -> None:
    from evals.gates import check_narrative_ratchet

    t = {"narrative": {"ratchet_tolerance": 0.01,
                       "ratchet": {"precision": 0.5, "recall": 0.6, "false_refusal_rate": 0.04}}}
    same = {"all": {"probity": {"precision": 0.5, "recall": 0.6, "false_refusal_rate": 0.04}}}
    worse = {"all": {"probity": {"precision": 0.48, "recall": 0.6, "false_refusal_rate": 0.06}}}
    assert all(g["ok"] for g in check_narrative_ratchet(same, t))
    assert [g["metric"] for g in check_narrative_ratchet(worse, t) if not g["ok"]] == [
        "false_refusal_rate", "precision"]
    assert not any(g["ok"] for g in check_narrative_ratchet({}, t))  # nothing measured fails
    recorded = load_thresholds()["narrative"]["ratchet"]
    assert set(recorded) == {"precision", "recall", "false_refusal_rate"}
    assert recorded["precision"] > 0 and recorded["recall"] > 0
    assert recorded["false_refusal_rate"] < 1
