"""The precision/recall curve of narrative set membership, without re-running the engine per point.

`capture` asks Probity every dev-set question once and records, for each question routed to the
narrative path, the inputs of `membership.choose` (the per-record features); `sweep` then replays
`choose` over a grid of `Params` and scores each point exactly as evals/narrative/score.py does
(precision over non-empty answers, recall and F1 over all questions, false refusals). Questions
Probity answered on another path keep the set they got. The grid is the same for every question:
there is no per-question tuning here, and the gold is only read to score.

    python -m evals.narrative.sweep --data-dir D [--capture /tmp/narr-features.pkl] [--top 15]
    python -m evals.narrative.sweep --data-dir D --compare z_min=1.5 passage_min=-99
        # per question, a markdown table: those constants (before) against the defaults (after)
"""

from __future__ import annotations

import argparse
import itertools
import pickle
from pathlib import Path
from statistics import mean
from typing import Any

import numpy as np

from evals import metrics as m
from evals.narrative.__main__ import _frozen, _settings, _stores

GRID: dict[str, tuple[float, ...]] = {
    "z_min": (1.0, 1.5, 2.0),
    "z_strong": (4.0, 5.0),
    "min_coverage": (0.3, 0.5),
    "lex_weight": (3.0,),
    "elbow_gap": (1.5, 2.5),
    "min_sentence_coverage": (0.0, 0.5),
    "sentence_weight": (2.0,),
    "idf_power": (1.0,),
    "max_drop": (5.0, 99.0),
    "passage_lex": (0.0, 2.0, 4.0),
    "passage_min": (-99.0, 2.5, 3.0, 3.5, 4.0),
}
# A change is kept only when it gains on both halves of the questions (odd and even numbers),
# so a gain is not one half's luck.
HALVES: dict[str, Any] = {"odd": lambda q: int(q[-2:]) % 2 == 1,
                          "even": lambda q: int(q[-2:]) % 2 == 0}


