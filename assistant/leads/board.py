"""The leads board, built at the end of ingest for each reader view and served from storage.

Computing leads on first view took minutes on a 2,000-staff force (and held a lock that slowed
everyone else), so the board is now built once per ingest — `ingestion/run.py` calls
`build_boards` after the narrative index — for every view the roles give (`View.of` over every
role: today "rc" for cleared readers and "um" for the rest), ranked (`ranking.py`), turned into
cards that name people (`cards.py`) and written to `<data>/leads/board-<view>.json` (atomically,
0600). The API, CLI and UI only read that file; when it is missing they say how to build it
(`probity leads --build`) instead of computing it.

Rebuilding is incremental: a detector's findings are kept in `<data>/leads/runs/` under a key of
everything they depend on — the detector and its module's source, its settings, the as-of date, the view it needs and a
fingerprint of each table it reads (`READS`, static; a detector module may declare its own
`READS`; a detector not listed has no key and always re-runs). Two views share one run when the
inputs are identical for both: restricted rows change nothing when none of the detector's tables
holds any, and complainant details matter only to the detectors in `DETAILS`.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any, get_args

import duckdb
from pydantic import BaseModel, Field

from assistant.answers import User
from assistant.leads.cards import Card, cards
from assistant.leads.config import LeadsConfig, config_for
from assistant.leads.context import View
from assistant.leads.detect import DETECTORS, MODULES, cannot_run, detect_leads
from assistant.leads.models import Lead
from assistant.leads.ranking import rank
from assistant.settings import Settings

VERSION = "1"  # bump when detector, ranking or card logic changes what a board holds
PEOPLE = ("person", "person_ref", "person_ref_candidate", "person_identifier")
COMPLAINTS = ("complaint", "allegation")
READS: dict[str, tuple[str, ...]] = {
    "complaint_volume": (*PEOPLE, *COMPLAINTS),
    "allegation_burst": (*PEOPLE, *COMPLAINTS),
    "coaccused": (*PEOPLE, *COMPLAINTS),
    "similar_complaints": (*PEOPLE, *COMPLAINTS, "sentence"),
    "repeated_search": (*PEOPLE, "system_access"),
    "colleague_access": (*PEOPLE, "system_access"),
    "off_duty_access": (*PEOPLE, "system_access", "duty_shift", "absence"),
    "complainant_search": (*PEOPLE, *COMPLAINTS, "system_access"),
    "overtime_absence": (*PEOPLE, "duty_shift", "absence"),
    "undeclared_interest": (*PEOPLE, *COMPLAINTS, "declaration", "intel_report", "conduct_case"),
}
NOT_RUN = "cannot run: "  # a `runs` value: the detector's inputs are not in the exports
DETAILS = {"complainant_search"}  # detectors whose findings depend on seeing complainants
RANKING_READS = ("person", "duty_shift")


class BoardNotBuilt(LookupError):
    """No stored board for this view: it is built by ingest or `probity leads --build`."""

    def __init__(self, view: View) -> None:
        super().__init__(f"the leads board for this view ({view.name}) has not been built; it is "
                         "built at the end of `probity ingest`, or run `probity leads --build`")


class Board(BaseModel):
    version: str = VERSION
    view: str
    as_of: date
    built_at: datetime
    config: str = Field(description="Fingerprint of the leads settings it was built with.")
    seconds: float
    runs: dict[str, str] = Field(default_factory=dict, description="Detector → 'ran' or 'kept'.")
    leads: list[Card]


def reader_views() -> list[View]:
    """Every distinct view the roles give, cleared first."""
    roles = get_args(User.model_fields["role"].annotation)
    views = {View.of(User(name="-", role=r)) for r in roles}
    return sorted(views, key=lambda v: (not v.restricted, v.name))


def board_path(settings: Settings, view: View) -> Path:
    return settings.data_dir / "leads" / f"board-{view.name}.json"


def drop_boards(settings: Settings) -> None:
    """Remove every view's stored board (an ingest that does not rebuild them): a board left
    from before would be served as current over records it never saw."""
    for view in reader_views():
        board_path(settings, view).unlink(missing_ok=True)


def write_private(path: Path, text: str) -> None:
    """Replace `path` atomically with a 0600 file: a reader sees the old board or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)


def load_board(settings: Settings, view: View) -> Board:
    path = board_path(settings, view)
    try:
        board = Board.model_validate_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise BoardNotBuilt(view) from exc
    if board.version != VERSION:
        raise BoardNotBuilt(view)
    return board


