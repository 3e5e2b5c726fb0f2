"""Stored leads boards rebuilt in the background after a review decision on a person link.

A decision reaches answers at once (resolution/overlay.py), but a leads board is computed and
stored (board.py): without a rebuild it would keep the old link until the next ingest. So a
decision made through the API or the workspace asks for a rebuild here. One thread per data dir
does the work, over a read-only connection with the pending decisions overlaid, re-running only
the detectors whose inputs changed (every one that reads person links, after a decision). Requests
that arrive while it runs are coalesced into one more build, never queued one by one. Until the
new board is written, the old one is served marked stale (leads/service.py `staleness`).
A data dir whose boards were never built is left alone: building them is ingest's job.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from assistant.settings import Settings

log = logging.getLogger(__name__)


class BoardRebuilder:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._wanted = False
        self._thread: threading.Thread | None = None
        self.builds = 0  # boards rebuilt by this process (for the tests and the log)
        self.last_error: str | None = None

    def request(self) -> bool:
        """Ask for a rebuild; returns whether there is a board to rebuild."""
        from assistant.leads.board import board_path, reader_views

        if not any(board_path(self.settings, v).is_file() for v in reader_views()):
            return False
        with self._lock:
            self._wanted = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="leads-rebuild",
                                                daemon=True)
                self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the current rebuild (if any); True when none is running afterwards."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._wanted:
                    self._thread = None
                    return
                self._wanted = False
            try:
                self._build()
                self.builds += 1
                self.last_error = None
            except Exception as exc:  # a failed rebuild leaves the stale board served, marked
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("rebuilding the leads board failed")

    def _build(self) -> None:
        from assistant import store
        from assistant.leads.board import build_boards
        from assistant.resolution import overlay

        con = store.connect(self.settings.duckdb_path, read_only=True,
                            memory_limit=self.settings.duckdb_memory_limit)
        try:
            overlay.refresh(con, self.settings.data_dir)
            build_boards(con, self.settings)
        finally:
            con.close()


_REBUILDERS: dict[Path, BoardRebuilder] = {}
_GUARD = threading.Lock()


def rebuilder_for(settings: Settings) -> BoardRebuilder:
    """The one rebuilder of `settings`' data dir in this process."""
    key = settings.data_dir.resolve()
    with _GUARD:
        if key not in _REBUILDERS:
            _REBUILDERS[key] = BoardRebuilder(settings)
        return _REBUILDERS[key]
