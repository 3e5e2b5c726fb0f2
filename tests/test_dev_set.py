"""The dev set (issue #13): frozen, independent of the engine, well-formed, strictly scored.

Why: the dev set is the yardstick for the planner work, so it must not be able to drift with the
code under test. These tests pin its independence (gold never imports the product — checked in
a fresh interpreter and statically), its freeze (manifest hashes; gold recomputed from the
source CSVs equals the frozen file), its coverage, and the scorer's rules on hand-made answers.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.dev.gold import freeze
from evals.dev.score import headline, score

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "evals" / "dev" / "gold"
OPERATIONS = {"count", "list", "exists", "rank", "distinct_count", "group_by", "compare", "lookup"}
EXPECTS = {"count", "record_set", "yes_no_count", "ranked_ties", "groups", "no_such_record",
           "unapplied"}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return freeze.load_questions()


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((freeze.DEV_DIR / "gold.json").read_text())


def test_gold_package_loads_no_product_module_in_a_fresh_interpreter() -> None:
    code = ("import sys, evals.dev.gold.freeze, evals.dev.gold.tables, evals.dev.gold.joins, "
            "evals.dev.gold.query; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('assistant', 'ingestion')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_gold_package_has_no_product_import_statically() -> None:
    found = []
    for path in GOLD_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names
                      if n.split(".")[0] in ("assistant", "ingestion")]
        assert "importlib" not in path.read_text(), f"{path.name}: no dynamic imports in gold"
    assert found == []


def test_questions_and_gold_match_the_manifest() -> None:
    recorded = json.loads((freeze.DEV_DIR / "manifest.json").read_text())
    assert freeze.manifest() == recorded["sha256"], \
        "questions or gold changed: re-run `python -m evals.dev.gold.freeze` and say why"


def test_a_changed_question_breaks_the_manifest(tmp_path: Path) -> None:
    for name in (*freeze.QUESTION_FILES, "gold.json", "manifest.json"):
        (tmp_path / name).write_bytes((freeze.DEV_DIR / name).read_bytes())
    before = freeze.manifest(tmp_path)
    path = tmp_path / "public.yaml"
    path.write_text(path.read_text().replace("in 2017?", "in 2016?", 1))
    assert freeze.manifest(tmp_path) != before


def test_set_covers_sizes_operations_and_phrasings(items: list[dict], gold: dict) -> None:
    public = [i for i in items if i["source"] in ("philly", "chicago")]
    synthetic = [i for i in items if i["source"] == "synthetic"]
    assert len(public) >= 150 and len(synthetic) >= 50
    assert len({i["id"] for i in items}) == len(items) and set(gold) == {i["id"] for i in items}
    assert {i["operation"] for i in items} == OPERATIONS
    assert {i["expect"] for i in items} == EXPECTS
    for i in items:
        texts = [i["text"], *i["paraphrases"]]
        assert len(texts) >= 3 and len({t.lower() for t in texts}) == len(texts), i["id"]
        assert i["expect"] != "unapplied" or i["unapplied"]["match"], i["id"]
    assert sum(bool(i.get("turns")) for i in items) >= 15
    assert sum(len(g.get("ids", [])) > 1 and len(set(g.get("counts", {}).values())) == 1
               for g in gold.values()) >= 5, "ties at the top"
    assert sum(g.get("count") == 0 for g in gold.values()) >= 5, "zero results"
    assert sum("join" in i["gold"] for i in synthetic) >= 8


def public_gold_recomputes(items: list[dict], gold: dict) -> None:
    """The public items' frozen gold equals gold computed afresh from the source CSVs."""
    public = [i for i in items if i["source"] != "synthetic"]
    assert freeze.compute(public, freeze.frames(freeze.DEFAULT_PUBLIC, None)) == \
        {i["id"]: gold[i["id"]] for i in public}


