"""Ambiguous names as choices: when a question's name matches several people, each candidate is a
row (rank, unit, identifiers) with buttons to open their profile or ask the question about them.

The answer engine refuses to guess ("“PC Smith” matches 41 people: …"); a wall of names in prose
left the investigator to retype an identifier. The candidates come from the people search (an
audited consultation, as on the People page, so only people the user may see), narrowed to the
ones the refusal named, and to the rank the question gave: "PC Smith" lists constables, never
police staff. "Ask about this person" re-asks with the person's identifier in place of the name.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import streamlit as st

from assistant.understand.ranks import RANK_RE, canonical_rank
from ui import markup, session

AMBIGUOUS = re.compile(r"^“(?P<name>[^”]+)” matches (?P<n>\d+) people: (?P<options>.*)", re.S)
SHOWN = 12
PREFERRED_SCHEMES = ("payroll", "collar", "warrant")


def short(answer: str) -> str:
    """An ambiguous-name refusal without its wall of names (the candidates are listed below it
    as rows with buttons); any other answer unchanged."""
    found = AMBIGUOUS.match(answer)
    if found is None:
        return answer
    return (f"“{found['name']}” could be more than one person, so no answer is guessed. Choose "
            "the person below, or ask again with a collar number or full name.")


def split_rank(text: str) -> tuple[str | None, str]:
    """('constable', 'Smith') from 'PC Smith'; (None, text) when no rank is named."""
    found = re.match(rf"\s*({RANK_RE})\s+(.+)", text, re.I)
    if found and (rank := canonical_rank(found[1])):
        return rank, found[2].strip()
    return None, text.strip()


def reference(hit: dict[str, Any]) -> str:
    ids = {i["scheme"]: i["value"] for i in hit["identifiers"]}
    scheme = next((s for s in PREFERRED_SCHEMES if s in ids), next(iter(ids), None))
    return f"{scheme} {ids[scheme]}" if scheme else hit["name"] or hit["person_id"]


def find(named: str, options: str) -> tuple[list[dict[str, Any]] | None, str | None, str | None]:
    """The people `named` may mean (rank honoured), the rank named, and any error."""
    rank, name = split_rank(named)
    page, error = session.attempt(
        session.service().search_people, session.user(), session.case_ref(), name, 100
    )
    if page is None:
        return None, rank, error
    hits = page["items"]
    # the refusal lists each candidate with its identifiers: keep exactly those people
    listed = [h for h in hits if any(f"{i['scheme']} {i['value']}" in options
                                     for i in h["identifiers"])]
    hits = listed or hits
    if rank:
        hits = [h for h in hits if canonical_rank(h["rank"]) == rank]
    return hits, rank, None


def offer(question: str, answer: str, key: str) -> None:
    """Candidate buttons under an ambiguous-name refusal (nothing for any other refusal)."""
    found = AMBIGUOUS.match(answer)
    if found is None:
        return
    cache = session.cache("candidates")
    if key not in cache:
        cache[key] = find(found["name"], found["options"])
    hits, rank, error = cache[key]
    if hits is None:
        st.error(error)
        return
    st.markdown(f"**Which {escape(found['name'])}?** {len(hits)} "
                f"{'person matches' if len(hits) == 1 else 'people match'}"
                + (f" (rank {rank.title()} only: police staff and other ranks left out)"
                   if rank else ""))
    for j, hit in enumerate(hits[:SHOWN]):
        ids = ", ".join(f"{x['scheme']} {x['value']}" for x in hit["identifiers"])
        with st.container(border=True, key=f"{key}-cand-{j}"):
            st.html(markup.meta(
                f"<b>{escape(hit['name'] or hit['person_id'])}</b>",
                *(escape(x) for x in (hit["rank"], hit["unit"], ids) if x),
            ))
            row = st.container(horizontal=True)
            row.button("Open profile", key=f"{key}-cand-{j}-open", icon=":material/person:",
                       on_click=session.go, args=("People",),
                       kwargs={"person": hit["person_id"], "record": None})
            row.button("Ask about this person", key=f"{key}-cand-{j}-ask",
                       icon=":material/chat:", on_click=session.go, args=("Ask",),
                       kwargs={"pending": question.replace(found["name"], reference(hit), 1)})
    if len(hits) > SHOWN:
        st.caption(f"{len(hits) - SHOWN} more: search on the People page or ask with an "
                   "identifier.")
