"""The source panel: each cited record with its quoted span highlighted where it stands in the
record, one click from the whole record and where it came from.

Checking a claim should not need another screen. Each card opens the record through the
consultation service (an audited record view, once per case) and checks the quote against the
record as the user may see it now: a record re-ingested since the answer is flagged, never shown
as if it still said what was quoted.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import streamlit as st

from assistant.answers import Citation
from assistant.facts import noun, when
from assistant.pages import page_bounds, page_scan
from assistant.records import RECORD_KINDS
from ui import markup, session

PAGE = 30  # every card of a typical answer on one page, so each `[n]` can jump to its card
PEOPLE_PAGE = "People"


def panel(citations: list[Citation], key: str) -> None:
    """Cards for `citations`, a page at a time (a count can cite a hundred records)."""
    if not citations:
        return
    pages = -(-len(citations) // PAGE)
    st.markdown(f"**Sources** · {len(citations)} cited")
    page = st.pagination(pages, key=f"{key}-page") if pages > 1 else 1
    for c in citations[(page - 1) * PAGE : page * PAGE]:
        card(c, key)


def card(c: Citation, key: str) -> None:
    view, error = session.record_view(c.record_id)
    with st.container(border=True, key=f"{key}-card-{c.n}"):
        st.html(markup.anchor(key, c.n) + header(c, view))
        if view is None:
            st.html(markup.context(c.field, f'<mark class="prb-q">{escape(c.quote)}</mark>'))
            st.caption(f"The record cannot be opened: {error}")
            return
        full = markup.text(view["fields"].get(c.field))
        if full[c.start : c.end] == c.quote and c.page is not None:  # a document: its page
            st.html(page_context(full, c, view["fields"].get("pages")))
            scanned(view, c)
        elif full[c.start : c.end] == c.quote:
            st.html(markup.context(c.field, markup.highlight(full, c.start, c.end)))
        else:
            st.html(markup.context(c.field, f'<mark class="prb-q">{escape(c.quote)}</mark>'))
            st.warning(
                "The record no longer reads as quoted: it was re-ingested after this "
                "answer. Ask again for a current answer."
            )
        with st.expander("Whole record and provenance"):
            detail(view, f"{key}-{c.n}", (c.field, c.start, c.end))


def page_context(full: str, c: Citation, pages: str | None) -> str:
    """The whole page the quote stands on, the quote highlighted (a document is cited by page),
    and whether the page's text was read by OCR, with Tesseract's confidence."""
    start, end = page_bounds(full, c.page or 1)
    body = markup.highlight(full[start:end], c.start - start, c.end - start, width=None)
    label = f"{c.field} · page {c.page}"
    try:
        page = json.loads(pages or "[]")[(c.page or 1) - 1]
    except (ValueError, IndexError, TypeError):
        page = {}
    if isinstance(page, dict) and page.get("ocr"):
        label += f" · OCR text, confidence {float(page.get('confidence') or 0):.0%}"
    return markup.context(label, body)


def scanned(view: dict[str, Any], c: Citation) -> None:
    """The scan an OCR page was read from, beside its text. Only for readers who see complainant
    details: masking can hide a name in the text, not in a picture of it."""
    digest = view["fields"].get("sha256")
    if not digest or c.page is None:
        return
    with session.service().readers.lend() as con:
        png = page_scan(con, str(digest), c.page)
    if png is None:
        return
    if not session.user().sees_complainant_details:
        st.caption("This page was read from a scan; the scan itself is shown only to readers "
                   "cleared for complainant details (its text above is masked for you).")
        return
    with st.expander(f"Page {c.page} as scanned"):
        st.image(png, caption=f"{c.field} · page {c.page}, the image the OCR text was read from")


def header(c: Citation, view: dict[str, Any] | None) -> str:
    parts = [
        f'<span class="prb-n">[{c.n}]</span> <b>{escape(noun(c.kind).capitalize())}</b> '
        f"<code>{escape(c.record_id)}</code>"
    ]
    if view is not None:
        date_field = RECORD_KINDS[c.kind].date_field
        if date_field and view["fields"].get(date_field):
            label = date_field.removesuffix("_date").removesuffix("_at").replace("_", " ")
            parts.append(f"{escape(label)} {escape(when(view['fields'][date_field]))}")
        parts.append(escape(", ".join(people(view))))
        parts.append('<span class="prb-restricted">Restricted</span>' if view["restricted"] else "")
        parts.append("complainant details masked" if view["redacted"] else "")
    parts.append(f"source {escape(c.source)}")
    return markup.meta(*parts)


def people(view: dict[str, Any]) -> list[str]:
    """Who the record is about: its own name for a person, else its linked staff references."""
    if view["kind"] == "person":
        return [markup.text(view["fields"].get("name"))]
    return list(
        dict.fromkeys(
            ref["name"] or f"{ref['scheme']} {ref['value']}"
            for ref in view["people"]
            if ref["person_id"]
        )
    )


def detail(view: dict[str, Any], key: str, marked: tuple[str, int, int] | None = None) -> None:
    """The whole record as the user may see it: provenance, fields, people and how each
    reference was linked to a person, related records."""
    prov = view["provenance"]
    st.html(
        markup.meta(
            f"mapping <b>{escape(prov['mapping'])}</b>",
            f"file <code>{escape(prov['file'])}</code>",
            f"row {prov['row']}",
            f"ingested {escape(str(view['ingested_at'])[:16])}",
            f"content hash <code>{escape(view['content_hash'][:12])}</code>",
        )
    )
    st.html(markup.fields_table(view["fields"], marked))
    if view["people"]:
        st.dataframe(
            markup.blank([
                {
                    "role": r["role"],
                    "name": r["name"],
                    "identifier": f"{r['scheme'] or ''} {r['value'] or ''}".strip(),
                    "linked to": r["person_id"] or "not linked",
                    "how": r["method"],
                    "confidence": r["confidence"],
                }
                for r in view["people"]
            ]),
            hide_index=True,
        )
    linked = list(dict.fromkeys(r["person_id"] for r in view["people"] if r["person_id"]))
    if view["kind"] == "person":
        linked = [view["record_id"]]
    for i, person_id in enumerate(linked):
        st.button(
            f"Open profile: {person_id}",
            key=f"{key}-profile-{i}",
            icon=":material/person:",
            on_click=session.go,
            args=(PEOPLE_PAGE,),
            kwargs={"person": person_id},
        )
    if view["related"]:
        st.caption(
            "Related: " + ", ".join(f"{r['relation']} {r['record_id']}" for r in view["related"])
        )
