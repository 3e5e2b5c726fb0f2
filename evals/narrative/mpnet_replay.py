"""Replay the narrative set decision with all-mpnet-base-v2 as the dense scorer (issue #14 item 4).

Inputs: a capture from `evals.narrative.mpnet_capture` (MiniLM features + masks per question) and
the mpnet vectors of every sentence of each store (`evals.narrative.mpnet_embed`). Variants, all
decided by the unchanged `membership.choose` with its constants re-swept on the same grid:
- `minilm`: the captured features as they are (Probity today);
- `minilm-topN`: only the top N records by Probity's combined score (default constants) may be
  members — the re-ranker's truncation without its model, a control;
- `mpnet-topN` (re-ranker): the same top N, their sentences re-scored with mpnet (best sentence per
  record; sentence and record z-scores against this query's background: the best mpnet sentence
  of each of a fixed random sample of visible narratives);
- `mpnet-full`: mpnet replaces MiniLM for every sentence, background as in production (every
  visible narrative).
Lexical features (concepts, coverage, passages) are MiniLM-free and kept. Reported per variant:
recall@10 of the default-constant ranking, set P/R/F1/false refusals at the constants best on all
62 questions, and held out — constants chosen on the odd-numbered questions scored on the even
ones and vice versa. The gold is only read to score.

    python -m evals.narrative.mpnet_replay --data-dir D --capture D/capture.pkl \
        --model D/cache/all-mpnet-base-v2 --out D/replay.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
from pathlib import Path
from statistics import mean
from typing import Any

import duckdb
import numpy as np

from assistant.narrative import membership as mb
from assistant.narrative.sentences import SentenceIndex
from evals.narrative.mpnet_sweep import GRID, ranking, recall_at, sweep, table

STORES = {"philly": "public", "chicago": "public", "synthetic": "synthetic"}
BACKGROUND = 80  # random narratives per store for the re-ranker's per-query background
PER_RECORD = 3  # a candidate's sentences re-scored: its best PER_RECORD by MiniLM


def load_index(store: Path) -> SentenceIndex:
    con = duckdb.connect(str(store / "records.duckdb"), read_only=True)
    try:
        (name,) = con.execute("SELECT any_value(embedder) FROM sentence").fetchone() or ("",)
        return SentenceIndex.load(con, str(name))
    finally:
        con.close()


def background_records(index: SentenceIndex, n: int = BACKGROUND, seed: int = 7) -> np.ndarray:
    """A fixed random sample of the store's narratives (record indices)."""
    rng = np.random.default_rng(seed)
    return rng.choice(len(index.record_ids), min(n, len(index.record_ids)), replace=False)


def rescored_rows(f: mb.Features, index: SentenceIndex, top: list[int],
                  per_record: int | None = PER_RECORD) -> np.ndarray:
    """The sentence rows a re-ranker re-scores: of each top record, its allowed sentences — only
    its best `per_record` by MiniLM (the captured query) when given. Sorted row indices."""
    record_of = index.chunk_record[index.chunk_of]
    allowed = f.chunk_mask[index.chunk_of]  # type: ignore[attr-defined]
    rows = np.flatnonzero(allowed & np.isin(record_of, top))
    if per_record is None:
        return rows
    sims = index.vectors[rows] @ f.query_vector  # type: ignore[attr-defined]
    order = np.lexsort((-sims, record_of[rows]))
    rows, ranked = rows[order], record_of[rows][order]
    first = np.r_[True, ranked[1:] != ranked[:-1]]
    rank = np.arange(len(rows)) - np.maximum.accumulate(np.where(first, np.arange(len(rows)), 0))
    return np.sort(rows[rank < per_record])


