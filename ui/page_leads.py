"""Leads: patterns the detectors found, for a reviewer to accept or dismiss with a reason.

Leads are suggestions, never findings, so each shows the records it rests on exactly as an answer
does, and a decision is only recorded with a reason — kept with the decision and written to the
audit log by the same service functions the API uses (`assistant.leads.service`). The board is
read from storage (built at the end of ingest), so the first view is immediate; each card names
the person, shows their peer-adjusted score with what each detector contributed, the figures as
tables, and on request the person's co-accused and co-searching network as adjacency tables.
"""

from __future__ import annotations

from html import escape
from typing import Any

import streamlit as st

from assistant.leads.board import BoardNotBuilt
from assistant.leads.cards import Card
from assistant.leads.detect import DETECTORS, describe
from assistant.leads.network import Network, network_of
from assistant.leads.service import MAX_REASON, list_leads, review_lead
from assistant.service import QuestionError
from ui import markup, session, sources

PAGE = 10
STATUSES: dict[str, str | None] = {
    "Open": "open",
    "Accepted": "accepted",
    "Dismissed": "dismissed",
    "All": None,
}


def filters() -> dict[str, str | None]:
    about = describe()
    left, middle, right = st.columns(3)
    detector = left.selectbox(
        "Detector",
        [None, *DETECTORS],
        key="leads-detector",
        format_func=lambda d: "All detectors" if d is None else d.replace("_", " "),
        help="\n\n".join(f"**{name.replace('_', ' ')}**: {why}" for name, why in about.items()),
    )
    status = middle.selectbox("Status", list(STATUSES), key="leads-status")
    person = right.text_input("Person id", key="leads_person", placeholder="person:…")
    return {"detector": detector, "status": STATUSES[status], "person": person.strip() or None}


