"""`probity eval`: run a suite, write the report, exit non-zero when a gate fails.

Registered on the main CLI by one line at the end of assistant/cli.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated

import typer

SUITE_HELP = ("synthetic | public | redteam | leads | resolution | all | fast (CI subset, smaller "
             "world)")


def eval_command(
    suite: Annotated[str, typer.Option(help=SUITE_HELP)] = "all",
    out: Annotated[Path, typer.Option(help="Directory for report.json/.md/.html.")] = Path(
        "eval-report"),
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", envvar="PROBITY_DATA_DIR",
        help="Data directory; eval stores are built under it when missing.")] = None,
    blocking_only: Annotated[bool, typer.Option(
        "--blocking-only",
        help="Exit 1 only when a gate listed in thresholds.toml [ci].blocking fails (CI); every "
             "gate is still printed PASS or FAIL.")] = False,
    noisy: Annotated[bool, typer.Option(
        "--noisy", help="With --suite leads: the noisy synthetic force (evals/leads_noisy.py), "
                        "precision/recall per detector and a PR curve each.")] = False,
) -> None:
    """Evaluate Probity and its baselines on the gold sets; exit 1 below thresholds."""
    from assistant.settings import get_settings

    root = data_dir or get_settings().data_dir
    if suite == "leads":
        if importlib.util.find_spec("evals.leads") is None:
            typer.echo("probity: error: the leads suite is not available (evals/leads.py is not "
                       "installed in this build)", err=True)
            raise typer.Exit(2)
        from assistant.settings import Settings
        from evals import leads

        if noisy:
            from evals import leads_noisy

            noisy_result = leads_noisy.run(root / "eval-leads-noisy", out)
            typer.echo(leads_noisy.markdown(noisy_result))
            raise typer.Exit(0 if noisy_result["passed"] else 1)
        leads_dir = leads.store_dir(root)
        typer.echo(f"leads: scoring the force in {leads_dir}")
        result = leads.run(Settings(data_dir=leads_dir), out)
        typer.echo(f"leads: {'PASS' if result.get('passed') else 'FAIL'} · report in {out}")
        raise typer.Exit(0 if result.get("passed") else 1)
    if suite == "resolution":  # entity resolution on the hand-labelled messy force
        from evals.resolution import score

        scored, counts = score.run()
        score.write_report(scored, counts, out)
        typer.echo(score.table(scored, counts))
        typer.echo(f"report: {out / 'report.md'} · {out / 'report.json'}")
        raise typer.Exit(0 if scored.passed else 1)
    from evals.report import markdown, write
    from evals.runner import run

    report = run(suite, root, say=lambda msg: typer.echo(msg, err=True))
    write(report, out)
    for line in markdown(report).split("## Per type")[0].splitlines()[2:]:
        typer.echo(line)
    for gate in report["gates"]:
        typer.echo(f"{'PASS' if gate['ok'] else 'FAIL'}  {gate['gate']}: {gate['value']}")
    typer.echo(f"report: {out / 'report.md'} · {out / 'report.html'} · {out / 'report.json'}")
    if report["passed"]:
        return
    if blocking_only:
        from evals.gates import blocking_failures

        failed = blocking_failures(report["gates"])
        typer.echo(f"gates: FAIL — {len(failed)} blocking gate(s) failed"
                   if failed else "gates: FAIL (none of them blocking CI: see thresholds.toml [ci])")
        if not failed:
            return
    raise typer.Exit(1)