def synthetic_gold_recomputes(items: list[dict], gold: dict, out: Path) -> None:
    """The synthetic items' frozen gold equals gold computed from a force generated afresh."""
    synth = freeze.SYNTH
    subprocess.run([sys.executable, "-m", "assistant", "synth", "--people", str(synth["people"]),
                    "--seed", str(synth["seed"]), "--out", str(out)], cwd=ROOT, check=True)
    syn = [i for i in items if i["source"] == "synthetic"]
    assert freeze.compute(syn, freeze.frames(freeze.DEFAULT_PUBLIC, out)) == \
        {i["id"]: gold[i["id"]] for i in syn}


def test_public_gold_recomputes_from_the_source_csvs(items: list[dict], gold: dict) -> None:
    public_gold_recomputes(items, gold)


@pytest.mark.slow
def test_synthetic_gold_recomputes_from_the_generated_export(items: list[dict], gold: dict,
                                                            tmp_path: Path) -> None:
    synthetic_gold_recomputes(items, gold, tmp_path)


# ---------------------------------------------------------------- scorer on hand-made answers
COUNT = {"id": "t-1", "source": "philly", "operation": "count", "expect": "count",
         "constraints": [{"label": "received in 2017", "match": ["2017"]},
                         {"label": "district 12", "match": ["12"]}]}
Q = "How many Philadelphia complaints were about incidents in district 12 in 2017?"
READ = "Read as: complaints · district = 12 · received in 2017 → count"


def test_count_right_with_interpretation_is_correct() -> None:
    v = score(COUNT, {"count": 33}, {"answer": "In 2017, 33 complaints concerned district 12.",
                                     "abstained": False, "interpretation": READ}, Q)
    assert v.correct and not v.confidently_wrong and v.silent_drops == []


def test_count_wrong_is_confidently_wrong() -> None:
    v = score(COUNT, {"count": 33}, {"answer": "There were 652 complaints in 2017.",
                                     "abstained": False, "interpretation": READ}, Q)
    assert not v.correct and v.confidently_wrong


def test_abstention_is_wrong_but_not_confident() -> None:
    v = score(COUNT, {"count": 33}, {"answer": "I can't answer that from the records.",
                                     "abstained": True}, Q)
    assert not v.correct and not v.confidently_wrong and v.abstained and v.silent_drops == []


def test_broader_answer_labelled_is_wrong_but_not_confident() -> None:
    v = score(COUNT, {"count": 33}, {
        "answer": "I could not apply 'in district 12'. Without it: 652 complaints in 2017.",
        "abstained": False, "interpretation": "Read as: complaints · received in 2017 → count",
        "unapplied": ["district 12"]}, Q)
    assert not v.correct and not v.confidently_wrong and v.labelled and v.silent_drops == []


def test_broader_answer_unlabelled_is_a_silent_drop_and_confidently_wrong() -> None:
    v = score(COUNT, {"count": 33}, {
        "answer": "652 complaints were received in 2017.", "abstained": False,
        "interpretation": "Read as: complaints · received in 2017 → count", "unapplied": []}, Q)
    assert v.confidently_wrong and v.silent_drops == ["district 12"]


def test_a_hyphenated_echo_of_the_question_shows_the_constraint() -> None:
    item = {**COUNT, "constraints": [{"label": "rudeness", "match": ["rude behaviour"]}]}
    shown = "Read as: complaints · category = discourtesy (“rude-behaviour”) → count"
    v = score(item, {"count": 33}, {"answer": "33 complaints.", "abstained": False,
                                    "interpretation": shown}, "How many rude-behaviour ones?")
    assert v.correct and v.silent_drops == []
    hidden = "Read as: complaints · category = discourtesy → count"
    v = score(item, {"count": 33}, {"answer": "33 complaints.", "abstained": False,
                                    "interpretation": hidden}, "How many rude-behaviour ones?")
    assert not v.correct and v.silent_drops == ["rudeness"]


def test_right_number_without_interpretation_drops_every_constraint() -> None:
    v = score(COUNT, {"count": 33}, {"answer": "33 complaints.", "abstained": False}, Q)
    assert not v.correct and v.value_correct and len(v.silent_drops) == 2


