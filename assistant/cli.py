"""`probity` command line. The forms here are a contract that scripts and case tools rely on.

Every command honours --data-dir / PROBITY_DATA_DIR. Failures print one line and exit non-zero;
no traceback reaches the user.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.settings import Settings, get_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Probity: grounded, cited answers over a force's professional-standards records.",
)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", envvar="PROBITY_DATA_DIR", help="Data directory (DuckDB, Chroma, BM25)."
    ),
]
DEMO_PEOPLE, DEMO_SEED = 2000, 7


class CommandError(Exception):
    """An expected failure: shown as one line, exit status 1."""


def settings_for(data_dir: Path | None) -> Settings:
    return Settings(data_dir=data_dir) if data_dir else get_settings()


# synth ----------------------------------------------------------------------------------------


@app.command()
def synth(
    out: Annotated[Path, typer.Option(help="Directory for the source-style exports + truth.json.")],
    people: Annotated[
        int, typer.Option(min=150, help="Staff in the synthetic force.")
    ] = DEMO_PEOPLE,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = DEMO_SEED,
    noisy: Annotated[bool, typer.Option(
        "--noisy", help="Realistic background for every lead detector (ingestion/synth/noise.py)."
    )] = False,
    data_dir: DataDir = None,
) -> None:
    """Synthesise a force's exports (HR, complaints, roster, audit log, …) and truth.json."""
    from ingestion.synth import generate

    result = generate(people=people, seed=seed, out=out, noisy=noisy)
    typer.echo(json.dumps(result, indent=2, default=str))


# ingest ---------------------------------------------------------------------------------------


def format_summary(summary: object) -> str:
    from assistant.resolution.report import format_counts
    from ingestion.run import IngestSummary

    assert isinstance(summary, IngestSummary)
    lines = []
    head = f"{'entry':58} {'rows':>9} {'stored':>9} {'new':>8} {'changed':>7} {'merged':>7} {'skipped':>7} {'quar.':>6} {'sec':>6}"
    for source in summary.sources:
        lines.append(
            f"\n[{source.mapping}]" + (f"  FAILED: {source.error}" if source.error else "")
        )
        if source.error:
            continue
        lines.append(head)
        for e in source.entries:
            c = e.counts
            lines.append(
                f"{e.label[:58]:58} {c.rows:>9,} {c.stored:>9,} {c.inserted:>8,} {c.updated:>7,} "
                f"{c.merged:>7,} {c.skipped:>7,} {c.quarantined:>6,} {e.seconds:>6.1f}"
            )
        lines.append(
            f"people references: {source.people_resolved:,} resolved, "
            f"{source.people_unresolved:,} unresolved; {source.seconds:.1f} s"
        )
        lines += format_counts(source.resolution)
    ix = summary.index
    lines.append(
        f"\nnarrative chunks: {ix.chunks_created:,} new, {ix.chunks_embedded:,} embedded "
        f"({ix.chunks_per_second:.1f}/s), {ix.vectors_removed:,} stale vectors removed, "
        f"BM25 {'rebuilt over ' + format(ix.bm25_chunks, ',') + ' chunks' if ix.bm25_chunks else 'unchanged'}"
    )
    lines.append(
        f"sentence index: {ix.sentences_embedded:,} sentences embedded "
        f"({ix.sentence_seconds:.1f} s), {ix.sentences_removed:,} stale removed"
    )
    if not summary.leads_board:
        lines.append("leads board: not built (--no-leads-board; `probity leads --build` builds it)")
    for view, board in summary.leads.items():
        lines.append(f"leads board {view}: {board['leads']:,} leads, {board['seconds']:.1f} s "
                     f"(detectors run: {', '.join(board['ran']) or 'none, inputs unchanged'})")
        lines += [f"  {name} could not run: {why}"
                  for name, why in board.get("cannot_run", {}).items()]
    lines.append(f"total {summary.seconds:.1f} s")
    return "\n".join(lines)


