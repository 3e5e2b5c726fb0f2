"""The similar_complaints detector's sentence vectors, kept in the data dir between processes.

Why: the detector embeds every distinct masked sentence of the force's complaints (~6,000 at
2,000 staff: most of its 40–90 s with the torch backend; ~57,000 at 45,000). It ran once in the
ingest's leads board and again, from nothing, in every later process: `probity leads --build`, the
next ingest's board, and the leads eval that CI runs on the force `probity demo` has just built.
A vector depends only on the model and the masked sentence, so it is stored under sha1(model,
sentence) and can never go stale; the file holds those keys and the vectors, no text, and is
written like the boards (0600, replaced atomically). Two writers at once can only lose each
other's additions, which are then embedded again: a cache miss, never a wrong vector.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

FILE = Path("leads") / "masked-sentence-vectors.npz"


def load(data_dir: Path) -> dict[str, np.ndarray]:
    """The stored vectors by key ({} when none are stored or the file is unreadable)."""
    path = data_dir / FILE
    try:
        with np.load(path) as stored:
            keys, vectors = stored["keys"], stored["vectors"]
    except (OSError, ValueError, KeyError):
        return {}
    return {str(k): v for k, v in zip(keys, vectors, strict=True)}


def save(data_dir: Path, vectors: dict[str, np.ndarray]) -> None:
    """Store `vectors` (all of them: the caller merges) in place of the file's."""
    if not vectors:
        return
    path = data_dir / FILE
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
    keys = sorted(vectors)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        np.savez(fh, keys=np.array(keys), vectors=np.stack([vectors[k] for k in keys]))
    os.replace(tmp, path)
