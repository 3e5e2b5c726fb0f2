"""Imported first by every bench script, so that it runs this checkout's code.

`python bench/x.py` puts bench/, not the repository root, on sys.path, so `import assistant`
would otherwise resolve to wherever `pip install -e` points (possibly another worktree).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
