"""all-MiniLM-L6-v2 on ONNX Runtime: exported locally from the shipped weights, optionally int8.

Embedding speed is the ingest bottleneck on 2 cores. The transformer is exported once with
`torch.onnx.export` from the sentence-transformers directory (no download, no `optimum`, no
`sentence-transformers[onnx]`, which would downgrade transformers), then — for `onnx-int8` —
dynamically quantised per channel on its MatMul weights, which roughly halves the time per text
for a cosine of ~0.99 to fp32. Tokenisation uses the model's own tokenizer.json; pooling is the
model's mean pooling over the attention mask, then L2 normalisation, exactly as
sentence-transformers does for this model.

fp32 is the default backend (issue #14): it gives torch's vectors (cosine > 0.9999, tested), so
it carries torch's embedder name and queries any index torch built, while a cold `probity ask`
imports neither torch nor transformers (1.8 s instead of 13 s). The export is made once per
model per machine (`export_dir`: a user cache keyed by the model's files, so every data dir and
test store shares it); only that first export imports torch.
"""

from __future__ import annotations

import assistant.settings  # first: offline and telemetry environment

# isort: split
import hashlib
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from onnxruntime import InferenceSession

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
_EXPORT_LOCK = threading.Lock()


def _max_tokens(model_path: Path) -> int:
    config = model_path / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text()).get("max_seq_length", MAX_TOKENS))
    return MAX_TOKENS


def export_dir(model_path: Path, data_dir: Path, cache: Path | None = None) -> Path:
    """Where the model's export lives: an older export in the data dir if there is one, else the
    user cache (`cache`: Settings.onnx_cache, i.e. `PROBITY_ONNX_CACHE`, default
    ~/.cache/probity/onnx) under a key of the model's path, weight sizes and mtimes (new weights
    → a new export)."""
    legacy = data_dir / "onnx"
    if (legacy / "model-fp32.onnx").is_file():
        return legacy
    root = cache if cache is not None else assistant.settings.Settings().onnx_cache
    stats = sorted((p.name, p.stat().st_size, int(p.stat().st_mtime))
                   for p in model_path.resolve().glob("*") if p.is_file())
    key = hashlib.sha256(json.dumps([str(model_path.resolve()), stats]).encode()).hexdigest()
    return root / key[:16]


def export_fp32(model_path: Path, out: Path) -> Path:
    """The model's transformer as ONNX (inputs: input_ids, attention_mask, token_type_ids)."""
    target = out / "model-fp32.onnx"
    if target.is_file():  # before importing torch: a cold start with an export costs 1.5 s less
        return target
    import torch
    from transformers import AutoModel

    out.mkdir(parents=True, exist_ok=True)
    bert = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()

    class Encoder(torch.nn.Module):  # keyword arguments: BertModel.forward's positions vary
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    model = Encoder()
    dummy = {k: torch.ones((1, 8), dtype=torch.long) for k in ("input_ids", "attention_mask", "token_type_ids")}
    axes = {k: {0: "batch", 1: "tokens"} for k in dummy}
    tmp = out / "model-fp32.onnx.tmp"
    with torch.no_grad():
        torch.onnx.export(
            model, (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
            str(tmp), input_names=list(dummy), output_names=["last_hidden_state"],
            dynamic_axes={**axes, "last_hidden_state": {0: "batch", 1: "tokens"}},
            opset_version=17, dynamo=False,
        )
    os.replace(tmp, target)
    return target


def export_int8(fp32: Path) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = fp32.with_name("model-int8.onnx")
    if not target.is_file():
        tmp = fp32.with_name("model-int8.onnx.tmp")
        quantize_dynamic(str(fp32), str(tmp), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"])
        os.replace(tmp, target)
    return target


def optimized_session(path: Path, threads: int) -> InferenceSession:
    """A session over the export's graph as ONNX Runtime optimises it, optimised once per export
    and runtime version and saved beside the export: optimising on every start was half of the
    session's start-up (0.26 s of CPU against 0.13 s; a cold `probity ask` pays it). The saved
    graph is the one every process would build (extended level: no hardware-specific layouts —
    this model has no convolutions for the "all" level to add), so the vectors are identical
    (tests/test_embeddings_onnx.py)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads  # 0: onnxruntime's default (all cores)
    # Idle pool threads sleep instead of spinning: on 2 shared cores under load a spinning pool
    # made one question's embedding 20 ms CPU / 150 ms wall instead of 7.5 / 8.5 ms, and the
    # pool's start 0.25 s CPU instead of 0.18; a 64-text batch costs no more (8.3 vs 9.7 s CPU).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    saved = path.with_name(f"{path.stem}.ort-{ort.__version__}.onnx")
    if saved.is_file():
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        return ort.InferenceSession(str(saved), options, providers=["CPUExecutionProvider"])
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    tmp = saved.with_name(f"{saved.name}.{os.getpid()}.tmp")
    options.optimized_model_filepath = str(tmp)
    try:
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception:  # e.g. a read-only export directory: optimise in memory, as before
        tmp.unlink(missing_ok=True)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    if tmp.is_file():
        os.replace(tmp, saved)  # whole or absent: a concurrent start reads one or the other
    return session


class OnnxEmbedder:
    """`Embedder` on ONNX Runtime. `quantized=True` uses the int8 export."""

    def __init__(self, model_path: str, data_dir: Path, quantized: bool, batch_size: int = 64,
                 threads: int = 0, cache: Path | None = None) -> None:
        from tokenizers import Tokenizer

        source = Path(model_path)
        with _EXPORT_LOCK:
            path = export_fp32(source, export_dir(source, data_dir, cache))
            if quantized:
                path = export_int8(path)
        self.session = optimized_session(path, threads)
        self.tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_tokens(source))
        self.tokenizer.no_padding()  # tokenizer.json pads to a fixed 128; we pad per batch
        self.batch_size = batch_size
        self.dim = 384
        # fp32 is torch's function exactly, so it has torch's name (see the module docstring).
        base = source.parent.name if source.name == "model" else source.name
        self.name = base + ("-onnx-int8" if quantized else "")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Length-sorted batches waste no time on padding; results return in input order.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._batch([texts[i] for i in idx])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                            "token_type_ids": np.zeros_like(ids)})
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
