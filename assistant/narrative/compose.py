"""A narrative set as a `Draft`: text, one citation per member, and the evidence list.

Contract with the evaluation: the answer's set is `evidence` with `cited=True`; every member is
cited — the first page (`PAGE` members) with its facts and best verbatim sentence, the rest by
their reference — and the best-scoring non-members are listed `cited=False`.

Why only a page is quoted: masking a narrative, reading its facts and verifying its quote is the
per-member cost; a 158-member set spent most of its answer on members no reader sees first.
"""

from __future__ import annotations

import duckdb

from assistant.answering import Draft, cited_ids, references
from assistant.answers import Evidence
from assistant.facts import noun, person_names, record_facts, subjects
from assistant.narrative.answer import (
    PAGE,
    Cite,
    Item,
    cannot_say,
    compose_none,
    compose_set,
    shown_order,
    shown_topic,
)
from assistant.narrative.search import SetResult, is_literal
from assistant.narrative.unheld import label, unheld
from assistant.narrative.unread import refusal, unread
from assistant.redaction import Redactor


def narrative_draft(
    con: duckdb.DuckDBPyConnection,
    question: str,
    topic: str,
    kinds: tuple[str, ...],
    found: SetResult,
    searched: str,
    redactor: Redactor,
    llm: Draft | None = None,
    page: int | None = PAGE,
) -> Draft:
    """`found.quotes` are as stored: only the first `page` members shown (None: all) are
    masked here with `redactor` and quoted with their facts; the rest are cited by their
    reference. `llm`, when given, replaces the extractive wording (its citations are members
    only)."""
    one = noun(kinds[0]) if len(kinds) == 1 else "record"
    verb = "mention" if is_literal(question) else "describe"
    shown = shown_topic(topic)
    members = [r for r in found.record_ids if r in found.quotes]
    draft = Draft("", searched=searched)
    if cannot := unread(topic, is_literal(question)):  # a field or an operation, not conduct: no set, no "No"
        return Draft(refusal(cannot), abstained=True, unapplied=cannot, searched=searched)
    if loose := unheld(question, topic):  # an attribute no field holds: searched, labelled
        draft.unapplied, verb = loose, "mention"
    if not members:
        draft.text = compose_none(question, shown, one, verb, searched, label(loose) if loose else "")
        draft.abstained = True
    else:
        officers = subjects(con, members)  # read once, for the facts and the grouping
        names = person_names(con, sorted({p for ps in officers.values() for p in ps}))
        items = [Item(r, officers.get(r, [])) for r in members]
        order = shown_order(items, question, names)
        on_page = order if page is None else order[:page]
        quote_page(con, redactor, found, [i for i in items if i.record_id in set(on_page)],
                   officers, names)
        cite_rest(con, redactor, found, [i for i in items if i.quote is None])
        items = [i for i in items if i.quote is not None or i.cite is not None]
        draft.text = compose_set(items, question, shown, one, verb, names, draft.citations,
                                 label(loose) if loose else "")
        if llm is not None:  # its wording replaces the extractive one; the label stays first
            draft.text, draft.citations, draft.backend = llm.text, llm.citations, llm.backend
            if loose:
                draft.text = f"{cannot_say(question, label(loose))}\n{llm.text}"
    cited = cited_ids(draft)
    scores = {found.record_ids[i]: s.score for i, s in enumerate(found.decision.members)}
    scores.update({found.near_ids[i]: s.score for i, s in enumerate(found.decision.near)})
    draft.evidence = [
        Evidence(record_id=r, kind=r.split(":", 1)[0], score=round(scores[r], 3),
                 retrieval="hybrid", cited=r in cited)
        for r in [*members, *found.near_ids]
    ]
    return draft


def quote_page(con: duckdb.DuckDBPyConnection, redactor: Redactor, found: SetResult,
               items: list[Item], officers: dict[str, list[str]], names: dict[str, str]) -> None:
    """The page's members get their facts and their best sentence, masked for the reader."""
    ids = [i.record_id for i in items]
    facts = record_facts(con, ids, officers, names)
    redactor.prefetch([(r, found.quotes[r].field) for r in ids])
    for item in items:
        q = found.quotes[item.record_id]
        if item.record_id in facts:
            item.facts = facts[item.record_id]
            item.quote = Cite(item.facts.ref, q.field, q.start, q.end,
                              redactor.text(item.record_id, q.field, q.text, q.start))


def cite_rest(con: duckdb.DuckDBPyConnection, redactor: Redactor, found: SetResult,
              items: list[Item]) -> None:
    """Members past the page are cited by their whole reference field (an identifier, shown as
    stored: nothing to mask, see `redaction.IDENTIFIERS`); a kind with no reference, or a record
    whose reference is empty, is cited by its best sentence instead."""
    rows = references(con, [item.record_id for item in items])
    redactor.prefetch([(r, found.quotes[r].field) for r, (_, ref) in rows.items() if not ref])
    for item in items:
        if item.record_id not in rows:
            continue  # gone since the set was decided: not cited, as record_facts drops it
        ref_of, reference = rows[item.record_id]
        if reference:
            item.cite = Cite(ref_of, "reference", 0, len(reference),
                             redactor.text(item.record_id, "reference", reference))
        else:
            q = found.quotes[item.record_id]
            item.cite = Cite(ref_of, q.field, q.start, q.end,
                             redactor.text(item.record_id, q.field, q.text, q.start))
