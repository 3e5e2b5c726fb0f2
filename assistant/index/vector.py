"""Dense index of narrative chunks: the `VectorIndex` interface and its Chroma implementation.

Chroma is embedded (PersistentClient in the data dir) unless `settings.chroma_url` names a server.
We always supply embeddings ourselves; the attached embedding function only guards against
Chroma's default model ever being used. Metadata filters (`where`) go to Chroma unchanged: if
Chroma rejects one, the error propagates, so a filter can fail but never silently widen.

With a server, a malformed URL is one `ValueError` and an unreachable server (or one that stops
answering) one `IndexUnavailable`, both naming PROBITY_CHROMA_URL — never a fallback to the
embedded client. A server collection is also bound to the record store that filled it: ingest
reconciles the collection against its own chunk table (deleting vectors it does not know), so a
second store pointed at the same collection would silently destroy the first one's index.
"""

from __future__ import annotations

from assistant.settings import Settings  # first: sets the offline env before chromadb loads

# isort: split
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlparse

import numpy as np

from assistant.embeddings import Embedder, same_vectors
from assistant.errors import IndexUnavailable
from assistant.records import Chunk

if TYPE_CHECKING:  # chromadb and httpx are imported when a client is made (~0.6 s of CPU)
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

__all__ = ["ChromaIndex", "IndexUnavailable", "VectorIndex", "chroma_client", "heartbeat"]


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


# Seconds to wait for a Chroma server: to connect, and for any one request (Chroma's own client
# waits forever on a server that accepts connections but never answers).
CONNECT_TIMEOUT_S = 5.0
REQUEST_TIMEOUT_S = 60.0
STORE_KEY = "probity_store"  # collection metadata: the id of the record store that owns it


