"""Proactive leads: patterns in the records worth a human reviewer's look.

Each detector (one module each; rationale in its docstring, parameters in `config.py`) scans the
record store and returns findings with the exact spans they rest on. `detect_leads` turns them
into `Lead`s; `board` builds, ranks (`ranking`) and stores them as cards (`cards`) per reader view
at the end of ingest; `service` lists and reviews them as audited consultations; `reviews` persists decisions. A lead is a suggestion for review — never an
automated decision about anyone.
"""

from assistant.leads.detect import DETECTORS, detect_leads
from assistant.leads.models import Lead

__all__ = ["DETECTORS", "Lead", "detect_leads"]