def priority(data_dir: Path, entries: list[dict[str, Any]], store: str,
             stages: list[tuple[int, int | None]]) -> np.ndarray:
    """Sentence rows in the order the replay needs them: the background, then the rows each
    question's re-ranker re-scores for each (N, sentences per record) stage, then the rest (the
    full dense scorer)."""
    index = load_index(data_dir / store)
    record_of = index.chunk_record[index.chunk_of]
    groups = [np.flatnonzero(np.isin(record_of, background_records(index))).tolist()]
    for n, k in stages:
        groups.append(sorted({r for e in entries if e["features"] and STORES[e["source"]] == store
                              for r in rescored_rows(e["features"][0], index,
                                                     ranking(e["features"][0])[:n], k).tolist()}))
    groups.append(list(range(len(index))))
    seen: set[int] = set()
    order: list[int] = []
    for group in groups:
        new = [r for r in group if r not in seen]
        seen.update(new)
        order.extend(new)
    return np.asarray(order, dtype=np.int64)


def rerank(f: mb.Features, index: SentenceIndex, sims: np.ndarray, top: list[int],
           background: np.ndarray, rows: np.ndarray) -> mb.Features:
    """Only `top` may be members; their dense evidence is `sims` over `rows` (the re-scored
    sentence rows of the top records), z-scored against the best sentence of each background
    record (`background`: record indices); their other sentences carry no dense evidence."""
    record_of = index.chunk_record[index.chunk_of]
    allowed = f.chunk_mask[index.chunk_of]  # type: ignore[attr-defined]
    best_bg = np.full(len(index.record_ids), -np.inf)
    rows_bg = np.flatnonzero(np.isin(record_of, background))
    np.maximum.at(best_bg, record_of[rows_bg], sims[rows_bg])
    bg = best_bg[np.isfinite(best_bg)]
    centre = float(np.median(bg))
    spread = float(np.median(np.abs(bg - centre))) * 1.4826 or 1e-6
    dense = np.full(len(index.record_ids), -np.inf)
    np.maximum.at(dense, record_of[rows], sims[rows])
    best_sentence = {}
    for r in top:
        own = rows[record_of[rows] == r]
        if len(own):
            best_sentence[r] = int(own[np.argmax(sims[own])])
    scored = np.zeros(len(record_of), dtype=bool)
    scored[rows] = True
    sentence_z = np.where(scored, (sims - centre) / spread, -np.inf)[allowed]
    return dataclasses.replace(f, dense=dense, z=(dense - centre) / spread,
                               best_sentence=best_sentence, sentence_z=sentence_z)


def full(f: mb.Features, index: SentenceIndex, vectors: np.ndarray, query: np.ndarray
         ) -> mb.Features:
    """Every sentence scored by `vectors`; production's background (every visible narrative)."""
    other = dataclasses.replace(index, vectors=vectors)
    new = mb.features(other, f.chunk_mask, query, [], f.visible, [])  # type: ignore[attr-defined]
    return dataclasses.replace(f, dense=new.dense, z=new.z, best_sentence=new.best_sentence,
                               sentence_z=new.sentence_z)


