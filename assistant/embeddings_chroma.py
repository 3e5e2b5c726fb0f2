"""Chroma's embedding-function protocol over our Embedder, apart from embeddings.py so that only
what touches Chroma imports chromadb (~0.5 s of CPU; a narrative answer reads the sentence index
and never does). Importing this module registers the function under the name "probity", which
Chroma needs before it reads a collection's stored configuration — vector.py imports it before
opening any collection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.embeddings import Embedder, HashingEmbedder, SentenceTransformerEmbedder


def _embedder_from_config(config: dict[str, Any]) -> Embedder:
    if config.get("model_path"):
        return SentenceTransformerEmbedder(config["model_path"], int(config.get("batch_size", 64)))
    if str(config.get("embedder", "")).startswith("hashing-"):
        return HashingEmbedder(int(config["dim"]))
    raise ValueError(f"cannot rebuild embedder from Chroma config {config!r}")


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's embedding-function protocol over an Embedder, so a collection never falls back to
    Chroma's default (which downloads a model). We pass embeddings explicitly; this is a guard."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        loader: Callable[[], Embedder] | None = None,
        config: dict[str, Any] | None = None,
    ) -> None:
        # Chroma rebuilds the function from stored config when it reads a collection's
        # configuration; the model is then loaded lazily, only if something actually embeds.
        self._embedder = embedder
        self._loader = loader
        self._config = config or {}

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            if self._loader is None:
                raise RuntimeError("ChromaEmbeddingFunction has no embedder")
            self._embedder = self._loader()
        return self._embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "probity"

    def get_config(self) -> dict[str, Any]:
        if self._embedder is None:
            return dict(self._config)
        config: dict[str, Any] = {"embedder": self._embedder.name, "dim": self._embedder.dim}
        if isinstance(model := self._embedder, SentenceTransformerEmbedder):
            config.update(model_path=model.model_path, batch_size=model.batch_size)
        return config

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(loader=lambda: _embedder_from_config(config), config=config)

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]


