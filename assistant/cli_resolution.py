"""`probity mapping check` and `probity people review …`: entity resolution from the command line.

Registered on the main CLI at the end of cli.py. `mapping check` is a dry run that writes
nothing (ingestion/check.py). The review commands read the store read-only, record decisions in
the data dir's `resolution.sqlite`, audit them, and apply them to the store at once when no
server holds it (otherwise at the next ingest or `probity people review apply`).
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import duckdb
import typer

from assistant import person_links, store
from assistant.audit import AuditLog
from assistant.cli_api import DataDir
from assistant.resolution import overlay
from assistant.resolution.decisions import DecisionStore, Verdict
from assistant.resolution.queue import apply_decisions, check_decision, review_items
from assistant.settings import Settings, get_settings

mapping_app = typer.Typer(no_args_is_help=True, help="Source mappings: check one on an export.")
people_app = typer.Typer(no_args_is_help=True, help="People: the resolution review queue.")
review_app = typer.Typer(no_args_is_help=True,
                         help="Ambiguous and low-confidence person links: list, confirm, reject.")
people_app.add_typer(review_app, name="review")


@mapping_app.command("check")
def check(
    mapping: Annotated[str, typer.Option(help="Built-in mapping name or a YAML file.")],
    source: Annotated[Path, typer.Option(help="Directory holding the export files.")],
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Validate a mapping and dry-run it over an export: row counts, sample records, quarantine
    reasons and how person references resolve. Writes nothing to any data dir."""
    from dataclasses import asdict

    from ingestion.check import check_mapping, format_check

    if not source.is_dir():
        raise ValueError(f"--source {source}: not a directory")
    report = check_mapping(mapping, source)
    if as_json:
        typer.echo(json.dumps(asdict(report), indent=2, default=str))
    else:
        typer.echo(format_check(report))


def _settings(data_dir: Path | None) -> Settings:
    return Settings(data_dir=data_dir) if data_dir else get_settings()


def _reader(settings: Settings) -> duckdb.DuckDBPyConnection:
    if not settings.duckdb_path.is_file():
        raise FileNotFoundError(f"no record store at {settings.duckdb_path}: run `probity ingest`")
    return store.connect(settings.duckdb_path, read_only=True)


@review_app.command("list")
def review_list(
    data_dir: DataDir = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many to show.")] = 50,
) -> None:
    """References the resolver was unsure of, least confident first."""
    con = _reader(_settings(data_dir))
    try:
        items = review_items(con, limit=limit)
    finally:
        con.close()
    if not items:
        typer.echo("nothing to review")
    for item in items:
        written = " ".join(p for p in (item.rank, item.ref.value, item.ref.name) if p)
        unit = f" ({item.unit})" if item.unit else ""
        now = (f"linked to {item.person_id} ({item.method}, {item.confidence:.2f})"
               if item.person_id else "unresolved")
        options = f"; candidates {', '.join(item.candidates)}" if item.candidates else ""
        typer.echo(f"{item.ref_id}  {item.ref.role}: {written}{unit} — {now}{options}")


def decide(settings: Settings, ref_id: str, person_id: str, verdict: Verdict, user: str,
           con: duckdb.DuckDBPyConnection) -> None:
    """Check, record and audit one decision; `con` (read-only) is used to check it."""
    ref = check_decision(con, ref_id, person_id)
    DecisionStore(settings.data_dir).record(ref, person_id, verdict, user)
    AuditLog(settings.data_dir / "audit.sqlite").append(
        user=user, role="admin", case_ref=None, endpoint=f"cli people review {verdict}",
        query=f"{verdict} {ref_id} {person_id}", status="ok",
        returned=[ref.record_id, person_id])


def _decide_cli(data_dir: Path | None, ref_id: str, person_id: str, verdict: Verdict) -> None:
    settings = _settings(data_dir)
    con = _reader(settings)
    try:
        decide(settings, ref_id, person_id, verdict, getpass.getuser(), con)
    finally:
        con.close()
    typer.echo(f"{verdict}ed: {ref_id} → {person_id} (audited)")
    _apply(settings)


def _apply(settings: Settings) -> None:
    try:
        con = store.connect(settings.duckdb_path)
    except duckdb.IOException:
        typer.echo("the store is in use (a server?): the decision applies at the next ingest "
                   "or `probity people review apply`")
        return
    try:
        decisions = DecisionStore(settings.data_dir).all()
        changed = apply_decisions(con, decisions)
        overlay.mark_applied(con, decisions)
        person_links.build(con)  # derived from the links just changed
    finally:
        con.close()
    typer.echo(f"applied to the store ({changed} reference changes)")


@review_app.command("confirm")
def review_confirm(
    ref_id: Annotated[str, typer.Argument(help="<record_id>#<n>, from `review list`.")],
    person_id: Annotated[str, typer.Argument(help="The person it is (its link or a candidate).")],
    data_dir: DataDir = None,
) -> None:
    """Confirm who a reference is: the link stays through every re-ingest."""
    _decide_cli(data_dir, ref_id, person_id, "confirm")


@review_app.command("reject")
def review_reject(
    ref_id: Annotated[str, typer.Argument(help="<record_id>#<n>, from `review list`.")],
    person_id: Annotated[str, typer.Argument(help="The person it is not.")],
    data_dir: DataDir = None,
) -> None:
    """Reject a link or a candidate: the reference is never linked to that person again."""
    _decide_cli(data_dir, ref_id, person_id, "reject")


@review_app.command("apply")
def review_apply(data_dir: DataDir = None) -> None:
    """Apply every recorded decision to the store (ingest does this too)."""
    _apply(_settings(data_dir))