def test_headline_skips_numbers_from_the_question_and_dates() -> None:
    assert headline({"answer": "District 12, 2017 (2017-01-01 to 2017-12-31): 33."}, Q) == 33
    assert headline({"answer": "No complaints match; 5,296 were searched."}, Q) == 0
    assert headline({"answer": "1,303 allegations."}, "How many?") == 1303
    assert headline({"answer": "Between 1 Jan 2024 and 31 Dec 2024 at 23:58: 37."}, "?") == 37


def test_ties_need_every_tied_entity() -> None:
    item = {"id": "t-2", "operation": "rank", "expect": "ranked_ties", "constraints": []}
    g = {"count": 23, "ids": ["person:copa:star-6261", "person:copa:star-9942"],
         "names": {"person:copa:star-6261": ["ENRIQUE DELGADO FERNANDEZ"],
                   "person:copa:star-9942": ["ROGER FARIAS"]}}
    one = {"answer": "Roger Farias: 23 complaints.", "abstained": False, "interpretation": ""}
    both = {**one, "answer": "Tied on 23: Roger Farias and Enrique Delgado Fernandez."}
    assert not score(item, g, one, "Who has most?").correct
    assert score(item, g, both, "Who has most?").correct


def test_record_set_by_cited_ids() -> None:
    item = {"id": "t-3", "operation": "list", "expect": "record_set", "constraints": []}
    g = {"count": 2, "ids": ["complaint:ppd:18-0098", "complaint:ppd:18-0527"]}
    ev = [{"record_id": "complaint:ppd:18-0098", "cited": True},
          {"record_id": "complaint:ppd:18-0527", "cited": True}]
    assert score(item, g, {"answer": "2", "abstained": False, "evidence": ev}, "?").correct
    extra = [*ev, {"record_id": "complaint:ppd:18-0001", "cited": True}]
    assert not score(item, g, {"answer": "3", "abstained": False, "evidence": extra}, "?").correct


def test_a_record_set_of_the_sources_own_ids_is_matched_by_the_id_part() -> None:
    """A join's gold of audit-log event ids (`unlinked_searches`: "EV…", no kind prefix) against
    the engine's record ids ("system_access:syn:EV…"); the searchers cited beside them are no
    extra events. Before, no answer could match such a gold (0 of 8 cited, whatever it cited)."""
    item = {"id": "t-3b", "operation": "list", "expect": "record_set", "constraints": []}
    g = {"count": 2, "ids": ["EV000000001", "EV000000002"]}
    cites = [{"record_id": r} for r in ("person:syn:1", "system_access:syn:EV000000001",
                                        "person:syn:2", "system_access:syn:EV000000002")]
    assert score(item, g, {"answer": "2", "abstained": False, "citations": cites}, "?").correct
    extra = [*cites, {"record_id": "system_access:syn:EV000000003"}]
    assert not score(item, g, {"answer": "3", "abstained": False, "citations": extra},
                     "?").correct
    assert not score(item, g, {"answer": "1", "abstained": False, "citations": cites[:2]},
                     "?").correct


def test_groups_need_each_label_with_its_count_and_the_total() -> None:
    item = {"id": "t-4", "operation": "group_by", "expect": "groups", "constraints": []}
    g = {"groups": {"2021": 120, "2022": 120, "2023": 138}, "total": 378}
    good = "By year: 2021: 120; 2022: 120; 2023: 138. Total 378."
    assert score(item, g, {"answer": good, "abstained": False}, "?").correct
    assert not score(item, g, {"answer": good.replace("138", "130"), "abstained": False},
                     "?").correct


def test_no_such_record_must_not_cite_records() -> None:
    item = {"id": "t-5", "operation": "lookup", "expect": "no_such_record", "constraints": []}
    g = {"exists": False}
    assert score(item, g, {"answer": "There is no complaint 31-0001 in the records.",
                           "abstained": False}, "?").correct
    broad = {"answer": "5,296 complaints.", "abstained": False,
             "evidence": [{"record_id": "complaint:ppd:13-0001", "cited": True}]}
    assert score(item, g, broad, "?").confidently_wrong


