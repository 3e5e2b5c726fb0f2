"""Case notes: an answer or a person profile as a Markdown or HTML file for the case file.

A note must stand on its own in a disciplinary bundle, so it carries the case reference, who
consulted the records and when, and every citation with its exact quoted span and source row —
what a reader needs to go back to the record. One `Note` structure, two renderings, so the
Markdown and HTML versions never say different things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

from assistant.answers import Answer, Citation, User
from assistant.facts import noun
from ui import markup


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[Any]]] | None = None


@dataclass
class Note:
    title: str
    meta: list[str]
    sections: list[Section]
    citations: list[Citation] = field(default_factory=list)


def _meta(user: User, case_ref: str, at: str) -> list[str]:
    return [
        f"Case reference: {case_ref}",
        f"Consulted by: {user.name} ({user.role})",
        f"At: {at}",
        "Prepared with Probity from the records as this user may see them.",
    ]


def answer_note(question: str, answer: Answer, user: User, case_ref: str, at: str) -> Note:
    if answer.abstained:
        result = Section("Answer: not answered from the records", [answer.answer])
        if answer.searched:
            result.lines.append(f"Searched: {answer.searched}")
    else:
        result = Section("Answer", [answer.answer])
    return Note(
        f"Case note: {case_ref}",
        _meta(user, case_ref, at),
        [Section("Question", [question]), result],
        answer.citations,
    )


def profile_note(profile: dict[str, Any], user: User, case_ref: str, at: str) -> Note:
    p, counts = profile, profile["counts"]
    about = [
        ", ".join(str(x) for x in (p["rank"], p["unit"], p["district"], p["force"]) if x),
        f"Role: {p['role_title'] or '—'}; joined {p['start_date'] or '—'}"
        + (f"; left {p['leave_date']}" if p["leave_date"] else ""),
        f"Person record: {p['person_id']}",
    ]
    items = p["timeline"]["items"]
    sections = [
        Section(p["name"], about),
        Section(
            "Identifiers",
            table=(["scheme", "value"], [[i["scheme"], i["value"]] for i in p["identifiers"]]),
        ),
        Section(
            "Postings",
            table=(
                ["unit", "rank", "records", "first seen", "last seen"],
                [
                    [x["unit"], x["rank"], x["records"], x["first_seen"], x["last_seen"]]
                    for x in p["postings"]
                ],
            ),
        ),
        Section(
            "Records by kind",
            table=(["kind", "records"], [[noun(k, n), n] for k, n in counts["by_kind"].items()]),
        ),
        Section("Records by year", table=(["year", "records"], list(counts["by_year"].items()))),
        Section(
            f"Timeline: {len(items)} most recent of {p['timeline']['total']} records",
            table=(
                ["date", "kind", "category", "what", "record", "source"],
                [
                    [
                        x["date"],
                        noun(x["kind"]),
                        x["category"],
                        x["headline"],
                        x["record_id"],
                        x["source"],
                    ]
                    for x in items
                ],
            ),
        ),
    ]
    return Note(
        f"Person profile: {p['name']} — case {case_ref}", _meta(user, case_ref, at), sections
    )


def _cell(value: Any) -> str:
    return " ".join(markup.text(value).split()).replace("|", "\\|") or "—"


def to_markdown(note: Note) -> str:
    out = [f"# {note.title}", "", *(f"- {m}" for m in note.meta), ""]
    for s in note.sections:
        out += [f"## {s.heading}", "", *(x for line in s.lines for x in (line, ""))]
        if s.table:
            head, rows = s.table
            out += [
                f"| {' | '.join(head)} |",
                f"|{'---|' * len(head)}",
                *(f"| {' | '.join(_cell(v) for v in row)} |" for row in rows),
                "",
            ]
    if note.citations:
        out += ["## Sources", ""]
        for c in note.citations:
            out += [
                f"**[{c.n}]** {noun(c.kind)} `{c.record_id}` — "
                f"{c.field}[{c.start}:{c.end}] — source `{c.source}`",
                "",
                f"> {' '.join(c.quote.split())}",
                "",
            ]
    return "\n".join(out)


def to_html(note: Note) -> str:
    body = [
        f"<h1>{escape(note.title)}</h1>",
        "<ul>" + "".join(f"<li>{escape(m)}</li>" for m in note.meta) + "</ul>",
    ]
    for s in note.sections:
        body.append(f"<h2>{escape(s.heading)}</h2>")
        body += [f'<p class="prb-answer">{markup.markers(line)}</p>' for line in s.lines]
        if s.table:
            head, rows = s.table
            body.append(
                "<table><tr>"
                + "".join(f"<th>{escape(h)}</th>" for h in head)
                + "</tr>"
                + "".join(
                    "<tr>" + "".join(f"<td>{escape(markup.text(v))}</td>" for v in row) + "</tr>"
                    for row in rows
                )
                + "</table>"
            )
    if note.citations:
        body.append("<h2>Sources</h2>")
        body += [
            f'<p><span class="prb-n">[{c.n}]</span> {escape(noun(c.kind))} '
            f"<code>{escape(c.record_id)}</code> — {escape(c.field)}[{c.start}:{c.end}] — "
            f'source <code>{escape(c.source)}</code></p><blockquote><mark class="prb-q">'
            f"{escape(c.quote)}</mark></blockquote>"
            for c in note.citations
        ]
    style = (
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:.2rem .5rem;text-align:left}blockquote{margin:.2rem 0 1rem 1rem}</style>"
    )
    css = markup.CSS.removeprefix("<style>").removesuffix("</style>")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{escape(note.title)}</title>{style}<style>{css}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )


def file_name(case_ref: str, what: str, at: str, ext: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{case_ref} {what} {at}").strip("-").lower()
    return f"probity-{slug}.{ext}"
