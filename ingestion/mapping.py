"""Source mappings: YAML → validated specs. Format documented in README.md ("Source mappings").

Validation happens in two steps, both before a row is written: the YAML's shape (here, on load) and
its columns against each file's header (`check_columns`, once the reader has the header). Every
error names the mapping file, the key path and the problem.
"""

from __future__ import annotations

import difflib
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.records import RECORD_KINDS, record_fields
from assistant.store import duck_type

BUILTIN_DIR: Traversable = resources.files("ingestion") / "mappings"
# `{column}`, or `{column:int}`: a whole number an export wrote as a decimal ("713.0") kept as
# "713" (a float-typed column in the source; a real fraction is kept as it is).
TEMPLATE_FIELD = re.compile(r"\{([^{}:]+)(?::int)?\}")
ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
# Names an attribute may not take: the columns every record table has.
SHARED_NAMES = {"record_id", "force", "source", "source_mapping", "source_file", "source_row",
                "restricted", "people", "content_hash", "ingested_at", "kind"}


class MappingError(ValueError):
    """A mapping that cannot be used; the message names file, key and problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# Field specs ----------------------------------------------------------------------------------


class FieldSpec(_Strict):
    """How one canonical field is filled. Exactly one of column/template/first_of/value/id_of."""

    column: str | None = None
    template: str | None = None
    first_of: list[str] | None = None
    value: str | int | float | bool | None = None
    id_of: str | None = Field(None, description="kind whose record id `template` renders")
    map: dict[str, str | int | float | bool] | None = None
    default: str | int | float | bool | None = None
    date_formats: list[str] | None = None
    date_format: str | None = None
    split: str | None = None
    type: Literal["text", "date"] = Field(
        "text", description="An attribute's type: `date` is read with the date formats and "
                            "stored as YYYY-MM-DD, so a question can filter on it by period.")

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        sources = [
            name
            for name in ("column", "template", "first_of", "value")
            if getattr(self, name) is not None
        ]
        if self.id_of is not None and self.template is None:
            raise ValueError("id_of needs a template")
        if len(sources) != 1:
            raise ValueError("give exactly one of column, template, first_of, value")
        if self.type == "date" and (self.map or self.id_of):
            raise ValueError("a date attribute takes no map or id_of")
        if self.id_of is not None and self.id_of not in RECORD_KINDS:
            raise ValueError(f"id_of: unknown record kind {self.id_of!r}")
        return self

    def columns(self) -> list[str]:
        if self.column is not None:
            return [self.column]
        if self.template is not None:
            return TEMPLATE_FIELD.findall(self.template)
        cols: list[str] = []
        for item in self.first_of or []:
            cols += TEMPLATE_FIELD.findall(item) if "{" in item else [item]
        return cols

    def formats(self, defaults: list[str]) -> list[str]:
        if self.date_format:
            return [self.date_format]
        return self.date_formats or defaults


EXTRACT_GROUPS = ("id", "rank", "name", "unit")


class PersonRefSpec(_Strict):
    """One person reference per row, or several when `split` cuts the cell (format v2): each part
    goes through `extract`, whose named groups fill identifier (`id`, in `scheme`), rank, name
    and unit. The cell split and extracted is the entry's `name` when mapped, else its `value`."""

    role: str
    scheme: str | None = None
    value: FieldSpec | None = None
    name: FieldSpec | None = None
    unit: FieldSpec | None = None
    rank: FieldSpec | None = None
    split: str | None = None
    extract: str | None = None

    @model_validator(mode="after")
    def _something_to_match(self) -> PersonRefSpec:
        if self.value is None and self.name is None:
            raise ValueError("a person reference needs a value (identifier) or a name")
        if self.value is not None and not self.scheme:
            raise ValueError("an identifier value needs its scheme")
        for key in ("value", "name", "unit", "rank"):
            sub = getattr(self, key)
            if sub is not None and sub.split is not None:  # accepted and ignored before v2
                raise ValueError(
                    f"{key}.split: a person reference is split by the entry's own `split:` "
                    f"(next to `role:`), not inside {key}"
                )
        for key in ("split", "extract"):
            pattern = getattr(self, key)
            if pattern is not None:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ValueError(f"{key}: not a valid regular expression: {exc}") from exc
        if self.extract is not None:
            groups = set(re.compile(self.extract).groupindex)
            unknown = sorted(groups - set(EXTRACT_GROUPS))
            if unknown or not groups:
                raise ValueError(
                    f"extract: named groups must be among {', '.join(EXTRACT_GROUPS)}"
                    + (f" (unknown: {', '.join(unknown)})" if unknown else " (none given)")
                )
            if "id" in groups and not self.scheme:
                raise ValueError("extract: an `id` group needs the entry's scheme")
        return self

    def source(self) -> FieldSpec:
        """The cell `split` and `extract` work on."""
        spec = self.name if self.name is not None else self.value
        assert spec is not None  # the validator above
        return spec