def test_trap_is_right_only_when_refused_or_reported() -> None:
    item = {"id": "t-6", "operation": "count", "expect": "unapplied", "constraints": [],
            "unapplied": {"label": "at night", "match": ["night"]}}
    g = {"unapplied": "no time held"}
    assert score(item, g, {"answer": "I can't filter complaints by 'at night': no time is held.",
                           "abstained": False, "interpretation": ""}, "?").correct
    assert score(item, g, {"answer": "Cannot answer.", "abstained": True}, "?").correct
    assert score(item, g, {"answer": "624 complaints.", "abstained": False},
                 "?").confidently_wrong


# ---------------------------------------------------------------- runner and report
def test_runner_refuses_a_set_that_no_longer_matches_its_manifest(tmp_path: Path) -> None:
    from evals.dev.run import FrozenMismatch, check_frozen

    for name in (*freeze.QUESTION_FILES, "gold.json", "manifest.json"):
        (tmp_path / name).write_bytes((freeze.DEV_DIR / name).read_bytes())
    assert check_frozen(tmp_path)
    gold_file = tmp_path / "gold.json"
    gold_file.write_text(gold_file.read_text().replace('"count": 652', '"count": 653', 1))
    with pytest.raises(FrozenMismatch):
        check_frozen(tmp_path)


def test_rescoring_saved_answers_writes_a_report(tmp_path: Path, items: list[dict],
                                                 gold: dict) -> None:
    from evals.dev.__main__ import main

    first = items[0]
    answers = tmp_path / "answers.jsonl"
    right = {"answer": f"{gold[first['id']]['count']} complaints.", "abstained": False,
             "interpretation": "Read as: complaints · received in 2017 → count"}
    rows = [{"id": first["id"], "phrasing": k, "question": q, "conversation": False,
             "seconds": 0.1, "answer": right if k == 0 else {"answer": "9 complaints.",
                                                              "abstained": False}}
            for k, q in enumerate([first["text"], *first["paraphrases"]])]
    answers.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["--data-dir", str(tmp_path / "d"), "--out", str(tmp_path / "out"),
                 "--answers", str(answers), "--limit", "1"]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["overall"]["accuracy"] == round(1 / 3, 4)
    assert report["overall"]["confidently_wrong_rate"] == round(2 / 3, 4)
    assert report["overall"]["paraphrase_consistency"] == 0.0
    assert report["targets"]["accuracy"].startswith("FAIL")
    assert "pub-001" in (tmp_path / "out" / "report.md").read_text()


def test_the_fresh_set_is_frozen_and_its_public_gold_recomputes() -> None:
    """The 20 held-out questions: their manifest matches (frozen before any engine run) and
    their public gold recomputes from the source CSVs, like the dev set's."""
    recorded = json.loads((freeze.FRESH_DIR / "manifest.json").read_text())
    assert freeze.manifest(freeze.FRESH_DIR) == recorded["sha256"]
    fresh = freeze.load_questions(freeze.FRESH_DIR)
    assert len(fresh) == 20 and all(len(i["paraphrases"]) >= 2 for i in fresh)
    assert not {i["id"] for i in fresh} & {i["id"] for i in freeze.load_questions()}
    gold = json.loads((freeze.FRESH_DIR / "gold.json").read_text())
    public = [i for i in fresh if i["source"] != "synthetic"]
    assert freeze.compute(public, freeze.frames(freeze.DEFAULT_PUBLIC, None)) == \
        {i["id"]: gold[i["id"]] for i in public}


# ---------------------------------------------------------------- the second fresh set
FRESH2_MIX = {"philly": 7, "chicago": 9, "synthetic": 4}


@pytest.fixture(scope="module")
def fresh2() -> list[dict]:
    return freeze.load_questions(freeze.FRESH2_DIR)


@pytest.fixture(scope="module")
def fresh2_gold() -> dict:
    return json.loads((freeze.FRESH2_DIR / "gold.json").read_text())


