"""Per-question error analysis of the narrative set decision, from a sweep capture.

The sweep (evals/narrative/sweep.py) says *how much* the set decision misses; this says *why*,
record by record: for the worst questions, every false member and every missed gold record with
its dense z-score, its (idf-weighted) concept coverage, its best passage evidence and the
sentence that carries it, and which of the question's concepts the record holds. Written to a
markdown file so the causes can be read and grouped before anything is changed.

    python -m evals.narrative.errors --data-dir D --capture F [--worst 15] [--ids ph-01 …] [--out F]
"""

from __future__ import annotations

import argparse
import pickle
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from evals import metrics as m

SHOWN = 12  # rows per list (false members / missed gold) per question


def sentence_texts(store: Path) -> list[str]:
    """Every sentence's text, in the sentence index's row order (chunk id, start)."""
    con = duckdb.connect(str(store / "records.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT substr(c.text, s.start_pos - c.start_pos + 1, s.end_pos - s.start_pos) "
            "FROM sentence s JOIN chunk c USING (chunk_id) ORDER BY s.chunk_id, s.start_pos"
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def explain(e: dict[str, Any], texts: list[str]) -> list[str]:
    """Markdown for one captured question."""
    from assistant.narrative.membership import Params, _passage_evidence, choose

    f, literal = e["features"]
    p = Params()
    ids = e["record_ids"]
    chosen = {ids[s.record] for s in choose(f, literal, p).members}
    gold = set(e["gold"])
    prf = m.set_prf(chosen, gold)
    df = f.covered[:, f.searched].sum(axis=1)
    weights = np.log((f.searched.sum() + 1) / (df + 1)) ** p.idf_power
    total = float(weights.sum()) or 1.0
    coverage = (weights[:, None] * f.covered).sum(axis=0) / total
    evidence = _passage_evidence(f, weights, total, p.passage_lex)
    share = ((weights[:, None] * f.sentence_window).sum(axis=0) / total
             if len(f.sentence_window) else np.zeros(len(f.sentence_z)))
    per_sentence = f.sentence_z + p.passage_lex * share
    allowed = e.get("allowed")
    if allowed is None:  # a capture made before sweep.py recorded the allowed rows
        raise SystemExit("this capture has no allowed sentence rows: run the sweep with "
                         "--recapture")
    best_row: dict[int, int] = {}
    for k, r in enumerate(f.sentence_record.tolist()):
        if r not in best_row or per_sentence[k] > per_sentence[best_row[r]]:
            best_row[r] = k
    words = [c[0] for c in e["concepts"]]
    position = {rid: i for i, rid in enumerate(ids)}
    out = [f"### {e['id']} ({e['style']}) — P {prf[0]:.2f} R {prf[1]:.2f} F1 {prf[2]:.2f}",
           "", f"Query embedded: “{e['query']}”; concepts: "
           + ", ".join(f"`{c[0]}`→{'/'.join(c[1][:6])}" + (f"+{len(c[2])} phrases" if c[2]
                                                            else "")
                       for c in e["concepts"])
           + f" (df {df.tolist()}); gold {len(gold)}, returned {len(chosen)}, literal {literal}",
           ""]
    for title, group in (("false members", sorted(chosen - gold)),
                         ("missed gold", sorted(gold - chosen))):
        rows = [position[r] for r in group if r in position]
        rows.sort(key=lambda r: -f.z[r])
        out.append(f"**{title}** ({len(group)}):")
        out.append("")
        for r in rows[:SHOWN]:
            held = [w for w, c in zip(words, f.covered[:, r], strict=True) if c]
            best = best_row.get(r)
            sentence = (texts[int(allowed[best])] if best is not None and best < len(allowed)
                        else "?")
            out.append(f"- `{ids[r]}` z {f.z[r]:.1f}, cover {coverage[r]:.2f}, "
                       f"passage {evidence[r]:.1f}, holds {held or 'none'}: "
                       f"“{' '.join(sentence.split())[:220]}”")
        missing = [r for r in group if r not in position]
        if missing:
            out.append(f"- not in the sentence index: {', '.join(missing)}")
        out.append("")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--capture", type=Path, required=True)
    ap.add_argument("--worst", type=int, default=15)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--ids", nargs="*", help="these questions instead of the worst")
    args = ap.parse_args()
    from assistant.narrative.membership import Params
    from evals.narrative.sweep import chosen_set

    entries = pickle.loads(args.capture.read_bytes())
    scored = [(m.set_prf(chosen_set(e, Params()), set(e["gold"]))[2], e) for e in entries
              if e["features"] is not None and e["gold"]]
    scored.sort(key=lambda x: x[0])
    if args.ids:
        scored = [x for x in scored if x[1]["id"] in args.ids]
    texts = {store: sentence_texts(args.data_dir / store) for store in ("public", "synthetic")}
    title = (f"questions {', '.join(args.ids)}" if args.ids
             else f"the {args.worst} worst captured questions")
    lines = [f"# Narrative set errors: {title}", "",
             f"Capture `{args.capture}`, current constants; z = dense z-score of the record's "
             "best sentence, cover = idf-weighted concept share, passage = best passage "
             "evidence (the sentence quoted).", ""]
    for _, e in scored[: args.worst]:
        store = "synthetic" if e["source"] == "synthetic" else "public"
        lines += explain(e, texts[store])
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
