"""HTML for what Streamlit's widgets don't draw: answers with `[n]` markers, a quote highlighted in
its surrounding text, a record's fields.

Record text is never trusted: everything from the store or the user is escaped here before it
reaches `st.html` (which sanitises as well), and no Markdown is interpreted, so a narrative
containing `*`, `#` or `<script>` is shown exactly as it was written.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import Any

CSS = """<style>
.prb-answer { white-space: pre-wrap; line-height: 1.6; overflow-wrap: anywhere; }
.prb-n { font-size: .78em; font-weight: 600; color: #1d4ed8; background: rgba(37,99,235,.1);
         border-radius: 4px; padding: 0 .25em; margin: 0 .05em; vertical-align: .25em;
         text-decoration: none; }
a.prb-n:hover, a.prb-n:focus { background: #1d4ed8; color: #ffffff; }
.prb-anchor { display: block; position: relative; top: -80px; visibility: hidden; }
div[class*="-card-"]:has(.prb-anchor:target) { outline: 3px solid #1d4ed8;
    outline-offset: 2px; border-radius: .5rem; background: rgba(37,99,235,.06); }
.prb-abstain { border-left: 4px solid #d97706; background: rgba(217,119,6,.09);
               padding: .6rem .9rem; border-radius: 4px; }
.prb-label { font-weight: 700; font-size: .72rem; letter-spacing: .06em; text-transform: uppercase;
             color: #92400e; margin-bottom: .25rem; }
.prb-searched { font-size: .85rem; color: #374151; margin-top: .4rem; }
.prb-meta { font-size: .85rem; color: #374151; overflow-wrap: anywhere; }
.prb-meta code { font-size: .8rem; }
.prb-read { font-size: .88rem; color: #374151; margin-bottom: .3rem; }
.prb-inherited { background: #dbeafe; color: #1e3a8a; border-radius: 4px; padding: 0 .35em;
                 white-space: nowrap; }
.prb-unapplied { border-left: 4px solid #b91c1c; background: #fef2f2; color: #7f1d1d;
                 padding: .4rem .8rem; border-radius: 4px; margin-bottom: .4rem; font-size: .9rem; }
.prb-restricted { background: #7f1d1d; color: #ffffff; font-weight: 700; font-size: .72rem;
                  letter-spacing: .05em; text-transform: uppercase; border-radius: 3px;
                  padding: .05em .4em; }
.prb-context { white-space: pre-wrap; line-height: 1.55; padding: .45rem .7rem; border-radius: 4px;
               border: 1px solid rgba(128,128,128,.25); background: rgba(128,128,128,.05); }
.prb-field { font-size: .72rem; color: #4b5563; text-transform: uppercase; letter-spacing: .04em; }
mark.prb-q { background: #fde68a; color: #1f2937; padding: 0 .1em; border-radius: 2px; }
table.prb-fields { border-collapse: collapse; width: 100%; font-size: .88rem; }
table.prb-fields th { text-align: left; vertical-align: top; padding: .2rem .6rem .2rem 0;
                      font-weight: 600; white-space: nowrap; color: #374151; }
table.prb-fields td { padding: .2rem 0; white-space: pre-wrap; word-break: break-word; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
    color: #4b5563 !important; }
@media (max-width: 640px) {
  table.prb-fields th { white-space: normal; }
  .prb-inherited { white-space: normal; }
  [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  [data-testid="stColumn"] { min-width: 100% !important; }
}
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


def markers(body: str, link: str | None = None) -> str:
    """Escaped text with each `[n]` drawn as a citation badge; with `link`, a badge is a link
    to its source card (`anchor(link, n)`), which the CSS highlights when jumped to."""
    if link is None:
        return MARKER.sub(r'<span class="prb-n">[\1]</span>', escape(body))
    return MARKER.sub(
        lambda m: f'<a class="prb-n" href="#{anchor_id(link, int(m[1]))}" '
        f'title="Show source {m[1]}">[{m[1]}]</a>',
        escape(body),
    )


def anchor_id(link: str, n: int) -> str:
    return f"src-{re.sub(r'[^A-Za-z0-9-]', '-', link)}-{n}"


def anchor(link: str, n: int) -> str:
    """The invisible target a `[n]` badge jumps to, placed at the top of its source card."""
    return f'<span class="prb-anchor" id="{anchor_id(link, n)}"></span>'


def answer(body: str, link: str | None = None) -> str:
    return f'<div class="prb-answer">{markers(body, link)}</div>'


def abstention(body: str, searched: str) -> str:
    extra = f'<div class="prb-searched">Searched: {escape(searched)}</div>' if searched else ""
    return (
        f'<div class="prb-abstain"><div class="prb-label">Not answered from the records</div>'
        f'<div class="prb-answer">{markers(body)}</div>{extra}</div>'
    )


INHERITED = re.compile(r" \(from the conversation: (.*)\)$")


def interpretation(line: str) -> str:
    """The 'Read as: …' line, with what a follow-up took from the conversation picked out."""
    found = INHERITED.search(line)
    if found is None:
        return f'<div class="prb-read">{escape(line)}</div>'
    return (
        f'<div class="prb-read">{escape(line[: found.start()])} '
        f'<span class="prb-inherited">from the conversation: {escape(found[1])}</span></div>'
    )


def unapplied(parts: list[str]) -> str:
    said = ", ".join(f"‘{escape(p)}’" for p in parts)
    return (
        f'<div class="prb-unapplied"><b>Not applied:</b> {said} — the answer does not take '
        f"{'this' if len(parts) == 1 else 'these'} into account.</div>"
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


def blank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a table with missing values as empty cells (a table never reads 'None'); dates
    as ISO text so a column of dates and blanks stays one type."""
    return [
        {k: "" if v is None else v.isoformat() if isinstance(v, date) else v
         for k, v in row.items()}
        for row in rows
    ]


def meta(*parts: str) -> str:
    """One line of already-escaped parts, dot-separated."""
    return f'<div class="prb-meta">{" · ".join(p for p in parts if p)}</div>'
