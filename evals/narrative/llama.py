"""The llama-index baseline, configured fairly: llama-index's own `VectorStoreIndex`, built by
llama-index from the same chunks Probity indexed (its own in-memory vector store, persisted under
a directory of our choice — never Probity's Chroma collection), fused with llama-index's
`BM25Retriever` by `QueryFusionRetriever` in reciprocal-rank mode, with the asker's clearance and
the question's own filters as `MetadataFilters` on both retrievers, and the same k as every other
system. `Settings.llm` is a `MockLLM` (no query rewriting: `num_queries=1`) and `embed_model`
the same MiniLM model Probity uses, so llama-index can never reach for OpenAI.

Building the index embeds every chunk again (measured here: the public slice's 3,652 chunks in
1,253 s, the synthetic force's 620 complaint chunks in 180 s, on 2 cores shared at load ~17), so it
is persisted and reused while the chunk set (ids and text) is unchanged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import duckdb

CHUNK_ROWS = """SELECT c.chunk_id, c.record_id, c.kind, c.text, c.force, c.restricted,
                       coalesce(year(r.received_date), 0), coalesce(month(r.received_date), 0),
                       coalesce(r.categories, []), coalesce(r.district, '')
                FROM chunk c {join} complaint r ON r.record_id = c.record_id
                ORDER BY c.chunk_id"""


def _nodes(con: duckdb.DuckDBPyConnection, complaints_only: bool) -> list[Any]:
    from llama_index.core.schema import TextNode

    nodes = []
    rows = con.execute(CHUNK_ROWS.format(join="JOIN" if complaints_only else "LEFT JOIN"))
    for cid, rid, kind, text, force, restricted, year, month, cats, district in rows.fetchall():
        meta = {"record_id": rid, "kind": kind, "force": force, "restricted": bool(restricted),
                "year": int(year), "month": int(month), "categories": list(cats),
                "district": district}
        nodes.append(TextNode(id_=cid, text=text, metadata=meta,
                              excluded_embed_metadata_keys=list(meta),
                              excluded_llm_metadata_keys=list(meta)))
    return nodes


def _configure(embedder: Any) -> Any:
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.llms import MockLLM

    from assistant.embeddings import as_llamaindex_embedding

    embed = as_llamaindex_embedding(embedder)
    LlamaSettings.llm = MockLLM()
    LlamaSettings.embed_model = embed
    return embed


def build_or_load(con: duckdb.DuckDBPyConnection, embedder: Any, directory: Path,
                  complaints_only: bool = True) -> Any:
    """llama-index's own `VectorStoreIndex` over the store's complaint chunks (or all chunks)."""
    from llama_index.core import StorageContext, VectorStoreIndex, load_index_from_storage

    embed = _configure(embedder)
    nodes = _nodes(con, complaints_only)
    digest = hashlib.sha256("\n".join(f"{n.node_id}\t{n.text}" for n in nodes).encode()).hexdigest()
    marker = directory / "CHUNKS.sha256"
    if marker.is_file() and marker.read_text(encoding="utf-8") == digest:
        storage = StorageContext.from_defaults(persist_dir=str(directory))
        return load_index_from_storage(storage, embed_model=embed)
    index = VectorStoreIndex(nodes, embed_model=embed, show_progress=False)
    index.storage_context.persist(persist_dir=str(directory))
    marker.write_text(digest, encoding="utf-8")
    return index


def metadata_filters(force: str | None, cleared: bool, filters: dict[str, Any]) -> Any:
    """The clearance and the question's filters as llama-index `MetadataFilters` (no force:
    every force, every record kind — the general eval's questions)."""
    from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

    wanted: list[Any] = []
    if force is not None:
        wanted += [MetadataFilter(key="force", value=force),
                   MetadataFilter(key="kind", value="complaint")]
    if not cleared:
        # MetadataFilter takes no booleans; the stored False compares equal to 0.
        wanted.append(MetadataFilter(key="restricted", value=0))
    for key in ("year", "month", "district"):
        if key in filters:
            wanted.append(MetadataFilter(key=key, value=filters[key]))
    if "category" in filters:
        wanted.append(MetadataFilter(key="categories", value=filters["category"],
                                     operator=FilterOperator.CONTAINS))
    return MetadataFilters(filters=wanted)


def _positive_bm25() -> type:
    """`BM25Retriever` minus zero-score hits. bm25s applies `MetadataFilters` as a weight mask
    (score × 0), so when fewer than k chunks pass the filters it fills the top k with masked-out
    chunks at score 0 — restricted or out-of-filter records. A zero score is no lexical evidence
    either way, so dropping those hits keeps the filters whole without changing any real hit."""
    from llama_index.retrievers.bm25 import BM25Retriever

    class PositiveBM25(BM25Retriever):
        def _retrieve(self, query_bundle: Any) -> list[Any]:
            return [n for n in super()._retrieve(query_bundle) if (n.score or 0) > 0]

    return PositiveBM25


class FusionBaseline:
    """`QueryFusionRetriever(BM25Retriever + VectorIndexRetriever)`, reciprocal-rank fused."""

    def __init__(self, index: Any) -> None:
        from llama_index.retrievers.bm25 import BM25Retriever

        self.index = index
        self.nodes = list(index.docstore.docs.values())
        self.docs = {n.node_id: n.metadata["record_id"] for n in self.nodes}
        base = BM25Retriever.from_defaults(nodes=self.nodes, similarity_top_k=10)
        base.bm25.corpus = base.corpus  # so filtered retrievers share it (and build their mask)
        self.engine_bm25 = base.bm25
        self.bm25_class = _positive_bm25()

    def rank(self, text: str, mfilters: Any, k: int) -> list[str]:
        """Record ids, best first, from llama-index's top-k chunks."""
        return list(dict.fromkeys(self.docs[c] for c in self.chunks(text, mfilters, k)))

    def chunks(self, text: str, mfilters: Any, k: int) -> list[str]:
        """Chunk ids, best first."""
        from llama_index.core.retrievers import QueryFusionRetriever
        from llama_index.core.retrievers.fusion_retriever import FUSION_MODES

        try:
            bm25 = self.bm25_class(existing_bm25=self.engine_bm25, similarity_top_k=k,
                                   filters=mfilters)
        except ValueError:  # every node filtered out: nothing can match
            return []
        vector = self.index.as_retriever(similarity_top_k=k, filters=mfilters)
        fusion = QueryFusionRetriever([vector, bm25], similarity_top_k=k, num_queries=1,
                                      mode=FUSION_MODES.RECIPROCAL_RANK, use_async=False)
        return [h.node.node_id for h in fusion.retrieve(text)]
