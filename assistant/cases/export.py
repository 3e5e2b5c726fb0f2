"""Render a case file (casefile.py) as Markdown, HTML or PDF; the marking heads and ends each.

PDF uses fpdf2 (pure Python, on PyPI; no browser). Its core fonts are Latin-1 only, so text is
folded to Latin-1 for the PDF (arrows, dashes and curly quotes spelled in ASCII, masking
blocks as '#', anything else outside it as '?'); Markdown and HTML keep UTF-8.
"""

from __future__ import annotations

from html import escape
from typing import Literal

from fpdf import FPDF

from assistant.cases.casefile import CaseFile

Format = Literal["md", "html", "pdf"]
CSS = ".marking{font-weight:bold;text-align:center}.meta{color:#333}blockquote{margin-left:2em}"
MEDIA_TYPES: dict[str, str] = {"md": "text/markdown; charset=utf-8",
                               "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def markdown(doc: CaseFile) -> str:
    out = [f"**{doc.marking}**", "", f"# {doc.title}", ""]
    for section in doc.sections:
        out += [f"## {section.title}", ""]
        for b in section.blocks:
            prefix = {"item": "- ", "quote": "    > ", "meta": "*"}.get(b.style, "")
            suffix = "*" if b.style == "meta" else ""
            out.append(f"{prefix}{b.text}{suffix}")
        out.append("")
    return "\n".join([*out, f"**{doc.marking}**", ""])


def html(doc: CaseFile) -> str:
    tag = {"item": "li", "quote": "blockquote", "meta": "p class=meta", "p": "p"}
    body = []
    for section in doc.sections:
        body.append(f"<h2>{escape(section.title)}</h2>")
        for b in section.blocks:
            open_tag = tag[b.style] + (' data-restricted="true"' if b.restricted else "")
            body.append(f"<{open_tag}>{escape(b.text)}</{tag[b.style].split()[0]}>")
    mark = f'<div class="marking">{escape(doc.marking)}</div>'
    return ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>{escape(doc.title)}</title><style>{CSS}</style></head>"
            f"<body>{mark}<h1>{escape(doc.title)}</h1>{''.join(body)}{mark}</body></html>")


# Common punctuation outside Latin-1, spelled so the PDF's core font can print it.
FOLD = str.maketrans({"→": "->", "—": "-", "–": "-", "…": "...", "‘": "'", "’": "'",
                      "“": '"', "”": '"', "█": "#", "•": "-"})


def _latin1(text: str) -> str:
    return text.translate(FOLD).encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    marking = ""

    def header(self) -> None:
        self.set_font("Helvetica", "B", 10)
        self.cell(0, 6, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "B", 10)
        self.cell(0, 6, f"{self.marking} - page {self.page_no()}", align="C")


def pdf(doc: CaseFile) -> bytes:
    out = _Pdf()
    out.marking = doc.marking
    out.set_title(_latin1(doc.title))
    out.add_page()
    out.set_font("Helvetica", "B", 16)
    out.multi_cell(0, 9, _latin1(doc.title), align="L", new_x="LMARGIN", new_y="NEXT")
    for section in doc.sections:
        out.set_font("Helvetica", "B", 13)
        out.multi_cell(0, 8, _latin1(section.title), new_x="LMARGIN", new_y="NEXT")
        for b in section.blocks:
            out.set_font("Helvetica", "I" if b.style in ("meta", "quote") else "", 10)
            indent = {"item": 4, "quote": 10}.get(b.style, 0)
            out.set_x(out.l_margin + indent)
            text = ("- " if b.style == "item" else "") + b.text
            out.multi_cell(0, 5, _latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
        out.ln(2)
    return bytes(out.output())


def render(doc: CaseFile, fmt: Format) -> bytes:
    if fmt == "pdf":
        return pdf(doc)
    return (markdown(doc) if fmt == "md" else html(doc)).encode("utf-8")
