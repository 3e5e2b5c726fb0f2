"""Stage one export file into a DuckDB table of text columns, numbered by source row.

Python does only the structural pass (decoding, ragged rows, row numbers) so that everything after
it — type conversion, validation, mapping — runs as SQL at DuckDB speed. Rows that fail the
structural pass are returned as rejects with their raw content, never dropped.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

BATCH_ROWS = 100_000
csv.field_size_limit(sys.maxsize)  # narratives can be long; the csv default (128 KiB) is not


class SourceError(ValueError):
    """A file that cannot be read at all (missing, empty, no header)."""


@dataclass
class Reject:
    row: int
    reason: str
    raw: str


@dataclass
class Staged:
    table: str
    header: list[str]
    rows: int = 0
    rejects: list[Reject] = field(default_factory=list)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _printable(text: str) -> str:
    """Undecodable bytes (kept as surrogates) shown as \\xNN so the raw row survives as text."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _decodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _python_encoding(encoding: str) -> str:
    # utf-8-sig strips a byte-order mark, which spreadsheet exports often carry
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[list[str]]
) -> None:
    arrays = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(columns))]
    batch = pa.Table.from_arrays(arrays, names=columns)  # noqa: F841 - read by DuckDB by name
    con.execute(f"INSERT INTO {table} SELECT * FROM batch")


# CSV ------------------------------------------------------------------------------------------


def stage_csv(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, encoding: str, delimiter: str
) -> Staged:
    with path.open(encoding=_python_encoding(encoding), errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise SourceError(f"{path}: empty file (no header row)") from None
        if not _decodes("".join(header)):
            raise SourceError(f"{path}: header is not valid {encoding}")
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise SourceError(f"{path}: duplicate column names in header: {', '.join(dupes)}")
        staged = Staged(table, header)
        columns = ["_row", *header]
        cols_sql = ", ".join(f"{quote_ident(c)} VARCHAR" for c in columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({cols_sql})")
        batch: list[list[str]] = []
        for number, row in enumerate(_data_rows(reader), start=1):
            staged.rows += 1
            reason = _row_problem(row, len(header), encoding)
            if reason:
                staged.rejects.append(Reject(number, reason, _printable(json.dumps(row))))
                continue
            batch.append([str(number), *row])
            if len(batch) >= BATCH_ROWS:
                _insert(con, table, columns, batch)
                batch = []
        if batch:
            _insert(con, table, columns, batch)
    return staged


def _data_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    for row in reader:
        if row:  # a blank line is not a row
            yield row


def _row_problem(row: list[str], width: int, encoding: str) -> str | None:
    if len(row) != width:
        return f"ragged row: {len(row)} fields, header has {width}"
    joined = "\x1f".join(row)
    if not _decodes(joined):
        byte = next(ord(ch) - 0xDC00 for ch in joined if "\udc80" <= ch <= "\udcff")
        return f"not valid {encoding} (byte 0x{byte:02X}); declare the file's encoding"
    return None


# JSON Lines -----------------------------------------------------------------------------------


def stage_jsonl(con: duckdb.DuckDBPyConnection, path: Path, table: str, encoding: str) -> Staged:
    """Each line one JSON object; DuckDB extracts the keys (and spots invalid lines) in bulk."""
    raw_table = f"{table}_raw"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {raw_table} (_row VARCHAR, _raw VARCHAR)")
    staged = Staged(table, [])
    batch: list[list[str]] = []
    with path.open(encoding=_python_encoding(encoding), errors="surrogateescape") as fh:
        for number, line in enumerate(fh, start=1):
            line = line.strip()
            if not line:
                continue
            staged.rows += 1
            if not _decodes(line):
                staged.rejects.append(Reject(number, f"not valid {encoding}", _printable(line)))
                continue
            batch.append([str(number), line])
            if len(batch) >= BATCH_ROWS:
                _insert(con, raw_table, ["_row", "_raw"], batch)
                batch = []
    if batch:
        _insert(con, raw_table, ["_row", "_raw"], batch)
    invalid = con.execute(
        f"SELECT _row, _raw FROM {raw_table} "
        f"WHERE NOT json_valid(_raw) OR json_type(_raw::JSON) <> 'OBJECT'"
    ).fetchall()
    staged.rejects += [Reject(int(r), "not a JSON object", raw) for r, raw in invalid]
    con.execute(
        f"DELETE FROM {raw_table} WHERE NOT json_valid(_raw) OR json_type(_raw::JSON) <> 'OBJECT'"
    )
    keys = con.execute(
        f"SELECT DISTINCT unnest(json_keys(_raw::JSON)) AS k FROM {raw_table} ORDER BY k"
    ).fetchall()
    staged.header = [k for (k,) in keys]
    extract = "".join(
        f", json_extract_string(_raw, {_json_path(k)}) AS {quote_ident(k)}" for k in staged.header
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT _row{extract} FROM {raw_table}")
    con.execute(f"DROP TABLE {raw_table}")
    return staged


def _json_path(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace('"', '\\"').replace("'", "''")
    return f"'$.\"{escaped}\"'"


# Parquet --------------------------------------------------------------------------------------


def stage_parquet(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> Staged:
    source = str(path).replace("'", "''")
    names = [
        r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{source}')").fetchall()
    ]
    cols = "".join(f", {quote_ident(n)}::VARCHAR AS {quote_ident(n)}" for n in names)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT (file_row_number + 1)::VARCHAR AS _row"
        f"{cols} FROM read_parquet('{source}', file_row_number = true)"
    )
    (rows,) = con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,)
    return Staged(table, names, rows=int(rows))


def stage_file(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, encoding: str, delimiter: str
) -> Staged:
    if not path.is_file():
        raise SourceError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return stage_jsonl(con, path, table, encoding)
    if suffix == ".parquet":
        return stage_parquet(con, path, table)
    return stage_csv(con, path, table, encoding, delimiter)
