"""`probity leads`: the leads board on the command line (registered at the end of cli.py).

Listing leads is a consultation like any other: it needs a case reference (`--case` or
PROBITY_CASE) and writes an audit entry. It reads the board stored at the end of ingest;
`--build` (re)builds the stored boards of every view from the store — incrementally, re-running
only detectors whose inputs changed — and shows no records, so it needs no case reference.
Failures raise ValueError subclasses, which `cli.main()` prints as one line with a non-zero exit.
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
    build: Annotated[bool, typer.Option("--build", help="(Re)build the stored leads board of "
                                                        "every view (ingest does this).")] = False,
    data_dir: DataDir = None,
) -> None:
    """Leads for human review, strongest person first, each naming who and citing evidence."""
    from assistant.consult import Consultation
    from assistant.identity import cli_user
    from assistant.leads.board import BoardNotBuilt
    from assistant.leads.detect import check_names
    from assistant.leads.service import list_leads

    if detector:
        check_names([detector])
    if status not in (None, "open", "accepted", "dismissed"):
        raise ValueError(f"--status {status!r}: expected open, accepted or dismissed")
    settings = Settings(data_dir=data_dir) if data_dir else get_settings()
    if build:
        build_now(settings)
        return
    who = cli_user(settings, user, role)
    service = Consultation(settings, engines=1, readers=1)
    try:
        page = list_leads(service, who, case,
                          detector=detector, person=person, status=status,  # type: ignore[arg-type]
                          limit=limit, offset=offset)
    except BoardNotBuilt as exc:
        raise ValueError(str(exc)) from exc
    finally:
        service.close()
    if as_json:
        typer.echo(json.dumps({**page, "as_of": str(page["as_of"]),
                               "built_at": page["built_at"].isoformat(),
                               "items": [x.model_dump(mode="json") for x in page["items"]]}))
        return
    typer.echo(f"{page['total']:,} leads (showing {len(page['items'])} from {offset + 1}), "
               f"board as of {page['as_of']:%-d %b %Y}; suggestions for review, not findings")
    if page["stale"]:
        typer.echo(f"note: the board may be out of date: {page['stale']}")
    for name, why in sorted(page.get("cannot_run", {}).items()):
        typer.echo(f"note: {name} cannot run: {why} (no leads from it is not a clean result)")
    for lead in page["items"]:
        p = lead.person
        ids = ", ".join(f"{k} {v}" for k, v in sorted(p.identifiers.items()))
        typer.echo(f"\n{lead.lead_id}  [{lead.status}]  rank score {lead.rank.score:.2f}  "
                   f"({lead.rank.peer_group}, {lead.rank.peers} peers)\n  {lead.headline}"
                   + (f"\n  identifiers: {ids}" if ids else ""))
        typer.echo("  score: " + "; ".join(
            f"{c.detector.replace('_', ' ')} {c.points:.2f} ({c.observed} vs {c.expected:.2f} "
            "expected of peers)" for c in lead.rank.contributions))
        for f in lead.figures:
            typer.echo(f"  {f.label}: {f.value}")
        for t in lead.tables:
            typer.echo(f"  {t.title}: " + " | ".join(t.columns))
            for row in t.rows[:8]:
                typer.echo("    " + " | ".join(row))
        for c in lead.evidence[:8]:
            quote = c.quote if len(c.quote) <= 120 else c.quote[:117] + "…"
            typer.echo(f"    [{c.n}] {c.record_id} · {c.field}[{c.start}:{c.end}] “{quote}”")
        if len(lead.evidence) > 8:
            typer.echo(f"    … and {len(lead.evidence) - 8} more cited records (--json)")


def build_now(settings: Settings) -> None:
    """Build every view's board from the store and say what it took."""
    from assistant import permissions, store
    from assistant.leads.board import board_summary, build_boards
    from assistant.resolution import overlay

    if not settings.duckdb_path.is_file():
        raise ValueError(f"no record store at {settings.duckdb_path}: run `probity ingest` first")
    permissions.restrict(settings.data_dir)
    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        overlay.refresh(con, settings.data_dir)  # review decisions the store has not absorbed
        summary = board_summary(build_boards(con, settings))
    finally:
        con.close()
    for view, board in summary.items():
        typer.echo(f"leads board {view}: {board['leads']:,} leads in {board['seconds']:.1f} s; "
                   f"detectors run: {', '.join(board['ran']) or 'none (inputs unchanged)'}")


def network(
    person: Annotated[str, typer.Argument(help="A person id, or a name or identifier that "
                                               "matches one person.")],
    role: Annotated[str | None, typer.Option("--as", help="Act in a lower role than your grant "
                                                          "(`probity keys grant`).")] = None,
    case: Annotated[str | None, typer.Option("--case", envvar="PROBITY_CASE",
                                             help="Case reference (required; audited).")] = None,
    user: Annotated[str | None, typer.Option(envvar="PROBITY_USER",
                                             help="Test mode only: who is asking.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Who a member of staff is co-accused with (complaints naming both) and co-searching with
    (members of the public both looked up). Audited; cleared records only."""
    from assistant.consult import Consultation
    from assistant.identity import cli_user
    from assistant.leads.network import network_of

    settings = Settings(data_dir=data_dir) if data_dir else get_settings()
    who = cli_user(settings, user, role)
    service = Consultation(settings, engines=1, readers=1)
    try:
        person_id = person
        if not person.startswith("person:"):
            hits = service.search_people(who, case, person, limit=5)["items"]
            if len(hits) != 1:
                listed = "; ".join(f"{h['person_id']} {h.get('rank') or ''} {h['name']}"
                                   for h in hits)
                raise ValueError(f"{person!r} matches {len(hits)} people"
                                 + (f": {listed} — give a person id" if hits else ""))
            person_id = hits[0]["person_id"]
        found = network_of(service, who, case, person_id)
    finally:
        service.close()
    if as_json:
        typer.echo(found.model_dump_json())
        return
    p = found.person
    typer.echo(f"{p.title} ({p.unit or 'no unit'}) · {p.person_id}")
    for title, links, what in (("Co-accused", found.coaccused, "complaint(s)"),
                               ("Co-searching", found.cosearching, "member(s) of the public")):
        typer.echo(f"\n{title}: {len(links)} colleague(s)")
        for link in links:
            typer.echo(f"  {link.count:>4} {what}  {link.person.title} ({link.person.unit or '—'})"
                       f"  {link.person.person_id}\n       records: {', '.join(link.records[:6])}"
                       + (" …" if len(link.records) > 6 else ""))
