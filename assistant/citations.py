"""Citations: exact spans of stored fields, numbered in the order the answer uses them.

`Citations.add` hands out `[n]` markers (one per distinct span); `verify` re-reads every cited
field from the store and checks `quote == text[start:end]`, so an answer whose quotes drifted from
the records is caught before anyone sees it. A document's citations get their page there too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb

from assistant.answers import Citation
from assistant.pages import page_of, page_source
from assistant.records import RECORD_KINDS


@dataclass(frozen=True)
class RecordRef:
    """Enough about a record to cite it."""

    record_id: str
    kind: str
    source: str  # mapping/file:row


def kind_of(record_id: str) -> str:
    kind = record_id.split(":", 1)[0]
    if kind not in RECORD_KINDS:
        raise ValueError(f"not a record id: {record_id!r}")
    return kind


FieldKey = tuple[str, str]  # (record_id, field)
Texts = dict[FieldKey, str | None]


def _checked(record_id: str, field: str) -> str:
    """The record's kind, once `field` is known to be one of its model's fields (field names are
    interpolated into SQL: only the fixed record model's names are accepted)."""
    kind = kind_of(record_id)
    if field not in RECORD_KINDS[kind].model_fields:
        raise ValueError(f"{kind} has no field {field!r}")
    return kind


def field_texts(con: duckdb.DuckDBPyConnection, keys: Iterable[FieldKey]) -> Texts:
    """Stored text of every (record_id, field) in `keys`, None where the record is missing or the
    field is empty — one query per kind, however many records: the tables have no index on
    record_id, so each query is a scan, and a scan per record is what made answers slow."""
    by_kind: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    wanted = list(dict.fromkeys(keys))
    for record_id, field in wanted:
        by_kind[_checked(record_id, field)][field].add(record_id)
    found: Texts = {}
    for kind, fields in by_kind.items():
        names = sorted(fields)
        ids = sorted(set().union(*fields.values()))
        rows = con.execute(
            f"SELECT record_id, {', '.join(f'{f}::VARCHAR' for f in names)} FROM {kind} "
            f"WHERE record_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
        for record_id, *values in rows:
            for field, value in zip(names, values, strict=True):
                found[(record_id, field)] = value
    return {key: found.get(key) for key in wanted}


def field_text(con: duckdb.DuckDBPyConnection, record_id: str, field: str) -> str | None:
    return field_texts(con, [(record_id, field)])[(record_id, field)]


class Citations:
    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._index: dict[tuple[str, str, int, int], int] = {}

    def add(self, ref: RecordRef, field: str, start: int, end: int, quote: str) -> int:
        """Cite `quote`, which is field_text[start:end]; returns its marker number."""
        key = (ref.record_id, field, start, end)
        if key in self._index:
            return self._index[key]
        n = len(self.items) + 1
        self.items.append(
            Citation(
                n=n,
                record_id=ref.record_id,
                kind=ref.kind,
                source=ref.source,
                field=field,
                start=start,
                end=end,
                quote=quote,
            )
        )
        self._index[key] = n
        return n


def verify(
    con: duckdb.DuckDBPyConnection,
    citations: list[Citation],
    view: Callable[[str, str, str], str] = lambda record_id, field, text: text,
    read: Callable[[Texts], None] | None = None,
) -> list[str]:
    """Problems found (empty when every quote is exactly its stored span, as the user's `view`
    of the field — e.g. redacted — shows it). Every cited field is re-read from the store, one
    query per kind; `read` is told all of them before any is viewed (a `Redactor.prefetch`
    then reads what masking them needs in bulk too)."""
    texts = field_texts(con, [(c.record_id, c.field) for c in citations])
    if read is not None:
        read(texts)
    problems = []
    for c in citations:
        text = texts[(c.record_id, c.field)]
        if text is not None and c.kind == "document":  # a document's text is cited by page
            if c.field == "text" and c.page is None:
                c.page = page_of(text, c.start)
                c.source = page_source(c.source, c.page)
            elif c.field != "text":  # its metadata: the file itself (a document is one row)
                c.source = c.source.removesuffix(":1")
        text = None if text is None else view(c.record_id, c.field, text)
        if text is None:
            problems.append(f"[{c.n}] {c.record_id}.{c.field}: no such record or field is empty")
        elif text[c.start : c.end] != c.quote:
            problems.append(f"[{c.n}] {c.record_id}.{c.field}[{c.start}:{c.end}] != quote")
    return problems


def markers(numbers: list[int]) -> str:
    """[1][2][3] — or [1]–[40] for long runs, which stay readable."""
    if len(numbers) > 6 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"[{numbers[0]}]–[{numbers[-1]}]"
    return "".join(f"[{n}]" for n in numbers)
