"""People: find a member of staff by name or identifier and read their profile — identifiers,
postings, counts, a timeline of their activity — with one click back into questions about them.

A profile is an audited consultation like a question, and so is each further page of its
timeline; both are kept for the case so that redrawing the page consults nothing again.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

import streamlit as st

from assistant.facts import noun
from ui import export, markup, session, sources
from ui.page_chat import downloads
from ui.profile_tabs import TIMELINE_PAGE, count_table, timeline, timeline_records

PREFERRED_SCHEMES = ("payroll", "collar", "warrant")


def search() -> None:
    with st.form("people-search", border=False):
        query = st.text_input(
            "Find a person",
            placeholder="Name or identifier (payroll, collar, login…)",
            key="people-query",
        )
        submitted = st.form_submit_button("Search", icon=":material/search:")
    found = session.cache("people")
    if submitted and query.strip():
        found["last"] = session.attempt(
            session.service().search_people, session.user(), session.case_ref(), query.strip()
        )
    page, error = found.get("last", (None, None))
    if error:
        st.error(error)
    if page is None:
        return
    if not page["items"]:
        st.info("Nobody you may see matches that name or identifier.")
    for i, hit in enumerate(page["items"]):
        ids = ", ".join(f"{x['scheme']} {x['value']}" for x in hit["identifiers"])
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.html(
            markup.meta(
                f"<b>{escape(hit['name'] or hit['person_id'])}</b>",
                escape(hit["rank"] or ""),
                escape(hit["unit"] or ""),
                escape(hit["force"] or ""),
                escape(ids),
            )
        )
        right.button(
            "Open profile",
            key=f"hit-{i}",
            on_click=session.go,
            args=("People",),
            kwargs={"person": hit["person_id"], "record": None},
        )


def close_record() -> None:
    st.session_state["record"] = None


def linked_record(record_id: str) -> None:
    """A record opened by a link (`?record=…`): shown if this user may see it, else why not."""
    with st.container(border=True):
        head = st.container(horizontal=True, vertical_alignment="center")
        head.markdown(f"**Record `{record_id}`**")
        head.button("Close", key="close-record", icon=":material/close:", on_click=close_record)
        view, error = session.record_view(record_id)
        if view is None:
            st.error(error)
        else:
            sources.detail(view, key="linked-record")


def profile(person_id: str) -> tuple[dict[str, Any] | None, str | None]:
    """The profile with as much of its timeline as has been loaded for this case."""
    profiles = session.cache("profiles")
    if person_id not in profiles:
        profiles[person_id] = session.attempt(
            session.service().person_profile,
            session.user(),
            session.case_ref(),
            person_id,
            TIMELINE_PAGE,
        )
    return profiles[person_id]


def reference(p: dict[str, Any]) -> str:
    """How a question should name the person: an identifier, never an ambiguous name."""
    ids = {i["scheme"]: i["value"] for i in p["identifiers"]}
    scheme = next((s for s in PREFERRED_SCHEMES if s in ids), next(iter(ids), None))
    return f"{scheme} {ids[scheme]}" if scheme else p["name"]


def ask_links(p: dict[str, Any]) -> None:
    ref = reference(p)
    questions = {
        "Overview": f"Tell me about {ref}",
        "Complaints": f"How many complaints were made against {ref}?",
        "Conduct cases": f"List the conduct cases about {ref}",
        "Absences": f"List the absences of {ref}",
        "System searches": f"List the system searches by {ref} in the last 12 months",
    }
    row = st.container(horizontal=True, vertical_alignment="center")
    row.markdown("**Ask about this person:**")
    for label, question in questions.items():
        row.button(
            label,
            key=f"ask-{label}",
            icon=":material/chat:",
            on_click=session.go,
            args=("Ask",),
            kwargs={"pending": question},
        )
    row.button(
        "Leads",
        key="ask-leads",
        icon=":material/flag:",
        on_click=session.go,
        args=("Leads",),
        kwargs={"leads_person": p["person_id"]},
    )


def render_profile(p: dict[str, Any]) -> None:
    st.header(p["name"] or p["person_id"])
    st.html(
        markup.meta(
            *(
                escape(str(x))
                for x in (
                    p["rank"],
                    p["role_title"],
                    p["unit"],
                    p["district"],
                    p["force"],
                    p["start_date"] and f"joined {p['start_date']}",
                    p["leave_date"] and f"left {p['leave_date']}",
                    p["person_id"],
                )
                if x
            )
        )
    )
    ask_links(p)
    by_kind = p["counts"]["by_kind"]
    cols = st.columns(5)
    for col, (label, kind) in zip(
        cols,
        (
            ("Records", None),
            ("Complaints", "complaint"),
            ("Conduct cases", "conduct_case"),
            ("Absences", "absence"),
            ("System searches", "system_access"),
        ),
        strict=True,
    ):
        col.metric(label, p["counts"]["total"] if kind is None else by_kind.get(kind, 0))
    activity, details, counts, records = st.tabs(
        ["Activity", "Identifiers & postings", "Counts", "Records"]
    )
    with activity:
        timeline(p)
    with details:
        st.markdown("**Identifiers across systems** (from the person's HR record)")
        st.dataframe(markup.blank(p["identifiers"]), hide_index=True)
        st.markdown("**How each system's references were resolved to this person**")
        st.dataframe(markup.blank(p["resolution"]), hide_index=True)
        st.caption(
            "identifier: exact match · normalised_identifier: the same number written "
            "differently (“PC 01234”) · name_context: name with unit/rank. Each record shows its "
            "own reference under Records or any citation."
        )
        st.markdown("**Postings** (unit and rank as the records give them)")
        st.dataframe(markup.blank(p["postings"]), hide_index=True)
    with counts:
        left, middle, right = st.columns(3)
        with left:
            count_table("kind", {noun(k, 2): n for k, n in by_kind.items()})
        with middle:
            count_table("year", p["counts"]["by_year"])
        with right:
            for kind, categories in p["counts"]["by_category"].items():
                count_table(f"{noun(kind)} category", categories)
    with records:
        timeline_records(p)
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    downloads(
        export.profile_note(p, session.user(), session.case_ref() or "", at),
        f"profile {p['name']}",
        at,
        key="profile",
    )


def render() -> None:
    st.title("People")
    search()
    if error := st.session_state.pop("people-error", None):
        st.error(error)
    if record_id := st.session_state.get("record"):
        linked_record(record_id)
    person_id = st.session_state.get("person")
    if not person_id:
        return
    st.divider()
    found, error = profile(person_id)
    if found is None:
        st.error(error)
    else:
        render_profile(found)
