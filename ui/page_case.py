"""Case: your cases, and one case's answers, pins, notes and decision log, with export.

The workspace forgot everything on refresh; a case now keeps it (assistant/cases). This page lists
the cases you may open (owned, assigned, or all for supervisors), opens one — the current case
reference by default — and lets you add notes, record a decision (status with a reason, and
optionally a new assignee) and export the case file. Everything goes through the same audited
service functions the API uses, so the clearance rule and withholding are the API's.

For the chat page: `save_turn(answer, question)` keeps an answered question in the current case
and `pin(target, label)` pins a record or person to it; both return (result, error message).
"""

from __future__ import annotations

from html import escape
from typing import Any

import streamlit as st

from assistant.answers import Answer
from assistant.cases import service as cases
from assistant.cases.export import MEDIA_TYPES
from assistant.cases.models import MAX_REASON, MAX_TEXT, STATUSES, CaseDetail, Pin
from ui import markup, session


def save_turn(answer: Answer, question: str) -> tuple[int | None, str | None]:
    """Keep `answer` to `question` as a turn of the current case (opened if new)."""
    return session.attempt(cases.save_turn, session.service(), session.user(),
                           session.case_ref(), answer, question)


def pin(target: str, label: str = "") -> tuple[Pin | None, str | None]:
    """Pin a record or person id the user can see to the current case."""
    return session.attempt(cases.add_pin, session.service(), session.user(),
                           session.case_ref(), target, label)


def chosen_case(refs: list[str]) -> str | None:
    current = session.case_ref()
    options = refs if current in refs else [*refs, current] if current else refs
    if not options:
        return None
    return st.selectbox("Open case", options, index=options.index(current) if current in options
                        else 0, key="case-open")


def decision_form(case: CaseDetail) -> None:
    with st.form(f"decide-{case.case_ref}", clear_on_submit=True):
        st.markdown("**Record a decision**")
        status = st.selectbox("New status", STATUSES, index=STATUSES.index(case.status),
                              key="case-status")
        reason = st.text_area("Reason (required for every decision, 'no further action' too)",
                              max_chars=MAX_REASON, key="case-reason")
        assignee = st.text_input("Assign to (optional)", key="case-assignee")
        shareable = session.user().cleared_for_restricted and st.checkbox(
            "Investigators without restricted clearance may read this reason",
            key="case-reason-shareable")
        if not st.form_submit_button("Record decision"):
            return
        if not reason.strip():
            st.error("Give the reason for this decision.")
            return
        done, error = session.attempt(cases.change_status, session.service(), session.user(),
                                      case.case_ref, status, reason, assignee or None, shareable)
    if done is None:
        st.error(error)
        return
    st.session_state["case-flash"] = f"Decision recorded: {done.from_status} → {done.to_status}."
    st.rerun()


def note_form(case: CaseDetail) -> None:
    with st.form(f"note-{case.case_ref}", clear_on_submit=True):
        text = st.text_area("Add a note", max_chars=MAX_TEXT, key="case-note")
        shareable = session.user().cleared_for_restricted and st.checkbox(
            "Investigators without restricted clearance may read this note",
            key="case-note-shareable")
        if not st.form_submit_button("Add note") or not text.strip():
            return
        done, error = session.attempt(cases.add_note, session.service(), session.user(),
                                      case.case_ref, text, shareable)
    if done is None:
        st.error(error)
        return
    st.rerun()


def lead_form(case: CaseDetail) -> None:
    """Accept a lead (its id as the leads board shows it) into this case, with a reason."""
    with st.form(f"lead-{case.case_ref}", clear_on_submit=True):
        st.markdown("**Accept a lead into this case**")
        lead_id = st.text_input("Lead id", key="case-lead-id", placeholder="detector-…")
        reason = st.text_area("Reason (required)", max_chars=MAX_REASON, key="case-lead-reason")
        assignee = st.text_input("Assign to (optional)", key="case-lead-assignee")
        if not st.form_submit_button("Accept lead"):
            return
        if not lead_id.strip() or not reason.strip():
            st.error("Give the lead id and the reason for accepting it.")
            return
        done, error = session.attempt(cases.accept_lead, session.service(), session.user(),
                                      lead_id.strip(), case.case_ref, reason, assignee or None,
                                      "under assessment" if case.status == "open" else case.status)
    if done is None:
        st.error(error)
        return
    session.cache("leads").clear()
    st.session_state["case-flash"] = f"Lead {lead_id.strip()} accepted into {case.case_ref}."
    st.rerun()


