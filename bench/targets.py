"""The targets the benchmarks state, and a PASS/FAIL verdict for each measured figure.

A benchmark that states a target and then prints a figure that misses it, without saying so,
misleads; so every script here ends its table with these verdicts and writes them into its JSON
(`"verdicts"`, `"passed"`). A verdict compares the figure as measured: a target stated for 45,000
staff and measured on a smaller store still gets PASS/FAIL, with the scale next to it.

Re-judge stored results without re-running them (the 45k runs take hours here):

    python bench/targets.py bench/results/*.json            # print the verdicts
    python bench/targets.py --write bench/results/*.json    # and add them to each file
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUESTION_P95_MS = 300.0  # question p95 at 45,000 staff, in process, no LLM
QUESTION_RATIO_P95 = 0.5  # Probity p95 ÷ llama-index default query engine p95
SERVE_PEAK_GIB = 4.0  # peak RSS of `probity serve` at 45,000 staff
INGEST_RATIO = 0.9  # ingest throughput ÷ the raw encoder's, on the same texts
DOC_TEXT_PAGES_S = 20.0  # text-layer PDF pages/s, extraction + records (bench/documents_ingest.py)
DOC_SCAN_PAGES_S = 0.2  # scanned pages/s (Tesseract OCR), extraction + records


@dataclass(frozen=True)
class Check:
    target: str
    measured: float | None
    limit: float
    at_most: bool = True  # the figure must be ≤ limit (else ≥)
    unit: str = ""
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "NOT MEASURED"
        ok = self.measured <= self.limit if self.at_most else self.measured >= self.limit
        return "PASS" if ok else "FAIL"

    def as_json(self) -> dict[str, Any]:
        return {"target": self.target, "limit": self.limit, "at_most": self.at_most,
                "unit": self.unit, "measured": self.measured, "verdict": self.verdict,
                "note": self.note}


def _scale(result: dict[str, Any]) -> str:
    people = result.get("people")
    return f"measured at {people:,} staff" if people else ""


def question_latency(r: dict[str, Any]) -> list[Check]:
    o = r["overall"]
    return [Check("question p95, all intents (in process, no LLM)", o["probity"]["p95_ms"],
                  QUESTION_P95_MS, unit="ms", note=f"target at 45,000 staff; {_scale(r)}"),
            Check("question p95 ÷ llama-index default query p95", o["ratio_p95_wall"],
                  QUESTION_RATIO_P95, unit="×", note=_scale(r))]


def serve_memory(r: dict[str, Any]) -> list[Check]:
    return [Check("`probity serve` peak RSS", round(r["rss_mib"]["peak"] / 1024, 2),
                  SERVE_PEAK_GIB, unit="GiB", note=f"target at 45,000 staff; {_scale(r)}")]


def whole_ingest_ratio(r: dict[str, Any]) -> float | None:
    """Chunks per wall second of the whole ingest (records, people, chunks, embeddings, index)
    ÷ the raw encoder's chunks per wall second."""
    raw = r["chunks_per_s"]["raw_encode_wall"]
    if not r.get("ingest_seconds_total") or not raw:
        return None
    return round(r["chunks"] / r["ingest_seconds_total"] / raw, 3)


def ingest_throughput(r: dict[str, Any]) -> list[Check]:
    stage = r["ratio_ingest_to_raw"]
    note = f"{_scale(r)}, {r.get('backend', 'torch')}"
    return [Check("embedding stage ÷ raw encoder, CPU time", stage["cpu"], INGEST_RATIO,
                  at_most=False, unit="×", note=note),
            Check("embedding stage ÷ raw encoder, wall time", stage["wall"], INGEST_RATIO,
                  at_most=False, unit="×", note=note),
            Check("whole ingest ÷ raw encoder, wall time", whole_ingest_ratio(r), INGEST_RATIO,
                  at_most=False, unit="×",
                  note=note + "; records and people resolution count against it")]


def embed_throughput(r: dict[str, Any]) -> list[Check]:
    goal = r.get("goal_ratio", INGEST_RATIO)
    note = f"{r['n_texts']} texts from {Path(r['source']).name}"
    return [Check(f"index path (embed + Chroma + BM25) ÷ raw encode, {clock} time",
                  r["ratios"][clock]["pipeline_ratio"], goal, at_most=False, unit="×", note=note)
            for clock in ("cpu", "wall")]


def checks_for(result: dict[str, Any]) -> list[Check] | None:
    """The checks of whichever benchmark wrote `result`; None when it states no target."""
    if "intents" in result and "overall" in result:
        return question_latency(result)
    if "rss_mib" in result:
        return serve_memory(result)
    if "ratio_ingest_to_raw" in result:
        return ingest_throughput(result)
    if "ratios" in result and "n_texts" in result:
        return embed_throughput(result)
    if "text_layer" in result and "scanned" in result:
        return documents_ingest(result)
    return None


def documents_ingest(r: dict[str, Any]) -> list[Check]:
    """Document-specific step (extraction + records); the whole ingest is in the note."""
    return [Check(f"{r[k]['pages']:,} {label} pages: extraction + records",
                  r[k]["extract_pages_per_second"], limit, at_most=False, unit="p/s",
                  note=f"whole ingest {r[k]['pages_per_second']} p/s")
            for k, label, limit in (("text_layer", "text-layer", DOC_TEXT_PAGES_S),
                                    ("scanned", "scanned (OCR)", DOC_SCAN_PAGES_S))]


def judged(result: dict[str, Any]) -> dict[str, Any]:
    """`result` with its verdicts and whether every one passed."""
    checks = checks_for(result) or []
    return {**result, "verdicts": [c.as_json() for c in checks],
            "passed": all(c.verdict == "PASS" for c in checks)}


def table(checks: list[Check]) -> str:
    lines = [f"{'target':60} {'limit':>10} {'measured':>10}  verdict"]
    for c in checks:
        sign = "≤" if c.at_most else "≥"
        lines.append(f"{c.target:60} {sign + ' ' + f'{c.limit:g}' + ' ' + c.unit:>10} "
                     f"{'-' if c.measured is None else f'{c.measured:g}':>10}  {c.verdict}"
                     + (f"  ({c.note})" if c.note else ""))
    return "\n".join(lines)


def main(args: list[str]) -> int:
    """Print the verdicts of stored results; `--write` also adds them to each file's JSON."""
    write = "--write" in args
    for path in (Path(a) for a in args if a != "--write"):
        result = json.loads(path.read_text(encoding="utf-8"))
        checks = checks_for(result)
        print(f"\n{path}")
        print(table(checks) if checks is not None else "  (this benchmark states no target)")
        if write and checks is not None:
            path.write_text(json.dumps(judged(result), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
