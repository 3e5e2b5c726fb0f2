"""`probity leads`: the leads board on the command line (registered at the end of cli.py).

Listing leads is a consultation like any other: it needs a case reference (`--case` or
PROBITY_CASE) and writes an audit entry. Failures raise ValueError subclasses, which `cli.main()`
prints as one line with a non-zero exit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.settings import Settings, get_settings

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", envvar="PROBITY_DATA_DIR", help="Data directory (DuckDB, Chroma, BM25).")]


def leads(
    detector: Annotated[str | None, typer.Option(help="Only this detector's leads.")] = None,
    person: Annotated[str | None, typer.Option(help="Only leads about this person id.")] = None,
    status: Annotated[str | None, typer.Option(help="open, accepted or dismissed.")] = None,
    role: Annotated[str | None, typer.Option("--as", help="Act in a lower role than your grant "
                                                          "(`probity keys grant`).")] = None,
    case: Annotated[str | None, typer.Option("--case", envvar="PROBITY_CASE",
                                             help="Case reference (required; audited).")] = None,
    user: Annotated[str | None, typer.Option(envvar="PROBITY_USER",
                                             help="Test mode only: who is asking.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Leads to show.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Leads to skip.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Leads for human review, strongest first, each with its cited evidence."""
    from assistant.consult import Consultation
    from assistant.identity import cli_user
    from assistant.leads.detect import check_names
    from assistant.leads.service import list_leads

    if detector:
        check_names([detector])
    if status not in (None, "open", "accepted", "dismissed"):
        raise ValueError(f"--status {status!r}: expected open, accepted or dismissed")
    settings = Settings(data_dir=data_dir) if data_dir else get_settings()
    who = cli_user(settings, user, role)
    service = Consultation(settings, engines=1, readers=1)
    try:
        page = list_leads(service, who, case,
                          detector=detector, person=person, status=status,  # type: ignore[arg-type]
                          limit=limit, offset=offset)
    finally:
        service.close()
    if as_json:
        typer.echo(json.dumps({**page, "items": [x.model_dump(mode="json")
                                                 for x in page["items"]]}))
        return
    typer.echo(f"{page['total']:,} leads (showing {len(page['items'])} from {offset + 1}); "
               "suggestions for review, not findings")
    for lead in page["items"]:
        typer.echo(f"\n{lead.lead_id}  [{lead.status}]  score {lead.score:.2f}  "
                   f"{', '.join(lead.people)}\n  {lead.explanation}")
        for c in lead.evidence[:8]:
            quote = c.quote if len(c.quote) <= 120 else c.quote[:117] + "…"
            typer.echo(f"    [{c.n}] {c.record_id} · {c.field}[{c.start}:{c.end}] “{quote}”")
        if len(lead.evidence) > 8:
            typer.echo(f"    … and {len(lead.evidence) - 8} more cited records (--json)")