@app.command()
def ingest(
    mapping: Annotated[
        list[str],
        typer.Option(
            help="Built-in mapping (synthetic, philly, chicago) or a YAML file; repeatable."
        ),
    ],
    source: Annotated[Path, typer.Option(help="Directory holding the export files.")],
    data_dir: DataDir = None,
    quiet: Annotated[bool, typer.Option(help="No progress output.")] = False,
    leads_board: Annotated[bool, typer.Option(
        help="Build the stored leads board after the ingest (default). --no-leads-board skips it "
             "and removes any board from before (answers never read it; `probity leads --build` "
             "builds it later): for evaluation stores and first loads of a very large force."
    )] = True,
) -> None:
    """Read exports through their mappings into the record store and the narrative index."""
    from ingestion.run import ingest as run_ingest

    if not source.is_dir():
        raise CommandError(f"--source {source}: not a directory")
    settings = settings_for(data_dir)
    summary = run_ingest(settings, mapping, source, show_progress=not quiet,
                         leads_board=leads_board)
    typer.echo(format_summary(summary))
    _print_quarantine(settings)
    _grant_owner(settings)
    if summary.failed:
        raise CommandError("some sources were not ingested (see FAILED above); the others were")


def _print_quarantine(settings: Settings) -> None:
    from assistant import store

    con = store.connect(settings.duckdb_path, memory_limit=settings.duckdb_memory_limit)
    try:
        rows = con.execute(
            """SELECT mapping, file, count(*) AS n, any_value(reason) AS example
               FROM quarantine GROUP BY mapping, file ORDER BY mapping, file"""
        ).fetchall()
    finally:
        con.close()
    if rows:
        typer.echo(
            "\nquarantined rows (kept with their reason and raw content in table `quarantine`):"
        )
        for mapping, file, n, example in rows:
            typer.echo(f"  {mapping} {file}: {n:,} (e.g. {example})")


# ask ------------------------------------------------------------------------------------------

Role = Annotated[
    str | None,
    typer.Option("--as", help="Act in a lower role than your grant (see `probity keys grant`)."),
]


