"""Retrieval indexes over narrative chunks: dense (Chroma) and lexical (BM25).

The dense side is imported on first use of one of its names (PEP 562): it imports chromadb
(~0.5 s of CPU), which the lexical side and a narrative answer do not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.index.lexical import BM25Index

if TYPE_CHECKING:
    from assistant.index.vector import ChromaIndex, IndexUnavailable, VectorIndex, chroma_client

__all__ = ["BM25Index", "ChromaIndex", "IndexUnavailable", "VectorIndex", "chroma_client"]
_VECTOR = {"ChromaIndex", "IndexUnavailable", "VectorIndex", "chroma_client"}


def __getattr__(name: str) -> Any:
    if name in _VECTOR:
        from assistant.index import vector

        return getattr(vector, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
