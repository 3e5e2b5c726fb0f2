"""Narrative set membership (issue #14): how a question becomes concepts (thesaurus phrases,
'X or Y', function words) and how the calibrated decision reads them. Real BM25 index (bm25s,
PyStemmer) built on small documents; features are made by `membership.features` itself."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assistant.index.lexical import BM25Index
from assistant.narrative.lexicon import chunk_hits, concepts
from assistant.narrative.membership import Params, choose, features
from assistant.narrative.sentences import SentenceIndex

DOCS = {
    "c1": "The officer threatened to shoot me.",
    "c2": "He said he would kill my dog.",
    "c3": "She was hit with a stun gun at the station.",
    "c4": "A gun was found in the car.",
    "c5": "The officer would not give his name.",
}


def bm25(tmp_path_factory: pytest.TempPathFactory, name: str, docs: dict[str, str]) -> BM25Index:
    """A real BM25 index over `docs` (id → text); skips where PyStemmer is missing."""
    built = BM25Index(tmp_path_factory.mktemp(name))
    built.build(list(docs), list(docs.values()))
    if built.stemmer_language is None:
        pytest.skip("needs PyStemmer")
    return built


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> BM25Index:
    return bm25(tmp_path_factory, "bm25", DOCS)


def hit_ids(question: str, index: BM25Index) -> list[set[str]]:
    return [{index.ids[i] for i in chunk_hits(c, index, lambda ids: {i: DOCS[i] for i in ids})
             .nonzero()[0]} for c in concepts(question, index)]


def test_or_joins_two_words_into_one_concept(index: BM25Index) -> None:
    assert hit_ids("complaints where an officer threatened to kill or shoot someone", index) == [
        {"c1"}, {"c1", "c2"}]


def test_a_comma_list_ending_in_or_is_one_concept(index: BM25Index) -> None:
    """'slapped, shoved or kicked': every item is an alternative, not only the last two; a
    comma that ends a clause ('In Leeds, officers …') joins nothing."""
    assert [c.word for c in concepts("officers who slapped, shoved or kicked a lad", index)
            ] == ["slapped or shoved or kicked", "lad"]
    listed = concepts("accounts where he pulled out, brandished or fired a taser", index)
    assert listed[0].word == "pulled or brandished or fired"
    assert [c.word for c in concepts("In Leeds, officers shoved or kicked", index)] == [
        "Leeds", "shoved or kicked"]


def test_a_thesaurus_phrase_is_one_concept_not_its_words(index: BM25Index) -> None:
    # 'gun' alone would widen to firearms and find c4; 'stun gun' is the taser concept.
    assert hit_ids("complaints about a stun gun", index) == [{"c3"}]


def test_function_words_are_not_concepts(index: BM25Index) -> None:
    words = [c.word for c in concepts("an officer who would not give out his name", index)]
    assert words == ["name"]


def sentence_index(n_records: int, dim: int = 4) -> SentenceIndex:
    """One chunk and one sentence per record, vectors along the first axis by similarity."""
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(n_records, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"r{i}" for i in range(n_records)]
    return SentenceIndex(chunk_ids=ids, chunk_record=np.arange(n_records), record_ids=ids,
                         chunk_of=np.arange(n_records), fields=["text"] * n_records,
                         starts=np.zeros(n_records, dtype=np.int64),
                         ends=np.ones(n_records, dtype=np.int64), vectors=vectors)


def test_a_concept_no_narrative_contains_counts_against_every_record() -> None:
    """'Officers flying drones over houses' in a store that never says 'drone': a record holding
    only 'houses' covers half the question, not all of it (unless `all_concepts` is off)."""
    idx = sentence_index(40)
    query = idx.vectors[0]
    mask = np.ones(40, dtype=bool)
    word = np.zeros(40, dtype=bool)
    word[0] = True  # record 0 holds the one concept the store knows
    nowhere = np.zeros(40, dtype=bool)  # a word no narrative uses
    f = features(idx, mask, query, [word, nowhere], sentence_hits=[word, nowhere])
    assert f.active.tolist() == [True, False]
    strict = Params(z_min=1.0, min_coverage=1.0, min_sentence_coverage=0.0, z_strong=99.0)
    assert choose(f, literal=False, p=strict).members == []
    lenient = Params(z_min=1.0, min_coverage=1.0, min_sentence_coverage=0.0, z_strong=99.0,
                     all_concepts=False)
    assert [idx.record_ids[s.record] for s in choose(f, False, lenient).members] == ["r0"]
    # Asked literally ('which mention X and Y'), a word nothing contains means nothing matches.
    assert choose(f, literal=True).members == []


def test_passage_coverage_needs_the_concepts_near_each_other() -> None:
    idx = sentence_index(10)
    # Two records of five sentences (one chunk each): both hold both concepts, but only in
    # "near" do they stand in neighbouring sentences.
    idx.chunk_record = np.array([0] * 5 + [1] * 5)
    idx.record_ids = ["near", "far"]
    first = np.zeros(10, dtype=bool)
    second = np.zeros(10, dtype=bool)
    first[[0, 5]] = True
    second[[1, 9]] = True
    f = features(idx, np.ones(10, dtype=bool), idx.vectors[0], [first, second],
                 sentence_hits=[first, second])
    assert f.coverage.tolist() == [1.0, 1.0]
    assert f.passage.tolist() == [2.0, 1.0]
    assert f.passage_share.tolist() == [1.0, 0.5]


FAMILY_DOCS = {
    "f1": "The officer threatened me and was under the influence.",
    "f2": "I did not understand what he wanted.",
    "f3": "He was drunk on duty.",
}


@pytest.fixture(scope="module")
def family_index(tmp_path_factory: pytest.TempPathFactory) -> BM25Index:
    return bm25(tmp_path_factory, "bm25-family", FAMILY_DOCS)


def test_a_stem_widens_to_its_family_not_to_every_word_it_starts(family_index: BM25Index
                                                                 ) -> None:
    """'threat' finds 'threatened' ('threaten'), but 'under' must not find 'understand'."""
    [threat] = concepts("complaints about a threat", family_index)
    assert "threaten" in threat.tokens
    [under] = concepts("complaints saying he was under", family_index)
    assert under.tokens == ("under",)


def test_a_thesaurus_phrase_is_found_across_words_the_index_drops(family_index: BM25Index
                                                                   ) -> None:
    """'under the influence': 'the' is not indexed, yet the phrase is one (drunk) concept."""
    found = concepts("was any officer under the influence", family_index)
    assert [c.word for c in found] == ["under the influence"]
    hits = chunk_hits(found[0], family_index, lambda ids: {i: FAMILY_DOCS[i] for i in ids})
    assert {family_index.ids[i] for i in hits.nonzero()[0]} == {"f1", "f3"}


def test_words_of_applied_filters_are_not_concepts(family_index: BM25Index) -> None:
    words = [c.word for c in concepts("complaints received in Kelbrook district about a "
                                      "threat", family_index)]
    assert words == ["Kelbrook", "threat"]


def test_rare_concepts_outweigh_common_ones_when_idf_weighted() -> None:
    """'car' is in most records, 'towed' in one: with idf weighting a record holding only 'car'
    covers far less than half the question."""
    idx = sentence_index(20)
    mask = np.ones(20, dtype=bool)
    car = np.ones(20, dtype=bool)
    car[-1] = False
    towed = np.zeros(20, dtype=bool)
    towed[0] = True
    f = features(idx, mask, idx.vectors[0], [car, towed], sentence_hits=[car, towed])
    flat = Params(z_min=-99.0, z_strong=99.0, min_coverage=0.5, min_sentence_coverage=0.0,
                  elbow_gap=99.0, idf_power=0.0, max_drop=99.0, passage_min=-99.0)
    assert len(choose(f, p=flat).members) == 19  # 'car' alone is half the concepts
    weighted = Params(z_min=-99.0, z_strong=99.0, min_coverage=0.5, min_sentence_coverage=0.0,
                      elbow_gap=99.0, idf_power=1.0, max_drop=99.0,
                      passage_min=-99.0)
    assert [idx.record_ids[s.record] for s in choose(f, p=weighted).members] == ["r0"]


def test_members_score_within_max_drop_of_the_best() -> None:
    """Every record clears the thresholds; only those scoring within MAX_DROP of the best stay."""
    idx = sentence_index(30)
    mask = np.ones(30, dtype=bool)
    everywhere = np.ones(30, dtype=bool)
    f = features(idx, mask, idx.vectors[0], [everywhere], sentence_hits=[everywhere])
    open_params = Params(z_min=-99.0, z_strong=99.0, min_coverage=0.0, elbow_gap=99.0,
                         passage_min=-99.0)
    assert len(choose(f, p=replace(open_params, max_drop=99.0)).members) == 30
    near = choose(f, p=replace(open_params, max_drop=1.0)).members
    assert 0 < len(near) < 30
    assert all(s.score >= near[0].score - 1.0 for s in near)
    assert sorted(float(f.z[s.record]) for s in near) == sorted(f.z.tolist())[-len(near):]


def test_passage_evidence_needs_one_passage_to_be_close_and_hold_the_words() -> None:
    """Two records hold both concepts and have an equally close sentence; in "split" the close
    sentence has neither word and the words stand three sentences away from it, in "joint" the
    close sentence holds them. Only "joint" has the evidence in one passage."""
    rng = np.random.default_rng(1)
    angles = rng.uniform(np.pi / 3, 2 * np.pi / 3, size=30)  # filler: cosines in [-0.5, 0.5]
    filler = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    close, far = np.array([0.9, np.sqrt(1 - 0.81)]), np.array([0.0, 1.0])
    vectors = np.vstack([filler, [close, far, far, far], [close, far, far, far]])
    n_rows = len(vectors)
    record_of = np.r_[np.arange(30), [30] * 4, [31] * 4]
    ids = [f"f{i}" for i in range(30)] + ["joint", "split"]
    idx = SentenceIndex(chunk_ids=ids, chunk_record=np.arange(32), record_ids=ids,
                        chunk_of=record_of, fields=["text"] * n_rows,
                        starts=np.zeros(n_rows, dtype=np.int64),
                        ends=np.ones(n_rows, dtype=np.int64),
                        vectors=vectors.astype(np.float32))
    words = np.zeros(n_rows, dtype=bool)
    words[[30, 37]] = True  # joint: its close sentence; split: its last, far sentence
    chunk_words = np.zeros(32, dtype=bool)
    chunk_words[[30, 31]] = True
    f = features(idx, np.ones(32, dtype=bool), np.array([1.0, 0.0], dtype=np.float32),
                 [chunk_words, chunk_words], sentence_hits=[words, words])
    assert f.coverage[[30, 31]].tolist() == [1.0, 1.0]
    close_z = float(f.sentence_z[30])
    assert close_z == pytest.approx(float(f.sentence_z[34]))
    anywhere = Params(passage_min=-np.inf, z_strong=99.0)
    assert {idx.record_ids[s.record] for s in choose(f, False, anywhere).members} == {
        "joint", "split"}
    one_passage = Params(passage_lex=2.0, passage_min=close_z + 1.0, z_strong=99.0)
    assert [idx.record_ids[s.record] for s in choose(f, False, one_passage).members] == ["joint"]


DRINK_DOCS = {
    "d1": "The officer had clearly been drinking and was slurring.",
    "d2": "He was arrested on suspicion of drink driving.",
    "d3": "The officer smelled of alcohol when he spoke to me.",
    "d4": "The officer drew his weapon and held me at gunpoint.",
    "d5": "He grabbed me by the neck.",
}


def test_the_thesaurus_links_an_investigators_word_to_the_narratives(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """'drunk' finds "had been drinking" and "smelled of alcohol", not "drink driving" (a
    phrase, not the bare word); 'firearm' finds "weapon", and 'aimed' a drawn weapon held at
    gunpoint; 'throat' finds "neck"."""
    index = bm25(tmp_path_factory, "bm25-drink", DRINK_DOCS)

    def found(question: str) -> list[set[str]]:
        return [{index.ids[i] for i in chunk_hits(
            c, index, lambda ids: {i: DRINK_DOCS[i] for i in ids}).nonzero()[0]}
            for c in concepts(question, index)]

    assert found("complaints saying the officer was drunk") == [{"d1", "d3"}]
    assert found("officer aimed a firearm") == [{"d4"}, {"d4"}]
    assert found("grabbed by the throat") == [{"d5"}, {"d5"}]


def test_error_analysis_lists_false_members_and_missed_gold_with_their_sentences() -> None:
    """evals/narrative/errors.py explains one captured question: each false member and missed
    gold record with its scores and the text of its best passage sentence."""
    from evals.narrative.errors import explain

    idx = sentence_index(40)
    word = np.zeros(40, dtype=bool)
    word[[0, 1]] = True
    f = features(idx, np.ones(40, dtype=bool), idx.vectors[0], [word], sentence_hits=[word])
    chosen = [idx.record_ids[s.record] for s in choose(f).members]
    assert chosen  # the record closest to the query and holding the word is a member
    entry = {"id": "xx-01", "style": "concept", "features": (f, False),
             "record_ids": idx.record_ids, "gold": ["r39"], "query": "q",
             "concepts": [("word", ("word",), ())], "allowed": np.arange(40)}
    text = "\n".join(explain(entry, [f"sentence {i}" for i in range(40)]))
    false_part, missed_part = text.split("**missed gold**")
    assert f"`{chosen[0]}`" in false_part and f"“sentence {chosen[0][1:]}”" in false_part
    assert "`r39`" in missed_part and "“sentence 39”" in missed_part
    assert "holds none" in missed_part


def test_the_background_median_is_numpys_without_loading_numpy_ma() -> None:
    """membership._median replaces np.median (whose NaN check imports numpy.ma, ~0.1 s of a cold
    ask): the same value for odd and even lengths, float32 and float64, and numpy.ma stays out."""
    import subprocess
    import sys
    from pathlib import Path

    from assistant.narrative.membership import _median

    rng = np.random.default_rng(3)
    for n in [*range(1, 30), 1000, 1001]:
        for dtype in (np.float32, np.float64):
            x = rng.normal(size=n).astype(dtype)
            assert _median(x) == float(np.median(x))
    root = Path(__file__).resolve().parents[1]
    code = ("import sys, numpy as np; from assistant.narrative.membership import features; "
            "from tests.test_narrative_membership import sentence_index; idx = sentence_index(9); "
            "features(idx, np.ones(9, dtype=bool), idx.vectors[0], []); "
            "print('numpy.ma' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, check=True)
    assert done.stdout.strip() == "False", done.stderr[-2000:]


def test_a_negated_concept_is_marked_and_only_a_negative_sentence_holds_it(index: BM25Index
                                                                          ) -> None:
    """'would not give out his name', 'without recording': the concept after a negation (within
    NEGATION_REACH words, no other concept between) is negated; 'seized' and 'phones' are not.
    NarrativeSearch then counts only negative sentences ("would not give his name") as
    holding it, not "he gave his name"."""
    from assistant.narrative.lexicon import NEGATED_SENTENCE, negated

    question = "an officer who would not give out his name"
    assert negated(question, concepts(question, index)) == [True]
    question = "officers who seized phones and kept them without recording them"
    found = concepts(question, index)
    assert [c.word for c in found] == ["seized", "phones", "kept", "recording"]
    assert negated(question, found) == [False, False, False, True]
    assert NEGATED_SENTENCE.search(DOCS["c5"])
    assert NEGATED_SENTENCE.search("He refused to say who he was.")
    assert not NEGATED_SENTENCE.search(DOCS["c4"])


def test_of_two_concepts_a_record_must_hold_the_far_rarer_one() -> None:
    """'mother' in 12 of 40 records, 'expectant' in 2: a record holding only the common word is
    no lexical member, whatever its other scores; with two equally rare words either will do."""
    idx = sentence_index(40)
    mask = np.ones(40, dtype=bool)
    common = np.zeros(40, dtype=bool)
    common[:12] = True
    rare = np.zeros(40, dtype=bool)
    rare[[0, 20]] = True
    f = features(idx, mask, idx.vectors[0], [common, rare], sentence_hits=[common, rare])
    open_params = Params(z_min=-99.0, z_strong=99.0, min_coverage=0.0, elbow_gap=99.0,
                         max_drop=99.0, passage_min=-99.0)
    members = {idx.record_ids[s.record] for s in choose(f, p=open_params).members}
    assert members == {"r0", "r20"}
    off = {idx.record_ids[s.record] for s in choose(f, p=replace(open_params, key_ratio=0.0))
           .members}
    assert off == {f"r{i}" for i in [*range(12), 20]}  # every record holding either word
    alike = np.zeros(40, dtype=bool)
    alike[[1, 21]] = True
    g = features(idx, mask, idx.vectors[0], [alike, rare], sentence_hits=[alike, rare])
    either = replace(open_params, min_coverage=0.5)
    assert {idx.record_ids[s.record] for s in choose(g, p=either).members} == {
        "r0", "r1", "r20", "r21"}
