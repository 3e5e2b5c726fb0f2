"""The similar_complaints detector's sentence vectors are stored in the data dir
(`assistant/leads/vector_cache.py`): a later process — `probity leads --build`, the next ingest's
board, the leads eval CI runs on the demo's force — embeds only sentences no earlier run did.
A counting fake embedder stands in for the model: what is tested is which texts reach it."""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from assistant.embeddings import HashingEmbedder
from assistant.leads import narratives, vector_cache
from assistant.settings import Settings


class Counting(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.asked += texts
        return super().embed(texts)


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Counting:
    fake = Counting()
    monkeypatch.setattr("assistant.embeddings.load_embedder", lambda settings: fake)
    monkeypatch.setattr(narratives, "_CACHE", {})
    monkeypatch.setattr(narratives, "_STORED", {})
    return fake


def ctx(data_dir: Path) -> Any:
    return SimpleNamespace(settings=Settings(data_dir=data_dir))


def test_a_later_process_embeds_only_sentences_no_earlier_run_did(
        model: Counting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = narratives.embed(ctx(tmp_path), ["the officer kept the cash", "the area was dark"])
    assert model.asked == ["the area was dark", "the officer kept the cash"]
    path = tmp_path / vector_cache.FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # a new process: nothing in memory, the data dir's file is all it has
    monkeypatch.setattr(narratives, "_CACHE", {})
    monkeypatch.setattr(narratives, "_STORED", {})
    model.asked.clear()
    again = narratives.embed(ctx(tmp_path), ["the officer kept the cash", "a dog barked",
                                             "the area was dark"])
    assert model.asked == ["a dog barked"]
    assert np.array_equal(again[[0, 2]], first)
    # another data dir's file holds the vectors its own sentences used (this process had it)
    model.asked.clear()
    narratives.embed(ctx(tmp_path / "other"), ["a dog barked"])
    assert model.asked == []
    assert len(vector_cache.load(tmp_path)) == 3 and len(vector_cache.load(tmp_path / "other")) == 1


def test_an_unreadable_vector_file_is_a_cache_miss_not_an_error(
        model: Counting, tmp_path: Path) -> None:
    (tmp_path / vector_cache.FILE).parent.mkdir(parents=True)
    (tmp_path / vector_cache.FILE).write_bytes(b"not an npz")
    vectors = narratives.embed(ctx(tmp_path), ["the officer kept the cash"])
    assert model.asked == ["the officer kept the cash"] and vectors.shape == (1, 384)
    assert len(vector_cache.load(tmp_path)) == 1
