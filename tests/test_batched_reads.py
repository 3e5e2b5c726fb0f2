"""Batched reads of cited fields: one query per kind for a whole answer, same results as reading
record by record; and the lookup indexes that make those reads cheap exist after an ingest."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from assistant import store
from assistant.answers import Citation
from assistant.citations import field_text, field_texts, verify
from assistant.redaction import MASK, Redactor

NAMES = ["Hayley Shackleton", "Mr Kwame Knight", None, "Ada Obi (DOB 01/02/1990)"]


class Counting:
    """A connection that counts the queries run through it."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.queries = con, 0

    def execute(self, *args: Any) -> Any:
        self.queries += 1
        return self.con.execute(*args)


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    store.create_schema(con)
    shared = "'f', 'm', 'file.csv', 1, false, 'h', now()"
    for i in range(40):
        name = NAMES[i % len(NAMES)]
        surname = (name or "BH").split()[-1]
        narrative = (f"Complaint {i}. {name or 'The complainant, BH, 21/B/F,'} says officer {i} "
                     f"stopped {surname} twice. {surname} was not arrested.")
        con.execute(
            "INSERT INTO complaint (record_id, force, source_mapping, source_file, source_row, "
            "restricted, content_hash, ingested_at, complainant, narrative, category) "
            f"VALUES (?, {shared}, ?, ?, ?)",
            [f"complaint:f:{i}", name, narrative, None if i % 5 == 0 else f"Cat {i}"])
        con.execute(
            "INSERT INTO system_access (record_id, force, source_mapping, source_file, "
            f"source_row, restricted, content_hash, ingested_at, system) VALUES (?, {shared}, ?)",
            [f"system_access:f:{i}", f"PNC {i}"])
    return con


def _one_at_a_time(con: duckdb.DuckDBPyConnection, record_id: str, field: str) -> str | None:
    """The reader answers used before batching: one query (one table scan) per record."""
    row = con.execute(
        f"SELECT {field}::VARCHAR FROM {record_id.split(':')[0]} WHERE record_id = ?", [record_id]
    ).fetchone()
    return None if row is None else row[0]


def test_field_texts_equal_one_at_a_time_reads_in_one_query_per_kind(con):
    keys = [(f"complaint:f:{i}", f) for i in range(40) for f in ("narrative", "category")]
    keys += [(f"system_access:f:{i}", "system") for i in range(40)]
    keys += [("complaint:f:missing", "narrative"), ("system_access:f:missing", "system")]
    counting = Counting(con)
    texts = field_texts(counting, keys)  # type: ignore[arg-type]
    assert counting.queries == 2  # complaint, system_access
    assert list(texts) == keys
    assert texts == {k: _one_at_a_time(con, *k) for k in keys}
    assert texts[("complaint:f:0", "category")] is None  # an empty field
    assert texts[("complaint:f:missing", "narrative")] is None
    assert field_text(con, "complaint:f:3", "narrative") == _one_at_a_time(
        con, "complaint:f:3", "narrative")


def test_field_names_are_checked_before_any_sql(con):
    with pytest.raises(ValueError, match="no field"):
        field_texts(con, [("complaint:f:1", "narrative"), ("complaint:f:1", "1; DROP TABLE x")])
    with pytest.raises(ValueError, match="not a record id"):
        field_texts(con, [("nosuchkind:1", "narrative")])


def _citations(con: duckdb.DuckDBPyConnection) -> list[Citation]:
    out = []
    for i in range(40):
        for rid, fld in ((f"complaint:f:{i}", "narrative"), (f"system_access:f:{i}", "system")):
            text = _one_at_a_time(con, rid, fld)
            assert text
            out.append(Citation(n=len(out) + 1, record_id=rid, kind=rid.split(":")[0],
                                source="m/file.csv:1", field=fld, start=2, end=9,
                                quote=text[2:9]))
    return out