def variants(data_dir: Path, entries: list[dict[str, Any]], model_dir: Path | None,
             tops: list[int], with_full: bool, per_record: int | None = PER_RECORD
             ) -> dict[str, tuple[list[mb.Features | None], dict[str, float]]]:
    """Each variant's features per question, and its re-scoring cost (sentences per question).
    Without `model_dir` only the MiniLM variants (the mpnet ones need every row they use)."""
    stores = sorted({STORES[e["source"]] for e in entries})
    index = {s: load_index(data_dir / s) for s in stores}
    vectors = {s: (np.load(data_dir / f"mpnet-{s}.npy") if model_dir
                   else np.full((len(index[s]), 1), np.nan, dtype=np.float32)) for s in stores}
    for s in stores:
        if len(vectors[s]) != len(index[s]):
            raise ValueError(f"mpnet-{s}.npy has {len(vectors[s])} rows, the index {len(index[s])}")
    qv: list[Any] = [np.zeros(vectors[STORES[e["source"]]].shape[1]) for e in entries]
    if model_dir:
        from evals.narrative.mpnet_embed import load_model

        qv = list(load_model(model_dir).encode([e["query"] or "" for e in entries],
                                               normalize_embeddings=True, convert_to_numpy=True))
    ready = {s: ~np.isnan(vectors[s][:, 0]) for s in stores}
    background = {s: background_records(index[s]) for s in stores}
    base = [e["features"][0] if e["features"] else None for e in entries]
    out: dict[str, tuple[list[mb.Features | None], dict[str, float]]] = {"minilm": (base, {})}
    ranked = [ranking(f) if f is not None else [] for f in base]
    for n in tops:
        mini: list[mb.Features | None] = []
        mp: list[mb.Features | None] = []
        costs: list[float] = []
        complete = True
        for e, f, order, q in zip(entries, base, ranked, qv, strict=True):
            if f is None:
                mini.append(None)
                mp.append(None)
                continue
            s = STORES[e["source"]]
            idx = index[s]
            record_of = idx.chunk_record[idx.chunk_of]
            top = order[:n]
            rows = rescored_rows(f, idx, top, per_record)
            costs.append(float(len(rows)))
            mini.append(rerank(f, idx, idx.vectors @ f.query_vector, top, background[s], rows))
            needed = np.isin(record_of, background[s])
            needed[rows] = True
            complete &= bool(ready[s][needed].all())
            mp.append(rerank(f, idx, np.nan_to_num(vectors[s] @ q, nan=-1.0), top,
                             background[s], rows))
        cost = {"sentences_per_question": mean(costs), "max_sentences": max(costs)}
        tag = f"top{n}" + (f"x{per_record}" if per_record else "")
        out[f"minilm-{tag}"] = (mini, cost)
        if complete:
            out[f"mpnet-{tag}"] = (mp, cost)
        elif model_dir:
            print(f"mpnet-{tag}: not every sentence it needs is embedded yet; skipped")
    if with_full and all(r.all() for r in ready.values()):
        out["mpnet-full"] = ([None if f is None else full(f, index[STORES[e["source"]]],
                                                          vectors[STORES[e["source"]]], q)
                              for e, f, q in zip(entries, base, qv, strict=True)], {})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--capture", type=Path, required=True)
    ap.add_argument("--model", type=Path, help="mpnet folder (without: MiniLM variants only)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--tops", type=int, nargs="*", default=[20, 30, 50])
    ap.add_argument("--sources", nargs="*", help="only these sources' questions")
    ap.add_argument("--full", action="store_true", help="also mpnet as the full dense scorer")
    ap.add_argument("--show", action="store_true", help="print the table of --out and stop")
    ap.add_argument("--per-record", type=int, default=PER_RECORD,
                    help="sentences re-scored per candidate (its best by MiniLM; 0 = all)")
    args = ap.parse_args()
    if args.show:
        print("\n".join(table(json.loads(args.out.read_text(encoding="utf-8"))["variants"])))
        return
    entries = pickle.loads(args.capture.read_bytes())
    if args.sources:
        entries = [e for e in entries if e["source"] in args.sources]
    old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    results = old.get("variants", {}) if old.get("questions") == len(entries) else {}
    for name, (feats, cost) in variants(args.data_dir, entries, args.model, args.tops,
                                        args.full, args.per_record or None).items():
        if name in results:  # swept already (same questions): kept
            continue
        results[name] = {"recall@10": recall_at(entries, feats), **cost, **sweep(entries, feats)}
        r = results[name]
        print(f"{name:14} R@10 {r['recall@10']:.3f}  default F1 {r['default']['all']['F1']:.3f}"
              f"  best P/R/F1 {r['best']['P']:.3f}/{r['best']['R']:.3f}/{r['best']['F1']:.3f}"
              f"  held-out P/R/F1 {r['held_out']['P']:.3f}/{r['held_out']['R']:.3f}/"
              f"{r['held_out']['F1']:.3f}", flush=True)
        args.out.write_text(json.dumps({"questions": len(entries), "grid": GRID,
                                        "variants": results}, indent=1), encoding="utf-8")
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
