"""Computed leads, cached per reader view in `<data dir>/leads/` until the store changes.

Detection reads millions of audit-log and roster rows, so the board should not recompute it on
every page view. The cache key is everything a lead depends on: the store's ingest history (any
ingest changes it), the detector configuration, the as-of date and the view. A stale file is
simply recomputed; files are replaced atomically, so a reader never sees half a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import date
from pathlib import Path

import duckdb

from assistant.leads.config import LeadsConfig, config_for
from assistant.leads.context import View
from assistant.leads.detect import detect_leads
from assistant.leads.models import Lead
from assistant.settings import Settings

VERSION = "3"  # bump when detector logic changes what it finds
_LOCK = threading.Lock()


def fingerprint(con: duckdb.DuckDBPyConnection, settings: Settings, view: View,
                config: LeadsConfig) -> str:
    runs = con.execute("SELECT count(*), max(started_at)::VARCHAR, sum(rows), sum(inserted), "
                       "sum(updated) FROM ingest_run").fetchone()
    key = [VERSION, view.name, config.fingerprint(), str(settings.today or date.today()),
           str(runs)]
    return hashlib.sha256("|".join(key).encode()).hexdigest()[:24]


def path_for(settings: Settings, view: View) -> Path:
    return settings.data_dir / "leads" / f"leads-{view.name}.json"


def cached_leads(con: duckdb.DuckDBPyConnection, settings: Settings, view: View,
                 config: LeadsConfig | None = None, refresh: bool = False) -> list[Lead]:
    """The view's leads, from the cache when it is current, else computed and cached."""
    config = config if config is not None else config_for(settings)
    key = fingerprint(con, settings, view, config)
    path = path_for(settings, view)
    with _LOCK:  # one computation per process; concurrent requests wait for it
        if not refresh and path.is_file():
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("fingerprint") == key:
                return [Lead.model_validate(x) for x in stored["leads"]]
        leads = detect_leads(con, settings, view=view, config=config)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fingerprint": key,
                                   "leads": [x.model_dump(mode="json") for x in leads]}),
                       encoding="utf-8")
        os.replace(tmp, path)
        return leads
