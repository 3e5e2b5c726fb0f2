"""`probity case list|open|show|note|status|export`: case work on the command line.

Registered at the end of cli.py. The CLI acts as the OS account in its granted role (identity.py)
and goes through the same service as the API (assistant/cases/service.py), so the clearance rule
and the audit log are the API's. Failures raise ValueError/PermissionError/LookupError
subclasses, printed by `cli.main()` as one line with a non-zero exit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.answers import User
from assistant.cli_api import DataDir
from assistant.settings import Settings, get_settings

case_app = typer.Typer(no_args_is_help=True, help="Cases: turns, pins, notes, decisions, export.")
Role = Annotated[str | None, typer.Option("--as", help="Act in a lower role than your grant.")]
Who = Annotated[str | None, typer.Option("--user", envvar="PROBITY_USER",
                                         help="Test mode only: who is acting.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Ref = Annotated[str, typer.Argument(help="The case reference.")]


@contextmanager
def consultation(data_dir: Path | None, user: str | None,
                 role: str | None) -> Iterator[tuple[Any, User]]:
    from assistant.consult import Consultation
    from assistant.identity import cli_user

    settings = Settings(data_dir=data_dir) if data_dir else get_settings()
    who = cli_user(settings, user, role)
    service = Consultation(settings, engines=1, readers=1)
    try:
        yield service, who
    finally:
        service.close()


def run(data_dir: Path | None, user: str | None, role: str | None,
        call: Callable[[Any, User], Any]) -> Any:
    from assistant.consult import NotFound

    with consultation(data_dir, user, role) as (service, who):
        try:
            return call(service, who)
        except NotFound as exc:  # a LookupError: one line, exit 1, like other expected failures
            raise ValueError(str(exc)) from exc


@case_app.command("list")
def list_cases(as_json: AsJson = False, role: Role = None, user: Who = None,
               data_dir: DataDir = None) -> None:
    """Your cases (owned or assigned; every case for senior investigators and admins)."""
    from assistant.cases.service import list_cases as listed

    found = run(data_dir, user, role, listed)
    if as_json:
        typer.echo(json.dumps([c.model_dump(mode="json") for c in found]))
        return
    for c in found:
        typer.echo(f"{c.case_ref}\t{c.status}\towner {c.owner}\tassignee {c.assignee or '-'}\t"
                   f"{c.title}")
    typer.echo(f"{len(found)} case(s)")


@case_app.command("open")
def open_case(case_ref: Ref, title: Annotated[str, typer.Option()] = "",
              assignee: Annotated[str | None, typer.Option()] = None, role: Role = None,
              user: Who = None, data_dir: DataDir = None) -> None:
    """Open a new case; you are its owner."""
    from assistant.cases.service import create_case

    made = run(data_dir, user, role, lambda s, w: create_case(s, w, case_ref, title, assignee))
    typer.echo(f"opened {made.case_ref} (owner {made.owner})")


@case_app.command("show")
def show(case_ref: Ref, as_json: AsJson = False, role: Role = None, user: Who = None,
         data_dir: DataDir = None) -> None:
    """A case's turns, pins, notes and decision log, as you may see them."""
    from assistant.cases.casefile import build
    from assistant.cases.export import markdown
    from assistant.cases.service import show_case

    def call(service: Any, who: User) -> tuple[Any, tuple[int, str]]:
        return show_case(service, who, case_ref), service.audit.head()

    case, head = run(data_dir, user, role, call)
    if as_json:
        typer.echo(case.model_dump_json())
        return
    typer.echo(markdown(build(case, "(view)", case.updated_at, head)))


@case_app.command("note")
def note(case_ref: Ref, text: Annotated[str, typer.Argument(help="The note.")],
         shareable: Annotated[bool, typer.Option(help="Readable by uncleared users.")] = False,
         role: Role = None, user: Who = None, data_dir: DataDir = None) -> None:
    """Add a note to a case."""
    from assistant.cases.service import add_note

    made = run(data_dir, user, role, lambda s, w: add_note(s, w, case_ref, text, shareable))
    typer.echo(f"note {made.n} added to {case_ref}")


@case_app.command("status")
def status(case_ref: Ref,
           new_status: Annotated[str, typer.Argument(
               metavar="STATUS", help="open, under assessment, referred, no further action or "
               "closed")],
           reason: Annotated[str, typer.Option(help="Why (required).")],
           assignee: Annotated[str | None, typer.Option()] = None,
           shareable: Annotated[bool, typer.Option(help="Reason readable by uncleared users.")]
           = False,
           role: Role = None, user: Who = None, data_dir: DataDir = None) -> None:
    """Record a decision: the new status and why (every decision, 'no further action' too)."""
    from assistant.cases.service import change_status

    made = run(data_dir, user, role, lambda s, w: change_status(
        s, w, case_ref, new_status, reason, assignee, shareable))
    typer.echo(f"{case_ref}: {made.from_status} -> {made.to_status} (decision {made.n})")


@case_app.command("export")
def export(case_ref: Ref,
           fmt: Annotated[str, typer.Option("--format", help="md, html or pdf.")] = "md",
           out: Annotated[Path | None, typer.Option(help="File to write (else stdout; "
                                                         "pdf needs --out).")] = None,
           role: Role = None, user: Who = None, data_dir: DataDir = None) -> None:
    """The case file: answers, leads, pins, notes, decisions, citations, audit head, marking."""
    from assistant.cases.service import export_case

    if fmt == "pdf" and out is None:
        raise ValueError("--format pdf needs --out FILE")
    data, marking = run(data_dir, user, role, lambda s, w: export_case(s, w, case_ref, fmt))
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    out.write_bytes(data)
    out.chmod(0o600)
    typer.echo(f"wrote {out} ({len(data):,} bytes, {marking})")