def test_the_second_fresh_set_is_frozen_and_apart_from_the_other_sets(fresh2: list[dict],
                                                                     fresh2_gold: dict) -> None:
    """20 more held-out questions, frozen by manifest before any engine run, with ids and
    phrasings of their own and a note saying how each gold reads the source files."""
    recorded = json.loads((freeze.FRESH2_DIR / "manifest.json").read_text())
    assert freeze.manifest(freeze.FRESH2_DIR) == recorded["sha256"], \
        "dev-fresh2 changed after its freeze: it must stay exactly as first asked"
    assert recorded["synthetic"] == freeze.SYNTH
    assert len(fresh2) == 20 and set(fresh2_gold) == {i["id"] for i in fresh2}
    assert {s: sum(i["source"] == s for i in fresh2) for s in FRESH2_MIX} == FRESH2_MIX
    others = freeze.load_questions() + freeze.load_questions(freeze.FRESH_DIR)
    assert not {i["id"] for i in fresh2} & {i["id"] for i in others}
    seen = {t.lower() for i in others for t in [i["text"], *i["paraphrases"]]}
    for i in fresh2:
        texts = [i["text"], *i["paraphrases"]]
        assert len(texts) == 3 and len({t.lower() for t in texts}) == 3, i["id"]
        assert not {t.lower() for t in texts} & seen, i["id"]
        assert len(i.get("note", "")) > 40, f"{i['id']}: say how the gold reads the source"


def test_the_second_fresh_set_covers_what_the_brief_asks(fresh2: list[dict],
                                                         fresh2_gold: dict) -> None:
    assert {i["operation"] for i in fresh2} == OPERATIONS
    assert {i["expect"] for i in fresh2} == EXPECTS
    multi = [i for i in fresh2 if i["expect"] == "count" and len(i["constraints"]) >= 2]
    assert len(multi) >= 3, "counts with two or more filters"
    assert any(g.get("count") == 0 for g in fresh2_gold.values()), "a zero result"
    ties = [g for g in fresh2_gold.values() if len(g.get("ids", [])) > 1
            and len(set(g.get("counts", {}).values())) == 1]
    assert len(ties) >= 2, "rankings with ties"
    followups = [i for i in fresh2 if i.get("turns")]
    assert len(followups) == 1
    firsts = {i["text"] for i in fresh2}
    assert set(followups[0]["turns"]) <= firsts, "the follow-up's first turn is itself an item"
    assert any("join" in i["gold"] for i in fresh2 if i["source"] == "synthetic")


def test_the_second_fresh_sets_public_gold_recomputes(fresh2: list[dict],
                                                       fresh2_gold: dict) -> None:
    public_gold_recomputes(fresh2, fresh2_gold)


@pytest.mark.slow
def test_the_second_fresh_sets_synthetic_gold_recomputes(fresh2: list[dict], fresh2_gold: dict,
                                                         tmp_path: Path) -> None:
    synthetic_gold_recomputes(fresh2, fresh2_gold, tmp_path)


def test_set_fresh2_rescores_saved_answers_without_asking(tmp_path: Path, fresh2: list[dict],
                                                          fresh2_gold: dict) -> None:
    """`--set fresh2` is wired through the runner: hand-made answers (no engine, no store) for
    the first item are scored against its frozen gold — right with the constraints shown, wrong
    with a broader number — and the report names the item."""
    from evals.dev.__main__ import main

    first = fresh2[0]
    shown = " · ".join(c["match"][0] for c in first["constraints"])
    right = {"answer": f"{fresh2_gold[first['id']]['count']} allegations.", "abstained": False,
             "interpretation": f"Read as: {shown} → count", "unapplied": []}
    broad = {**right, "answer": "1,303 allegations.", "interpretation": "Read as: → count"}
    rows = [{"id": first["id"], "phrasing": k, "question": q, "conversation": False,
             "seconds": 0.1, "answer": broad if k == 2 else right}
            for k, q in enumerate([first["text"], *first["paraphrases"]])]
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["--set", "fresh2", "--data-dir", str(tmp_path / "d"), "--out",
                 str(tmp_path / "out"), "--answers", str(answers), "--limit", "1"]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["overall"]["accuracy"] == round(2 / 3, 4)
    assert report["overall"]["confidently_wrong_rate"] == round(1 / 3, 4)
    assert first["id"] in (tmp_path / "out" / "report.md").read_text()