def _listed(*args: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return list_leads(*args, **kwargs)
    except BoardNotBuilt as exc:  # said plainly, with how to build it
        raise QuestionError(str(exc)) from exc


def fetch(chosen: dict[str, str | None], offset: int) -> tuple[dict[str, Any] | None, str | None]:
    pages = session.cache("leads")
    key = (*chosen.values(), offset)
    if key not in pages:
        pages[key] = session.attempt(
            _listed,
            session.service(),
            session.user(),
            session.case_ref(),
            limit=PAGE,
            offset=offset,
            **chosen,
        )
    return pages[key]


def review(lead: Card) -> None:
    with st.expander("Review this lead"), st.form(f"review-{lead.lead_id}", border=False):
        decision = st.radio(
            "Decision",
            ["accept", "dismiss"],
            horizontal=True,
            index=None,
            format_func=str.capitalize,
            key=f"decision-{lead.lead_id}",
        )
        reason = st.text_area(
            "Reason (required: kept with the decision and audited)",
            max_chars=MAX_REASON,
            key=f"reason-{lead.lead_id}",
        )
        shareable = session.user().cleared_for_restricted and st.checkbox(
            "Investigators without restricted clearance may read this reason",
            key=f"shareable-{lead.lead_id}",
        )
        if not st.form_submit_button("Record decision"):
            return
        if decision is None or not reason.strip():
            st.error("Choose accept or dismiss, and give the reason for your decision.")
            return
        done, error = session.attempt(
            review_lead,
            session.service(),
            session.user(),
            session.case_ref(),
            lead.lead_id,
            decision,
            reason,
            shareable,
        )
        if done is None:
            st.error(error)
            return
    session.cache("leads").clear()
    st.session_state["leads-flash"] = f"Lead {lead.lead_id} {done.status}."
    st.rerun()


def adjacency(net: Network) -> None:
    """The person's networks as adjacency tables: one row per colleague."""
    for title, links, count in (("Co-accused", net.coaccused, "Complaints together"),
                                ("Co-searching", net.cosearching, "People both searched")):
        st.markdown(f"**{title}** ({len(links)} colleagues)")
        if not links:
            st.caption("None in the records you may see.")
            continue
        st.dataframe(
            [{"Colleague": x.person.title, "Unit": x.person.unit or "—", count: x.count,
              "Records": ", ".join(x.records)} for x in links],
            hide_index=True, use_container_width=True)


def network_box(lead: Card) -> None:
    box = st.expander("Network: who they appear with", key=f"net-{lead.lead_id}",
                      on_change="rerun")
    if not box.open:
        return
    nets = session.cache("networks")
    if lead.person_id not in nets:
        nets[lead.person_id] = session.attempt(
            network_of, session.service(), session.user(), session.case_ref(), lead.person_id)
    found, error = nets[lead.person_id]
    with box:
        if found is None:
            st.error(error)
        else:
            adjacency(found)


def figures(lead: Card) -> None:
    with st.expander(f"Figures and score ({lead.rank.score:.2f})"):
        rows = [{"Figure": f.label, "Value": f.value} for f in lead.figures]
        if rows:
            st.table(rows)
        for t in lead.tables:
            st.markdown(f"**{t.title}**")
            st.dataframe([dict(zip(t.columns, r, strict=False)) for r in t.rows],
                         hide_index=True, use_container_width=True)
        st.markdown(f"**Score against peers** ({lead.rank.peer_group}, {lead.rank.peers} staff; "
                    f"{lead.rank.exposure:,} shifts worked)")
        st.table([{"Detector": c.detector.replace("_", " "), "Found": c.observed,
                   "Peers would show": f"{c.expected:.2f}", "Surprise": f"{c.surprise:.2f}",
                   "Weight": f"{c.weight:g}", "Points": f"{c.points:.2f}"}
                  for c in lead.rank.contributions])


def card(lead: Card) -> None:
    p = lead.person
    with st.container(border=True):
        st.html(
            markup.meta(
                f"<b>{escape(p.title)}</b>",
                escape(p.unit or ""),
                escape(", ".join(f"{k} {v}" for k, v in sorted(p.identifiers.items()))),
            )
        )
        st.html(
            markup.meta(
                f"<b>{escape(lead.detector.replace('_', ' '))}</b>",
                f"score {lead.rank.score:.2f}",
                f"<b>{lead.status}</b>",
                f"<code>{escape(lead.lead_id)}</code>",
            )
        )
        st.html(markup.answer(lead.headline))
        if lead.review:
            r, when = lead.review, lead.review.at[:16].replace("T", " ")
            if r.withheld:  # a cleared reviewer's: who, for which case and (mostly) why withheld
                reason = r.reason or "reason restricted to cleared reviewers"
                st.caption(f"{lead.status.capitalize()} at {when}: {reason}")
            else:
                st.caption(
                    f"{r.decision.capitalize()} by {r.user} ({r.role}) for case {r.case_ref} "
                    f"at {when}: {r.reason}"
                )
        row = st.container(horizontal=True)
        for who in [p, *lead.others]:
            row.button(
                f"Profile: {who.title}",
                key=f"lead-{lead.lead_id}-{who.person_id}",
                icon=":material/person:",
                on_click=session.go,
                args=("People",),
                kwargs={"person": who.person_id},
            )
        figures(lead)
        network_box(lead)
        box = st.expander(
            f"Evidence ({len(lead.evidence)} cited)", key=f"ev-{lead.lead_id}", on_change="rerun"
        )
        if box.open:
            with box:
                sources.panel(lead.evidence, key=f"lead-{lead.lead_id}")
        review(lead)


def render() -> None:
    st.title("Leads")
    st.caption(
        "Patterns in the records worth a reviewer's look: suggestions for human review, "
        "never findings about anyone. Accept or dismiss each with a reason."
    )
    if flash := st.session_state.pop("leads-flash", None):
        st.success(flash)
    chosen = filters()
    if st.button("Refresh", icon=":material/refresh:"):
        session.cache("leads").clear()
    page = st.session_state.get("leads-page", 1)
    with st.spinner("Loading the leads board…", show_time=True):
        found, error = fetch(chosen, (page - 1) * PAGE)
    if found is None:
        st.error(error)
        return
    if not found["items"] and page > 1:  # the filters changed under a later page
        st.session_state["leads-page"] = 1
        st.rerun()
    st.markdown(f"**{found['total']:,} leads** · board as of {found['as_of']:%-d %b %Y}, "
                "strongest person first")
    if found.get("stale"):
        st.info(f"This board may be out of date: {found['stale']}.")
    for name, why in (found.get("not_run") or {}).items():
        st.info(f"{name.replace('_', ' ').capitalize()} could not run: {why}.")
    for lead in found["items"]:
        card(lead)
    if found["total"] > PAGE:
        st.pagination(-(-found["total"] // PAGE), key="leads-page")
