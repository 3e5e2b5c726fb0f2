"""A narrative set as a `Draft`: text, one citation per member, and the evidence list.

Contract with the evaluation: the answer's set is `evidence` with `cited=True`; every member is
cited with its best verbatim sentence, and the best-scoring non-members are listed `cited=False`.
"""

from __future__ import annotations

import duckdb

from assistant.answering import Draft, cited_ids
from assistant.answers import Evidence
from assistant.facts import noun, person_names, record_facts, subjects
from assistant.narrative.answer import Item, compose_none, compose_set, shown_topic
from assistant.narrative.search import SetResult, is_literal


def narrative_draft(
    con: duckdb.DuckDBPyConnection,
    question: str,
    topic: str,
    kinds: tuple[str, ...],
    found: SetResult,
    searched: str,
    llm: Draft | None = None,
) -> Draft:
    """`llm`, when given, replaces the extractive wording (its citations are members only)."""
    one = noun(kinds[0]) if len(kinds) == 1 else "record"
    verb = "mention" if is_literal(question) else "describe"
    shown = shown_topic(topic)
    members = [r for r in found.record_ids if r in found.quotes]
    draft = Draft("", searched=searched)
    if not members:
        draft.text = compose_none(question, shown, one, verb, searched)
        draft.abstained = True
    else:
        officers = subjects(con, members)  # read once, for the facts and the grouping
        names = person_names(con, sorted({p for ps in officers.values() for p in ps}))
        facts = record_facts(con, members, officers, names)
        items = [
            Item(facts[r], officers.get(r, []), found.quotes[r].field, found.quotes[r].start,
                 found.quotes[r].end, found.quotes[r].text)
            for r in members if r in facts
        ]
        draft.text = compose_set(items, question, shown, one, verb, names, draft.citations)
        if llm is not None:
            draft.text, draft.citations, draft.backend = llm.text, llm.citations, llm.backend
    cited = cited_ids(draft)
    scores = {found.record_ids[i]: s.score for i, s in enumerate(found.decision.members)}
    scores.update({found.near_ids[i]: s.score for i, s in enumerate(found.decision.near)})
    draft.evidence = [
        Evidence(record_id=r, kind=r.split(":", 1)[0], score=round(scores[r], 3),
                 retrieval="hybrid", cited=r in cited)
        for r in [*members, *found.near_ids]
    ]
    return draft
