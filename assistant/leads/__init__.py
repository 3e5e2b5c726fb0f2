"""Proactive leads: patterns in the records worth a human reviewer's look.

Each detector (one module each; rationale in its docstring, parameters in `config.py`) scans the
record store and returns findings with the exact spans they rest on. `detect_leads` turns them
into `Lead`s; `board` builds, ranks (`ranking`) and stores them as cards (`cards`) per reader view
at the end of ingest; `service` lists and reviews them as audited consultations; `reviews` persists decisions. A lead is a suggestion for review — never an
automated decision about anyone.

The names below load on first use (PEP 562): `probity ask` registers the `leads` command, which
imports this package, and must not pay for every detector (scipy.stats alone is ~1 s CPU).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.leads.detect import DETECTORS, detect_leads
    from assistant.leads.models import Lead

__all__ = ["DETECTORS", "Lead", "detect_leads"]
_HOME = {"DETECTORS": "assistant.leads.detect", "detect_leads": "assistant.leads.detect",
         "Lead": "assistant.leads.models"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
