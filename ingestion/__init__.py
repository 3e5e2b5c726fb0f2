"""Source exports → canonical records (DuckDB) → narrative index (Chroma + BM25)."""
