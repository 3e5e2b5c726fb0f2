"""`probity keys …`, `probity audit …` and `probity serve`: running and overseeing the API.

Registered on the main CLI at the end of cli.py. Failures raise ValueError subclasses, which
`cli.main()` prints as one line with a non-zero exit.
"""

from __future__ import annotations

import csv
import ipaddress
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, TextIO

import typer

from assistant import audit_anchors
from assistant.audit import COLUMNS, AuditLog, AuditMissing
from assistant.keys import ROLES, KeyStore
from assistant.settings import Settings, get_settings

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", envvar="PROBITY_DATA_DIR", help="Data directory (DuckDB, Chroma, BM25)."
    ),
]
keys_app = typer.Typer(no_args_is_help=True, help="API keys: create, list, revoke.")
audit_app = typer.Typer(no_args_is_help=True, help="The consultation audit log.")
EXPORT_PAGE = 1000


def _settings(data_dir: Path | None) -> Settings:
    return Settings(data_dir=data_dir) if data_dir else get_settings()


def _keys(data_dir: Path | None) -> KeyStore:
    return KeyStore(_settings(data_dir).data_dir / "keys.sqlite")


def _audit(data_dir: Path | None, create: bool = True) -> AuditLog:
    return AuditLog(_settings(data_dir).data_dir / "audit.sqlite", create=create)


@keys_app.command("create")
def keys_create(
    user: Annotated[str, typer.Option(help="Who the key is for.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    data_dir: DataDir = None,
) -> None:
    """Create a key and print it once: only its hash is stored, it cannot be shown again."""
    key, token = _keys(data_dir).create(user, role)
    typer.echo(token)
    typer.echo(
        f"key id {key.key_id} for {key.user} ({key.role}); store it now, it is not shown again",
        err=True,
    )


@keys_app.command("grant")
def keys_grant(
    user: Annotated[str, typer.Option(help="The OS account (login name).")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    data_dir: DataDir = None,
) -> None:
    """Let an OS account use the CLI in a role (`--as` can then only lower it)."""
    name = _keys(data_dir).grant(user, role)
    typer.echo(f"granted {name} the {role} role on the command line")


@keys_app.command("list")
def keys_list(data_dir: DataDir = None) -> None:
    """Every key's id, user, role and dates (never the key)."""
    typer.echo(f"{'key_id':14} {'user':24} {'role':20} {'created':21} revoked")
    for k in _keys(data_dir).list():
        typer.echo(
            f"{k.key_id:14} {k.user[:24]:24} {k.role:20} {k.created_at:21} {k.revoked_at or '-'}"
        )


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="Id from `probity keys list`.")],
    data_dir: DataDir = None,
) -> None:
    """Revoke a key at once; requests with it then get 401."""
    key = _keys(data_dir).revoke(key_id)
    typer.echo(f"revoked {key.key_id} ({key.user}, {key.role}) at {key.revoked_at}")


@audit_app.command("verify")
def audit_verify(data_dir: DataDir = None) -> None:
    """Check the keyed chain and every anchor; name what is wrong and exit 1 if anything is."""
    anchor_path = _settings(data_dir).anchor_path
    try:
        log = _audit(data_dir, create=False)
    except AuditMissing as exc:
        typer.echo(f"audit log MISSING: {exc}", err=True)
        raise typer.Exit(1) from None
    result = log.verify()
    if not result.ok:
        typer.echo(
            f"audit log BROKEN at entry {result.broken_seq}: {result.reason} "
            f"({result.entries} entries before it verified)",
            err=True,
        )
        raise typer.Exit(1)
    anchors = audit_anchors.read_anchors(anchor_path) if anchor_path.is_file() else []
    problem = audit_anchors.check(log, anchors)
    if problem:
        typer.echo(f"audit log CONTRADICTS ITS ANCHORS: {problem}", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log OK: {result.entries} entries, head hash {result.head_hash}")
    if anchors:
        last = anchors[-1]
        typer.echo(f"anchors OK: {len(anchors)} in {anchor_path}, latest at entry {last.seq} "
                   f"on {last.at}")
    else:
        typer.echo(f"no anchors yet in {anchor_path}: run `probity audit anchor` regularly",
                   err=True)


@audit_app.command("anchor")
def audit_anchor(
    syslog: Annotated[bool, typer.Option("--syslog", help="Also send it to syslog.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Append the log's signed head (entry, hash, time) to the anchor file (and syslog)."""
    path = _settings(data_dir).anchor_path
    anchor = audit_anchors.write_anchor(_audit(data_dir, create=False), path, to_syslog=syslog)
    typer.echo(f"anchored entry {anchor.seq} ({anchor.hash[:16]}…) at {anchor.at} in {path}")


@contextmanager
def _output(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
    else:
        with out.open("w", encoding="utf-8", newline="") as fh:
            yield fh


def _export(log: AuditLog, since: str | None, fmt: str, fh: TextIO) -> int:
    writer = csv.writer(fh) if fmt == "csv" else None
    if writer:
        writer.writerow(COLUMNS)
    else:
        fh.write("[")
    n = 0
    while True:
        _, page = log.entries(since=since, limit=EXPORT_PAGE, offset=n)
        for entry in page:
            row = entry.model_dump()
            if writer:
                writer.writerow(
                    [json.dumps(row[c]) if isinstance(row[c], list) else row[c] for c in COLUMNS]
                )
            else:
                fh.write(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
            n += 1
        if len(page) < EXPORT_PAGE:
            break
    if not writer:
        fh.write("\n]\n")
    return n


@audit_app.command("export")
def audit_export(
    since: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD, UTC).")] = None,
    fmt: Annotated[Literal["csv", "json"], typer.Option("--format", help="csv or json.")] = "csv",
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Export entries (oldest first) for a data-protection officer; lists are JSON in CSV cells."""
    if since is not None:
        try:
            since = date.fromisoformat(since).isoformat()
        except ValueError:
            raise ValueError(f"--since {since!r}: expected a date like 2025-01-31") from None
    log = _audit(data_dir)
    with _output(out) as fh:
        n = _export(log, since, fmt, fh)
    if out is not None:
        typer.echo(f"exported {n} entries to {out}", err=True)


def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    engines: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=16,
            help="Concurrent answer engines (default: CPU count, 2 to 8).",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve the HTTP API (docs at /v1/docs) with uvicorn."""
    import uvicorn

    from assistant.api.app import create_app
    from assistant.consult import ENGINES

    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        typer.echo(
            f"probity: warning: serving on {host}, not loopback; put a TLS-terminating "
            "proxy in front, API keys travel in every request",
            err=True,
        )
    app = create_app(_settings(data_dir), engines=engines or ENGINES)
    uvicorn.run(app, host=host, port=port)
