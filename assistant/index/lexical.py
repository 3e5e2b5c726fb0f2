"""BM25 index of narrative chunks (bm25s), persisted under `settings.bm25_path`.

Tokenisation: lower-cased words of 2+ characters, English stopwords removed, stemmed only when
PyStemmer is installed (the choice is saved with the index so queries always match the build).
Queries score every document and then mask, so an `allowed` subset is ranked correctly even when
none of it would make the corpus-wide top k.
"""

from __future__ import annotations

import json
import shutil
import sys
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# bm25s imports scipy.sparse and tqdm at import time, when they are installed: scipy.sparse only
# to build the index's CSC matrix (ingest), tqdm only for progress bars (always off here). Through
# scipy's array-API shim, scipy.sparse also loads numpy.f2py, numpy.testing, unittest, pydoc and
# charset_normalizer: ~0.5 s of CPU, and tqdm ~0.2 s, of every cold `probity ask`, which never
# builds an index (measured: `import bm25s` 0.78 s CPU → 0.03 s on the shared 2 cores). So
# bm25s is imported with neither (unless something imported them already: then it gets them),
# and `build` hands scipy.sparse to bm25s before building, so an index is built exactly as before
# (bm25s' numpy CSC backend is not identical: it adds a column).
_DEFERRED = [m for m in ("scipy", "scipy.sparse", "tqdm") if m not in sys.modules]
sys.modules.update(dict.fromkeys(_DEFERRED))  # type: ignore[arg-type]  # None: "not installed"
try:
    import bm25s
finally:
    for _name in _DEFERRED:
        del sys.modules[_name]


def _with_scipy() -> None:
    """Give bm25s scipy.sparse (deferred at import) for building the CSC matrix."""
    import scipy.sparse

    bm25s.sp = scipy.sparse
    bm25s.SCIPY_AVAILABLE = True

try:
    import Stemmer  # PyStemmer: optional
except ImportError:  # pragma: no cover - depends on the environment
    Stemmer = None

_FORMAT = 1


def _stemmer(language: str | None) -> Any:
    if language is None:
        return None
    if Stemmer is None:
        raise RuntimeError(f"BM25 index was built with the {language} stemmer; install PyStemmer")
    return Stemmer.Stemmer(language)


class BM25Index:
    """Lexical index: `build`, then `query`; `save`/`load` persist it in `path`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.stemmer_language: str | None = "english" if Stemmer is not None else None
        self._stemmer = _stemmer(self.stemmer_language)
        self._retriever: bm25s.BM25 | None = None
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._vocab: list[str] | None = None  # sorted indexed tokens, for `expand`

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self._positions

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        return bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False
        )

    def build(self, chunk_ids: Sequence[str], texts: Sequence[str]) -> None:
        """Replace the whole index with these documents."""
        if len(chunk_ids) != len(texts):
            raise ValueError(f"{len(chunk_ids)} chunk ids but {len(texts)} texts")
        if len(set(chunk_ids)) != len(chunk_ids):
            raise ValueError("duplicate chunk ids in BM25 build")
        self._ids = list(chunk_ids)
        self._positions = {chunk_id: i for i, chunk_id in enumerate(self._ids)}
        self._retriever = None
        self._vocab = None
        if self._ids:  # bm25s cannot index an empty corpus; an empty index just answers []
            _with_scipy()
            self._retriever = bm25s.BM25(csc_backend="scipy")
            self._retriever.index(self._tokenize(list(texts)), show_progress=False)

    def query(
        self, text: str, k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, BM25 score), best first; only documents matching a query term."""
        if self._retriever is None or k <= 0 or (allowed is not None and not allowed):
            return []
        # "" is bm25s' placeholder for a document with no tokens; it is not a query term.
        tokens = [token for token in self._tokenize([text])[0] if token]
        token_ids = self._retriever.get_tokens_ids(tokens)
        if not token_ids:
            return []
        scores = np.asarray(self._retriever.get_scores_from_ids(token_ids))
        if allowed is None:
            candidates = np.flatnonzero(scores > 0)
        else:
            wanted = np.fromiter(
                (self._positions[i] for i in allowed if i in self._positions), dtype=np.int64
            )
            candidates = wanted[scores[wanted] > 0]
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        # Stable sort on (score desc, position asc): equal scores rank deterministically.
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
        return [(self._ids[i], float(scores[i])) for i in order]

    def save(self) -> None:
        """Write the index to `path` atomically (a reader never sees a half-written index)."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(tmp / "bm25s"), show_progress=False)
        (tmp / "ids.json").write_text(json.dumps(self._ids), encoding="utf-8")
        meta = {"format": _FORMAT, "stemmer": self.stemmer_language, "count": len(self._ids)}
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            self.path.rename(old)
        tmp.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)

    def exists(self) -> bool:
        return (self.path / "meta.json").is_file()

    def load(self) -> BM25Index:
        """Read the index saved in `path`; returns self."""
        if not self.exists():
            raise FileNotFoundError(f"no BM25 index at {self.path}; run ingest first")
        meta = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != _FORMAT:
            raise ValueError(f"BM25 index at {self.path} has format {meta.get('format')}")
        self.stemmer_language = meta["stemmer"]
        self._stemmer = _stemmer(self.stemmer_language)
        self._ids = json.loads((self.path / "ids.json").read_text(encoding="utf-8"))
        self._positions = {chunk_id: i for i, chunk_id in enumerate(self._ids)}
        self._retriever = None
        self._vocab = None
        if self._ids:
            self._retriever = bm25s.BM25.load(str(self.path / "bm25s"), show_progress=False)
        return self

    # Term-level access for set answers (assistant.narrative.lexicon) ----------------------------

    @property
    def ids(self) -> list[str]:
        """Chunk ids in index order (the order of `term_hits`' mask)."""
        return self._ids

    def stems(self, text: str) -> list[str]:
        """`text` tokenised exactly as documents were (stopwords out, stemmed when built so)."""
        return self.stems_many([text])[0]

    def stems_many(self, texts: Sequence[str]) -> list[list[str]]:
        """`stems` of many texts in one call (bm25s' per-call overhead dominates short texts)."""
        if not texts:
            return []
        return [[token for token in tokens if token] for tokens in self._tokenize(list(texts))]

    def expand(self, stem: str, min_prefix: int) -> list[str]:
        """Indexed tokens equal to `stem`, or starting with it when it is at least `min_prefix`
        long: 'threat' also finds 'threaten' (Snowball keeps the two apart)."""
        if self._retriever is None:
            return []
        vocab: dict[str, int] = self._retriever.vocab_dict
        if len(stem) < min_prefix:
            return [stem] if stem in vocab else []
        if self._vocab is None:  # sorted once: a prefix is then a range, not a vocabulary scan
            self._vocab = sorted(vocab)
        out, i = [], bisect_left(self._vocab, stem)
        while i < len(self._vocab) and self._vocab[i].startswith(stem):
            out.append(self._vocab[i])
            i += 1
        return out

    def term_hits(self, tokens: Sequence[str]) -> np.ndarray:
        """Boolean per indexed chunk: it contains at least one of `tokens` (indexed tokens)."""
        hits = np.zeros(len(self._ids), dtype=bool)
        if self._retriever is None:
            return hits
        vocab: dict[str, int] = self._retriever.vocab_dict
        for token in tokens:
            if token in vocab:
                hits |= np.asarray(self._retriever.get_scores_from_ids([vocab[token]])) > 0
        return hits