def test_verify_catches_one_tampered_quote_among_many(con):
    cits = _citations(con)
    counting = Counting(con)
    assert verify(counting, cits) == []  # type: ignore[arg-type]
    assert counting.queries == 2
    cits[40] = cits[40].model_copy(update={"quote": cits[40].quote[:-1] + "#"})
    cits[60] = cits[60].model_copy(update={"record_id": "complaint:f:gone"})
    assert verify(con, cits) == [
        "[41] complaint:f:20.narrative[2:9] != quote",
        "[61] complaint:f:gone.narrative: no such record or field is empty",
    ]


def test_verify_with_redaction_reads_in_bulk_and_still_catches_tampering(con):
    # Quotes as an uncleared user sees them: cut from the masked field.
    masked_view = Redactor(con, active=True)
    cits = [c.model_copy(update={"start": 0, "end": 60, "quote": masked_view.text(
        c.record_id, c.field, _one_at_a_time(con, c.record_id, c.field) or "")[0:60]})
        for c in _citations(con)]
    assert any(MASK in c.quote for c in cits)
    counting = Counting(con)
    redactor = Redactor(counting, active=True)  # type: ignore[arg-type]
    assert verify(counting, cits, redactor.text, read=redactor.known) == []  # type: ignore[arg-type]
    # complaint and system_access fields, complainants, and the cache key of the store's known
    # complainants (assistant/masking/identity.py): constant, whatever the number of records
    assert counting.queries == 4
    # The unmasked stored text is not what an uncleared user was shown: it fails.
    i = next(i for i, c in enumerate(cits) if MASK in c.quote)
    stored = _one_at_a_time(con, cits[i].record_id, cits[i].field) or ""
    cits[i] = cits[i].model_copy(update={"quote": stored[0:60]})
    redactor = Redactor(con, active=True)
    assert verify(con, cits, redactor.text, read=redactor.known) == [
        f"[{i + 1}] {cits[i].record_id}.narrative[0:60] != quote"]


@pytest.mark.parametrize("active", [True, False])
def test_redacting_many_records_at_once_equals_one_at_a_time(con, active):
    keys = [(f"complaint:f:{i}", f) for i in range(40) for f in ("narrative", "category",
                                                                   "complainant")]
    keys += [(f"system_access:f:{i}", "system") for i in range(40)]
    stored = {k: _one_at_a_time(con, *k) for k in keys}
    alone = {k: v if v is None else Redactor(con, active).text(*k, v) for k, v in stored.items()}
    counting = Counting(con)
    batch = Redactor(counting, active)  # type: ignore[arg-type]
    assert batch.texts(stored) == alone
    # complainants and the cache key of the store's known complainants: the fields were given
    assert counting.queries == (2 if active else 0)
    # Spans of fields (chunks), after one prefetch, mask as the whole field does.
    counting = Counting(con)
    batch = Redactor(counting, active)  # type: ignore[arg-type]
    batch.prefetch(keys)
    spans = {k: batch.text(*k, v[5:40], offset=5) for k, v in stored.items() if v}
    assert counting.queries == (4 if active else 0)  # + the known complainants' cache key
    assert spans == {k: Redactor(con, active).text(*k, v[5:40], offset=5)
                     for k, v in stored.items() if v}
    if active:
        assert all("Shackleton" not in v and "Knight" not in v for v in spans.values())


def test_ingest_leaves_a_lookup_index_on_every_record_kind_and_on_person_refs(
    synthetic_engine: Any,
) -> None:
    # Uses the shared synthetic store (real ingest). Without these, each read by id scans its
    # table: at 45,000 staff a profile answer took 4.5 s instead of ~0.4 s.
    indexed = set(
        synthetic_engine.con.execute(
            "SELECT table_name, sql FROM duckdb_indexes()").fetchall()
    )
    assert {table for table, _ in indexed} >= {table for table, _ in store.LOOKUP_INDEXES.values()}
    for name, (table, column) in store.LOOKUP_INDEXES.items():
        assert any(name in (sql or "") and f"({column})" in (sql or "") for t, sql in indexed
                   if t == table), name
