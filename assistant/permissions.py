"""Files only the service account can read: data dir 0700, everything in it 0600 (dirs 0700).

The probe found `records.duckdb`, `chroma/chroma.sqlite3` and the leads cache created 0644 under
the usual umask 022, although they hold restricted intelligence text. DuckDB, Chroma and bm25s
create their files themselves, so per-file modes cannot be passed in; instead every process that
writes the data dir first sets its umask to 077 (`restrict`), and ingest ends by tightening
whatever is there (`tighten`, for stores made before this). `looser` lists what is still more
open than that, for the warning logged at every start (API, UI, CLI consultations).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("probity.security")
DIR_MODE, FILE_MODE = 0o700, 0o600


def restrict(data_dir: Path) -> None:
    """From now on this process creates files 0600 and dirs 0700; the data dir exists, 0700."""
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True)


def _walk(data_dir: Path) -> list[Path]:
    """The data dir and everything in it, not following symlinks out of it."""
    found = [data_dir]
    for root, dirs, files in os.walk(data_dir):
        found += [Path(root) / name for name in (*dirs, *files)]
    return [p for p in found if not p.is_symlink()]


def tighten(data_dir: Path) -> int:
    """Set every dir to 0700 and file to 0600; returns how many were looser."""
    changed = 0
    for path in _walk(data_dir):
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = DIR_MODE if path.is_dir() else FILE_MODE
        if mode & ~wanted:
            path.chmod(mode & wanted)
            changed += 1
    return changed


def looser(data_dir: Path) -> list[str]:
    """'path mode' for each dir or file that group or others may use."""
    if not data_dir.exists():
        return []
    return [
        f"{path} {stat.S_IMODE(path.lstat().st_mode):o}"
        for path in _walk(data_dir)
        if path.lstat().st_mode & 0o077
    ]


def check(data_dir: Path) -> list[str]:
    """Log a warning naming what is readable beyond the service account; return the list."""
    loose = looser(data_dir)
    if loose:
        shown = ", ".join(loose[:5]) + (f" and {len(loose) - 5} more" if len(loose) > 5 else "")
        log.warning(
            "the data dir is readable beyond its owner (%s): run `chmod -R go= %s`",
            shown, data_dir,
        )
    return loose
