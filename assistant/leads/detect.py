"""`detect_leads(con, settings, detectors=None) -> list[Lead]`: every detector over the store.

Detectors are plain functions `detect(Context) -> list[Finding]`, one module each, registered in
`DETECTORS`. This module runs the ones asked for, turns findings into leads (stable ids, numbered
citations read back from the store) and orders them strongest first. A lead about a person the
reader may not see (a restricted person record) is dropped with the rest of what they can't see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from types import ModuleType

import duckdb

from assistant.answers import Citation
from assistant.citations import markers
from assistant.leads import (
    allegation_burst,
    coaccused,
    colleague_access,
    complainant_search,
    complaint_volume,
    off_duty_access,
    overtime_absence,
    repeated_search,
    rota_manipulation,
    similar_complaints,
    undeclared_association,
    undeclared_interest,
)
from assistant.leads.config import LeadsConfig, config_for
from assistant.leads.context import FULL, Context, View
from assistant.leads.evidence import citations, read
from assistant.leads.models import Finding, Lead, lead_id
from assistant.settings import Settings

MODULES: tuple[ModuleType, ...] = (
    complaint_volume, allegation_burst, similar_complaints, repeated_search, off_duty_access,
    complainant_search, overtime_absence, undeclared_interest, coaccused, colleague_access,
    rota_manipulation, undeclared_association)
DETECTORS: dict[str, Callable[[Context], list[Finding]]] = {m.NAME: m.detect for m in MODULES}


def describe() -> dict[str, str]:
    """Detector name → the first line of its rationale."""
    return {m.NAME: " ".join((m.__doc__ or "").split("\n\n")[0].split(": ", 1)[-1].split())
            for m in MODULES}


def cannot_run(con: duckdb.DuckDBPyConnection, names: Iterable[str] | None = None,
               view: View = FULL) -> dict[str, str]:
    """Detector → why it cannot run on this store for `view` (its inputs are not in the exports,
    or none this view may see), for detectors that declare `unavailable(con, restricted)`; such
    a detector finds nothing, which is not the same as finding that nothing is wrong."""
    wanted = set(names) if names is not None else set(DETECTORS)
    out = {}
    for m in MODULES:
        check = getattr(m, "unavailable", None)
        why = check(con, view.restricted) if check and m.NAME in wanted else None
        if why:
            out[m.NAME] = why
    return out


def check_names(names: Iterable[str]) -> list[str]:
    chosen = list(names)
    unknown = [n for n in chosen if n not in DETECTORS]
    if unknown:
        raise ValueError(f"unknown detector {', '.join(unknown)}; "
                         f"known: {', '.join(DETECTORS)}")
    return chosen


def detect_leads(con: duckdb.DuckDBPyConnection, settings: Settings,
                 detectors: Iterable[str] | None = None, *, view: View = FULL,
                 config: LeadsConfig | None = None) -> list[Lead]:
    """Leads from the named detectors (all by default), as `view` may see them; `config`
    defaults to PROBITY_LEADS_CONFIG's file, else the built-in settings."""
    config = config if config is not None else config_for(settings)
    names = check_names(detectors) if detectors is not None else list(DETECTORS)
    ctx = Context(con, settings, config, view, settings.today or date.today())
    findings = [f for name in names for f in DETECTORS[name](ctx)]
    if not view.restricted:
        hidden = {p for (p,) in con.execute("SELECT record_id FROM person WHERE restricted")
                  .fetchall()}
        findings = [f for f in findings if not hidden.intersection(f.people)]
    texts, sources = read(con, [s for f in findings for s in f.spans])
    leads = [_lead(f, citations(f.spans, texts, sources)) for f in findings]
    return sorted(leads, key=lambda lead: (-lead.score, lead.detector, lead.lead_id))


def _lead(finding: Finding, evidence: list[Citation]) -> Lead:
    mark = markers([c.n for c in evidence])
    return Lead(
        lead_id=lead_id(finding.detector, finding.people, finding.key),
        detector=finding.detector, person_id=finding.people[0], people=finding.people,
        score=finding.score, explanation=f"{finding.explanation} {mark}".rstrip(),
        evidence=evidence, detail=finding.detail)
