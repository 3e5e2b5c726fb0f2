"""Compile one mapping entry into SQL over its staged table.

The result selects, per source row: `_row`, `record_id`, every canonical field converted to its
type, `restricted`, `_refs` (person references), `_idents` (a person's identifiers), `_attrs`
(the entry's `attributes:` — the export's own columns beyond the record model — as (name, value)
pairs) and `_errors` (why the row cannot be stored; empty when it can). Mapping values are quoted
as SQL literals; nothing here ever sees user questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic_core import PydanticUndefined

from assistant.records import RECORD_KINDS
from assistant.store import duck_type, kind_columns
from ingestion.mapping import TEMPLATE_FIELD, FieldSpec, Mapping, RecordSpec, RestrictedRule
from ingestion.person_refs import field_texts, refs_select
from ingestion.readers import quote_ident

TRUE_WORDS = ("true", "t", "yes", "y", "1")
ATTR_TYPE = "STRUCT(name VARCHAR, value VARCHAR)"  # one of the export's own extra columns
FALSE_WORDS = ("false", "f", "no", "n", "0")


def lit(value: object) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return "'" + str(value).replace("'", "''") + "'"


def _col(name: str) -> str:
    return f"nullif(trim({quote_ident(name)}), '')"


def _template(template: str) -> str:
    parts: list[str] = []
    pos = 0
    for match in TEMPLATE_FIELD.finditer(template):
        if match.start() > pos:
            parts.append(lit(template[pos : match.start()]))
        value = f"trim({quote_ident(match.group(1))})"
        if match.group(0).endswith(":int}"):  # "713.0" → "713"
            value = f"regexp_replace({value}, '^(-?[0-9]+)\\.0+$', '\\1')"
        parts.append(f"coalesce({value}, '')")
        pos = match.end()
    if pos < len(template):
        parts.append(lit(template[pos:]))
    text = f"nullif(trim(concat({', '.join(parts) or lit('')})), '')"
    columns = TEMPLATE_FIELD.findall(template)
    if not columns:
        return text
    # Every column empty: no value, not the template's literal words alone ("District " for a
    # row with no district became a district called "District" holding every such complaint).
    return f"CASE WHEN coalesce({', '.join(_col(c) for c in columns)}) IS NULL THEN NULL ELSE {text} END"


def text_expr(spec: FieldSpec, namespace: str) -> str:
    """The field's text before type conversion: source, then value map, then default."""
    if spec.column is not None:
        expr = _col(spec.column)
    elif spec.first_of is not None:
        # an item with {braces} is a template: `first_of: [name, "Officer {officer_id}"]`
        items = [_template(c) if "{" in c else _col(c) for c in spec.first_of]
        expr = f"coalesce({', '.join(items)})"
    elif spec.template is not None:
        expr = _template(spec.template)
        if spec.id_of is not None:
            expr = f"CASE WHEN {expr} IS NULL THEN NULL ELSE concat({lit(f'{spec.id_of}:{namespace}:')}, {expr}) END"
    else:
        expr = lit(spec.value)
    if spec.map:
        whens = " ".join(
            f"WHEN {lit(str(k).strip().lower())} THEN {lit(v)}" for k, v in spec.map.items()
        )
        fallback = lit(spec.default) if spec.default is not None else expr
        expr = f"CASE WHEN {expr} IS NULL THEN NULL ELSE (CASE lower({expr}) {whens} ELSE {fallback} END) END"
    if spec.default is not None:
        expr = f"coalesce({expr}, {lit(spec.default)})"
    return expr


def _describe(spec: FieldSpec) -> str:
    cols = spec.columns()
    return (
        f"column {cols[0]}" if len(cols) == 1 else f"columns {', '.join(cols)}" if cols else "value"
    )


def typed_expr(
    name: str, sql_type: str, text: str, spec: FieldSpec, formats: list[str]
) -> tuple[str, str | None]:
    """(converted value, error message or NULL) for one field."""
    if sql_type in ("DATE", "TIMESTAMP"):
        fmts = "[" + ", ".join(lit(f) for f in formats) + "]"
        value = f"try_strptime({text}, {fmts})"
        value = f"{value}::DATE" if sql_type == "DATE" else value
        kind = "date" if sql_type == "DATE" else "date-time"
        expected = lit(f" is not a {kind} in format {' or '.join(formats)}")
    elif sql_type == "BIGINT":
        value = f"try_cast(try_cast({text} AS DOUBLE) AS BIGINT)"
        expected = lit(" is not a whole number")
    elif sql_type == "DOUBLE":
        value = f"try_cast({text} AS DOUBLE)"
        expected = lit(" is not a number")
    elif sql_type == "BOOLEAN":
        value = (
            f"CASE WHEN lower({text}) IN ({', '.join(map(lit, TRUE_WORDS))}) THEN true "
            f"WHEN lower({text}) IN ({', '.join(map(lit, FALSE_WORDS))}) THEN false END"
        )
        expected = lit(" is not true/false")
    elif sql_type == "VARCHAR[]":
        if spec.split:
            parts = f"list_transform(string_split({text}, {lit(spec.split)}), lambda x: trim(x))"
            return f"coalesce(list_filter({parts}, lambda x: x <> ''), [])", None
        return f"CASE WHEN {text} IS NULL THEN []::VARCHAR[] ELSE [{text}] END", None
    else:
        return text, None
    where = lit(f"{name}: ")
    error = (
        f"CASE WHEN {text} IS NOT NULL AND {value} IS NULL THEN concat({where}, "
        f"{lit(chr(39))}, {text}, {lit(chr(39) + ' (' + _describe(spec) + ')')}, {expected}) END"
    )
    return value, error