class RestrictedRule(_Strict):
    """Restricted where `column` is one of `in`, matches the regular expression `matches` (e.g. a
    document's folder or file name), or else reads true/yes/1."""

    column: str
    in_: list[str] | None = Field(None, alias="in")
    matches: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> RestrictedRule:
        if self.in_ is not None and self.matches is not None:
            raise ValueError("give one of `in` and `matches`, not both")
        if self.matches is not None:
            try:
                re.compile(self.matches)
            except re.error as exc:
                raise ValueError(f"matches: not a valid regular expression: {exc}") from exc
        return self


class RecordSpec(_Strict):
    kind: str
    file: str
    id: str
    require: list[str] = Field(default_factory=list)
    on_duplicate_id: Literal["quarantine", "merge", "number"] = "quarantine"
    encoding: str | None = None
    delimiter: str | None = None
    date_formats: list[str] | None = None
    fields: dict[str, FieldSpec] = Field(default_factory=dict)
    identifiers: dict[str, FieldSpec] = Field(default_factory=dict)
    attributes: dict[str, FieldSpec] = Field(
        default_factory=dict,
        description="The export's own categorical columns beyond the record model, stored as "
                    "text in `record_attribute`: {case_type: case_type, police_shooting: {...}}.")
    people: list[PersonRefSpec] = Field(default_factory=list)
    mentions: list[str] = Field(default_factory=list)
    restricted: bool | RestrictedRule = False
    attach: bool = Field(
        default=False,
        description="Add this file's `attributes:` to the records of `kind` another entry "
                    "stores, by id (a side file: one row per complainant of a complaint); "
                    "the entry stores no record of its own (ingestion/attach.py).")

    def columns(self) -> set[str]:
        """Every source column this entry reads."""
        cols = set(TEMPLATE_FIELD.findall(self.id)) | set(self.require)
        specs = [*self.fields.values(), *self.identifiers.values(), *self.attributes.values()]
        for ref in self.people:
            specs += [s for s in (ref.value, ref.name, ref.unit, ref.rank) if s is not None]
        for spec in specs:
            cols.update(spec.columns())
        if isinstance(self.restricted, RestrictedRule):
            cols.add(self.restricted.column)
        return cols


class Defaults(_Strict):
    encoding: str = "utf-8"
    delimiter: str = ","
    date_formats: list[str] = Field(default_factory=lambda: ["%Y-%m-%d"])


class Mapping(_Strict):
    name: str
    force: str
    namespace: str = Field(pattern=r"^[a-z0-9_-]+$")
    description: str = ""
    defaults: Defaults = Field(default_factory=Defaults)
    records: list[RecordSpec] = Field(min_length=1)
    aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Other words for a stored field value, for questions: "
                    "{'Unprofessional Conduct': ['rudeness', 'incivility']}.")
    path: Path | None = Field(None, exclude=True)

    def label(self, index: int) -> str:
        spec = self.records[index]
        return f"{self.name}: {spec.kind} ← {spec.file}"


# Normalising shorthand ------------------------------------------------------------------------


def _expand_field(raw: Any) -> Any:
    """`field: column_name` is shorthand for `field: {column: column_name}`."""
    return {"column": raw} if isinstance(raw, str) else raw


def _expand(data: dict[str, Any]) -> dict[str, Any]:
    for entry in data.get("records") or []:
        if not isinstance(entry, dict):
            continue
        for key in ("fields", "identifiers", "attributes"):
            if isinstance(entry.get(key), dict):
                entry[key] = {k: _expand_field(v) for k, v in entry[key].items()}
        for ref in entry.get("people") or []:
            if isinstance(ref, dict):
                for key in ("value", "name", "unit", "rank"):
                    if key in ref:
                        ref[key] = _expand_field(ref[key])
    return data


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Loading --------------------------------------------------------------------------------------