def server_address(chroma_url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of an `http(s)://host[:port]` URL; anything else is one clear error."""
    problem = f"PROBITY_CHROMA_URL must look like http://host:port, got {chroma_url!r}"
    url = urlparse(chroma_url.strip())
    if (
        url.scheme not in ("http", "https")
        or not url.hostname
        or url.path not in ("", "/")
        or url.params
        or url.query
        or url.fragment
        or url.username
        or url.password
    ):
        raise ValueError(problem)
    try:
        port = url.port
    except ValueError:
        raise ValueError(problem) from None
    ssl = url.scheme == "https"
    return url.hostname, port or (443 if ssl else 8000), ssl


def server_base(chroma_url: str) -> str:
    """The normalised `scheme://host:port` of a Chroma server URL (for requests and messages)."""
    host, port, ssl = server_address(chroma_url)
    host = f"[{host}]" if ":" in host else host
    return f"{'https' if ssl else 'http'}://{host}:{port}"


def heartbeat(chroma_url: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Return if a Chroma server answers its heartbeat at `chroma_url`; else `IndexUnavailable`."""
    import httpx

    base = server_base(chroma_url)
    try:
        response = httpx.get(f"{base}/api/v2/heartbeat", timeout=timeout)
    except httpx.HTTPError as exc:
        raise IndexUnavailable(
            f"no Chroma server answers at {base} (PROBITY_CHROMA_URL): "
            f"{type(exc).__name__}: {exc or 'no reply'}; start one with "
            "`chroma run --path DIR --host HOST --port PORT`"
        ) from None
    if response.status_code != 200:
        raise IndexUnavailable(
            f"{base} (PROBITY_CHROMA_URL) answered HTTP {response.status_code} to a Chroma "
            "heartbeat: is it a Chroma 1.x server?"
        )


def chroma_client(settings: Settings) -> ClientAPI:
    """Embedded client in the data dir, or an HTTP client when `chroma_url` is set."""
    import chromadb
    import httpx
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    host, port, ssl = server_address(settings.chroma_url)
    heartbeat(settings.chroma_url)  # fail fast, naming the URL, before Chroma's untimed client
    try:
        client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
    except (ValueError, httpx.HTTPError) as exc:
        raise IndexUnavailable(
            f"Chroma server at {server_base(settings.chroma_url)} (PROBITY_CHROMA_URL): {exc}"
        ) from None
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):  # Chroma creates it with timeout=None
        session.timeout = httpx.Timeout(REQUEST_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    return client


class ChromaIndex:
    """`VectorIndex` over one Chroma collection with cosine distance."""

    _PAGE = 5000  # ids() pages through large collections instead of one huge response

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        collection: str | None = None,
        client: ClientAPI | None = None,
        store_id: str | None = None,
        claim: bool = False,
        lazy: bool = False,
    ) -> None:
        """`collection` defaults to `settings.chroma_collection`. With a server, `store_id`
        refuses a collection that another record store owns, and `claim` (ingest, which writes
        and reconciles) marks an unowned collection as this store's. `lazy` opens the collection
        (and imports chromadb) on first use instead: every check below still runs before the
        first read or write — a process that answers only from the sentence index never pays
        for Chroma."""
        self.embedder = embedder
        self.url = server_base(settings.chroma_url) if settings.chroma_url else None
        self._settings, self._store_id, self._claim = settings, store_id, claim
        self._name = collection or settings.chroma_collection
        self._client: ClientAPI | None = client
        self._collection: Collection | None = None
        self._batch_size = 1
        if not lazy:
            self._opened()

    def _opened(self) -> Collection:
        """The collection: opened and checked here on first need — at construction unless
        `lazy`, else on first use. The one open path, whichever comes first."""
        if self._collection is None:
            self._open()
        assert self._collection is not None
        return self._collection

    @property
    def client(self) -> ClientAPI:
        self._opened()
        assert self._client is not None
        return self._client

    @property
    def collection(self) -> Collection:
        return self._opened()

    @property
    def batch_size(self) -> int:
        """Chroma's largest batch (known once the collection is open)."""
        self._opened()
        return self._batch_size

    def _open(self) -> None:
        from assistant.embeddings_chroma import ChromaEmbeddingFunction  # registers "probity"

        name, embedder = self._name, self.embedder
        with self._reachable():
            if self._client is None:
                self._client = chroma_client(self._settings)
            collection = self._client.get_or_create_collection(
                name,
                embedding_function=ChromaEmbeddingFunction(embedder),  # type: ignore[arg-type]
                configuration={"hnsw": {"space": "cosine"}},
            )
            # An existing collection keeps what it was created with: check the space (similarity
            # math needs cosine) and the embedder (vectors from two models must never share an
            # index).
            configuration = collection.configuration
            hnsw = configuration.get("hnsw") or {}
            if (space := hnsw.get("space")) != "cosine":
                raise ValueError(f"Chroma collection {name!r} uses {space!r}, not cosine")
            stored = configuration.get("embedding_function")
            built_with = stored.get_config().get("embedder") if stored is not None else None
            if built_with is not None and not same_vectors(built_with, embedder.name):
                raise ValueError(
                    f"Chroma collection {name!r} was built with embedder {built_with!r}, "
                    f"not {embedder.name!r}: rebuild the index"
                )
            if self.url is not None and self._store_id:
                self._check_owner(collection, name, self._store_id, self._claim)
            self._batch_size = max(1, self._client.get_max_batch_size())
            self._collection = collection  # only once every check has passed

    def _check_owner(self, collection: Collection, name: str, store_id: str, claim: bool
                     ) -> None:
        metadata = dict(collection.metadata or {})
        owner = metadata.get(STORE_KEY)
        if owner == store_id:
            return
        if owner is not None:
            raise ValueError(
                f"Chroma collection {name!r} at {self.url} holds the index of another record "
                f"store ({owner}; this one is {store_id}): set PROBITY_CHROMA_COLLECTION to a "
                "collection of its own, or delete that collection if its store is gone"
            )
        if claim:
            metadata[STORE_KEY] = store_id
            collection.modify(metadata=metadata)

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """A server that stops answering mid-session is one clear error, not an httpx trace."""
        import httpx  # imported with chromadb, which uses it: costs nothing here

        try:
            yield
        except httpx.TransportError as exc:
            if self.url is None:
                raise
            raise IndexUnavailable(
                f"the Chroma server at {self.url} (PROBITY_CHROMA_URL) stopped answering: "
                f"{type(exc).__name__}: {exc or 'no reply'}"
            ) from None

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
            with self._reachable():
                self.collection.upsert(
                    ids=[chunk.chunk_id for chunk in batch],
                    embeddings=vectors[start : start + len(batch)],
                    documents=[chunk.text for chunk in batch],
                    metadatas=[chunk.metadata() for chunk in batch],
                )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        ids = list(chunk_ids)
        for start in range(0, len(ids), self.batch_size):  # Chroma rejects an empty id list
            with self._reachable():
                self.collection.delete(ids=ids[start : start + self.batch_size])

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        with self._reachable():
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
            with self._reachable():
                got = self.collection.get(ids=batch, include=["embeddings"])
            vectors = got["embeddings"] if got["embeddings"] is not None else []
            for chunk_id, vector in zip(got["ids"], vectors, strict=True):
                found[chunk_id] = np.asarray(vector, dtype=np.float32)
        return found

    def count(self) -> int:
        with self._reachable():
            return self.collection.count()

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            with self._reachable():
                page = self.collection.get(include=[], limit=self._PAGE, offset=offset)["ids"]
            found.update(page)
            if len(page) < self._PAGE:
                return found
            offset += self._PAGE