# ----------------------------- the third, fourth, fifth, sixth, seventh and eighth fresh sets
# Each written once every earlier fresh set had been written, frozen by manifest before any engine
# run, 8 Philadelphia + 8 Chicago + 4 synthetic items; each is checked against every set written
# before it. `broad`: a broader number the rescoring test answers with.
LATER_MIX = {"philly": 8, "chicago": 8, "synthetic": 4}
LATER = {"fresh3": (("dev", "fresh", "fresh2"), "1,475"),
         "fresh4": (("dev", "fresh", "fresh2", "fresh3"), "223"),
         "fresh5": (("dev", "fresh", "fresh2", "fresh3", "fresh4"), "47"),
         "fresh6": (("dev", "fresh", "fresh2", "fresh3", "fresh4", "fresh5"), "53"),
         "fresh7": (("dev", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6"), "25"),
         "fresh8": (("dev", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7"),
                    "58")}


def later(name: str) -> tuple[list[dict], dict]:
    folder = freeze.SETS[name]
    return freeze.load_questions(folder), json.loads((folder / "gold.json").read_text())


@pytest.mark.parametrize("name", sorted(LATER))
def test_a_later_fresh_set_is_frozen_and_apart_from_the_sets_before_it(name: str) -> None:
    """Ids and phrasings of its own (none equal to an earlier set's phrasing) and a note saying
    how each gold reads the source files."""
    items, gold = later(name)
    folder = freeze.SETS[name]
    recorded = json.loads((folder / "manifest.json").read_text())
    assert freeze.manifest(folder) == recorded["sha256"], \
        f"dev-{name} changed after its freeze: it must stay exactly as first asked"
    assert recorded["synthetic"] == freeze.SYNTH
    assert len(items) == 20 and set(gold) == {i["id"] for i in items}
    assert {s: sum(i["source"] == s for i in items) for s in LATER_MIX} == LATER_MIX
    others = [i for earlier in LATER[name][0] for i in freeze.load_questions(freeze.SETS[earlier])]
    assert not {i["id"] for i in items} & {i["id"] for i in others}
    seen = {t.lower() for i in others for t in [i["text"], *i["paraphrases"]]}
    for i in items:
        texts = [i["text"], *i["paraphrases"]]
        assert all(isinstance(t, str) for t in texts), i["id"]
        assert len(texts) == 3 and len({t.lower() for t in texts}) == 3, i["id"]
        assert not {t.lower() for t in texts} & seen, i["id"]
        assert len(i.get("note", "")) > 40, f"{i['id']}: say how the gold reads the source"


@pytest.mark.parametrize("name", sorted(LATER))
def test_a_later_fresh_set_covers_what_the_brief_asks(name: str) -> None:
    items, gold = later(name)
    assert {i["operation"] for i in items} == OPERATIONS
    assert {i["expect"] for i in items} == EXPECTS
    multi = [i for i in items if i["expect"] == "count" and len(i["constraints"]) >= 2]
    assert len(multi) >= 3, "counts with two or more filters"
    assert any(g.get("count") == 0 for g in gold.values()), "a zero result"
    ties = [g for g in gold.values() if len(g.get("ids", [])) > 1
            and len(set(g.get("counts", {}).values())) == 1]
    assert len(ties) >= 2, "rankings with ties"
    followups = [i for i in items if i.get("turns")]
    assert len(followups) == 1
    assert set(followups[0]["turns"]) <= {i["text"] for i in items}, \
        "the follow-up's first turn is itself an item"
    assert any("join" in i["gold"] for i in items if i["source"] == "synthetic")


def test_the_third_fresh_set_filters_on_fields_the_second_never_did() -> None:
    fresh2_specs = json.dumps([i["gold"] for i in freeze.load_questions(freeze.FRESH2_DIR)])
    new = {"duty_status", "gender", "police_shooting", "case_type", "pursuit_related_i",
           "final_penalty", "beat", "unit", "hours", "own_complainant"}
    mine = json.dumps([i["gold"] for i in later("fresh3")[0]])
    assert {f for f in new if f in mine} == new and not {f for f in new if f in fresh2_specs}


@pytest.mark.parametrize("name", ["fresh4", "fresh5", "fresh6", "fresh7", "fresh8"])
def test_a_later_fresh_set_is_hand_checked_with_traps_of_its_own(name: str) -> None:
    """Each gold checked by hand, 2+ traps and a non-existent record, and traps on concepts no
    earlier set's trap used."""
    items = later(name)[0]
    for i in items:
        assert "none" in i["gold"] or "hand-checked" in i["note"].lower(), \
            f"{i['id']}: say how the gold was checked by hand"
    assert sum(i["expect"] == "unapplied" for i in items) >= 2, "traps"
    assert sum(i["expect"] == "no_such_record" for i in items) >= 1, "a non-existent record"
    earlier = [i for n in LATER[name][0] for i in freeze.load_questions(freeze.SETS[n])]
    earlier_traps = {i["gold"]["none"] for i in earlier if "none" in i["gold"]}
    assert not {i["gold"]["none"] for i in items if "none" in i["gold"]} & earlier_traps
    if name in ("fresh6", "fresh7", "fresh8"):  # their trap labels too
        labels = {i["unapplied"]["label"] for i in earlier if "unapplied" in i}
        assert not {i["unapplied"]["label"] for i in items if "unapplied" in i} & labels


# fresh4 and fresh5 reached for fields the set before never used; fresh6, fresh7 and fresh8 were
# written to be representative of an investigator's everyday questions, so they have no such check.
REACHED = {
    "fresh4": ("fresh3", {"po_sex", "recommended_penalty", "referred_to_agency",
                          "injury_condition", "certificate", "action", "coaccused",
                          '"group": "outcome"', '"top": "category"'}),
    "fresh5": ("fresh4", {"weekday", "po_district_number", '"group": "allegation"',
                          '"top": "unit"', "recommended_finding", '"group": "race"',
                          "location_code", "suit_settled_date", "birth_year", "AMEND_REASON",
                          "leave_date"})}


@pytest.mark.parametrize("name", sorted(REACHED))
def test_a_later_fresh_set_reaches_past_the_set_before(name: str) -> None:
    before, new = REACHED[name]
    before_specs = json.dumps([i["gold"] for i in freeze.load_questions(freeze.SETS[before])])
    mine = json.dumps([i["gold"] for i in later(name)[0]])
    assert {f for f in new if f in mine} == new and not {f for f in new if f in before_specs}


@pytest.mark.parametrize("name", sorted(LATER))
def test_a_later_fresh_sets_public_gold_recomputes(name: str) -> None:
    public_gold_recomputes(*later(name))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(LATER))
def test_a_later_fresh_sets_synthetic_gold_recomputes(name: str, tmp_path: Path) -> None:
    synthetic_gold_recomputes(*later(name), tmp_path)


@pytest.mark.parametrize("name", sorted(LATER))
def test_set_later_rescores_saved_answers_without_asking(tmp_path: Path, name: str) -> None:
    """`--set NAME` is wired through the runner without asking the engine: hand-made answers
    to the first item are scored against its frozen gold — right with every constraint shown,
    confidently wrong with a broader number — and the report names the item."""
    from evals.dev.__main__ import main

    items, gold = later(name)
    first = items[0]
    shown = " · ".join(c["match"][0] for c in first["constraints"])
    right = {"answer": f"{gold[first['id']]['count']} allegations.", "abstained": False,
             "interpretation": f"Read as: {shown} → count", "unapplied": []}
    broad = {**right, "answer": f"{LATER[name][1]} allegations.",
             "interpretation": "Read as: a broader question → count"}
    rows = [{"id": first["id"], "phrasing": k, "question": q, "conversation": False,
             "seconds": 0.1, "answer": broad if k == 1 else right}
            for k, q in enumerate([first["text"], *first["paraphrases"]])]
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["--set", name, "--data-dir", str(tmp_path / "d"), "--out",
                 str(tmp_path / "out"), "--answers", str(answers), "--limit", "1"]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["overall"]["accuracy"] == round(2 / 3, 4)
    assert report["overall"]["confidently_wrong_rate"] == round(1 / 3, 4)
    assert report["overall"]["silent_drop_rate"] > 0
    assert first["id"] in (tmp_path / "out" / "report.md").read_text()
