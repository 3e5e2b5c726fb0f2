"""Capture the narrative dev set's membership features with the masks a dense replay needs.

`evals.narrative.sweep.capture` keeps, per question, the inputs of `membership.choose`; to swap
the dense scorer (all-mpnet-base-v2 instead of MiniLM) the replay also needs which sentence rows
the filters admitted (`chunk_mask`) and which the reader may see (`visible`, the background).
This wraps `membership.features` for the run so each captured `Features` carries both, then
delegates to the sweep's own capture — same engine, same questions, same pickle layout.

    python -m evals.narrative.mpnet_capture --data-dir D --out D/capture.pkl
"""

from __future__ import annotations

import argparse
import pickle
import time
from pathlib import Path
from typing import Any

import numpy as np


def capture(data_dir: Path) -> list[dict[str, Any]]:
    import assistant.narrative.membership as membership
    from evals.narrative import sweep

    real = membership.features

    def keeping(index: Any, chunk_mask: np.ndarray, query: np.ndarray, concept_hits: Any,
                visible: np.ndarray | None = None, sentence_hits: Any = None,
                muted: np.ndarray | None = None) -> Any:
        f = real(index, chunk_mask, query, concept_hits, visible, sentence_hits, muted)
        setattr(f, "chunk_mask", chunk_mask.copy())  # noqa: B010 - not a Features field
        setattr(f, "visible", None if visible is None else visible.copy())  # noqa: B010
        setattr(f, "query_vector", np.asarray(query).copy())  # noqa: B010
        return f

    membership.features = keeping
    try:
        return sweep.capture(data_dir)
    finally:
        membership.features = real


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    started = time.perf_counter()
    entries = capture(args.data_dir)
    args.out.write_bytes(pickle.dumps(entries))
    print(f"{len(entries)} questions captured in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