def _unmapped_default(model_field: object, sql_type: str) -> str:
    default = getattr(model_field, "default", PydanticUndefined)
    if sql_type == "VARCHAR[]":
        return "[]::VARCHAR[]"
    if sql_type.startswith("MAP"):
        return "MAP {}::MAP(VARCHAR, VARCHAR)"
    if default is PydanticUndefined or default is None:
        return f"NULL::{sql_type}"
    return f"{lit(default)}::{sql_type}"


def _restricted(rule: bool | RestrictedRule) -> str:
    if isinstance(rule, bool):
        return "true" if rule else "false"
    column = _col(rule.column)
    if rule.matches is not None:
        return f"coalesce(regexp_matches({column}, {lit(rule.matches)}), false)"
    if rule.in_:
        values = ", ".join(lit(v.strip().upper()) for v in rule.in_)
        return f"coalesce(upper({column}) IN ({values}), false)"
    return f"coalesce(lower({column}) IN ({', '.join(map(lit, TRUE_WORDS))}), false)"


@dataclass
class Compiled:
    select: str  # SELECT … FROM <staged>; one row per staged row passing `require`
    fields: list[tuple[str, str]]  # canonical (name, sql type) in table order
    list_fields: set[str]


def compile_entry(mapping: Mapping, index: int, staged_table: str) -> Compiled:
    spec: RecordSpec = mapping.records[index]
    model = RECORD_KINDS[spec.kind]
    ns = mapping.namespace
    formats_default = spec.date_formats or mapping.defaults.date_formats
    columns = kind_columns(model)
    selects: list[str] = []
    errors: list[str] = []

    id_text = _template(spec.id)
    selects.append(f"concat({lit(f'{spec.kind}:{ns}:')}, {id_text}) AS record_id")
    for col in TEMPLATE_FIELD.findall(spec.id):
        errors.append(f"CASE WHEN {_col(col)} IS NULL THEN {lit(f'id column {col} is empty')} END")

    for name, sql_type in columns:
        if name == "identifiers":
            continue
        field_spec = spec.fields.get(name)
        model_field = model.model_fields[name]
        if field_spec is None:
            selects.append(f"{_unmapped_default(model_field, sql_type)} AS {name}")
            continue
        text = text_expr(field_spec, ns)
        value, error = typed_expr(
            name, sql_type, text, field_spec, field_spec.formats(formats_default)
        )
        selects.append(f"{value} AS {name}")
        if error:
            errors.append(error)
        if model_field.is_required():
            message = lit(f"required field {name} is empty ({_describe(field_spec)})")
            errors.append(f"CASE WHEN {text} IS NULL THEN {message} END")

    if "identifiers" in dict(columns):
        idents = ", ".join(
            f"{{'scheme': {lit(scheme)}, 'value': {text_expr(s, ns)}}}"
            for scheme, s in spec.identifiers.items()
        )
        selects.append(
            f"list_filter([{idents}], lambda r: r.value IS NOT NULL) AS _idents"
            if idents
            else "[]::STRUCT(scheme VARCHAR, value VARCHAR)[] AS _idents"
        )
    else:
        selects.append("[]::STRUCT(scheme VARCHAR, value VARCHAR)[] AS _idents")

    attr_values = []
    for name, attr in sorted(spec.attributes.items()):
        value = text_expr(attr, ns)
        if attr.type == "date":  # stored as YYYY-MM-DD text: filtered by period, like a date
            parsed, error = typed_expr(name, "DATE", value, attr, attr.formats(formats_default))
            value = f"strftime({parsed}, '%Y-%m-%d')"
            errors.append(error or "NULL")
        attr_values.append(f"{{'name': {lit(name)}, 'value': {value}}}")
    attrs = ", ".join(attr_values)
    selects.append(f"list_filter([{attrs}], lambda a: a.value IS NOT NULL) AS _attrs" if attrs
                   else f"[]::{ATTR_TYPE}[] AS _attrs")

    texts = {i: field_texts(ref, lambda sub: text_expr(sub, ns)) for i, ref in enumerate(spec.people)}
    selects.append(refs_select(spec.people, texts))
    selects.append(f"{_restricted(spec.restricted)} AS restricted")
    error_list = (
        f"list_filter([{', '.join(errors)}]::VARCHAR[], lambda e: e IS NOT NULL)"
        if errors
        else "[]::VARCHAR[]"
    )
    selects.append(f"{error_list} AS _errors")

    where = " AND ".join(f"{_col(c)} IS NOT NULL" for c in spec.require) or "true"
    select = f"SELECT _row::BIGINT AS _row, {', '.join(selects)} FROM {staged_table} WHERE {where}"
    fields = [(n, t) for n, t in columns]
    return Compiled(select, fields, {n for n, t in columns if t == "VARCHAR[]"})


__all__ = ["Compiled", "compile_entry", "duck_type", "lit"]
