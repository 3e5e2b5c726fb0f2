"""Expected failures shared by the CLI, the API and the engine, importable without heavy libraries
(the CLI and API map them to one line / one status before anything loads chromadb or torch)."""

from __future__ import annotations


class IndexUnavailable(RuntimeError):
    """The Chroma server named by PROBITY_CHROMA_URL cannot be used: nothing answers there, it
    is not a Chroma server, or it stopped answering. Never a fallback to the embedded index."""
