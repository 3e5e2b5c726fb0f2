"""HTML for what Streamlit's widgets don't draw: answers with `[n]` markers, a quote highlighted in
its surrounding text, a record's fields.

Record text is never trusted: everything from the store or the user is escaped here before it
reaches `st.html` (which sanitises as well), and no Markdown is interpreted, so a narrative
containing `*`, `#` or `<script>` is shown exactly as it was written.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

CSS = """<style>
.prb-answer { white-space: pre-wrap; line-height: 1.6; }
.prb-n { font-size: .78em; font-weight: 600; color: #1d4ed8; background: rgba(37,99,235,.1);
         border-radius: 4px; padding: 0 .25em; margin: 0 .05em; vertical-align: .25em; }
.prb-abstain { border-left: 4px solid #d97706; background: rgba(217,119,6,.09);
               padding: .6rem .9rem; border-radius: 4px; }
.prb-label { font-weight: 700; font-size: .72rem; letter-spacing: .06em; text-transform: uppercase;
             color: #b45309; margin-bottom: .25rem; }
.prb-searched { font-size: .85rem; opacity: .8; margin-top: .4rem; }
.prb-meta { font-size: .85rem; opacity: .85; }
.prb-meta code { font-size: .8rem; }
.prb-context { white-space: pre-wrap; line-height: 1.55; padding: .45rem .7rem; border-radius: 4px;
               border: 1px solid rgba(128,128,128,.25); background: rgba(128,128,128,.05); }
.prb-field { font-size: .72rem; opacity: .7; text-transform: uppercase; letter-spacing: .04em; }
mark.prb-q { background: #fde68a; color: #1f2937; padding: 0 .1em; border-radius: 2px; }
table.prb-fields { border-collapse: collapse; width: 100%; font-size: .88rem; }
table.prb-fields th { text-align: left; vertical-align: top; padding: .2rem .6rem .2rem 0;
                      font-weight: 600; white-space: nowrap; opacity: .8; }
table.prb-fields td { padding: .2rem 0; white-space: pre-wrap; word-break: break-word; }
</style>"""
MARKER = re.compile(r"\[(\d+)\]")
CONTEXT_CHARS = 240


def text(value: Any) -> str:
    """A field value as the store's text cast gives it (so citation offsets apply)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def markers(body: str) -> str:
    """Escaped text with each `[n]` drawn as a citation badge."""
    return MARKER.sub(r'<span class="prb-n">[\1]</span>', escape(body))


def answer(body: str) -> str:
    return f'<div class="prb-answer">{markers(body)}</div>'


def abstention(body: str, searched: str) -> str:
    extra = f'<div class="prb-searched">Searched: {escape(searched)}</div>' if searched else ""
    return (
        f'<div class="prb-abstain"><div class="prb-label">Not answered from the records</div>'
        f'<div class="prb-answer">{markers(body)}</div>{extra}</div>'
    )


def highlight(full: str, start: int, end: int, width: int | None = CONTEXT_CHARS) -> str:
    """`full[start:end]` marked inside up to `width` characters either side (whole words)."""
    a, b = 0, len(full)
    if width is not None:
        a, b = max(0, start - width), min(len(full), end + width)
        if a > 0 and (space := full.find(" ", a, start)) != -1:
            a = space + 1
        if b < len(full) and (space := full.rfind(" ", end, b)) != -1:
            b = space
    head, tail = ("…" if a > 0 else ""), ("…" if b < len(full) else "")
    return (
        f'{head}{escape(full[a:start])}<mark class="prb-q">{escape(full[start:end])}</mark>'
        f"{escape(full[end:b])}{tail}"
    )


def context(field: str, body: str) -> str:
    return f'<div class="prb-field">{escape(field)}</div><div class="prb-context">{body}</div>'


def fields_table(fields: dict[str, Any], marked: tuple[str, int, int] | None = None) -> str:
    """Every field of a record; the cited one (name, start, end) with its span highlighted."""
    rows = []
    for name, value in fields.items():
        body = text(value)
        if marked and marked[0] == name and body[marked[1] : marked[2]]:
            cell = highlight(body, marked[1], marked[2], width=None)
        else:
            cell = escape(body) if body else "—"
        rows.append(f"<tr><th>{escape(name)}</th><td>{cell}</td></tr>")
    return f'<table class="prb-fields">{"".join(rows)}</table>'


def meta(*parts: str) -> str:
    """One line of already-escaped parts, dot-separated."""
    return f'<div class="prb-meta">{" · ".join(p for p in parts if p)}</div>'
