"""The ONNX exports of the shipped model: fp32 reproduces torch, int8 stays close.

Slow: exporting and quantising the model takes about a minute on 2 cores.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.settings import Settings

TEXTS = [
    "The complainant states the officer pushed him against a wall during the search.",
    "She reported that cash was missing from her wallet after it was returned.",
    "PC Smith accessed the intelligence database without a linked case reference.",
    "An officer threatened to plant drugs unless he was paid. " * 40,  # truncated at 256 tokens
]


@pytest.mark.slow
def test_onnx_fp32_matches_torch_and_int8_stays_close(tmp_path: Path) -> None:
    from assistant.embeddings import load_embedder

    torch = load_embedder(Settings(data_dir=tmp_path, embedding_backend="torch"))
    onnx = load_embedder(Settings(data_dir=tmp_path))  # the default backend
    assert onnx.name == torch.name  # one identity: each queries the other's index
    base, fp32 = torch.embed(TEXTS), onnx.embed(TEXTS)
    int8 = load_embedder(Settings(data_dir=tmp_path, embedding_backend="onnx-int8")).embed(TEXTS)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    assert (fp32 * base).sum(axis=1).min() > 0.9999
    assert (int8 * base).sum(axis=1).min() > 0.97
    # Quantisation must not reorder which text is closest to which.
    assert np.array_equal((int8 @ int8.T).argsort(axis=1), (base @ base.T).argsort(axis=1))


def test_fp32_onnx_and_torch_share_an_index_but_int8_does_not(tmp_path: Path) -> None:
    from assistant.embeddings import same_vectors
    from assistant.manifest import embedder_of

    assert same_vectors("all-MiniLM-L6-v2", "all-MiniLM-L6-v2")
    assert same_vectors("all-MiniLM-L6-v2-onnx", "all-MiniLM-L6-v2")  # an older fp32 export
    assert not same_vectors("all-MiniLM-L6-v2-onnx-int8", "all-MiniLM-L6-v2")
    assert not same_vectors("other-model", "all-MiniLM-L6-v2")
    fp32, torch, int8 = (embedder_of(Settings(data_dir=tmp_path, embedding_backend=b))
                         for b in ("onnx", "torch", "onnx-int8"))
    assert fp32 == torch != int8


def test_the_saved_optimised_graph_gives_the_same_vectors(tmp_path: Path) -> None:
    """The session a cold start loads (optimised once, saved) embeds exactly as a session that
    optimises the export itself."""
    import shutil

    import onnxruntime as ort

    from assistant.embeddings import load_embedder
    from assistant.embeddings_onnx import export_dir, optimized_session

    settings = Settings(data_dir=tmp_path)
    embedder = load_embedder(settings)  # makes the fp32 export if this machine has none
    export = export_dir(Path(settings.embedding_model_path), tmp_path) / "model-fp32.onnx"
    copy = tmp_path / "model-fp32.onnx"
    shutil.copyfile(export, copy)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    online = ort.InferenceSession(str(copy), options, providers=["CPUExecutionProvider"])
    first = optimized_session(copy, 0)  # optimises and saves
    saved = sorted(p.name for p in tmp_path.glob("model-fp32.ort-*.onnx"))
    assert saved == [f"model-fp32.ort-{ort.__version__}.onnx"]
    assert not list(tmp_path.glob("*.tmp"))
    again = optimized_session(copy, 0)  # loads the saved graph
    encodings = embedder.tokenizer.encode_batch(TEXTS)  # type: ignore[attr-defined]
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(TEXTS), width), dtype=np.int64)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = e.ids
    feeds = {"input_ids": ids, "attention_mask": (ids > 0).astype(np.int64),
             "token_type_ids": np.zeros_like(ids)}
    expected = online.run(None, feeds)[0]
    for session in (first, again):
        assert np.allclose(session.run(None, feeds)[0], expected, atol=1e-6, rtol=0)
