"""Resolution review: confirm or reject the person links the resolver was unsure of.

For senior investigators and admins (the only roles the review queue admits). Ambiguous
references (one of a few namesakes, never guessed) and low-confidence name matches are listed,
least confident first; a decision is audited and kept across re-ingest. The queue is read when
asked for (each read is an audited consultation), not on every redraw.
"""

from __future__ import annotations

import streamlit as st

from assistant.resolution import service as queue
from assistant.resolution.queue import ReviewItem
from ui import session

PAGE = 50


def load() -> None:
    service, user, case_ref = session.service(), session.user(), session.case_ref()
    session.cache("resolution")["queue"] = session.attempt(
        queue.review_queue, service, user, case_ref, PAGE)


def _item(item: ReviewItem) -> None:
    written = " ".join(p for p in (item.rank, item.ref.value, item.ref.name) if p)
    unit = f" ({item.unit})" if item.unit else ""
    now = (f"linked to `{item.person_id}` by {item.method.replace('_', ' ')} "
           f"(confidence {item.confidence:.2f})" if item.person_id
           else f"one of {len(item.candidates)} people — not guessed")
    options = ([item.person_id] if item.person_id else []) + item.candidates
    with st.form(f"resolve-{item.ref_id}", border=True):
        st.markdown(f"**{item.ref.role}: {written}{unit}** in `{item.ref.record_id}` — {now}")
        person = st.radio("Person", options, key=f"person-{item.ref_id}", horizontal=True)
        left, right = st.columns(2)
        confirm = left.form_submit_button("Confirm", icon=":material/check:")
        reject = right.form_submit_button("Reject", icon=":material/close:")
    if confirm or reject:
        verdict = "confirm" if confirm else "reject"
        made, error = session.attempt(queue.decide, session.service(), session.user(),
                                      session.case_ref(), item.ref_id, person, verdict)
        if error:
            st.error(error)
        elif made:
            st.success(f"{item.ref_id}: {person} {verdict}ed — {queue.APPLIED}.")


def render() -> None:
    st.title("Resolution review")
    st.caption("Person references the resolver could not settle: namesakes kept as candidates "
               "and name-only links. Decisions are audited and survive re-ingest.")
    if not queue.may_review(session.user()):
        st.info("Only senior investigators and admins review person links.")
        return
    st.button("Load the queue", on_click=load, icon=":material/refresh:")
    found, error = session.cache("resolution").get("queue", (None, None))
    if error:
        st.error(error)
    if found is None:
        return
    st.markdown(f"**{found.total:,} links to review** (the first {len(found.items)} shown)")
    for item in found.items:
        _item(item)