def print_answer(answer: object) -> None:
    from assistant.answers import Answer

    assert isinstance(answer, Answer)
    if answer.interpretation:
        typer.echo(answer.interpretation)
    typer.echo(answer.answer)
    if answer.citations:
        typer.echo("\nSources:")
        for c in answer.citations:
            quote = c.quote if len(c.quote) <= 160 else c.quote[:157] + "…"
            typer.echo(
                f"  [{c.n}] {c.record_id} · {c.field}[{c.start}:{c.end}] · {c.source}\n      “{quote}”"
            )


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in plain English.")],
    role: Role = None,
    case: Annotated[
        str | None,
        typer.Option("--case", envvar="PROBITY_CASE", help="Case reference (required; audited)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    conversation: Annotated[
        str | None,
        typer.Option("--conversation", help="Conversation id: follow-ups bind to its last question."),
    ] = None,
    user: Annotated[
        str | None, typer.Option(envvar="PROBITY_USER", help="Test mode only: who is asking.")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Answer a question from the records, citing the exact spans it rests on (audited)."""
    from assistant.consult import Consultation
    from assistant.conversations import check_id
    from assistant.identity import cli_user

    settings = settings_for(data_dir)
    who = cli_user(settings, user, role)
    consultation = Consultation(settings, engines=1)
    try:
        if conversation is not None:
            check_id(conversation)
        answer = consultation.ask(who, case, question, conversation_id=conversation)
    finally:
        consultation.close()
    if as_json:
        typer.echo(
            answer.model_dump_json(
                include={"answer", "abstained", "intent", "citations", "evidence", "timings_ms",
                         "interpretation", "unapplied", "conversation_id"}
            )
        )
    else:
        print_answer(answer)


# demo -----------------------------------------------------------------------------------------


def demo_questions(settings: Settings) -> list[str]:
    """One question per intent, naming the synthetic officer with the most complaints."""
    from assistant import store

    con = store.connect(
        settings.duckdb_path, read_only=True, memory_limit=settings.duckdb_memory_limit)
    try:
        row = con.execute(
            """SELECT p.name FROM person_ref r JOIN person p ON p.record_id = r.person_id
               WHERE r.kind = 'allegation' AND p.force = 'westshire'
               GROUP BY p.record_id, p.name
               HAVING (SELECT count(*) FROM person q WHERE q.name = p.name) = 1
               ORDER BY count(*) DESC, p.record_id LIMIT 1"""
        ).fetchone()
    finally:
        con.close()
    name = row[0] if row else "Glenn Wood"
    return [
        f"How many complaints were made against {name}?",
        "List the conduct cases opened in 2023",
        f"Tell me about {name}",
        "Has an officer threatened to plant drugs on someone unless they paid him?",
        f"What is {name}'s home address?",
    ]


@app.command()
def demo(data_dir: DataDir = None) -> None:
    """Synthesise a small force into the data dir, ingest it, and answer sample questions."""
    from datetime import date

    from assistant.answers import User
    from assistant.consult import Consultation
    from ingestion.run import ingest as run_ingest
    from ingestion.synth import stamp

    settings = settings_for(data_dir)
    source = settings.data_dir / stamp.SOURCE
    truth = source / "truth.json"
    # Regenerated whenever the generator would now write another force (its stamp), not only
    # when the staff count differs: a demo left by an older generator is not shown as current.
    if not stamp.current(settings.data_dir, DEMO_PEOPLE, DEMO_SEED, noisy=False):
        typer.echo(f"synthesising a {DEMO_PEOPLE:,}-person force into {source} …")
        stamp.renew_source(settings.data_dir, DEMO_PEOPLE, DEMO_SEED, noisy=False)
    summary = run_ingest(settings, ["synthetic"], source)
    typer.echo(format_summary(summary))
    if summary.failed:
        raise CommandError("demo ingest failed")
    stamp.seal(settings.data_dir, DEMO_PEOPLE, DEMO_SEED, noisy=False)
    _grant_owner(settings)
    # The synthetic world ends on its own reference date; relative dates are read from there.
    today = date.fromisoformat(json.loads(truth.read_text())["reference_date"])
    consultation = Consultation(settings.model_copy(update={"today": settings.today or today}), 1)
    try:
        for question in demo_questions(settings):
            typer.echo(f"\n{'=' * 100}\nQ: {question}\n")
            print_answer(consultation.ask(User(name="demo", role="investigator"), "DEMO", question))
    finally:
        consultation.close()


def _grant_owner(settings: Settings) -> None:
    from assistant.identity import grant_store_owner

    if owner := grant_store_owner(settings):
        typer.echo(f"{owner} built this data dir and may use it on the command line as admin "
                   "(`probity keys grant` gives other accounts a role)")


def _debug() -> bool:
    """PROBITY_DEBUG through Settings; settings that do not validate cannot ask for a traceback."""
    from pydantic import ValidationError

    try:
        return get_settings().debug
    except ValidationError:
        return False


def main() -> None:
    """Console entry point: expected failures are one line on stderr, never a traceback."""
    from assistant.errors import IndexUnavailable

    try:
        app()
    # ValueError includes ingestion's MappingError and SourceError (not imported here: a question
    # does not need ingestion's readers and pyarrow loaded to fail cleanly).
    except (CommandError, FileNotFoundError, ValueError, PermissionError,
            IndexUnavailable) as exc:
        typer.echo(f"probity: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("probity: interrupted; run the same command again to resume", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, with a way to get the traceback
        if _debug():
            raise
        typer.echo(
            f"probity: internal error: {type(exc).__name__}: {exc} "
            "(PROBITY_DEBUG=1 shows the traceback)",
            err=True,
        )
        sys.exit(2)


from assistant.cli_api import audit_app, keys_app, serve  # noqa: E402

app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.command()(serve)
from evals.cli import eval_command  # noqa: E402

app.command("eval")(eval_command)


@app.command()
def ui(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    data_dir: DataDir = None,
) -> None:
    """Open the investigator workspace (Streamlit) at http://HOST:PORT."""
    import ui as ui_package

    settings = settings_for(data_dir)
    if host not in ("127.0.0.1", "::1", "localhost"):
        typer.echo(
            f"probity: warning: serving on {host}, not loopback; put a TLS-terminating "
            "proxy in front, API keys are typed into this page",
            err=True,
        )
    flags = {
        "server.address": host,
        "server.port": port,
        "server.headless": "true",
        "browser.gatherUsageStats": "false",
        "server.fileWatcherType": "none",
        "client.toolbarMode": "viewer",
    }
    script = Path(ui_package.__file__).parent / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += [arg for name, value in flags.items() for arg in (f"--{name}", str(value))]
    env = {**os.environ, "PROBITY_DATA_DIR": str(settings.data_dir.resolve())}
    typer.echo(f"Probity workspace: http://{host}:{port} over {settings.data_dir} (Ctrl-C stops)")
    sys.stdout.flush()
    # Become Streamlit (exec, not a child) so signals from a terminal or supervisor reach it.
    os.execve(sys.executable, command, env)

from assistant.leads.cli import leads, network  # noqa: E402

app.command()(leads)
app.command()(network)
from assistant.cli_resolution import mapping_app, people_app  # noqa: E402

app.add_typer(mapping_app, name="mapping")
app.add_typer(people_app, name="people")
from assistant.cli_cases import case_app  # noqa: E402

app.add_typer(case_app, name="case")
