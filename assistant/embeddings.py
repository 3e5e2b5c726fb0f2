"""Text embedders: the real sentence-transformers model, a hashing fake, and library adapters.

Everything that embeds goes through an `Embedder`, so Chroma and llama-index are always handed our
local model and never fall back to their own defaults (which download models or call OpenAI).
"""

from __future__ import annotations

# Imported first: sets the offline/telemetry environment before any ML library is loaded.
from assistant.settings import Settings

# isort: split
import hashlib
import itertools
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from sentence_transformers import SentenceTransformer

    from assistant.embeddings_chroma import ChromaEmbeddingFunction as ChromaEmbeddingFunction


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array of shape (len(texts), dim) with L2-normalised rows."""
        ...


_MODEL_LOCK = threading.Lock()


def require_model(model_path: str) -> Path:
    """The model directory, or one clear error (every backend reads the same directory)."""
    path = Path(model_path) if model_path else None
    if path is None or not (path / "modules.json").is_file():
        raise FileNotFoundError(
            f"embedding model not found at {model_path!r}: set PROBITY_EMBEDDING_MODEL_PATH to a "
            "local sentence-transformers directory (models are never downloaded)"
        )
    return path


@lru_cache(maxsize=4)
def _load_model(model_path: str) -> SentenceTransformer:
    path = require_model(model_path)
    from sentence_transformers import SentenceTransformer  # heavy import (~10 s), only when needed
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Loading weights" bars would clutter the CLI
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def _model_name(model_path: str) -> str:
    path = Path(model_path)
    # The packaged model lives in `<package>/model`; the package name is the meaningful part.
    return path.parent.name if path.name == "model" else path.name


class SentenceTransformerEmbedder:
    """A local sentence-transformers model on CPU (loaded once per path per process)."""

    def __init__(self, model_path: str, batch_size: int = 64) -> None:
        with _MODEL_LOCK:
            self.model = _load_model(str(model_path))
        self.model_path = str(model_path)
        self.batch_size = batch_size
        self.name = _model_name(self.model_path)
        self.dim = int(self.model.get_embedding_dimension() or 0)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        # One encode call for the whole list: it length-sorts internally, so batches pad little.
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)


_TOKEN = re.compile(r"\w+")


class HashingEmbedder:
    """Deterministic FAKE embedder for unit tests of logic that doesn't depend on the model.

    Hashes word unigrams and bigrams into `dim` signed buckets: texts sharing words score higher,
    but there is no semantics. Never use it for real retrieval.
    """

    def __init__(self, dim: int = 384) -> None:
        self.name = f"hashing-{dim}"
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        words = _TOKEN.findall(text.lower()) or ["<empty>"]  # keeps every row normalisable
        grams = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
        vector = np.zeros(self.dim, dtype=np.float32)
        for gram in grams:
            # blake2b, not hash(): Python's string hash is salted per process.
            digest = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
            vector[digest % self.dim] += 1.0 if (digest >> 63) & 1 else -1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:  # signed collisions cancelled out exactly
            vector[0], norm = 1.0, 1.0
        return vector / norm

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(text) for text in texts])


_EMBEDDERS: dict[tuple[str, int, str], Embedder] = {}


def load_embedder(settings: Settings) -> Embedder:
    """The configured model and backend, created once per process. The ONNX backends export the
    same local weights (int8: quantised); an index remembers which embedder built it."""
    key = (str(settings.embedding_model_path), settings.embed_batch_size, settings.embedding_backend)
    if key not in _EMBEDDERS:
        if settings.embedding_backend == "torch":
            if settings.embed_threads:
                # Process-wide: on a busy 2-core machine torch's threads spin at barriers, so one
                # short query cost 20–500 ms of CPU with two threads and 12–18 ms with one.
                import torch

                torch.set_num_threads(settings.embed_threads)
            _EMBEDDERS[key] = SentenceTransformerEmbedder(key[0], key[1])
        else:
            from assistant.embeddings_onnx import OnnxEmbedder

            require_model(key[0])
            _EMBEDDERS[key] = OnnxEmbedder(key[0], settings.data_dir,
                                           quantized=settings.embedding_backend == "onnx-int8",
                                           batch_size=key[1], threads=settings.embed_threads,
                                           cache=settings.onnx_cache)
    return _EMBEDDERS[key]


def same_vectors(built_with: str, querying: str) -> bool:
    """Whether an index built by embedder `built_with` may be queried by `querying`: the same
    name, or a name an fp32 ONNX export had before it took torch's (`<model>-onnx`)."""
    return built_with.removesuffix("-onnx") == querying.removesuffix("-onnx")


def __getattr__(name: str) -> Any:
    """`ChromaEmbeddingFunction` lives in embeddings_chroma: importing chromadb costs ~0.5 s of
    CPU, which a narrative answer (sentence index, no Chroma) need not pay."""
    if name == "ChromaEmbeddingFunction":
        from assistant.embeddings_chroma import ChromaEmbeddingFunction

        return ChromaEmbeddingFunction
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=1)
def _llamaindex_class() -> Callable[..., BaseEmbedding]:
    # llama-index is only needed by the baseline; importing it costs seconds, so defer it.
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class ProbityLlamaIndexEmbedding(BaseEmbedding):
        """llama-index embedding over an Embedder (so llama-index never defaults to OpenAI)."""

        _embedder: Any = PrivateAttr()

        def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
            super().__init__(model_name=embedder.name, **kwargs)
            self._embedder = embedder

        @classmethod
        def class_name(cls) -> str:
            return "ProbityEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed([query])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed(texts).tolist()

    return ProbityLlamaIndexEmbedding


def as_llamaindex_embedding(embedder: Embedder, embed_batch_size: int = 64) -> BaseEmbedding:
    """A llama-index `BaseEmbedding` backed by `embedder`."""
    return _llamaindex_class()(embedder, embed_batch_size=embed_batch_size)
