"""Validating a model's proposed plan: the checks a `ProposedPlan` must pass to become the QueryPlan.

Why: a model's reading of a question is only usable if it is checkable, and never broader than the
deterministic reading. `check` turns a proposal into a QueryPlan or raises `PlanRejected` with the
reason. It requires that:
- every `text` is words of the question (no invented anchors), and so is every word of `topic`;
- categories and findings are canonical names; every filter's field and values exist in the
  catalogue for that record kind *as this reader sees it* (values held only on restricted records
  do not exist for an uncleared reader);
- people resolve through the same directory the deterministic planner uses (person ids are never
  taken from the model); dates are ordered, within 1900..next year, and mean what the date
  parser reads in their words, when it reads them ("in 2023" is 2023, not March 2023);
- constraint accounting: every content word of the question is bound, listed as unapplied, or
  (for `describe`) the narrative predicate — `operation_text` may only hold operation words;
- nothing the deterministic plan applied is dropped or widened (`plan_drops`: people, dates,
  categories, findings, filters, named records, per-record and per-group thresholds), and what it
  could not apply is either applied by the model or still listed as unapplied; kinds overlap.
Named records are looked up by the engine under the reader's clearance, as for any plan; members
of the public, unresolved names and the force are kept from the deterministic plan.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.catalogue import Entry
from assistant.understand.accounting import content_words, unapplied_spans
from assistant.understand.dates import find_dates
from assistant.understand.directory import PeopleDirectory
from assistant.understand.lexicon import mask
from assistant.understand.models import (
    Claim,
    FieldFilter,
    Period,
    PersonMention,
    QueryPlan,
    RecordReference,
)
from assistant.understand.people import find_bare, find_explicit
from assistant.understand.taxonomy import (
    CANONICAL_CATEGORIES,
    CANONICAL_FINDINGS,
)

from .plan_drops import not_dropped, overlaps
from .plan_errors import PlanRejected
from .plan_schema import ProposedPlan

NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "twenty", "fifty", "hundred", "once", "twice", "dozen"}
OPERATION_WORDS = NUMBER_WORDS | {
    "top", "bottom", "most", "least", "fewest", "highest", "lowest", "largest", "smallest",
    "biggest", "greatest", "rank", "ranked", "ranking", "count", "counts", "counted", "total",
    "year", "years", "yearly", "annual", "annually", "month", "months", "monthly", "category",
    "categories", "unit", "units", "district", "districts", "finding", "findings", "group",
    "grouped", "split", "breakdown", "more", "fewer", "less", "than", "at", "or",
    "over", "under", "above", "below", "exceeding", "multiple", "several", "times", "per", "by"}
EARLIEST = date(1900, 1, 1)


def _locate(question: str, text: str, what: str) -> tuple[int, int]:
    i = question.lower().find(text.strip().lower())
    if not text.strip() or i < 0:
        raise PlanRejected(f"{what} ‘{text}’ is not words of the question")
    return i, i + len(text.strip())


def _people(proposed: ProposedPlan, det: QueryPlan, directory: PeopleDirectory
            ) -> tuple[list[PersonMention], list[str], list[tuple[int, int]]]:
    people: list[PersonMention] = []
    unresolved: list[str] = []
    spans = []
    for said in proposed.people:
        start, end = _locate(det.question, said.text, "person")
        spans.append((start, end))
        same = [m for m in det.people if overlaps((m.start, m.end), (start, end))]
        if same:  # the deterministic reading of the same words: same directory, same answer
            people += [m for m in same if m not in people]
            continue
        words = det.question[start:end]
        found, rest = find_explicit(words, directory)
        more, _ = find_bare(rest, directory, False)
        if not found + more:
            raise PlanRejected(f"‘{words}’ does not read as anyone's name or identifier")
        for f in found + more:
            if not f.ids:
                unresolved.append(f.text)
                continue
            people.append(PersonMention(
                text=f.text, start=start + f.start, end=start + f.end, person_ids=f.ids,
                ambiguous=len(f.ids) > 1, method=f.method, rank=f.rank, score=f.score))
    return people, unresolved, spans


def _filters(proposed: ProposedPlan, entries: list[Entry], cleared: bool) -> list[FieldFilter]:
    held: dict[tuple[str, str], dict[str, str]] = {}
    for e in entries:
        if (e.n if cleared else e.n_open) > 0:
            held.setdefault((e.kind, e.field), {})[e.value.lower()] = e.value
    out = []
    for f in proposed.filters:
        if (f.kind, f.field) not in held:
            raise PlanRejected(f"unknown field {f.kind}.{f.field}")
        values = []
        for v in f.values:
            if v.lower() not in held[(f.kind, f.field)]:
                raise PlanRejected(f"unknown value {f.kind}.{f.field} = ‘{v}’")
            values.append(held[(f.kind, f.field)][v.lower()])
        out.append(FieldFilter(kind=f.kind, field=f.field, values=values, text=f.text))
    return out


def _dates(proposed: ProposedPlan, today: date) -> tuple[date | None, date | None]:
    d = proposed.dates
    if d is None:
        return None, None
    if d.date_from is None and d.date_to is None:
        raise PlanRejected(f"the dates ‘{d.text}’ have neither a start nor an end")
    latest = today + timedelta(days=366)
    for day in (d.date_from, d.date_to):
        if day is not None and not EARLIEST <= day <= latest:
            raise PlanRejected(f"the date {day.isoformat()} is outside {EARLIEST.year}–"
                               f"{latest.year}")
    if d.date_from and d.date_to and d.date_from > d.date_to:
        raise PlanRejected(f"the dates ‘{d.text}’ end before they start")
    spans, _ = find_dates(d.text, today)  # words the date parser reads must mean what it reads
    if spans:
        starts, ends = [x.start for x in spans], [x.end for x in spans]
        read = (None if None in starts else min(x for x in starts if x),
                None if None in ends else max(x for x in ends if x))
        if read != (d.date_from, d.date_to):
            def said(x: date | None) -> str:
                return x.isoformat() if x else "…"
            raise PlanRejected(f"the dates ‘{d.text}’ mean {said(read[0])} to {said(read[1])}, "
                               f"not {said(d.date_from)} to {said(d.date_to)}")
    return d.date_from, d.date_to


def _operation(question: str, text: str) -> tuple[int, int]:
    span = _locate(question, text, "operation text")
    for m in content_words(question[span[0]:span[1]]):
        word = m.group(0).lower()
        if not (word.isdigit() or word in OPERATION_WORDS):
            raise PlanRejected(f"‘{m.group(0)}’ in the operation text ‘{text}’ is not an "
                               "operation word")
    return span


def check(proposed: ProposedPlan, det: QueryPlan, entries: list[Entry], cleared: bool,
          directory: PeopleDirectory, today: date, model: str = "") -> QueryPlan:
    """The QueryPlan the proposal means, or PlanRejected saying why it cannot be used."""
    q = det.question
    for name, values, known in (("category", proposed.categories, CANONICAL_CATEGORIES),
                                ("finding", proposed.findings, CANONICAL_FINDINGS)):
        for v in values:
            if v.value not in known:
                raise PlanRejected(f"unknown {name} ‘{v.value}’")
    filters = _filters(proposed, entries, cleared)
    people, unresolved, person_spans = _people(proposed, det, directory)
    date_from, date_to = _dates(proposed, today)
    bound: list[tuple[tuple[int, int], str]] = [(s, "person") for s in person_spans]
    bound += [(_locate(q, c.text, "category"), f"category = {c.value}")
              for c in proposed.categories]
    bound += [(_locate(q, f.text, "finding"), f"finding = {f.value}") for f in proposed.findings]
    bound += [(_locate(q, f.text, "filter"), f"{f.field} = {' / '.join(f.values)}")
              for f in filters]
    if proposed.dates:
        bound.append((_locate(q, proposed.dates.text, "dates"), "dates"))
    references = []
    for r in proposed.references:
        start, end = _locate(q, r.text, "record reference")
        if r.value.lower() not in r.text.lower():
            raise PlanRejected(f"the record reference ‘{r.value}’ is not in its words ‘{r.text}’")
        references.append(RecordReference(kind=r.kind, text=q[start:end], value=r.value,
                                          start=start, end=end))
        bound.append(((start, end), f"{r.kind.replace('_', ' ') or 'record'} = {r.value}"))
    constraint_spans = [s for s, _ in bound]
    other = [_locate(q, k.text, "record kind") for k in proposed.kinds]
    other += [_operation(q, t) for t in proposed.operation_text]
    unapplied = [_locate(q, u, "unapplied") for u in proposed.unapplied]
    engine_spans = [(c.start, c.end) for c in det.claims if c.element.startswith(("force = ", "join: "))] + \
        [(m.start, m.end) for m in det.people if m.role == "subject"]
    narrative = proposed.intent == "describe"
    words = {w.lower() for w in re.findall(r"[\w']+", q)}
    if stray := [w for w in re.findall(r"[\w']+", proposed.topic) if w.lower() not in words]:
        raise PlanRejected(f"the topic word ‘{stray[0]}’ is not in the question")
    kinds = list(dict.fromkeys(k.kind for k in proposed.kinds))
    if det.kinds and kinds and not set(det.kinds) & set(kinds):
        raise PlanRejected(f"it reads {'/'.join(kinds)} records where the question is about "
                           f"{'/'.join(det.kinds)}")
    plan = det.model_copy(update={
        "intent": proposed.intent, "people": people, "references": references,
        "unresolved_people": list(dict.fromkeys(det.unresolved_people + unresolved)),
        "date_from": date_from, "date_to": date_to,
        "date_text": proposed.dates.text if proposed.dates else "",
        "periods": [Period(date_from=date_from, date_to=date_to, text=proposed.dates.text)]
        if proposed.dates else [],
        "categories": [c.value for c in proposed.categories],
        "category_words": {c.value: c.text for c in proposed.categories + proposed.findings},
        "findings": [f.value for f in proposed.findings],
        "kinds": kinds or det.kinds, "filters": [] if narrative else filters,
        "group_by": proposed.group_by, "limit": proposed.limit, "ascending": proposed.ascending,
        "min_count": proposed.min_count, "max_count": proposed.max_count,
        "min_people": proposed.min_people, "max_people": proposed.max_people,
        "topic_text": (proposed.topic or det.topic_text) if narrative else det.topic_text,
        "unapplied": [q[s:e] for s, e in unapplied],
        "claims": [c for c in det.claims if c.element.startswith(("force = ", "join: "))] +
        [Claim(start=s, end=e, binder="llm", element=el) for (s, e), el in bound],
        "reasons": [f"planned by the LLM{f' ({model})' if model else ''}, validated"],
    })
    not_dropped(det, plan, constraint_spans + unapplied)
    masked = q
    for s, e in constraint_spans + other + unapplied + engine_spans:
        masked = mask(masked, s, e)
    left = [q[s:e] for s, e in unapplied_spans(q, masked)]
    if left and not narrative:
        raise PlanRejected(f"‘{left[0]}’ is neither bound to the plan nor listed as unapplied")

    return plan
