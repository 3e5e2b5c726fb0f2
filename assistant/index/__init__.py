"""Retrieval indexes over narrative chunks: dense (Chroma) and lexical (BM25)."""

from assistant.index.lexical import BM25Index
from assistant.index.vector import ChromaIndex, IndexUnavailable, VectorIndex, chroma_client

__all__ = ["BM25Index", "ChromaIndex", "IndexUnavailable", "VectorIndex", "chroma_client"]