def table_state(con: duckdb.DuckDBPyConnection, tables: set[str]) -> dict[str, tuple[str, bool]]:
    """Table → (fingerprint of its rows, holds restricted rows); absent tables are ('absent',
    False). The fingerprint is order-independent: row count and the XOR of row hashes."""
    have = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables")
            .fetchall()}
    cols = {(t, c) for t, c in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns").fetchall()}
    out: dict[str, tuple[str, bool]] = {}
    for table in sorted(tables):
        if table not in have:
            out[table] = ("absent", False)
            continue
        restricted = "count(*) FILTER (WHERE restricted)" if (table, "restricted") in cols else "0"
        n, xor, hidden = con.execute(
            f"SELECT count(*), coalesce(bit_xor(hash(t)), 0), {restricted} FROM {table} t"
        ).fetchone() or (0, 0, 0)
        out[table] = (f"{n}:{xor}", bool(hidden))
    return out


def reads_of(name: str) -> tuple[str, ...] | None:
    module = {m.NAME: m for m in MODULES}.get(name)
    declared = getattr(module, "READS", None)
    return tuple(declared) if declared else READS.get(name)


def code_of(name: str) -> str:
    """A hash of the detector's module source: editing a detector re-runs it."""
    module = {m.NAME: m for m in MODULES}.get(name)
    source = Path(module.__file__).read_bytes() if module and module.__file__ else b""
    return hashlib.sha256(source).hexdigest()[:16]


def needed_view(name: str, view: View, state: dict[str, tuple[str, bool]]) -> View:
    """The view a detector must run in to give `view`'s findings: the full view where the
    difference cannot show in its inputs."""
    reads = reads_of(name)
    if reads is None:
        return view
    restricted = view.restricted or not any(state[t][1] for t in reads)
    details = view.complainant_details or name not in DETAILS
    return View(restricted=restricted, complainant_details=details)


def run_key(name: str, view: View, config: LeadsConfig, settings: Settings, as_of: date,
            state: dict[str, tuple[str, bool]]) -> str | None:
    reads = reads_of(name)
    if reads is None:
        return None
    section = getattr(config, name, None)
    parts = [VERSION, name, code_of(name), view.name, str(as_of), config.ambiguous.model_dump_json(),
             section.model_dump_json() if isinstance(section, BaseModel) else config.fingerprint(),
             settings.embedding_model_path if name == "similar_complaints" else "",
             *(f"{t}={state[t][0]}" for t in reads)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def _findings(con: duckdb.DuckDBPyConnection, settings: Settings, config: LeadsConfig,
              name: str, view: View, key: str | None, memo: dict[tuple[str, str], list[Lead]],
              ) -> tuple[list[Lead], str]:
    """One detector's leads in `view`: from this build, from the kept run, or computed."""
    if (name, view.name) in memo:
        return memo[(name, view.name)], "shared"
    path = settings.data_dir / "leads" / "runs" / f"{name}-{view.name}.json"
    if key is not None and path.is_file():
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("key") == key:
            memo[(name, view.name)] = [Lead.model_validate(x) for x in kept["leads"]]
            return memo[(name, view.name)], "kept"
    found = detect_leads(con, settings, [name], view=view, config=config)
    write_private(path, json.dumps({"key": key, "leads": [x.model_dump(mode="json")
                                                           for x in found]}))
    memo[(name, view.name)] = found
    return found, "ran"


def build_boards(con: duckdb.DuckDBPyConnection, settings: Settings,
                 config: LeadsConfig | None = None,
                 views: list[View] | None = None) -> list[Board]:
    """Build, rank, store and return the board of each view (every role's by default)."""
    config = config if config is not None else config_for(settings)
    as_of = settings.today or date.today()
    read_at = datetime.now()  # before reading: a decision made after it is not in this board
    views = views if views is not None else reader_views()
    tables = {t for name in DETECTORS for t in reads_of(name) or ()} | set(RANKING_READS)
    state = table_state(con, tables)
    hidden = {p for (p,) in con.execute("SELECT record_id FROM person WHERE restricted")
              .fetchall()}
    memo: dict[tuple[str, str], list[Lead]] = {}
    boards = []
    for view in views:
        started = time.perf_counter()
        found: list[Lead] = []
        runs: dict[str, str] = {}
        for name in DETECTORS:
            need = needed_view(name, view, state)
            key = run_key(name, need, config, settings, as_of, state)
            leads, runs[name] = _findings(con, settings, config, name, need, key, memo)
            found += [x.model_copy(deep=True) for x in leads
                      if view.restricted or not hidden.intersection(x.people)]
        # inputs absent from the exports (or from this view): not run, not "nothing found"
        runs.update({name: f"{NOT_RUN}{why}" for name, why in cannot_run(con, view=view).items()})
        ranked = rank(con, found, view, config, as_of)
        board = Board(view=view.name, as_of=as_of, built_at=read_at,
                      config=config.fingerprint(), seconds=0.0, runs=runs,
                      leads=cards(con, ranked, view))
        board.seconds = round(time.perf_counter() - started, 3)
        write_private(board_path(settings, view), board.model_dump_json())
        boards.append(board)
    return boards


def not_run(board: Board) -> dict[str, str]:
    """Detector → why it could not run on the store this board was built from."""
    return {n: how.removeprefix(NOT_RUN) for n, how in board.runs.items()
            if how.startswith(NOT_RUN)}


def board_summary(boards: list[Board]) -> dict[str, Any]:
    """One line per view for ingest's report."""
    return {b.view: {"leads": len(b.leads), "seconds": b.seconds,
                     "ran": sorted(n for n, how in b.runs.items() if how == "ran"),
                     "cannot_run": not_run(b)}
            for b in boards}
