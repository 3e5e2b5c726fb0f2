"""Citations: exact spans of stored fields, numbered in the order the answer uses them.

`Citations.add` hands out `[n]` markers (one per distinct span); `verify` re-reads every cited
field from the store and checks `quote == text[start:end]`, so an answer whose quotes drifted from
the records is caught before anyone sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from assistant.answers import Citation
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


def field_text(con: duckdb.DuckDBPyConnection, record_id: str, field: str) -> str | None:
    kind = kind_of(record_id)
    if field not in RECORD_KINDS[kind].model_fields:
        raise ValueError(f"{kind} has no field {field!r}")
    row = con.execute(
        f"SELECT {field}::VARCHAR FROM {kind} WHERE record_id = ?", [record_id]
    ).fetchone()
    return None if row is None else row[0]


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
) -> list[str]:
    """Problems found (empty when every quote is exactly its stored span, as the user's `view`
    of the field — e.g. redacted — shows it)."""
    problems = []
    for c in citations:
        text = field_text(con, c.record_id, c.field)
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
