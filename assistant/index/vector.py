"""Dense index of narrative chunks: the `VectorIndex` interface and its Chroma implementation.

Chroma is embedded (PersistentClient in the data dir) unless `settings.chroma_url` names a server.
We always supply embeddings ourselves; the attached embedding function only guards against
Chroma's default model ever being used. Metadata filters (`where`) go to Chroma unchanged: if
Chroma rejects one, the error propagates, so a filter can fail but never silently widen.
"""

from __future__ import annotations

from assistant.settings import Settings  # first: sets the offline env before chromadb loads

# isort: split
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from assistant.embeddings import ChromaEmbeddingFunction, Embedder
from assistant.records import Chunk


class VectorIndex(Protocol):
    def upsert(self, chunks: Sequence[Chunk], embeddings: np.ndarray) -> None: ...

    def delete(self, chunk_ids: Sequence[str]) -> None: ...

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity), best first."""
        ...

    def get_embeddings(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def count(self) -> int: ...

    def ids(self) -> set[str]: ...


def chroma_client(settings: Settings) -> ClientAPI:
    """Embedded client in the data dir, or an HTTP client when `chroma_url` is set."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    url = urlparse(settings.chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ValueError(f"chroma_url must look like http://host:port, got {settings.chroma_url!r}")
    ssl = url.scheme == "https"
    port = url.port or (443 if ssl else 8000)
    return chromadb.HttpClient(host=url.hostname, port=port, ssl=ssl, settings=chroma_settings)


class ChromaIndex:
    """`VectorIndex` over one Chroma collection with cosine distance."""

    _PAGE = 5000  # ids() pages through large collections instead of one huge response

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        collection: str = "narratives",
        client: ClientAPI | None = None,
    ) -> None:
        self.embedder = embedder
        self.client = client or chroma_client(settings)
        self.collection = self.client.get_or_create_collection(
            collection,
            embedding_function=ChromaEmbeddingFunction(embedder),  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
        )
        # An existing collection keeps what it was created with: check the space (similarity math
        # needs cosine) and the embedder (vectors from two models must never share an index).
        configuration = self.collection.configuration
        hnsw = configuration.get("hnsw") or {}
        if (space := hnsw.get("space")) != "cosine":
            raise ValueError(f"Chroma collection {collection!r} uses {space!r}, not cosine")
        stored = configuration.get("embedding_function")
        built_with = stored.get_config().get("embedder") if stored is not None else None
        if built_with is not None and built_with != embedder.name:
            raise ValueError(
                f"Chroma collection {collection!r} was built with embedder {built_with!r}, "
                f"not {embedder.name!r}: rebuild the index"
            )
        self.batch_size = max(1, self.client.get_max_batch_size())

    def upsert(self, chunks: Sequence[Chunk], embeddings: np.ndarray) -> None:
        if len(chunks) == 0 and len(embeddings) == 0:
            return
        vectors = np.asarray(embeddings, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but embeddings of shape {vectors.shape}")
        if vectors.shape[0] and (dim := vectors.shape[1]) != self.embedder.dim:
            raise ValueError(f"embeddings have dim {dim}, expected {self.embedder.dim}")
        for start in range(0, len(chunks), self.batch_size):
            batch = chunks[start : start + self.batch_size]
            self.collection.upsert(
                ids=[chunk.chunk_id for chunk in batch],
                embeddings=vectors[start : start + len(batch)],
                documents=[chunk.text for chunk in batch],
                metadatas=[chunk.metadata() for chunk in batch],  # type: ignore[misc]
            )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        ids = list(chunk_ids)
        for start in range(0, len(ids), self.batch_size):  # Chroma rejects an empty id list
            self.collection.delete(ids=ids[start : start + self.batch_size])

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        result = self.collection.query(
            query_embeddings=np.asarray(embedding, dtype=np.float32).reshape(1, -1),
            n_results=k,
            where=where,
            include=["distances"],
        )
        ids, distances = result["ids"][0], (result["distances"] or [[]])[0]
        # Chroma's cosine space returns distance = 1 - cosine similarity.
        return [(chunk_id, 1.0 - float(d)) for chunk_id, d in zip(ids, distances, strict=True)]

    def get_embeddings(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        ids = list(chunk_ids)
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            got = self.collection.get(ids=batch, include=["embeddings"])
            vectors = got["embeddings"] if got["embeddings"] is not None else []
            for chunk_id, vector in zip(got["ids"], vectors, strict=True):
                found[chunk_id] = np.asarray(vector, dtype=np.float32)
        return found

    def count(self) -> int:
        return self.collection.count()

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            page = self.collection.get(include=[], limit=self._PAGE, offset=offset)["ids"]
            found.update(page)
            if len(page) < self._PAGE:
                return found
            offset += self._PAGE