def capture(data_dir: Path, sources: list[str] | None = None) -> list[dict[str, Any]]:
    """One entry per question: its gold, Probity's own set, and the captured features (or None)."""
    import assistant.narrative.search as search
    from assistant.answers import User
    from assistant.narrative import membership
    from assistant.service import Engine
    from evals.narrative.systems import NARRATIVE_KINDS

    header, questions = _frozen()
    if sources:  # only these sources' questions (their stores must be built already)
        questions = [q for q in questions if q["source"] in sources]
        stores = {"philly": data_dir / "public", "chicago": data_dir / "public",
                  "synthetic": data_dir / "synthetic"}
    else:
        stores = _stores(data_dir, header, print)
    seen: list[tuple[membership.Features, bool]] = []
    rows: list[Any] = []  # per decision: the sentence rows its mask allows (errors.py quotes them)
    asked: list[tuple[str, list[Any]]] = []  # (query text, concepts) of each narrative search
    real = search.decide
    real_search = search.NarrativeSearch.search

    def searching(self: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        result = real_search(self, text, *args, **kwargs)
        asked.append((text, result.concepts))
        return result

    def recording(index: Any, mask: Any, query: Any, hits: Any, literal: bool = False,
                  visible: Any = None, **kwargs: Any) -> Any:
        if hasattr(membership, "features"):  # else an older checkout: its own sets are scored
            seen.append((membership.features(index, mask, query, hits, visible,
                                              kwargs.get("sentence_hits"), kwargs.get("muted")),
                         literal))
            rows.append(np.flatnonzero(mask[index.chunk_of]))
        return real(index, mask, query, hits, literal, visible, **kwargs)

    search.decide = recording  # type: ignore[assignment]
    search.NarrativeSearch.search = searching  # type: ignore[method-assign]
    out = []
    try:
        for store in dict.fromkeys(stores[q["source"]] for q in questions):
            engine = Engine(_settings(store))
            for q in (q for q in questions if stores[q["source"]] == store):
                seen.clear()
                rows.clear()
                asked.clear()
                a = engine.answer(q["text"], User(name="eval", role="investigator"), "EVAL")
                chosen = sorted({e.record_id for e in a.evidence
                                 if e.cited and e.kind in NARRATIVE_KINDS})
                ids = engine.narratives.index.record_ids if seen else []
                out.append({"id": q["id"], "source": q["source"], "style": q["style"],
                            "gold": q["gold"], "chosen": chosen, "abstained": a.abstained,
                            "features": seen[-1] if seen else None, "record_ids": ids,
                            "allowed": rows[-1] if seen else None,
                            "query": asked[-1][0] if asked else None,
                            "concepts": [(c.word, c.tokens, c.phrases)
                                         for c in (asked[-1][1] if asked else [])]})
                print(q["id"], "captured" if seen else f"not narrative ({a.intent})")
            engine.close()
    finally:
        search.decide = real
        search.NarrativeSearch.search = real_search  # type: ignore[method-assign]
    return out


def score(entries: list[dict[str, Any]], params: Any, half: str | None = None
          ) -> dict[str, float]:
    ps, rs, fs, refusals = [], [], [], []
    for e in entries:
        if half and not HALVES[half](e["id"]):
            continue
        if e["features"] is None:
            chosen = set(e["chosen"])
        else:
            from assistant.narrative.membership import choose

            f, literal = e["features"]
            chosen = {e["record_ids"][s.record] for s in choose(f, literal, params).members}
        gold = set(e["gold"])
        p, r, f1 = m.set_prf(chosen, gold)
        if chosen:
            ps.append(p)
        rs.append(r)
        fs.append(f1)
        if gold:
            refusals.append(float(not chosen))
    return {"P": mean(ps) if ps else 0.0, "R": mean(rs), "F1": mean(fs),
            "false_refusals": mean(refusals)}


def chosen_set(e: dict[str, Any], params: Any) -> set[str]:
    if e["features"] is None:
        return set(e["chosen"])
    from assistant.narrative.membership import choose

    f, literal = e["features"]
    return {e["record_ids"][s.record] for s in choose(f, literal, params).members}


def compare(entries: list[dict[str, Any]], before: Any, after: Any) -> list[str]:
    """One markdown row per question: returned / correct / F1 under `before` and `after`."""
    lines = ["| id | style | gold | before: returned / correct / F1 | after: returned / correct "
             "/ F1 |", "| --- | --- | --- | --- | --- |"]
    for e in entries:
        gold = set(e["gold"])
        cells = []
        for params in (before, after):
            chosen = chosen_set(e, params)
            cells.append(f"{len(chosen)} / {len(chosen & gold)} / "
                         f"{m.set_prf(chosen, gold)[2]:.2f}")
        lines.append(f"| {e['id']} | {e['style']} | {len(gold)} | {cells[0]} | {cells[1]} |")
    return lines


def sweep(entries: list[dict[str, Any]], grid: dict[str, tuple[float, ...]] = GRID
          ) -> list[tuple[dict[str, float], dict[str, float]]]:
    from assistant.narrative.membership import Params

    points = []
    for values in itertools.product(*grid.values()):
        chosen = dict(zip(grid, values, strict=True))
        points.append((chosen, score(entries, Params(**chosen))))  # type: ignore[arg-type]
    return points


def pareto(points: list[tuple[dict[str, float], dict[str, float]]]
           ) -> list[tuple[dict[str, float], dict[str, float]]]:
    """The points no other point beats on both precision and recall, by recall."""
    front = [p for p in points if not any(
        o[1]["P"] >= p[1]["P"] and o[1]["R"] >= p[1]["R"] and o[1] != p[1] for o in points)]
    return sorted(front, key=lambda p: p[1]["R"])


def main() -> None:

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--capture", type=Path, default=Path("/tmp/narr-features.pkl"))
    ap.add_argument("--recapture", action="store_true")
    ap.add_argument("--sources", nargs="*", help="philly, chicago, synthetic (default: all)")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--compare", nargs="*", metavar="NAME=VALUE",
                    help="print a per-question table of these constants against the defaults")
    args = ap.parse_args()
    if args.recapture or not args.capture.is_file():
        args.capture.write_bytes(pickle.dumps(capture(args.data_dir, args.sources)))
    entries = pickle.loads(args.capture.read_bytes())
    if all(e["features"] is None for e in entries):  # an older checkout's own sets
        print("its own sets:", {k: round(v, 3) for k, v in score(entries, None).items()})
        return
    from assistant.narrative.membership import Params

    if args.compare is not None:
        values: dict[str, Any] = {k: float(v) for k, v in (x.split("=") for x in args.compare)}
        before = Params(**values)
        print("before:", {k: round(v, 3) for k, v in score(entries, before).items()})
        print("after: ", {k: round(v, 3) for k, v in score(entries, Params()).items()})
        print("\n".join(compare(entries, before, Params())))
        return
    current = score(entries, Params())
    print("current constants:", {k: round(v, 3) for k, v in current.items()})
    for half in HALVES:
        print(f"  {half} half:", {k: round(v, 3) for k, v in score(entries, Params(), half).items()})
    points = sweep(entries)
    print(f"\nP/R front of {len(points)} points (P over non-empty answers; R, F1 over all; "
          "one line per distinct result, with the first setting that gives it):")
    show(pareto(points))
    print("\nbest F1:")
    show(sorted(points, key=lambda p: -p[1]["F1"]), args.top)


def show(points: list[tuple[dict[str, float], dict[str, float]]], limit: int = 99) -> None:
    print(f"{'P':>6} {'R':>6} {'F1':>6} {'refuse':>6}  params")
    shown: set[tuple[float, ...]] = set()
    for params, s in points:
        key = tuple(round(v, 4) for v in s.values())
        if key in shown:
            continue
        shown.add(key)
        print(f"{s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} {s['false_refusals']:6.3f}  {params}")
        if len(shown) >= limit:
            break


if __name__ == "__main__":
    main()
