"""Ask: the conversation, each answer with its `[n]` markers and, right under it, the records it
cites with the quoted spans highlighted.

The conversation belongs to the case: switching case reference shows that case's questions. The
newest answer opens its sources; an older one's stay closed until opened, so a long conversation
redraws quickly. A record is fetched, and audited, once per case however often it is shown.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from uuid import uuid4

import streamlit as st

from assistant.service import MAX_QUESTION_CHARS
from ui import candidates, export, markup, page_case, results, session, sources

SAMPLES = (
    "How many complaints were received in 2024?",
    "Which officers had the most complaints in 2024?",
    "List the conduct cases opened in 2023",
    "Has an officer threatened to plant drugs on someone unless they paid him?",
)


def history() -> list[dict[str, Any]]:
    return session.cache("chat").setdefault("turns", [])


def ask(question: str) -> None:
    user, case_ref = session.user(), session.case_ref()
    with st.chat_message("user"):
        st.html(f'<div class="prb-answer">{escape(question)}</div>')
    with (
        st.chat_message("assistant"),
        st.spinner("Searching the records and checking every quote against them…", show_time=True),
    ):
        # one conversation per chat: follow-ups ("and in 2022?") bind to the previous question
        conversation = session.cache("chat").setdefault("conversation_id", f"ui-{uuid4().hex}")
        answer, error = session.attempt(session.service().ask, user, case_ref, question,
                                        conversation_id=conversation)
    if answer is not None:  # the case keeps the turn, as `POST /v1/ask` with a case ref does
        page_case.save_turn(answer, question)
    history().append(
        {
            "question": question,
            "answer": answer,
            "error": error,
            "at": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
    )
    session.persist()  # a reload from here on finds this turn
    st.rerun()


def samples() -> None:
    st.markdown(
        "**New here? Try one of these** — every answer cites the records it rests on, "
        "and says so when the records don't answer the question."
    )
    cols = st.columns(2)
    for i, question in enumerate(SAMPLES):
        cols[i % 2].button(
            question,
            key=f"sample-{i}",
            on_click=session.go,
            args=("Ask",),
            kwargs={"pending": question},
            width="stretch",
        )
    st.caption(
        'Ask about a person by name or identifier ("Tell me about payroll 200135"), '
        "or open the People page to find them."
    )


def turn(i: int, item: dict[str, Any], latest: bool) -> None:
    with st.chat_message("user"):
        st.html(f'<div class="prb-answer">{escape(item["question"])}</div>')
    with st.chat_message("assistant"):
        answer = item["answer"]
        if answer is None:
            st.error(item["error"])
            return
        if answer.interpretation:
            st.html(markup.interpretation(answer.interpretation))
        if answer.unapplied:
            st.html(markup.unapplied(answer.unapplied))
        if answer.abstained:
            st.html(markup.abstention(candidates.short(answer.answer), answer.searched))
        else:
            st.html(markup.answer(answer.answer, link=f"t{i}" if latest else None))
        cited = len(answer.citations)
        st.caption(" · ".join(x for x in (
            f"{cited} citation{'s' if cited != 1 else ''}" if cited else "",
            f"{answer.timings_ms.get('total', 0) / 1000:.1f} s",
            item["at"][11:16],
        ) if x))
        if answer.abstained:
            candidates.offer(item["question"], answer.answer, key=f"t{i}")
        if results.wants_table(answer):
            results.table(answer, f"t{i}", export.file_name(
                session.case_ref() or "", f"answer {i + 1}", item["at"], "csv"
            ).removesuffix(".csv"))
        if answer.citations:
            box = st.expander(
                f"Sources ({len(answer.citations)})",
                expanded=latest,
                key=f"sources-{i}",
                on_change="rerun",
            )
            if box.open:
                with box:
                    sources.panel(answer.citations, key=f"t{i}")
        note = export.answer_note(
            item["question"], answer, session.user(), session.case_ref() or "", item["at"]
        )
        downloads(note, f"answer {i + 1}", item["at"], key=f"t{i}")


def downloads(note: export.Note, what: str, at: str, key: str) -> None:
    case_ref = session.case_ref() or ""
    row = st.container(horizontal=True)
    row.download_button(
        "Case note (Markdown)",
        export.to_markdown(note),
        mime="text/markdown",
        file_name=export.file_name(case_ref, what, at, "md"),
        on_click="ignore",
        key=f"{key}-md",
        icon=":material/download:",
    )
    row.download_button(
        "Case note (HTML)",
        export.to_html(note),
        mime="text/html",
        file_name=export.file_name(case_ref, what, at, "html"),
        on_click="ignore",
        key=f"{key}-html",
        icon=":material/download:",
    )


def render() -> None:
    st.title("Ask the records")
    turns = history()
    if not turns:
        samples()
    for i, item in enumerate(turns):
        turn(i, item, latest=i == len(turns) - 1)
    question = st.chat_input("Ask a question about the records…", max_chars=MAX_QUESTION_CHARS)
    pending = st.session_state.pop("pending", None)
    if question or pending:
        ask(question or pending)
