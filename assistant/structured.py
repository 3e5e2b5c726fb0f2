"""Structured path: exact counts, lists and groupings by parameterised SQL over the store.

Table and column names come only from the fixed record model (never from the question); every
value from the question is a bound parameter. Counts are `count(*)` over the full matching set —
never a sample — and the matching ids are returned so that the answer can cite what it counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, get_args

import duckdb

from assistant import held_reads, person_links
from assistant.catalogue import CANDIDATE_FIELDS, DURATIONS, OFFICER, OFFICER_FIELDS, officer_value
from assistant.catalogue.link import field_words, normalise
from assistant.records import RECORD_KINDS
from assistant.understand.models import CHARGE_FIELDS, FieldFilter, describes_accused
from assistant.understand.numeric import NUMERIC_OPS, SQL_OPS
from assistant.understand.taxonomy import BROADER, canonical_category, canonical_finding, within

# The column each kind is categorised by (what "use of force complaints" filters on).
CATEGORY_COLUMN = {
    "complaint": "category",
    "allegation": "category",
    "conduct_case": "category",
    "declaration": "declaration_type",
    "absence": "absence_type",
    "duty_shift": "duty_type",
    "system_access": "system",
    "membership": "organisation_type",
}
MAX_IDS = 5000  # ids returned with a result (evidence); counts are never capped


@dataclass(frozen=True)
class Scope:
    """Which records of one kind an answer is about."""

    kind: str
    cleared: bool
    person_ids: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[str, ...] = ()  # canonical names
    findings: tuple[str, ...] = ()  # canonical names
    forces: tuple[str, ...] = ()
    filters: tuple[FieldFilter, ...] = ()  # any categorical field, linked from the catalogue
    record_ids: tuple[str, ...] = ()  # a question about named records ("complaint 31-0001")
    allegations_named: bool = False  # "complaints with an X allegation": categories of allegations
    said: tuple[str, ...] = ()  # the question's words for its categories ("use of force internal")
    min_people: int | None = None  # distinct people named per record ("three or more officers")
    max_people: int | None = None
    # Free-text references (mapping `mentions:`, role `mentioned`) are not a record's subjects:
    # they count only when the question asks what *mentions* someone, and then only they count.
    mentioned: bool = False
    # periods on another date field of the kind ("about incidents in 2018": incident_date)
    date_ranges: tuple[tuple[str, date | None, date | None], ...] = ()
    # the days between periods said apart ("in 2016 or 2018": 2017), never matched
    gaps: tuple[tuple[date, date], ...] = ()
    # ISO days of the week of the kind's own date ("at the weekend": 6, 7)
    weekdays: tuple[int, ...] = ()


class UnfitPlan(ValueError):
    """A filter or grouping the records asked for cannot carry (another kind's field): the plan,
    not the store, is at fault, so the answer says so (service.Engine.answer), never a traceback."""


MENTIONED = "mentioned"
# Kinds whose records name people only in their text (a statement, a memo, an email): a mention
# is how such a record names someone, so "the memo about PC X" reads its mentions.
MENTION_ONLY = frozenset({"document"})


def attribute_period(kind: str, name: str, start: date | None,
                     end: date | None) -> tuple[str, list[Any]]:
    """SQL: `t` (or an allegation's complaint) holds the date attribute `name` (a mapping's
    `type: date`, stored YYYY-MM-DD) within start–end; a record without it is not in the period.
    The name is a bound parameter."""
    owner = "t.record_id" if kind != "allegation" else "t.record_id, t.complaint_id"
    test = "".join(f" AND TRY_CAST(x.value AS DATE) {cmp} ?" for day, cmp in
                   ((start, ">="), (end, "<=")) if day is not None)
    return (f"EXISTS (SELECT 1 FROM record_attribute x WHERE x.record_id IN ({owner}) "
            f"AND x.name = ?{test})", [name, *(d for d in (start, end) if d is not None)])


def date_test(model: type[Any], name: str, cmp: str) -> str:
    """SQL: `t.{name}::DATE {cmp} ?` (a day). A timestamp column is compared as itself, not cast
    per row, so DuckDB can skip blocks by their min/max (10.4M system accesses at 45,000 staff:
    a month's count 111 -> 44 ms of CPU); the same rows either way."""
    annotation = model.model_fields[name].annotation
    if datetime not in (annotation, *get_args(annotation)):
        return f"t.{name}::DATE {cmp} ?"
    if cmp == ">=":
        return f"t.{name} >= ?::DATE::TIMESTAMP"
    if cmp == "<=":
        return f"t.{name} < (?::DATE + 1)::TIMESTAMP"
    raise ValueError(f"no date test {cmp!r}")


def role_test(mentioned: bool, alias: str = "r") -> str:
    """SQL on a person_ref row: a subject-type reference, or (`mentioned`) a free-text mention."""
    if mentioned:
        return f"{alias}.role = '{MENTIONED}'"
    return f"coalesce({alias}.role, '') <> '{MENTIONED}'"


def ref_of(kind: str, alias: str = "r") -> str:
    """SQL on a person_ref row: it references a `kind` record. Redundant with any join on its
    record_id (a reference's `kind` is its record's: the id's own prefix) but not to DuckDB,
    which then reads only that kind's references instead of probing all of them: at 45,000
    staff person_ref holds 26M rows, 25M of them duty shifts' and system accesses'."""
    if kind not in RECORD_KINDS:
        raise ValueError(f"not a record kind: {kind!r}")
    return f"{alias}.kind = '{kind}'"


@dataclass
class Matches:
    count: int
    record_ids: list[str]  # newest first, at most MAX_IDS
    unknown_categories: list[str] = field(default_factory=list)  # no stored label maps here


def _labels(
    con: duckdb.DuckDBPyConnection, sql: str, wanted: tuple[str, ...], canon: Any
) -> list[str]:
    stored = [r for (r,) in held_reads.rows(con, sql) if r]
    return [label for label in stored if within(canon(label), wanted)]


def by_allegation(scope: Scope) -> bool:
    """Whether a category filter on `scope` reads the allegations instead of the complaint's own
    classification. "Physical abuse complaints" means complaints classified so (114 Philadelphia
    complaints in 2018, not the 135 with any such allegation); "use of force complaints against
    PC Smith" means allegations against that officer, so a person-scoped complaint question reads
    the allegations naming them; so does "complaints with an other-misconduct allegation"."""
    return scope.kind == "complaint" and (bool(scope.person_ids) or scope.allegations_named)


def category_labels(
    con: duckdb.DuckDBPyConnection, kind: str, wanted: tuple[str, ...], cleared: bool,
    allegations: bool = True,
) -> list[str]:
    """Stored labels that canonicalise to a wanted category — read from rows the user may see
    (a label that exists only on restricted records must not change what an answer says). A
    complaint's labels include its allegations' only when `allegations` (see `by_allegation`)."""
    column = CATEGORY_COLUMN.get(kind)
    if column is None or not wanted:
        return []
    visible = "true" if cleared else "NOT restricted"
    sql = f"SELECT DISTINCT {column} FROM {kind} WHERE {visible}"
    if kind == "complaint":  # its own list of categories, and maybe its allegations'
        sql += f" UNION SELECT DISTINCT unnest(categories) FROM complaint WHERE {visible}"
        if allegations:
            sql += f" UNION SELECT DISTINCT category FROM allegation WHERE {visible}"
    return _labels(con, sql, wanted, canonical_category)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def scope_labels(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[str]:
    """The stored labels a category filter counts. A category named in the words of one stored
    label ("the classification 'use of force internal'") counts that label only, not every label
    of its broader category (955 Philadelphia use-of-force complaints, 1 of them "internal")."""
    labels = category_labels(con, scope.kind, scope.categories, scope.cleared,
                             by_allegation(scope))
    said = {_norm(w) for w in scope.said}
    # ... but a label that *is* its category's own name ("Sexual Misconduct" in one force) does
    # not narrow it: "sexual misconduct complaints" in Philadelphia are its "SEXUAL
    # CRIME/MISCONDUCT" ones (was: none, as only the other force's label was counted)
    exact = [label for label in labels if _norm(label) in said and
             _norm(label) != _norm(canonical_category(label) or "")]
    # ... and a label said exactly is that label alone, not also the narrower categories its
    # category holds: Philadelphia's "Unprofessional Conduct" is incivility, its "Verbal Abuse"
    # one kind of incivility, and "unprofessional conduct complaints" in a district's 2018
    # counted both (9 where the label holds 8: third fresh set). Words that are no stored label
    # ("rude", "incivility") still count every label of the category and of its narrower ones.
    narrowed = {c for label in exact if (c := canonical_category(label))}
    return exact + [label for label in labels if not within(canonical_category(label), narrowed)]


def finding_labels(
    con: duckdb.DuckDBPyConnection, wanted: tuple[str, ...], cleared: bool
) -> list[str]:
    visible = "true" if cleared else "NOT restricted"
    sql = f"SELECT DISTINCT finding FROM allegation WHERE {visible}"
    return _labels(con, sql, wanted, canonical_finding) if wanted else []


def where_clause(con: duckdb.DuckDBPyConnection, scope: Scope) -> tuple[str, list[Any], list[str]]:
    """SQL condition over `t` (the kind's table), its parameters, and unknown categories."""
    kind = scope.kind
    model = RECORD_KINDS[kind]
    clauses: list[str] = []
    params: list[Any] = []
    unknown: list[str] = []
    if not scope.cleared:
        clauses.append("NOT t.restricted")
        if kind == "allegation":  # an allegation is as restricted as the complaint it belongs to
            clauses.append("NOT EXISTS (SELECT 1 FROM complaint c WHERE c.record_id = "
                           "t.complaint_id AND c.restricted)")
    if scope.forces:
        clauses.append("t.force IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(scope.forces))
    if model.date_field and scope.date_from:
        clauses.append(date_test(model, model.date_field, ">="))
        params.append(scope.date_from)
    if model.date_field and scope.date_to:
        clauses.append(date_test(model, model.date_field, "<="))
        params.append(scope.date_to)
    for first, last in scope.gaps:
        if model.date_field:
            clauses.append(f"NOT ({date_test(model, model.date_field, '>=')} AND "
                           f"{date_test(model, model.date_field, '<=')})")
            params += [first, last]
    if scope.weekdays:  # a kind with no date of its own has none on those days
        clauses.append(f"isodow(t.{model.date_field}) IN (SELECT unnest(?::INTEGER[]))"
                       if model.date_field else "false")
        params.append(list(scope.weekdays))
    for name in dict.fromkeys(n for n, _, _ in scope.date_ranges):
        either: list[str] = []  # one field's ranges are its runs of days: any of them
        for _, start, end in (r for r in scope.date_ranges if r[0] == name):
            if name not in model.model_fields:  # a mapping's date attribute ("closed_date")
                sql, values = attribute_period(kind, name, start, end)
                either.append(sql)
                params += values
                continue
            tests = [(date_test(model, name, cmp), day) for day, cmp in ((start, ">="),
                                                                         (end, "<=")) if day]
            either.append(" AND ".join(t for t, _ in tests) or "true")
            params += [day for _, day in tests]
        clauses.append("(" + " OR ".join(f"({e})" for e in either) + ")")
    if scope.person_ids:
        clauses.append("t.record_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(person_record_ids(con, kind, scope.person_ids, scope.cleared,
                                        scope.mentioned))
    if scope.record_ids:
        clauses.append("t.record_id IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(scope.record_ids))
    for f in merged(scope.filters):
        sql, values = field_filter(kind, f, scope.cleared)
        clauses.append(sql)
        params += values
    if kind == "complaint" and (tied := officer_on_allegation(con, scope)) is not None:
        clauses.append(tied[0])
        params += tied[1]
    for bound, op in ((scope.min_people, ">="), (scope.max_people, "<=")):
        if bound is not None:
            clauses.append(people_count_test(kind, scope.cleared, op, bound,
                                             person_links.usable(con)))
            params.append(bound)
    # Complaints are linked to findings (and people) through their allegations.
    visible = "" if scope.cleared else " AND NOT a.restricted"
    person = " AND r.person_id IN (SELECT unnest(?::VARCHAR[]))" if scope.person_ids else ""
    if scope.categories:
        labels = scope_labels(con, scope)
        known = set()
        for label in labels:
            category = canonical_category(label)
            while category is not None:  # a narrower label also makes its broader category known
                known.add(category)
                category = BROADER.get(category)
        unknown = [c for c in scope.categories if c not in known]
        column = CATEGORY_COLUMN.get(kind)
        if column is None:
            clauses.append("false")  # a category filter on an uncategorised kind matches nothing
        elif kind == "complaint" and not by_allegation(scope):
            clauses.append("(t.category IN (SELECT unnest(?::VARCHAR[])) "
                           "OR list_has_any(t.categories, ?::VARCHAR[]))")
            params += [labels, labels]
        elif kind == "complaint":
            link = (
                f"SELECT 1 FROM allegation a LEFT JOIN person_ref r ON r.record_id = a.record_id "
                f"AND {ref_of('allegation')} "
                f"WHERE a.complaint_id = t.record_id{visible}{person} "
                f"AND a.category IN (SELECT unnest(?::VARCHAR[]))"
            )
            clauses.append(
                f"(t.category IN (SELECT unnest(?::VARCHAR[])) "
                f"OR list_has_any(t.categories, ?::VARCHAR[]) OR EXISTS ({link}))"
            )
            params += [labels, labels]
            params += [list(scope.person_ids)] if scope.person_ids else []
            params.append(labels)
        else:
            clauses.append(f"t.{column} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(labels)
    if scope.findings and kind in ("complaint", "allegation"):
        labels = finding_labels(con, scope.findings, scope.cleared)
        if kind == "allegation":
            clauses.append("t.finding IN (SELECT unnest(?::VARCHAR[]))")
            params.append(labels)
        else:
            link = (
                f"SELECT 1 FROM allegation a LEFT JOIN person_ref r ON r.record_id = a.record_id "
                f"AND {ref_of('allegation')} "
                f"WHERE a.complaint_id = t.record_id{visible}{person} "
                f"AND a.finding IN (SELECT unnest(?::VARCHAR[]))"
            )
            clauses.append(f"EXISTS ({link})")
            params += ([list(scope.person_ids)] if scope.person_ids else []) + [labels]
    return " AND ".join(clauses) or "true", params, unknown


def allegations_carry(con: duckdb.DuckDBPyConnection, f: FieldFilter) -> bool:
    """Whether allegations carry a value of this category filter (a complaint's own label its
    allegations never carry cannot be tied to one of them)."""
    return con.execute(f"SELECT 1 FROM allegation WHERE {f.field} IN (SELECT "  # catalogue name
                       "unnest(?::VARCHAR[])) LIMIT 1", [list(f.values)]).fetchone() is not None


def accused_filters(filters: Sequence[FieldFilter]) -> list[FieldFilter]:
    """The filters that describe an accused on one allegation: an officer's rank/unit, and any
    field of the allegation row that is not its charge (op "in", or "present")."""
    return [f for f in merged(filters) if describes_accused(f)]


def charge_filters(con: duckdb.DuckDBPyConnection,
                   filters: Sequence[FieldFilter]) -> list[FieldFilter]:
    """The catalogue filters on what an allegation charges or its finding/outcome, read on the
    allegation row (a complaint's own label counts only if allegations carry it)."""
    return [f.model_copy(update={"kind": "allegation"}) for f in merged(filters)
            if f.op == "in" and f.field in CHARGE_FIELDS and (
                (f.kind == "allegation" and f.field in ("finding", "outcome"))
                or (f.kind in ("complaint", "allegation") and f.field in
                    ("category", "allegation_type") and allegations_carry(con, f)))]


def officer_on_allegation(con: duckdb.DuckDBPyConnection,
                          scope: Scope) -> tuple[str, list[Any]] | None:
    """SQL on a complaint `t`: one allegation both describes the accused as asked (an officer's
    rank/unit, or any field the allegation row holds: "a female officer", "an off-duty officer")
    and carries the category, finding or outcome asked for ("a woman accused of excessive force":
    not a complaint where a woman faced another allegation and a man the excessive-force one;
    Chicago 2021: 25 complaints, not 35). An officer the complaint itself names keeps the
    complaint's own category. None when the question ties no accused to a charge."""
    accused = accused_filters(scope.filters)
    said = charge_filters(con, scope.filters)
    if not accused or not (said or scope.categories or scope.findings):
        return None
    # inside the subquery `t` is the allegation (an uncorrelated IN: one pass over allegations)
    tests, params = (["true"] if scope.cleared else ["NOT t.restricted"]), []
    if scope.categories:
        tests.append("t.category IN (SELECT unnest(?::VARCHAR[]))")
        params.append(category_labels(con, "allegation", scope.categories, scope.cleared))
    if scope.findings:  # "a sergeant with a sustained finding": that sergeant's allegation
        tests.append("t.finding IN (SELECT unnest(?::VARCHAR[]))")
        params.append(finding_labels(con, scope.findings, scope.cleared))
    for f in [*said, *accused]:
        sql, values = field_filter("allegation", f, scope.cleared)
        tests.append(sql)
        params += values
    tied = f"t.record_id IN (SELECT t.complaint_id FROM allegation t WHERE {' AND '.join(tests)})"
    if any(f.kind != OFFICER for f in accused):  # only an allegation holds that: no other way
        return f"({tied})", params
    direct = [f"EXISTS (SELECT 1 FROM person_ref r WHERE {role_test(False)} AND r.record_id = "
              f"t.record_id AND {officer_value(f.field)} IN (SELECT unnest(?::VARCHAR[])))"
              for f in accused]
    return (f"({tied} OR ({' AND '.join(direct)}))",
            params + [list(f.values) for f in accused])


def merged(filters: Sequence[FieldFilter]) -> list[FieldFilter]:
    """Filters on one field are one filter on any of their values: "complaints in districts 19
    and 35" are the complaints of either (a record has one district, so both would be none)."""
    out: dict[tuple[str, str, str], FieldFilter] = {}
    for f in filters:
        if f.op in NUMERIC_OPS:  # "over 4 and under 8 hours": both bounds, each applied
            out[(f.kind, f.field, f"{f.op}:{','.join(f.values)}")] = f
            continue
        if (key := (f.kind, f.field, f.op)) in out:
            seen = out[key]
            out[key] = seen.model_copy(update={
                "values": list(dict.fromkeys([*seen.values, *f.values])),
                "text": f"{seen.text} / {f.text}"})
        else:
            out[key] = f
    return list(out.values())


ATTR_SEP = "\x1f"  # joins an attribute's name and value into one bound parameter


def field_filter(kind: str, f: FieldFilter, cleared: bool) -> tuple[str, list[Any]]:
    """SQL for a catalogue filter on `t` (a `kind` record): the field itself, or a complaint's
    allegations' field. A field of the record model is a column; any other name is one of the
    mapping's `attributes:` (`record_attribute`), matched as a bound parameter, never as SQL."""
    column = f.field in CANDIDATE_FIELDS.get(f.kind, ())
    test = f"{f.field} IN (SELECT unnest(?::VARCHAR[]))"
    if column and f.kind == OFFICER:  # an officer the record names, with that rank/unit then
        held = f"{officer_value(f.field)} IN (SELECT unnest(?::VARCHAR[]))"
        refs = f"SELECT 1 FROM person_ref r WHERE {role_test(False)} AND {held} AND "
        if kind == "complaint":
            visible = "" if cleared else " AND NOT a.restricted"
            return (f"(EXISTS ({refs}r.record_id = t.record_id) OR EXISTS ({refs}r.record_id IN "
                    f"(SELECT a.record_id FROM allegation a WHERE a.complaint_id = t.record_id"
                    f"{visible})))", [list(f.values), list(f.values)])
        return f"EXISTS ({refs}r.record_id = t.record_id)", [list(f.values)]
    if column and f.kind == kind == "complaint" and f.field == "category":
        # a complaint filed under several categories is one of each ("categories" holds them all)
        return ("list_has_any(list_concat(coalesce(t.categories, []::VARCHAR[]), [t.category]), "
                "?::VARCHAR[])", [list(f.values)])

    if f.kind == PERSON and kind != PERSON and f.op in NUMERIC_OPS:
        return _of_people(kind, f, cleared)
    if f.op in NUMERIC_OPS:
        return _numeric(kind, f, cleared)
    if f.op != "in":
        return _presence(kind, f, column, cleared)

    def on(alias: str) -> str:  # the test on one record, `alias`
        if column:
            return f"{alias}.{test}"
        return (f"EXISTS (SELECT 1 FROM record_attribute x WHERE x.record_id = {alias}.record_id "
                f"AND x.name || '{ATTR_SEP}' || x.value IN (SELECT unnest(?::VARCHAR[])))")

    values = list(f.values) if column else [f"{f.field}{ATTR_SEP}{v}" for v in f.values]
    if f.kind == kind:
        return on("t"), [values]
    if f.kind == "allegation" and kind == "complaint":
        visible = "" if cleared else " AND NOT a.restricted"
        return (f"EXISTS (SELECT 1 FROM allegation a WHERE a.complaint_id = t.record_id{visible} "
                f"AND {on('a')})", [values])
    raise UnfitPlan(f"a {f.kind} filter does not apply to {kind} records")


PERSON = "person"


def _of_people(kind: str, f: FieldFilter, cleared: bool) -> tuple[str, list[Any]]:
    """SQL on `t` (a `kind` record): a person it names (a complaint: also through its
    allegations) holds the staff list's value — "complaints against officers born before 1970".
    The test is `f` on the person record; the person's id comes from resolution, never text."""
    test, params = field_filter(PERSON, f, cleared)  # on the person, aliased `t` inside
    named = (f"SELECT r.record_id FROM person_ref r JOIN person t ON t.record_id = r.person_id "
             f"WHERE {ref_of(kind)} AND {role_test(False)} AND {test}")
    if kind != "complaint":
        return f"t.record_id IN ({named})", params
    visible = "" if cleared else " AND NOT a.restricted"
    through = (f"SELECT a.complaint_id FROM allegation a JOIN person_ref r ON r.record_id = "
               f"a.record_id AND {ref_of('allegation')} JOIN person t ON t.record_id = r.person_id "
               f"WHERE {role_test(False)}{visible} AND {test}")
    return f"(t.record_id IN ({named}) OR t.record_id IN ({through}))", [*params, *params]


def _numeric(kind: str, f: FieldFilter, cleared: bool) -> tuple[str, list[Any]]:
    """SQL: `t`'s numeric field compared with the question's number(s), bound as parameters: a
    model column (its name from the record model), the days a record lasted (its start and end
    columns, `catalogue.DURATIONS`), or a mapping attribute read as a number."""
    model = RECORD_KINDS.get(f.kind)
    test = "BETWEEN ? AND ?" if f.op == "between" else f"{SQL_OPS[f.op]} ?"
    numbers = [float(v) for v in f.values[:2 if f.op == "between" else 1]]

    def on(alias: str) -> tuple[str, list[Any]]:
        if model is not None and f.field in model.model_fields:
            annotation = model.model_fields[f.field].annotation
            if date in (annotation, *get_args(annotation)):  # "born before 1970": its year
                return f"year({alias}.{f.field}) {test}", numbers
            return f"{alias}.{f.field} {test}", numbers
        if f.kind in DURATIONS and f.field == f"{f.kind}_days":
            start, end, extra = DURATIONS[f.kind]
            return (f"(date_diff('day', {alias}.{start}::DATE, {alias}.{end}::DATE) + {extra}) "
                    f"{test}", numbers)
        return (f"EXISTS (SELECT 1 FROM record_attribute x WHERE x.record_id = {alias}.record_id "
                f"AND x.name = ? AND TRY_CAST(x.value AS DOUBLE) {test})", [f.field, *numbers])
    if f.kind == kind:
        return on("t")
    if f.kind == "allegation" and kind == "complaint":
        visible = "" if cleared else " AND NOT a.restricted"
        sql, params = on("a")
        return (f"EXISTS (SELECT 1 FROM allegation a WHERE a.complaint_id = t.record_id{visible} "
                f"AND {sql})", params)
    raise UnfitPlan(f"a {f.kind} filter does not apply to {kind} records")


def _presence(kind: str, f: FieldFilter, column: bool,
              cleared: bool) -> tuple[str, list[Any]]:
    """SQL: `t` holds any value of the field (op "present") or none ("absent"); a complaint
    through its allegations (any of them holds one). An attribute's name is a bound parameter."""
    def held(alias: str) -> tuple[str, list[Any]]:
        if column:  # a catalogue field name of the record model (CANDIDATE_FIELDS), never text
            return f"nullif(trim({alias}.{f.field}::VARCHAR), '') IS NOT NULL", []
        return (f"EXISTS (SELECT 1 FROM record_attribute x WHERE x.record_id = {alias}.record_id "
                "AND x.name = ?)", [f.field])
    if f.kind == kind:
        sql, params = held("t")
    elif f.kind == "allegation" and kind == "complaint":
        visible = "" if cleared else " AND NOT a.restricted"
        test, params = held("a")
        sql = (f"EXISTS (SELECT 1 FROM allegation a WHERE a.complaint_id = t.record_id{visible} "
               f"AND {test})")
    else:
        raise UnfitPlan(f"a {f.kind} filter does not apply to {kind} records")
    return (sql if f.op == "present" else f"NOT ({sql})"), params


def people_per_record(kind: str, cleared: bool, mentioned: bool = False) -> str:
    """SQL: how many different people `t` names — a complaint through its (visible) allegations;
    an unresolved reference counts by its identifier, else its name; free-text mentions and
    complainants named in an account are not people the record is about."""
    key, roles = _people_key(mentioned)
    who = f"count(DISTINCT {key})"
    if kind == "complaint":
        visible = "" if cleared else " AND NOT a.restricted"
        # An allegation that identifies no officer (no id, no usable name: "unknown officers")
        # still accuses someone: all such allegations of a complaint count as one unidentified
        # officer (said in every such answer: understand.interpret.UNIDENTIFIED_RULE), never as none and never as one per row.
        unidentified = (f"SELECT 1 FROM allegation a WHERE a.complaint_id = t.record_id{visible} "
                        f"AND NOT EXISTS (SELECT 1 FROM person_ref r WHERE r.record_id = "
                        f"a.record_id AND {ref_of('allegation')} AND {roles} AND {key} IS NOT "
                        f"NULL)")
        return (f"(SELECT {who} FROM allegation a JOIN person_ref r ON r.record_id = a.record_id "
                f"AND {ref_of('allegation')} WHERE a.complaint_id = t.record_id{visible} "
                f"AND {roles}) + (CASE WHEN EXISTS ({unidentified}) THEN 1 ELSE 0 END)")
    return (f"SELECT {who} FROM person_ref r WHERE r.record_id = t.record_id AND {ref_of(kind)} "
            f"AND {roles}")


def people_count_test(kind: str, cleared: bool, op: str, bound: int,
                      linked: bool = False) -> str:
    """SQL: `people_per_record(t) {op} ?`. For complaints, without a subquery per complaint: each
    complaint's count is computed once for all, in one grouped query (at 45,000 staff the
    correlated form took 2.3 s of CPU, this 0.14 s; the same complaints at every bound) — or,
    `linked`, read from the counts ingest wrote (assistant/person_links.py: the same query's
    result, valid while no review decision is pending)."""
    if kind != "complaint":
        return f"({people_per_record(kind, cleared)}) {op} ?"
    counts = (f"SELECT complaint_id AS id, {'n_all' if cleared else 'n_open'} AS n "
              "FROM complaint_people" if linked else complaint_people(cleared))
    if bound <= 0 if op == ">=" else bound >= 0:  # a complaint naming no one passes: keep
        return f"t.record_id NOT IN (SELECT id FROM ({counts}) WHERE NOT (n {op} ?))"
    return f"t.record_id IN (SELECT id FROM ({counts}) WHERE n {op} ?)"


def complaint_people(cleared: bool) -> str:
    """SQL (id, n): each complaint's `people_per_record` count, for every complaint with an
    allegation the reader may see (none: no row); one grouped query for all complaints."""
    key, roles = _people_key(False)
    visible = "" if cleared else " AND NOT a.restricted"
    return (
        f"SELECT id, sum(n) AS n FROM ("
        f"SELECT a.complaint_id AS id, count(DISTINCT {key}) AS n FROM allegation a JOIN "
        f"person_ref r ON r.record_id = a.record_id AND {ref_of('allegation')} "
        f"WHERE {roles}{visible} GROUP BY a.complaint_id"
        f" UNION ALL SELECT DISTINCT a.complaint_id, 1 FROM allegation a WHERE NOT EXISTS "
        f"(SELECT 1 FROM person_ref r WHERE r.record_id = a.record_id AND {ref_of('allegation')} "
        f"AND {roles} AND {key} IS NOT NULL){visible}) GROUP BY id")


def _people_key(mentioned: bool) -> tuple[str, str]:
    """`people_per_record`'s key of a different person, and its test of a reference's role."""
    # a name that identifies no one ("UNKNOWN UNKNOWN", blank) is not a different person
    name = (r"CASE WHEN regexp_matches(lower(coalesce(r.name, '')), '^\s*$|\bunknown\b|"
            r"^\s*(?:unk|idk|n/?a)\s*$') THEN NULL ELSE lower(r.name) END")
    key = f"coalesce(r.person_id, r.scheme || ':' || r.value, {name})"
    return key, f"{role_test(mentioned)} AND coalesce(r.role, '') <> 'complainant'"


FEW_REFS = 0.05  # kinds whose records are at most this share of person_ref's rows: `few_refs`


def few_refs(con: duckdb.DuckDBPyConnection, kinds: Sequence[str]) -> str:
    """SQL ` AND (r.kind = …)` for a person_ref read by person_id, when these kinds' records
    are few next to all references (≤ FEW_REFS of its rows, by DuckDB's table sizes), else "".
    A person's references are read through the person_id index row by row, every kind's: an
    officer's 670 at 5,000 staff (duty shifts, system accesses, ...), 15 ms of CPU, when a
    complaint question needs their 47 allegations. A constant kind test lets DuckDB read only
    the row groups holding those kinds (ingest writes a kind's references together): 2 ms. For
    a kind with many references (duty shifts) the index stays the cheaper read."""
    sizes = dict(con.execute(
        "SELECT table_name, estimated_size FROM duckdb_tables() WHERE NOT temporary "
        "AND table_name IN (SELECT unnest(?::VARCHAR[]))", [[*kinds, "person_ref"]]).fetchall())
    if not sizes.get("person_ref") or \
            sum(sizes.get(k, 0) for k in kinds) > FEW_REFS * sizes["person_ref"]:
        return ""
    return f" AND ({' OR '.join(ref_of(k, 'person_ref') for k in kinds)})"


def person_record_ids(
    con: duckdb.DuckDBPyConnection, kind: str, person_ids: Sequence[str], cleared: bool,
    mentioned: bool = False,
) -> list[str]:
    """Ids of the `kind` records that name any of the people — a complaint also through its
    allegations (only visible ones for an uncleared reader). Resolved up front by two indexed
    lookups, so the record query reads these ids instead of joining its whole table. A free-text
    mention counts only with `mentioned` (and then only mentions count), except in the kinds that
    name people only by mention (MENTION_ONLY)."""
    wanted = [kind, "allegation"] if kind == "complaint" else [kind]
    rows = con.execute(  # the person_id test, and the kind where that makes it cheaper: with
        # the role test in SQL too, DuckDB scanned person_ref (26M rows at 45,000 staff)
        # instead of using its index, 500 vs 40 ms
        "SELECT DISTINCT record_id, kind, role FROM person_ref "
        f"WHERE person_id IN (SELECT unnest(?::VARCHAR[])){few_refs(con, wanted)}",
        [list(person_ids)],
    ).fetchall()
    refs = [(record_id, ref_kind) for record_id, ref_kind, role in rows  # `role_test`, in Python
            if kind in MENTION_ONLY or (role == MENTIONED) == mentioned]
    ids = {record_id for record_id, ref_kind in refs if ref_kind == kind}
    allegations = [record_id for record_id, ref_kind in refs if ref_kind == "allegation"]
    if kind == "complaint" and allegations:
        visible = "" if cleared else " AND NOT restricted"
        ids |= {
            complaint
            for (complaint,) in con.execute(
                "SELECT complaint_id FROM allegation "
                f"WHERE record_id IN (SELECT unnest(?::VARCHAR[])){visible}",
                [allegations],
            ).fetchall()
            if complaint
        }
    return sorted(ids)


def find_records(con: duckdb.DuckDBPyConnection, scope: Scope) -> Matches:
    where, params, unknown = where_clause(con, scope)
    kind = scope.kind
    order = RECORD_KINDS[kind].date_field or "record_id"
    if scope.person_ids:
        # The person's ids are known, so the rows are few: sorted here, because ORDER BY … LIMIT
        # makes DuckDB scan the table instead of using the record-id index (312 ms vs 3 ms for
        # one officer's duty shifts at 45,000 staff).
        rows = con.execute(
            f"SELECT record_id, {order} FROM {kind} t WHERE {where}", params
        ).fetchall()
        dated = sorted((r for r in rows if r[1] is not None), key=lambda r: r[0])
        dated.sort(key=lambda r: r[1], reverse=True)  # stable: ties stay in record_id order
        undated = sorted(r for r in rows if r[1] is None)
        ids = [record_id for record_id, _ in (dated + undated)[:MAX_IDS]]
        return Matches(len(rows), ids, unknown)  # every match was read: that is the count
    # The count of every match comes with the first MAX_IDS of them (a window over the matches,
    # taken before the LIMIT): no second evaluation of the condition — at 45,000 staff
    # "complaints naming more than one officer" ran its people count twice, 146 + 130 ms CPU.
    rows = con.execute(
        f"SELECT record_id, count(*) OVER () FROM {kind} t WHERE {where} "
        f"ORDER BY {order} DESC NULLS LAST, record_id LIMIT {MAX_IDS}",
        params,
    ).fetchall()
    return Matches(int(rows[0][1]) if rows else 0, [r for r, _ in rows], unknown)


def _same_allegation(con: duckdb.DuckDBPyConnection, scope: Scope) -> tuple[str, list[Any]]:
    """SQL on allegation `a` (and its parameters): the category, finding and allegation-field
    filters of a complaint scope (columns and the mapping's allegation attributes: the accused's
    gender, duty status, ...), so a person is counted through an allegation that carries them,
    not through another officer's allegation on the same complaint."""
    if scope.kind != "complaint":
        return "", []
    sql, params = "", []
    if scope.categories:
        alleged = Scope(**{**scope.__dict__, "kind": "allegation"})
        sql += " AND a.category IN (SELECT unnest(?::VARCHAR[]))"
        params.append(scope_labels(con, alleged))
    if scope.findings:
        sql += " AND a.finding IN (SELECT unnest(?::VARCHAR[]))"
        params.append(finding_labels(con, scope.findings, scope.cleared))
    for f in scope.filters:
        if f.kind == "allegation" and f.field in CANDIDATE_FIELDS.get("allegation", ()):
            sql += f" AND a.{f.field} IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(f.values))
        elif f.kind == "complaint" and f.field == "category" and f.op == "in" and \
                allegations_carry(con, f):
            # "officers accused of excessive force": their own allegation of it, not a
            # co-accused's (Chicago 2020: 618 officers, not 726)
            sql += " AND a.category IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(f.values))
    for f in accused_filters(scope.filters):  # "female officers accused of ...": her allegation
        if f.kind == "allegation" and f.field not in CANDIDATE_FIELDS.get("allegation", ()):
            test, values = field_filter("allegation", f, scope.cleared)
            sql += f" AND a.record_id IN (SELECT t.record_id FROM allegation t WHERE {test})"
            params += values
    return sql, params


def counted_officer(scope: Scope) -> tuple[str, list[Any]]:
    """SQL on the reference `r` through which an officer is counted (and its parameters): the
    rank/unit the question gives the officer (catalogue OFFICER) is that reference's own. A
    filter on the record only selects records naming *some* such officer; when the officers
    themselves are counted, listed or ranked, the attribute describes each of them."""
    sql, params = "", []
    for f in accused_filters(scope.filters):
        if f.kind == OFFICER and f.field in OFFICER_FIELDS:  # catalogue field names only
            sql += f" AND {officer_value(f.field)} IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(f.values))
        elif f.kind == PERSON:  # "officers born before 1970": each officer counted is one
            test, values = field_filter(PERSON, f, scope.cleared)
            sql += f" AND r.person_id IN (SELECT t.record_id FROM person t WHERE {test})"
            params += values
    return sql, params


def _attribute_groups(con: duckdb.DuckDBPyConnection, kind: str, base: str, visible: str,
                      name: str, params: list[Any]) -> tuple[str, list[Any]]:
    """SQL (group, record id) for an attribute `name` of `kind` records, else of a complaint's
    allegations; the name is a bound parameter. No such attribute: a clear error."""
    held = {k for (k,) in con.execute(
        "SELECT DISTINCT kind FROM record_attribute WHERE name = ?", [name]).fetchall()}
    if kind in held:
        return (f"SELECT DISTINCT x.value AS g, b.record_id FROM ({base}) b JOIN record_attribute "
                "x ON x.record_id = b.record_id AND x.name = ?", [*params, name])
    if kind == "complaint" and "allegation" in held:
        return (f"SELECT DISTINCT x.value AS g, b.record_id FROM ({base}) b JOIN allegation a ON "
                f"a.complaint_id = b.record_id{visible} JOIN record_attribute x ON "
                "x.record_id = a.record_id AND x.name = ?", [*params, name])
    raise UnfitPlan(f"cannot group {kind} records by {name}")


def group_records(
    con: duckdb.DuckDBPyConnection, scope: Scope, by: str, field: str | None = None
) -> list[tuple[str, int, list[str]]]:
    """(group, count, record ids) per group, largest first. Groups by year, category, person,
    unit or finding, or (`by` "field") any categorical `field` of the kind; a record counts once
    per group it belongs to. (assistant/group_rank.py does the same without reading every
    group's ids: answers use it.)"""
    sql, params, by = group_sql(con, scope, by, field)
    # One row per distinct value with its sorted ids: DuckDB groups, not a Python loop per record
    # (350k sickness absences at 45,000 staff, each label normalised by three regexes).
    rows = con.execute(f"SELECT g, list_sort(list_distinct(list(record_id))) FROM ({sql}) "
                       "GROUP BY g ORDER BY g", params).fetchall()
    groups: dict[str, list[str]] = {}
    # Groups are the data's own labels ("Unlawful arrest or detention", "Upheld"), not the
    # built-in taxonomy's names for them; labels differing only in case or spacing are one group.
    label: dict[str, str] = {}
    blank = field_words(by) | {by}
    for g, record_ids in rows:
        if g is None or not str(g).strip() or normalise(str(g)) in blank:
            continue  # "Beat", "District": a "Beat {beat}" template's blank, not a beat
        key = label.setdefault(" ".join(str(g).lower().split()), str(g).strip())
        merged = groups.get(key)
        groups[key] = sorted({*merged, *record_ids}) if merged else record_ids
    counted = Counter({g: len(ids) for g, ids in groups.items()})
    return [(g, n, groups[g]) for g, n in sorted(counted.items(), key=lambda x: (-x[1], x[0]))]


def group_sql(
    con: duckdb.DuckDBPyConnection, scope: Scope, by: str, field: str | None = None
) -> tuple[str, list[Any], str]:
    """The query of (g, record_id) rows `group_records` groups, its parameters, and the grouping
    it ends up using (`district` is `unit` for a kind with no district of its own)."""
    if by in ("person", "unit") and scope.kind == "complaint" and scope.categories:
        # "officers accused of an improper search": through their allegations of that category,
        # whatever the complaint's own classification (503 vs 508 Chicago officers in 2021)
        scope = Scope(**{**scope.__dict__, "allegations_named": True})
    where, params, _ = where_clause(con, scope)
    kind = scope.kind
    model = RECORD_KINDS[kind]
    base = f"SELECT t.* FROM {kind} t WHERE {where}"
    visible = "" if scope.cleared else " AND NOT a.restricted"
    if by == "district" and "district" not in model.model_fields:
        by = "unit"  # records with no district of their own: where their officers work
    if by == "field" and field in CANDIDATE_FIELDS.get(kind, ()):  # a model field name only
        sql = f"SELECT {field} AS g, record_id FROM ({base})"
    elif by == "field" and field and kind == "complaint" and \
            field in CANDIDATE_FIELDS.get("allegation", ()):
        # "complaints by outcome": a complaint counts under each of its allegations' values
        sql = (f"SELECT DISTINCT a.{field} AS g, b.record_id FROM ({base}) b JOIN allegation a "
               f"ON a.complaint_id = b.record_id{visible}")
    elif by == "field" and field:
        # an export's own column (`record_attribute`): "complaints per case type"; for a
        # complaint, also its allegations' ("complaints by the accused's duty status")
        sql, params = _attribute_groups(con, kind, base, visible, field, params)
    elif by == "district":
        sql = f"SELECT district AS g, record_id FROM ({base})"
    elif by == "month" and model.date_field:
        sql = f"SELECT strftime({model.date_field}, '%Y-%m') AS g, record_id FROM ({base})"
    elif by == "weekday" and model.date_field:
        sql = f"SELECT dayname({model.date_field}) AS g, record_id FROM ({base})"
    elif by == "year" and model.date_field:
        sql = f"SELECT year({model.date_field})::VARCHAR AS g, record_id FROM ({base})"
    elif by == "category" and kind == "complaint":
        # a complaint filed under several categories counts under each (`categories`)
        sql = (f"SELECT DISTINCT unnest(list_concat(coalesce(categories, []::VARCHAR[]), "
               f"[category])) AS g, record_id FROM ({base})")
    elif by == "category" and kind in CATEGORY_COLUMN:
        sql = f"SELECT {CATEGORY_COLUMN[kind]} AS g, record_id FROM ({base})"
    elif by in ("person", "unit"):
        # "who has the most use of force complaints": an officer counts through an allegation
        # of that category against them, not any allegation on a complaint so classified
        # ... and "officers with three sustained complaints" counts complaints where *their*
        # allegation was sustained, not any allegation on the complaint (91 vs 46 in Philadelphia)
        same, extra = _same_allegation(con, scope)
        # ... and "officers assigned to the Highway Patrol named in 2019 complaints" counts the
        # officers whose own reference says so, not every officer of a complaint naming one
        # (Philadelphia 2019: 34 officers, not 62)
        who, values = counted_officer(scope)
        params = [*params, *extra, *values]
        people = (
            f"SELECT b.record_id, r.person_id, r.unit FROM ({base}) b JOIN allegation a ON "
            f"a.complaint_id = b.record_id{visible}{same} JOIN person_ref r ON "
            f"r.record_id = a.record_id AND {ref_of('allegation')} AND "
            f"{role_test(scope.mentioned)}{who}"
            if kind == "complaint"
            else f"SELECT b.record_id, r.person_id, r.unit FROM ({base}) b JOIN person_ref r ON "
            f"r.record_id = b.record_id AND {ref_of(kind)} AND {role_test(scope.mentioned)}{who}"
        )
        # a unit is the officer's unit when the record was made (the reference's), else today's
        # (an officer known only by the reference, with no person record, still has a unit)
        column = "x.person_id" if by == "person" else "coalesce(x.unit, p.unit)"
        join = "JOIN" if by == "person" else "LEFT JOIN"
        sql = (
            f"SELECT DISTINCT {column} AS g, x.record_id FROM ({people}) x "
            f"{join} person p ON p.record_id = x.person_id"
        )
    elif by == "status" and "status" in model.model_fields:
        sql = f"SELECT status AS g, record_id FROM ({base})"
    elif by == "finding" and kind in ("complaint", "allegation"):
        sql = (
            f"SELECT DISTINCT a.finding AS g, b.record_id FROM ({base}) b JOIN allegation a ON "
            f"a.complaint_id = b.record_id{visible}"
            if kind == "complaint"
            else f"SELECT finding AS g, record_id FROM ({base})"
        )
    else:
        raise UnfitPlan(f"cannot group {kind} records by {by}")
    return sql, params, by


def held_most(con: duckdb.DuckDBPyConnection, scope: Scope, fields: Sequence[str]) -> str:
    """Of `fields` (catalogue field names of `scope.kind`), the one the most records of the
    scope hold a value of — the first on a tie."""
    def held(name: str) -> int:
        f = FieldFilter(kind=scope.kind, field=name, op="present", values=["recorded"])
        where, params, _ = where_clause(con, Scope(**{**scope.__dict__,
                                                      "filters": (*scope.filters, f)}))
        (n,) = con.execute(f"SELECT count(*) FROM {scope.kind} t WHERE {where}",
                           params).fetchone() or (0,)
        return int(n)
    return max(fields, key=lambda name: (held(name), -list(fields).index(name)))