def export_box(case: CaseDetail) -> None:
    left, right = st.columns([1, 2])
    fmt = left.radio("Case file format", list(MEDIA_TYPES), horizontal=True, key="case-fmt",
                     format_func=str.upper)
    if right.button("Prepare case file", icon=":material/description:", key="case-export"):
        st.session_state["case-file"] = (case.case_ref, fmt, *session.attempt(
            cases.export_case, session.service(), session.user(), case.case_ref, fmt))
    prepared = st.session_state.get("case-file")
    if prepared and prepared[:2] == (case.case_ref, fmt):
        result, error = prepared[2:]
        if result is None:
            st.error(error)
            return
        data, marking = result
        st.download_button(f"Download {fmt.upper()} ({marking})", data, mime=MEDIA_TYPES[fmt],
                           file_name=f"case-{case.case_ref.replace('/', '_')}.{fmt}",
                           key="case-download")


def show(case: CaseDetail) -> None:
    st.html(markup.meta(f"<b>{escape(case.case_ref)}</b>", escape(case.title or ""),
                        f"status <b>{escape(case.status)}</b>", f"owner {escape(case.owner)}",
                        f"assignee {escape(case.assignee or '—')}"))
    if case.withheld:
        st.caption(f"{case.withheld} item(s) withheld: restricted material you are not cleared "
                   "for.")
    if flash := st.session_state.pop("case-flash", None):
        st.success(flash)
    st.subheader("Decision log")
    if case.decisions:
        st.dataframe([{"#": d.n, "when": d.at[:16].replace("T", " "), "by": d.user,
                       "from": d.from_status, "to": d.to_status, "reason": d.reason,
                       "lead": d.lead_id or ""} for d in case.decisions], hide_index=True)
    else:
        st.caption("No decisions yet.")
    decision_form(case)
    lead_form(case)
    st.subheader(f"Answers ({len(case.turns)})")
    for t in case.turns:
        with st.container(border=True):
            st.markdown(f"**Q{t.n}. {escape(t.question)}**")
            if t.interpretation:
                st.caption(t.interpretation)
            st.html(markup.answer(t.answer))
            st.caption(f"{len(t.citations)} citation(s) · {t.user} · {t.at[:16]}")
    st.subheader(f"Pinned ({len(case.pins)})")
    for p in case.pins:
        st.markdown(f"- {p.kind} `{p.target}` — {escape(p.label)}"
                    + (" **[restricted]**" if p.restricted else ""))
    st.subheader(f"Notes ({len(case.notes)})")
    for n in case.notes:
        st.markdown(f"- {escape(n.text)} — *{n.user}, {n.at[:16].replace('T', ' ')}*")
    note_form(case)
    st.subheader("Export")
    export_box(case)


def render() -> None:
    st.header("Cases")
    listed, error = session.attempt(cases.list_cases, session.service(), session.user())
    if listed is None:
        st.error(error)
        return
    if listed:
        rows: list[dict[str, Any]] = [
            {"case": c.case_ref, "title": c.title, "status": c.status, "owner": c.owner,
             "assignee": c.assignee or "", "updated": c.updated_at[:16].replace("T", " ")}
            for c in listed]
        st.dataframe(rows, hide_index=True)
    ref = chosen_case([c.case_ref for c in listed])
    if ref is None:
        st.info("No cases yet: ask a question in a case, or accept a lead into one.")
        return
    if ref not in {c.case_ref for c in listed}:
        st.info(f"Case {ref} has nothing kept yet.")
        if st.button(f"Open case {ref}", key="case-create"):
            made, error = session.attempt(cases.create_case, session.service(), session.user(),
                                          ref)
            if made is None:
                st.error(error)
            else:
                st.rerun()
        return
    case, error = session.attempt(cases.show_case, session.service(), session.user(), ref)
    if case is None:
        st.error(error)
        return
    show(case)
