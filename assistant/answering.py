"""Intent handlers: a QueryPlan and the store in, answer text with `[n]` citations out.

Every number is a SQL count over the full matching set, and the records it counts are cited (the
first `MAX_CITED`; all counted ids go into the evidence). Text around quotes is read from records.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

import duckdb

from assistant.answers import Evidence
from assistant.citations import Citations, RecordRef, markers
from assistant.compose import RecordFacts
from assistant.facts import noun, record_facts, when
from assistant.group_people import people_counts
from assistant.group_rank import RankedGroups, ranked_groups, record_count
from assistant.names import similar_names
from assistant.records import RECORD_KINDS
from assistant.redaction import Redactor
from assistant.structured import (
    CATEGORY_COLUMN,
    MAX_IDS,
    Scope,
    by_allegation,
    find_records,
    ref_of,
    scope_labels,
)
from assistant.text import sentence_spans
from assistant.understand.models import FieldFilter, QueryPlan, describes_accused
from assistant.understand.numeric import NUMERIC_OPS, comparison_text
from assistant.understand.period_gaps import pieces
from assistant.understand.taxonomy import BROADER
from assistant.understand.weekdays import NAMES, weekday_order, weekday_text

MAX_CITED = 100  # citations per answer; beyond this the evidence list carries the ids
MAX_LISTED = 20  # lines in a list answer
TIMELINE = 8  # most recent records in a profile
UNLINKED_SIMILARITY = 0.75  # name resemblance that makes an unlinked reference worth mentioning
RANKED = 10  # rows in a ranking ("which officers have the most…") unless a top N is asked


@dataclass
class Draft:
    text: str
    citations: Citations = field(default_factory=Citations)
    evidence: list[Evidence] = field(default_factory=list)
    abstained: bool = False
    searched: str = ""
    backend: str = "extractive"  # or "llm" when a validated generated answer replaced it
    unapplied: list[str] = field(default_factory=list)  # said first, or the answer abstains


# Headlines: the span cited for a record that is counted or listed -----------------------------


def headlines(
    con: duckdb.DuckDBPyConnection, record_ids: list[str], redactor: Redactor
) -> dict[str, tuple[str, int, int, str]]:
    """Per record, (field, start, end, quote): its first narrative sentence, else its category,
    else its reference — the most telling exact span a structured record has. A document's is
    its title (its text opens with letterheads and email headers)."""
    out: dict[str, tuple[str, int, int, str]] = {}
    by_kind: dict[str, list[str]] = {}
    for rid in record_ids:
        by_kind.setdefault(rid.split(":", 1)[0], []).append(rid)
    for kind, ids in by_kind.items():
        model = RECORD_KINDS[kind]
        fields = [
            f
            for f in (
                *(("title",) if kind == "document" else ()),
                *model.narrative_fields,
                "category",
                "allegation_type",
                "system",
                "duty_type",
                "reason",
                "absence_type",
                "declaration_type",
                "reference",
                "name",
            )
            if f in model.model_fields
        ]
        rows = con.execute(
            f"SELECT record_id, {', '.join(f + '::VARCHAR' for f in fields)} FROM {kind} "
            f"WHERE record_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
        # Each record's headline is its first non-empty field, masked as a whole stored field.
        firsts = {}
        for rid, *values in rows:
            for name, value in zip(fields, values, strict=True):
                if value:
                    firsts[(rid, name)] = value
                    break
        for (rid, name), value in redactor.texts(firsts).items():
            if value:
                if name in model.narrative_fields:
                    s, e = sentence_spans(value)[0]
                    e = min(e, s + 240)  # a long opening sentence is cited in part
                    out[rid] = (name, s, e, value[s:e])
                else:
                    out[rid] = (name, 0, len(value), value)
    return out


Citable = tuple[dict[str, RecordFacts], dict[str, tuple[str, int, int, str]]]


def citable(con: duckdb.DuckDBPyConnection, redactor: Redactor, record_ids: list[str]) -> Citable:
    """Facts and headlines of many records in one pass: an answer citing records group by group
    reads them once, not a handful of queries per group (10 groups × 5 lookups at 45k staff)."""
    ids = list(dict.fromkeys(record_ids))
    return record_facts(con, ids), headlines(con, ids, redactor)


def cite_records(
    con: duckdb.DuckDBPyConnection, redactor: Redactor, record_ids: list[str], draft: Draft,
    reserve: int = 0, known: Citable | None = None,
) -> list[int]:
    """Cite each record's headline (up to MAX_CITED in the answer, less `reserve` citations kept
    for what the answer says next); returns marker numbers. `known`: read by `citable` already."""
    room = MAX_CITED - len(draft.citations.items) - reserve
    chosen = record_ids[: max(room, 0)]
    facts, heads = known or (record_facts(con, chosen), headlines(con, chosen, redactor))
    numbers = []
    for rid in chosen:
        if rid in heads and rid in facts:
            fld, s, e, quote = heads[rid]
            numbers.append(draft.citations.add(facts[rid].ref, fld, s, e, quote))
    return numbers


def references(con: duckdb.DuckDBPyConnection, record_ids: list[str]
               ) -> dict[str, tuple[RecordRef, str | None]]:
    """Per record (missing ones left out), its citable ref and its stored reference (None for a
    kind without one, or an empty one): one query per kind."""
    by_kind: dict[str, list[str]] = {}
    for rid in record_ids:
        by_kind.setdefault(rid.split(":", 1)[0], []).append(rid)
    out: dict[str, tuple[RecordRef, str | None]] = {}
    for kind, ids in by_kind.items():
        col = "reference::VARCHAR" if "reference" in RECORD_KINDS[kind].model_fields else "NULL"
        for rid, ref, mapping, file, row in con.execute(
            f"SELECT record_id, {col}, source_mapping, source_file, source_row FROM {kind} "
            "WHERE record_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall():
            out[rid] = (RecordRef(rid, kind, f"{mapping}/{file}:{row}"), ref or None)
    return out


def cite_references(
    con: duckdb.DuckDBPyConnection, redactor: Redactor, record_ids: list[str], draft: Draft,
    reserve: int = 0,
) -> list[int]:
    """`cite_records` for records past an answer's first page: each is cited by its reference
    (an identifier, shown as stored: nothing to mask or compose), a record without one by its
    headline. Headlines mask whole narratives: 80 of them were ~40 ms of a 100-record list."""
    room = MAX_CITED - len(draft.citations.items) - reserve
    chosen = record_ids[: max(room, 0)]
    refs = references(con, chosen)
    plain = [r for r in chosen if r in refs and refs[r][1] is None]
    heads = headlines(con, plain, redactor) if plain else {}
    numbers = []
    for rid in chosen:
        if rid not in refs:
            continue
        ref, value = refs[rid]
        if value is not None:
            numbers.append(draft.citations.add(ref, "reference", 0, len(value),
                                               redactor.text(rid, "reference", value)))
        elif rid in heads:
            fld, s, e, quote = heads[rid]
            numbers.append(draft.citations.add(ref, fld, s, e, quote))
    return numbers


PersonRow = tuple[str, str | None, str, str, int]  # name, rank, mapping, file, row


def person_rows(con: duckdb.DuckDBPyConnection, person_ids: list[str]) -> dict[str, PersonRow]:
    """What `cite_person` cites of each person, read in one query (a ranking names ten)."""
    return {pid: tuple(rest) for pid, *rest in con.execute(
        "SELECT record_id, name, rank, source_mapping, source_file, source_row FROM person "
        "WHERE record_id IN (SELECT unnest(?::VARCHAR[]))", [person_ids]).fetchall()}


def cite_person(con: duckdb.DuckDBPyConnection, person_id: str, draft: Draft,
                known: dict[str, PersonRow] | None = None) -> str:
    """'PC John Smith [1]': the name as stored on the person record, cited. `known`: read by
    `person_rows` already (a person missing from it is not stored)."""
    row = known.get(person_id) if known is not None else con.execute(
        "SELECT name, rank, source_mapping, source_file, source_row FROM person WHERE record_id = ?",
        [person_id],
    ).fetchone()
    if row is None:
        return person_id
    name, rank, mapping, file, line = row
    n = draft.citations.add(
        RecordRef(person_id, "person", f"{mapping}/{file}:{line}"), "name", 0, len(name), name
    )
    return f"{rank + ' ' if rank else ''}{name} [{n}]"


# Scope text ----------------------------------------------------------------------------------


def period_text(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        if (
            date_from.year == date_to.year
            and (date_from.month, date_from.day) == (1, 1)
            and (date_to.month, date_to.day) == (12, 31)
        ):
            return f" in {date_from.year}"
        if (date_from.year, date_from.month, date_from.day) == (date_to.year, date_to.month, 1) \
                and date_to.day == calendar.monthrange(date_to.year, date_to.month)[1]:
            return f" in {date_from:%B %Y}"  # a whole month, as asked ("in March 2019")
        return f" between {when(date_from)} and {when(date_to)}"
    if date_from:
        return f" since {when(date_from)}"
    if date_to:
        return f" up to {when(date_to)}"
    return ""


def scope_text(scope: Scope, who: str = "") -> str:
    parts = []
    if scope.categories:
        parts.append(" about " + " or ".join(scope.categories))
    if who:
        against = "against" if scope.kind in ("complaint", "allegation", "conduct_case") else "for"
        parts.append(f" {'mentioning' if scope.mentioned else against} {who}")
    parts.append(" or".join(period_text(a, b)
                            for a, b in pieces(scope.date_from, scope.date_to, scope.gaps)))
    if scope.weekdays:
        parts.append(" " + weekday_text(scope.weekdays))
    if scope.findings:
        parts.append(" with a " + " or ".join(scope.findings) + " finding")
    if scope.min_people is not None or scope.max_people is not None:
        span = " to ".join(str(n) for n in (scope.min_people, scope.max_people) if n is not None)
        how = "at least " if scope.max_people is None else "at most " \
            if scope.min_people is None else ""
        parts.append(f" naming {how}{span} different people")
    for f in scope.filters:
        if f.op in NUMERIC_OPS and f.kind == "person" != scope.kind:  # "born before 1970"
            parts.append(f" naming an officer whose {comparison_text(f, words=True)}")
            continue
        if f.op in NUMERIC_OPS:  # "where the overtime hours > 6"
            on = "" if f.kind == scope.kind else f" on an {noun(f.kind)}"
            parts.append(f" where the {comparison_text(f, words=True)}{on}")
            continue
        values = " or ".join(f"“{v}”" for v in f.values)
        if f.kind == "officer":  # catalogue OFFICER: the rank/unit of an officer it names
            parts.append(f" naming an officer whose {f.field} was {values}")
            continue
        on = "" if f.kind == scope.kind else f" on an {noun(f.kind)}"
        parts.append(f" where the {f.field.replace('_', ' ')}{on} is {values}")
    if scope.forces:
        parts.append(f" ({', '.join(scope.forces)})")
    return "".join(parts)


def officers_whose(filters: tuple[FieldFilter, ...]) -> str:
    """'unit was “5300 HIGHWAY PATROL” and gender was “FEMALE”': what the filters that describe
    the accused say of each officer counted ('' when none does)."""
    said = []
    for f in filters:
        if not describes_accused(f):
            continue
        name = f.field.replace("_", " ").removeprefix("officer ")
        values = " or ".join(f"“{v}”" for v in f.values)
        said.append(f"{name} was {values}" if f.op == "in" else
                    comparison_text(f.model_copy(update={"field": name}), words=True)
                    if f.op in NUMERIC_OPS else f"{name} was recorded")
    return " and ".join(said)


@dataclass
class Label:
    """A stored category label a filter matched, and where one counted record carries it."""

    text: str
    ref: RecordRef | None = None  # None: held only in a merged complaint's category list
    field: str = ""


def counted_labels(con: duckdb.DuckDBPyConnection, redactor: Redactor, scope: Scope,
                   record_ids: list[str]) -> list[Label]:
    """The labels a category filter matched on the records it counted, each with one counted
    record — or one of its allegations — whose category field is exactly that label. Labels no
    counted record carries are left out."""
    column = CATEGORY_COLUMN.get(scope.kind)
    if column is None or not record_ids or not scope.categories:
        return []
    ids = record_ids[:MAX_IDS]
    out = []
    through = by_allegation(scope)
    for label in sorted(set(scope_labels(con, scope))):
        sources = [(column, f"SELECT record_id FROM {scope.kind} WHERE {column} = ? "
                    "AND record_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY record_id LIMIT 1")]
        if through:
            visible = "" if scope.cleared else " AND NOT restricted"
            sources.append(("category",
                            f"SELECT record_id FROM allegation WHERE category = ?{visible} AND "
                            "complaint_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY record_id "
                            "LIMIT 1"))
        found = None
        for fld, sql in sources:
            row = con.execute(sql, [label, ids]).fetchone()
            if row is None:
                continue
            facts = record_facts(con, [row[0]])
            # The stored field is exactly `label` (matched with =): masked as such, not re-read.
            key = (row[0], fld)
            if row[0] in facts and redactor.texts({key: label})[key] == label:
                found = Label(label, facts[row[0]].ref, fld)
                break
        if found is None and scope.kind == "complaint" and con.execute(
                "SELECT 1 FROM complaint WHERE list_contains(categories, ?) AND record_id IN "
                "(SELECT unnest(?::VARCHAR[])) LIMIT 1", [label, ids]).fetchone():
            found = Label(label)
        if found is not None:
            out.append(found)
    return out


def definition(labels: list[Label], kind: str, draft: Draft, verb: str = "Counted",
               allegations: bool = False) -> str:
    """'Counted where … are labelled “HARASSMENT” [36], “Harassment” [37].': which stored labels
    a category filter counted, each quoted from and cited to a record that carries it."""
    named = []
    for label in labels:
        if label.ref is None:
            named.append(label.text)  # no single span to cite: named, not quoted
        else:
            n = draft.citations.add(label.ref, label.field, 0, len(label.text), label.text)
            named.append(f"“{label.text}” [{n}]")
    if not named:
        return ""
    where = (
        "the complaint's categories or any of its allegations are"
        if kind == "complaint" and allegations
        else "the complaint's own classification is"
        if kind == "complaint"
        else f"the {noun(kind)}'s category is"
    )
    alone = (" (a complaint whose allegations alone carry the label is not counted)"
             if kind == "complaint" and not allegations else "")
    return f"{verb} where {where} labelled {', '.join(named)}{alone}."


def evidence_for(record_ids: list[str], cited: set[str]) -> list[Evidence]:
    """Up to MAX_IDS records, built without pydantic's validation (a str id, its kind, a bool:
    the fields are what the model says by construction; validating 5,000 cost ~10 ms)."""
    return [
        Evidence.model_construct(record_id=r, kind=r.split(":", 1)[0],
                                 retrieval="sql", cited=r in cited)
        for r in record_ids[:MAX_IDS]
    ]


def cited_ids(draft: Draft) -> set[str]:
    return {c.record_id for c in draft.citations.items}


# References that entity resolution could not link, but that may be this person ----------------


def possibly_unlinked(
    con: duckdb.DuckDBPyConnection, kind: str, person_ids: tuple[str, ...], cleared: bool
) -> list[str]:
    """Record ids whose unresolved person reference shares an identifier with, or closely
    resembles the name of, one of these people. Not counted: said, so nothing is silently lost.

    The store's unresolved references (5,160 in one force at 45,000 staff) are read once, plainly
    (a correlated identifier test per reference cost ~100 ms of CPU); identifiers are compared as
    a set, names are scored only where the family names can meet the threshold, and only the
    few records found are checked for restriction."""
    # a complaint names people through its allegations or, in some exports, on itself
    kinds = ["allegation", "complaint"] if kind == "complaint" else [kind]
    people = con.execute("SELECT record_id, name, force FROM person "
                         "WHERE record_id IN (SELECT unnest(?::VARCHAR[]))",
                         [list(person_ids)]).fetchall()
    if not people:
        return []
    idents: dict[str, set[str]] = {}
    for pid, value in con.execute(
            "SELECT person_id, norm_value FROM person_identifier "
            "WHERE person_id IN (SELECT unnest(?::VARCHAR[])) AND norm_value IS NOT NULL",
            [list(person_ids)]).fetchall():
        idents.setdefault(pid, set()).add(value)
    refs = con.execute(  # the kinds as constants: DuckDB then skips other kinds' row groups
        f"""SELECT DISTINCT r.record_id, r.name, norm_ident(r.value), r.force FROM person_ref r
            WHERE r.person_id IS NULL AND ({' OR '.join(map(ref_of, kinds))})
              AND r.force IN (SELECT unnest(?::VARCHAR[]))""",
        [sorted({force for _, _, force in people if force is not None})],
    ).fetchall()
    out: set[str] = set()
    for pid, name, force in people:
        here = [r for r in refs if r[3] == force]
        known = idents.get(pid, set())
        out.update(rid for rid, _, value, _ in here if value is not None and value in known)
        close = similar_names(name, {ref_name for _, ref_name, _, _ in here if ref_name},
                              UNLINKED_SIMILARITY)
        out.update(rid for rid, ref_name, _, _ in here if ref_name in close)
    if out and not cleared:  # a restricted record is not mentioned to an uncleared user
        restricted = " UNION ".join(
            f"SELECT record_id FROM {k} WHERE record_id IN (SELECT unnest(?::VARCHAR[])) "
            "AND restricted" for k in kinds)
        out -= {r for (r,) in con.execute(restricted, [sorted(out)] * len(kinds)).fetchall()}
    return sorted(out)


# Count and list ------------------------------------------------------------------------------


def cite_people(con: duckdb.DuckDBPyConnection, person_ids: tuple[str, ...], draft: Draft) -> str:
    """'Constable John Smith [1]': whom the question was resolved to, cited, said first."""
    return " and ".join(cite_person(con, pid, draft) for pid in person_ids)


def list_lines(con: duckdb.DuckDBPyConnection, redactor: Redactor, record_ids: list[str],
               total: int, draft: Draft, reserve: int = 0) -> list[str]:
    """One cited line per record (newest first), then the rest cited in one line."""
    shown = record_ids[:MAX_LISTED]
    facts = record_facts(con, shown)
    heads = headlines(con, shown, redactor)
    lines = []
    for rid in shown:
        f, h = facts[rid], heads.get(rid)
        if h:
            n = draft.citations.add(f.ref, h[0], h[1], h[2], h[3])
            ctx = "; ".join(x for x in (f.when, f.people) if x)
            lines.append(f"- {f.label}{f' ({ctx})' if ctx else ''}: “{h[3]}” [{n}]")
    if total > MAX_LISTED:
        extra = cite_references(con, redactor, record_ids[MAX_LISTED:], draft, reserve)
        lines.append(f"… and {total - MAX_LISTED:,} more {markers(extra)}".rstrip())
    return lines


def count_or_list(
    con: duckdb.DuckDBPyConnection,
    redactor: Redactor,
    plan: QueryPlan,
    scopes: list[Scope],
    listing: bool,
) -> Draft:
    draft = Draft("")
    who = cite_people(con, scopes[0].person_ids, draft) if scopes else ""
    lines: list[str] = []
    all_ids: list[str] = []
    for scope in scopes:
        found = find_records(con, scope)
        all_ids += found.record_ids
        what = f"{noun(scope.kind, found.count)}{scope_text(scope, who)}"
        unlinked = possibly_unlinked(con, scope.kind, scope.person_ids, scope.cleared) \
            if scope.person_ids else []
        if found.count == 0 and unlinked:  # a zero resting on unresolved references is no zero
            lines.append(
                f"No {noun(scope.kind, 2)}{scope_text(scope, who)} are linked to them in the "
                "records you can access — but this is not a certain zero: see below."
            )
        elif found.count == 0:
            lines.append(
                f"No {noun(scope.kind, 2)}{scope_text(scope, who)} are recorded in the records you can access."
            )
        else:
            # Notes belong to the sentence they qualify, so that sentence carries their citations;
            # which labels were counted is a sentence of its own, citing where each label is
            # (room for those citations is kept within MAX_CITED).
            labels = counted_labels(con, redactor, scope, found.record_ids)
            reserve = sum(1 for label in labels if label.ref is not None)
            room = MAX_CITED - len(draft.citations.items) - reserve
            notes = []
            if not listing and found.count > room:
                notes.append(f"{max(room, 0)} cited here; every counted record is in the evidence")
            note = f" ({'; '.join(notes)})" if notes else ""
            if listing:
                lines.append(f"{found.count:,} {what}{note}:")
                lines += list_lines(con, redactor, found.record_ids, found.count, draft, reserve)
            else:
                numbers = cite_records(con, redactor, found.record_ids, draft, reserve)
                lines.append(f"{found.count:,} {what} {markers(numbers)}{note}.")
            if said := definition(labels, scope.kind, draft, "Listed" if listing else "Counted",
                                  by_allegation(scope)):
                lines.append(said)
        if unlinked:
            nums = cite_records(con, redactor, unlinked, draft)
            lines.append(
                f"Not counted: {len(unlinked)} {noun(unlinked[0].split(':')[0], len(unlinked))} "
                f"{'names' if len(unlinked) == 1 else 'name'} someone who may be {who} but "
                f"could not be linked with certainty {markers(nums)}."
            )
        for category in found.unknown_categories:
            broader = f" (ask about {BROADER[category]}, which includes it)" if category in BROADER else ""
            lines.append(f"No stored {noun(scope.kind)} is categorised as “{category}”{broader}.")
    draft.text = "\n".join(lines)
    draft.evidence = evidence_for(all_ids, cited_ids(draft))
    draft.searched = "; ".join(f"{noun(s.kind, 2)}{scope_text(s)}" for s in scopes)
    return draft


def grouped(
    con: duckdb.DuckDBPyConnection, redactor: Redactor, plan: QueryPlan, scope: Scope
) -> Draft:
    by = plan.group_by or "year"
    with ranked_groups(con, scope, by, plan.group_field) as ranked:  # ids only of groups shown
        return _grouped(con, redactor, plan, scope, by, ranked)


def _grouped(con: duckdb.DuckDBPyConnection, redactor: Redactor, plan: QueryPlan, scope: Scope,
             by: str, ranked: RankedGroups) -> Draft:
    draft = Draft("")
    who = cite_people(con, scope.person_ids, draft)
    groups = list(ranked.counts)
    people_total = None
    if plan.count_people:  # "the unit with the most different officers": people, each once
        groups, people_total = people_counts(con, scope, ranked, by)
    if plan.min_count is not None:
        groups = [g for g in groups if g[1] >= plan.min_count]
    if plan.max_count is not None:
        groups = [g for g in groups if g[1] <= plan.max_count]
    # A ranking ("which month saw the most", "the quietest two years") is ordered by count and
    # cut there, whatever it ranks; only a breakdown over time with no ranking reads in calendar
    # order. (Sorting every date bucket by its key first cut "which month of 2021 had the most"
    # at January, 3, while September and December had 6 each.)
    ranking = bool(plan.limit) or plan.ascending
    if by in ("year", "month") and not ranking:
        groups.sort(key=lambda g: g[0])
    elif by == "weekday" and not ranking:
        groups.sort(key=lambda g: weekday_order(g[0]))
    elif plan.ascending:
        groups.sort(key=lambda g: (g[1], g[0]))
    limit = plan.limit or (RANKED if by in ("person", "unit", "district") else None)
    tied = 0
    if limit and 0 < limit < len(groups):
        # a tie at the cut is named in full: "who has the most" with two on 7 names both
        tied = sum(1 for g in groups[limit:] if g[1] == groups[limit - 1][1])
        limit += tied
    hidden = len(groups) - limit if limit and len(groups) > limit else 0
    total = ranked.total([g for g, _ in groups]) if people_total is None else people_total
    # records with no value to group on ("no finding recorded") still count in the total
    ungrouped = 0
    if plan.min_count is None and plan.max_count is None and by not in ("person", "unit") and \
            people_total is None:
        ungrouped = max(0, record_count(con, scope) - total)
    n_groups = len(groups)
    groups = groups[:limit] if limit else groups
    label = {
        "person": "officer",
        "unit": "unit",
        "district": "district",
        "year": "year",
        "month": "month",
        "weekday": "day of the week",
        "category": "category",
        "finding": "finding",
        "status": "status",
    }.get(by) or (plan.group_field or by).replace("_", " ")
    # "how many Highway Patrol officers …": what the officers counted were is said of them
    # (structured.counted_officer), not of the records naming one
    whose = officers_whose(scope.filters) if by in ("person", "unit") else ""
    said = Scope(**{**scope.__dict__, "filters": tuple(
        f for f in scope.filters if not describes_accused(f))}) if whose else scope
    counted = f"Distinct officers named in {noun(scope.kind, 2)}" if plan.count_people else \
        noun(scope.kind, 2).capitalize()
    head = f"{counted}{scope_text(said, who)} by {label}" + (
        f", counting only officers whose {whose}" if whose else "")
    if plan.min_count is not None or plan.max_count is not None:
        # "how many officers have 10 or more complaints": the number of groups comes first
        bounds = [f"at least {plan.min_count}" if plan.min_count is not None else "",
                  f"at most {plan.max_count}" if plan.max_count is not None else ""]
        head = (f"{n_groups:,} {label}{'' if n_groups == 1 else 's'}"
                f"{f' whose {whose}' if whose and by == 'person' else ''} with "
                f"{' and '.join(b for b in bounds if b)} {noun(scope.kind, plan.min_count or 2)}"
                f"{scope_text(said, who)}"
                f"{f', counting only officers whose {whose}' if whose and by != 'person' else ''}")
    if not groups:
        draft.text = f"{head}: none in the records you can access."
        return draft
    lines = [f"{head}:"]
    ids: list[str] = []
    share = max(1, MAX_CITED // len(groups))
    # the evidence is the shown groups' ids in order, cut at MAX_IDS: a group needs only those
    # that can reach it (and its cited `share`)
    first, before = {}, 0
    for g, n in groups:
        first[g], before = max(share, MAX_IDS - before), before + n
    ids_of = ranked.ids([g for g, _ in groups], first)
    known = citable(con, redactor, [r for g, _ in groups for r in ids_of[g][:share]])
    people = person_rows(con, [g for g, _ in groups]) if by == "person" else {}
    for g, n in groups:
        record_ids = ids_of[g]
        ids += record_ids
        # an officer is cited to their person record, so who is meant never rests on a name alone
        shown = cite_person(con, g, draft, people) if by == "person" else g
        nums = cite_records(con, redactor, record_ids[:share], draft, known=known)
        lines.append(f"- {shown}: {n:,} {markers(nums)}".rstrip())
    shared = " (one counted under several groups is counted once)" if by in (
        "person", "unit", "finding", "category", "district") else ""
    missing = f"; {ungrouped:,} with no {label} recorded" if ungrouped else ""
    if plan.group_valued and plan.group_field:
        # "which agencies were they referred to": the records with one are the answer; those
        # with none are said, not counted in
        none = (f"; {ungrouped:,} more {noun(scope.kind, ungrouped)}{scope_text(said, who)} "
                f"{'has' if ungrouped == 1 else 'have'} none") if ungrouped else ""
        what = noun(scope.kind, total) if people_total is None else \
            f"distinct officer{'' if total == 1 else 's'}"  # the groups counted people
        lines.append(f"Total: {total:,} {what} where the {label} is recorded{shared}{none}.")
    elif people_total is not None:
        lines.append(f"Total: {total:,} distinct officer{'' if total == 1 else 's'}{shared}.")
    else:
        lines.append(f"Total: {total + ungrouped:,} {noun(scope.kind, total + ungrouped)}"
                     f"{shared}{missing}.")
    # every day of the week is a group: those with no record are named, not left out
    empty = [NAMES[d - 1] for d in (scope.weekdays or range(1, 8))
             if NAMES[d - 1] not in dict(ranked.counts)] if by == "weekday" else []
    if empty and not plan.ascending:
        lines.append(f"None on {' or '.join(empty)}.")
    if plan.ascending:
        among = "days of the week" if by == "weekday" else f"{label}s"
        lines.append(f"Fewest first, among {among} with at least one {noun(scope.kind)} "
                     + (f"(none at all on {' or '.join(empty)})." if empty else
                        "(those with none are not listed)."))
    if tied:
        lines.append(f"{tied + 1} are tied on {groups[-1][1]:,}: all of them are named.")
    if hidden:
        more = "more" if plan.ascending else "fewer"
        lines.append(f"… and {hidden:,} more with {more} (ask for the top N to see more).")
    draft.text = "\n".join(lines)
    draft.evidence = evidence_for(ids, cited_ids(draft))
    return draft


# Compare -------------------------------------------------------------------------------------


def compare(
    con: duckdb.DuckDBPyConnection,
    redactor: Redactor,
    plan: QueryPlan,
    base: Scope,
    label_person: dict[str, str],
) -> Draft:
    draft = Draft("")
    lines, counts, ids, cited_all = [], [], [], []
    share = max(1, MAX_CITED // max(len(plan.compare), 1))
    for item in plan.compare:
        scope = base
        if item.type == "person":
            scope = Scope(**{**base.__dict__, "person_ids": tuple(item.person_ids)})
            name = " / ".join(label_person.get(p, p) for p in item.person_ids) or item.text
        elif item.type == "period":
            scope = Scope(**{**base.__dict__, "date_from": item.date_from, "date_to": item.date_to})
            name = period_text(item.date_from, item.date_to).strip() or item.text
        elif item.type == "value" and item.filter is not None:
            # a value of a field the data holds, alone (compared categories are not ANDed in)
            scope = Scope(**{**base.__dict__, "filters": (*base.filters, item.filter),
                             "categories": tuple(c for c in base.categories if c not in {
                                 i.category for i in plan.compare})})
            name = " / ".join(item.filter.values)
        else:
            scope = Scope(
                **{**base.__dict__, "categories": (item.category,) if item.category else ()}
            )
            name = item.category or item.text
        found = find_records(con, scope)
        ids += found.record_ids
        nums = cite_records(con, redactor, found.record_ids[:share], draft)
        cited_all += nums
        counts.append((name, found.count))
        detail = scope_text(Scope(**{**scope.__dict__, "date_from": None, "date_to": None}))
        lines.append(
            f"- {name}: {found.count:,} {noun(scope.kind, found.count)}{detail} {markers(nums)}".rstrip()
        )
    if len(counts) == 2:
        (a, x), (b, y) = counts
        diff = abs(x - y)
        kind = noun(base.kind, 2)
        cite = f" {markers(cited_all)}" if cited_all else ""
        verdict = (
            f"{a} and {b}: the same number of {kind} ({x:,}){cite}."
            if x == y
            else f"{a if x > y else b}: {diff:,} more {kind} than {b if x > y else a}{cite}."
        )
        lines.insert(0, verdict)
    elif len(counts) > 2:  # three or more: the largest, every one tied for it named
        top = max(n for _, n in counts)
        tied = [name for name, n in counts if n == top]
        cite = f" {markers(cited_all)}" if cited_all else ""
        lines.insert(0, f"{' and '.join(tied)}: the most {noun(base.kind, 2)} ({top:,}"
                        f"{' each, a tie' if len(tied) > 1 else ''}){cite}.")
    if all(i.type == "value" for i in plan.compare) and len(counts) >= 2 and \
            len(ids) == sum(n for _, n in counts):  # every id listed: their union is exact
        # values of one field ("split between self-certified and fit note"): the whole they
        # share, each record once (a record holding both values is not counted twice)
        total = len(set(ids))
        lines.append(f"Together: {total:,} {noun(base.kind, total)}.")
    draft.text = "\n".join(lines)
    draft.evidence = evidence_for(ids, cited_ids(draft))
    return draft


# Profile -------------------------------------------------------------------------------------


def profile(
    con: duckdb.DuckDBPyConnection, redactor: Redactor, person_id: str, cleared: bool, base: Scope
) -> Draft:
    draft = Draft("")
    who = cite_person(con, person_id, draft)
    person = con.execute(
        "SELECT unit, district, role_title, start_date, leave_date, identifiers FROM person WHERE record_id = ?",
        [person_id],
    ).fetchone()
    lines = []
    if person:
        unit, district, role, start, leave, identifiers = person
        ids = ", ".join(f"{k} {v}" for k, v in sorted((identifiers or {}).items()))
        bits = [
            x
            for x in (
                role,
                unit,
                district,
                ids,
                f"joined {when(start)}" if start else "",
                f"left {when(leave)}" if leave else "",
            )
            if x
        ]
        lines.append(f"{who} — {'; '.join(bits)}." if bits else f"{who}.")
    timeline: list[tuple[str, str]] = []
    all_ids: list[str] = []
    for kind, model in RECORD_KINDS.items():
        if kind in ("person", "allegation"):
            continue
        scope = Scope(
            **{
                **base.__dict__,
                "kind": kind,
                "person_ids": (person_id,),
                "categories": (),
                "findings": (),
            }
        )
        found = find_records(con, scope)
        if not found.count:
            continue
        all_ids += found.record_ids
        by_year = (
            con.execute(
                f"SELECT year({model.date_field})::VARCHAR, count(*) FROM {kind} "
                f"WHERE record_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1 ORDER BY 1",
                [found.record_ids],
            ).fetchall()
            if model.date_field
            else []
        )
        years = "; ".join(f"{y}: {n}" for y, n in by_year if y)
        cited = (
            found.record_ids[:10] if kind in ("system_access", "duty_shift") else found.record_ids
        )
        nums = cite_records(con, redactor, cited, draft)
        sample = " (10 most recent cited)" if len(cited) < found.count else ""
        lines.append(
            f"- {found.count:,} {noun(kind, found.count)}{period_text(scope.date_from, scope.date_to)}"
            f"{' (' + years + ')' if years else ''} {markers(nums)}{sample}"
        )
        if kind not in ("system_access", "duty_shift"):
            timeline += [(rid, kind) for rid in found.record_ids[:TIMELINE]]
    if len(lines) <= 1:
        lines.append("No records about this person are held in the records you can access.")
    facts = record_facts(con, [r for r, _ in timeline])
    dated = sorted(
        (f for f in facts.values() if f.day), key=lambda f: (f.day, f.label), reverse=True
    )
    if dated:
        lines.append("Most recent:")
        heads = headlines(con, [f.ref.record_id for f in dated[:TIMELINE]], redactor)
        for f in dated[:TIMELINE]:
            h = heads.get(f.ref.record_id)
            if h:
                n = draft.citations.add(f.ref, h[0], h[1], h[2], h[3])
                lines.append(f"- {f.when}: {f.label} — “{h[3]}” [{n}]")
    draft.text = "\n".join(lines)
    draft.evidence = evidence_for(all_ids, cited_ids(draft))
    return draft
