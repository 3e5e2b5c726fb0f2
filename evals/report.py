"""Write a run as report.json (everything), report.md (readable) and report.html (the same
tables, bars drawn in CSS so they show offline, plus altair charts).

Tables: the headline (Probity vs each baseline, per metric), per question type, the gates, and
the worst 20 failures with question, answer and gold.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

SYSTEMS = ("probity", "bm25", "dense", "llamaindex")
HEADLINE = ("answer_score", "count_em", "set_f1", "citation_recall", "citation_precision",
            "unsupported", "length_ratio", "recall@5", "recall@10", "mrr", "ndcg@10",
            "evidence_recall")
PER_TYPE = ("n", "answer_score", "citation_recall", "citation_precision", "recall@10", "mrr",
            "unsupported", "leaks")


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def tables(report: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    s = report["summary"]
    systems = [x for x in SYSTEMS if x in s]
    out = [("Headline: all questions", ["metric", *systems],
            [[m, *(_fmt(s[x]["all"].get(m)) for x in systems)] for m in HEADLINE])]
    abst = [[m, *(_fmt(s[x].get("abstention", {}).get(m)) for x in systems)]
            for m in ("precision", "recall", "f1", "false_refusal_rate")]
    out.append(("Abstention (unanswerable vs answerable questions)", ["metric", *systems], abst))
    out.append(("Red team totals", ["metric", *systems],
                [[m, *(_fmt(s[x]["totals"][m]) for x in systems)]
                 for m in ("leaks", "injection_effects", "questions")]))
    types = sorted({g for x in systems for g in s[x] if "/" in g})
    for metric in PER_TYPE[1:]:
        rows = [[t, _fmt(s["probity"].get(t, {}).get("n")),
                 *(_fmt(s[x].get(t, {}).get(metric)) for x in systems)] for t in types]
        out.append((f"Per type: {metric}", ["suite/type", "n", *systems], rows))
    out.append(("Gates (evals/thresholds.toml)", ["gate", "value", "result"],
                [[g["gate"], _fmt(g["value"]), "PASS" if g["ok"] else "FAIL"]
                 for g in report["gates"]]))
    return out


def failures(report: dict[str, Any], n: int = 20) -> list[dict[str, Any]]:
    mine = [r for r in report["rows"] if r["system"] == "probity"]

    def badness(r: dict[str, Any]) -> tuple[float, ...]:
        return (-(r.get("leaks") or 0) - (r.get("injection_effect") or 0),
                r.get("answer_score", 1.0), r.get("citation_recall", 1.0),
                r.get("citation_precision", 1.0))

    bad = [r for r in mine if badness(r) < (0, 1.0, 1.0, 1.0) or r.get("error")]
    return sorted(bad, key=badness)[:n]


def _gold_text(gold: dict[str, Any]) -> str:
    g = {k: (v if not isinstance(v, list) or len(v) <= 8 else [*v[:8], f"… {len(v)} in all"])
         for k, v in gold.items()}
    return json.dumps(g, ensure_ascii=False)


def markdown(report: dict[str, Any]) -> str:
    lines = [f"# Probity eval — suite `{report['suite']}`", "",
             f"Result: **{'PASS' if report['passed'] else 'FAIL'}**. Worlds: "
             + ", ".join(f"{k} = {v}" for k, v in report["worlds"].items())
             + f". Timings (s): {report['timings_s']}.", ""]
    for title, head, rows in tables(report):
        lines += [f"## {title}", "", "| " + " | ".join(head) + " |",
                  "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows] + [""]
    lines += ["## Worst failures (Probity)", ""]
    for r in failures(report):
        lines += [f"### {r['id']} ({r['type']}) — score {_fmt(r.get('answer_score'))}",
                  f"**Q:** {r['question']}", "", "**Answer:**", "", "```",
                  r["answer"][:800], "```", f"**Gold:** `{_gold_text(r['gold'])}`", ""]
    return "\n".join(lines)


def _bar(value: str) -> str:
    try:
        x = max(0.0, min(1.0, float(value)))
    except ValueError:
        return html.escape(value)
    return (f'<div class="bar"><span style="width:{x * 100:.0f}%"></span>'
            f"<em>{html.escape(value)}</em></div>")


def _chart(report: dict[str, Any]) -> str:
    try:
        import altair as alt
    except ImportError:  # pragma: no cover - altair ships with streamlit
        return ""
    data = [{"system": x, "type": t, "answer_score": v.get("answer_score")}
            for x, groups in report["summary"].items() for t, v in groups.items()
            if "/" in t and isinstance(v, dict) and v.get("answer_score") is not None]
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("system:N", title=None), y=alt.Y("answer_score:Q", scale=alt.Scale(domain=[0, 1])),
        color="system:N", column=alt.Column("type:N", title="answer score per question type"))
    return chart.to_html()


def html_report(report: dict[str, Any]) -> str:
    parts = ["<!doctype html><meta charset='utf-8'><title>Probity eval</title><style>",
             "body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:"
             "collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px}"
             ".bar{position:relative;width:120px;height:1.2em;background:#eee}.bar span{position:"
             "absolute;left:0;top:0;bottom:0;background:#7aa6d8}.bar em{position:relative;"
             "font-style:normal;padding-left:4px}pre{white-space:pre-wrap;background:#f6f6f6;"
             "padding:6px}</style>",
             f"<h1>Probity eval — suite {html.escape(report['suite'])}: "
             f"{'PASS' if report['passed'] else 'FAIL'}</h1>"]
    for title, head, rows in tables(report):
        parts.append(f"<h2>{html.escape(title)}</h2><table><tr>"
                     + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>")
        for r in rows:
            parts.append("<tr>" + "".join(f"<td>{_bar(c) if i >= 1 else html.escape(c)}</td>"
                                          for i, c in enumerate(r)) + "</tr>")
        parts.append("</table>")
    parts.append("<h2>Charts</h2>" + _chart(report))
    parts.append("<h2>Worst failures (Probity)</h2>")
    for f in failures(report):
        parts.append(f"<h3>{html.escape(f['id'])} ({html.escape(f['type'])})</h3>"
                     f"<p><b>Q:</b> {html.escape(f['question'])}</p><pre>"
                     f"{html.escape(f['answer'][:800])}</pre><p><b>Gold:</b> "
                     f"<code>{html.escape(_gold_text(f['gold']))}</code></p>")
    return "\n".join(parts)


def write(report: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    (out / "report.html").write_text(html_report(report), encoding="utf-8")