def resolve_mapping_path(name_or_file: str) -> Traversable:
    """A built-in mapping name (`synthetic`, `philly`, `chicago`) or a path to a YAML file."""
    builtin = BUILTIN_DIR / f"{name_or_file}.yaml"
    if builtin.is_file():
        return builtin
    path = Path(name_or_file)
    if path.is_file():
        return path
    names = ", ".join(sorted(p.name.removesuffix(".yaml") for p in BUILTIN_DIR.iterdir()
                             if p.name.endswith(".yaml")))
    raise MappingError(
        f"{name_or_file}: no such mapping file or built-in mapping (built-in: {names})"
    )


def load_mapping(name_or_file: str) -> Mapping:
    path = resolve_mapping_path(name_or_file)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise MappingError(f"{path}: expected a mapping of keys at the top level")
    try:
        mapping = Mapping.model_validate(_expand(data))
    except ValidationError as exc:
        problems = "; ".join(f"{_loc(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise MappingError(f"{path}: {problems}") from exc
    mapping.path = Path(str(path))  # shown in errors; built-ins are files on disk too
    _check_fields(mapping)
    return mapping


def _check_fields(mapping: Mapping) -> None:
    """Canonical field names exist for the kind, and the kind's required fields are mapped."""
    problems: list[str] = []
    for i, spec in enumerate(mapping.records):
        where = f"records[{i}]"
        model = RECORD_KINDS.get(spec.kind)
        if model is None:
            problems.append(
                f"{where}.kind: unknown record kind {spec.kind!r} "
                f"(one of {', '.join(RECORD_KINDS)})"
            )
            continue
        allowed = set(record_fields(model)) - {"identifiers"}
        for name in spec.fields:
            if name not in allowed:
                hint = difflib.get_close_matches(name, allowed, n=1)
                tip = f" (did you mean {hint[0]!r}?)" if hint else ""
                problems.append(f"{where}.fields.{name}: {spec.kind} has no field {name!r}{tip}")
        if spec.attach and (spec.fields or spec.people or spec.identifiers or spec.mentions
                            or not spec.attributes):
            problems.append(f"{where}.attach: an attached entry maps `attributes:` only")
        required = [n for n, f in model.model_fields.items() if f.is_required() and n in allowed
                    and not spec.attach]
        for name in required:
            if name not in spec.fields:
                problems.append(f"{where}.fields.{name}: required for {spec.kind} but not mapped")
        for name in spec.mentions:
            if name not in spec.fields:
                problems.append(f"{where}.mentions: {name!r} is not a mapped field of this entry")
            elif duck_type(model.model_fields[name].annotation) != "VARCHAR":
                problems.append(f"{where}.mentions: {name!r} is not a text field")
        for name in spec.attributes:
            if not ATTRIBUTE_NAME.fullmatch(name):
                problems.append(f"{where}.attributes.{name}: an attribute name is lower-case "
                                "letters, digits and underscores, starting with a letter")
            elif name in allowed or name in SHARED_NAMES:
                problems.append(f"{where}.attributes.{name}: {spec.kind} already has a field "
                                f"{name!r}; map it under `fields:`")
        typed = [f"fields.{n}" for n, f in spec.fields.items() if f.type != "text"]
        typed += [f"identifiers.{n}" for n, f in spec.identifiers.items() if f.type != "text"]
        problems += [f"{where}.{n}: `type:` is for attributes (a field's type is the model's)"
                     for n in typed]
        if spec.identifiers and spec.kind != "person":
            problems.append(f"{where}.identifiers: only person entries declare identifiers")
    if problems:
        raise MappingError(f"{mapping.path}: " + "; ".join(problems))


def check_columns(mapping: Mapping, index: int, header: list[str]) -> None:
    """Every column the entry reads must exist in the file's header."""
    spec = mapping.records[index]
    missing = sorted(spec.columns() - set(header))
    if not missing:
        return
    problems = []
    for col in missing:
        hint = difflib.get_close_matches(col, header, n=1)
        tip = f" (did you mean {hint[0]!r}?)" if hint else ""
        problems.append(f"column {col!r} is not in the header of {spec.file}{tip}")
    raise MappingError(f"{mapping.path}: records[{index}] ({spec.kind}): " + "; ".join(problems))
