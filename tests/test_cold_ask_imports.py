"""A cold narrative `probity ask` loads only what answering needs (issue #14: cold ask ≤ 3 s).

The time itself is measured in bench/cold_ask.py; here, what the new process imported: every
library below once cost the cold ask a measured share of its CPU (scipy.stats through the lead
detectors ~1.5 s, pandas through pyarrow's `to_numpy` ~0.2 s, Presidio/spaCy/torch through
masking, chromadb through the dense index, scipy.sparse — with numpy.f2py — and tqdm through
bm25s ~0.7 s, numpy.ma through np.median ~0.1 s), and none of them is needed to answer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_LOADED = ("scipy.stats", "pandas", "assistant.leads.detect", "torch", "spacy",
              "presidio_analyzer", "chromadb", "sentence_transformers", "llama_index",
              # bm25s' optional imports (assistant/index/lexical.py): ~0.7 s of CPU; and
              # numpy.ma, which np.median imports on first use (membership._median)
              "scipy", "numpy.f2py", "tqdm", "numpy.ma")
# Runs the CLI as `python -m assistant` does, then prints which of NOT_LOADED were imported.
PROBE = ("import atexit, runpy, sys; "
         f"atexit.register(lambda: print('LOADED', sorted(m for m in {NOT_LOADED!r} "
         "if m in sys.modules), file=sys.stderr)); "
         "sys.argv = ['assistant', *sys.argv[1:]]; runpy.run_module('assistant', "
         "run_name='__main__')")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300, check=False)


def test_importing_the_cli_loads_no_lead_detector_nor_scipy() -> None:
    """`leads` is a CLI command, so cli.py imports assistant.leads: the package loads its
    detectors (and scipy.stats) only when one is used."""
    code = ("import sys, assistant.cli, assistant.consult; print(sorted(m for m in "
            f"{NOT_LOADED!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "[]", done.stdout + done.stderr[-2000:]


def test_the_lead_detectors_still_load_on_first_use() -> None:
    code = ("import assistant.leads as leads; from assistant.leads import detect_leads, Lead; "
            "print(len(leads.DETECTORS) > 0, callable(detect_leads), Lead.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.split() == ["True", "True", "Lead"], done.stderr[-2000:]


def test_a_cold_narrative_ask_answers_without_the_heavy_libraries(synthetic_settings,
                                                                  tmp_path: Path) -> None:
    data = tmp_path / "data"  # the ask writes an audit entry and a grant: a copy
    shutil.copytree(synthetic_settings.data_dir, data)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROBITY_DATA_DIR": str(data),
           "PROBITY_TODAY": str(synthetic_settings.today)}
    user = subprocess.run([sys.executable, "-c", "from assistant.identity import os_user; "
                           "print(os_user())"], capture_output=True, text=True, check=True,
                          cwd=ROOT, env=env).stdout.strip()
    granted = run("keys", "grant", "--user", user, "--role", "investigator", env=env)
    assert granted.returncode == 0, granted.stderr[-2000:]
    done = run("ask", "Which complaints mention a threat?", "--as", "investigator", "--case",
               "TEST-COLD", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "mention" in done.stdout and "[1]" in done.stdout, done.stdout[-2000:]
    assert "LOADED []" in done.stderr, done.stderr[-2000:]



def test_a_bm25_index_is_still_built_with_scipys_matrix() -> None:
    """bm25s is imported without scipy.sparse (above); `build` hands it back, so the index is
    the one scipy builds (bm25s' numpy fallback adds a column)."""
    code = ("import sys, tempfile, numpy as np; from assistant.index.lexical import BM25Index; "
            "texts = ['the officer drew a taser', 'a dog bit him', 'he was towed', 'taser dog']; "
            "ix = BM25Index(tempfile.mkdtemp()); ix.build(['a', 'b', 'c', 'd'], texts); "
            "import scipy.sparse, bm25s; ref = bm25s.BM25(csc_backend='scipy'); "
            "ref.index(ix._tokenize(texts), show_progress=False); "
            "print(all(np.array_equal(ix._retriever.scores[k], ref.scores[k]) "
            "for k in ('data', 'indices', 'indptr')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "True", done.stdout + done.stderr[-2000:]
