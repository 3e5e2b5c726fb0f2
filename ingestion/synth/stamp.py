"""Which generator made a data dir's synthetic force: a stamp, so a force is rebuilt whenever the
generator would now write something else, and reused (not rebuilt) whenever it would not.

Why: the leads evals reused any store in their data dir whose truth had the right number of
staff, so after the generator changed (the audit log pruned on amended days) a data dir left by
an older generator was scored as it was — a local CI run passed on a force the current code no
longer makes. A data dir now carries a stamp (`synthetic-force-stamp.json`) written once the
store is built: the generator's parameters, a hash of the generator's code and of the synthetic
mapping, and a hash of the source it generated. The store is reused only when all of them still
agree; otherwise the source is generated afresh and the store rebuilt. Hashing the code is
conservative (an edit to a comment rebuilds too) but costs milliseconds, where regenerating to
compare bytes would cost a generator run on every eval.

`probity demo` stamps its force too (2,000 staff, seed 7: the leads eval's force), so a demo
left by an older generator is regenerated rather than shown, and the leads eval run on the
demo's data dir (CI does, after the demo) scores that store instead of building the same
force again (~500 s of a 2-core CI run).

A data dir holding a store but no synthetic source was not built by an eval: it is never
deleted, the eval stops with an error instead.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from assistant.settings import Settings

STAMP = "synthetic-force-stamp.json"
SOURCE = "synthetic-source"
# What decides the generated exports and what the store makes of them.
GENERATOR_ROOTS: list[Path] = [Path(__file__).parent,
                               Path(__file__).parents[1] / "mappings" / "synthetic.yaml"]
# Store artefacts a rebuild removes (what ingest and the board write from the records); keys,
# conversations, the audit log and reviewers' resolution decisions are left alone.
STORE_PARTS = ("records.duckdb", "records.duckdb.wal", "chroma", "bm25", "index-manifest.json",
               "leads")


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def tree_hash(roots: list[Path]) -> str:
    """sha256 over every file under `roots` (relative name and bytes), in a fixed order."""
    digest = hashlib.sha256()
    for root in roots:
        for path in _files(root):
            name = path.name if root.is_file() else path.relative_to(root).as_posix()
            digest.update(name.encode() + b"\0")
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            digest.update(b"\0")
    return digest.hexdigest()


def fingerprint(people: int, seed: int, noisy: bool) -> dict[str, Any]:
    """What the generator would write, identified without running it."""
    return {"people": people, "seed": seed, "noisy": noisy,
            "generator": tree_hash(GENERATOR_ROOTS)}


def _stamp(data_dir: Path) -> dict[str, Any] | None:
    path = data_dir / STAMP
    try:
        stamp = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def current(data_dir: Path, people: int, seed: int, noisy: bool) -> bool:
    """Is the data dir's store built from what the generator writes now?"""
    stamp = _stamp(data_dir)
    source = data_dir / SOURCE
    return bool(stamp and stamp.get("fingerprint") == fingerprint(people, seed, noisy)
                and (source / "truth.json").is_file()
                and stamp.get("source") == tree_hash([source])
                and Settings(data_dir=data_dir).duckdb_path.is_file())


def regenerate(data_dir: Path, people: int, seed: int, noisy: bool) -> Path:
    """Remove the old source and store, generate the source afresh; the caller ingests it and
    then calls `seal`."""
    source = data_dir / SOURCE
    stored = [data_dir / p for p in STORE_PARTS if (data_dir / p).exists()]
    if stored and not (source / "truth.json").is_file() and _stamp(data_dir) is None:
        raise RuntimeError(
            f"{data_dir} holds a store that no leads eval built (no {SOURCE}/truth.json): "
            "give the eval a data dir of its own (--data-dir)")
    for path in stored:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return renew_source(data_dir, people, seed, noisy)


def renew_source(data_dir: Path, people: int, seed: int, noisy: bool) -> Path:
    """Generate the source afresh in place of the old one, leaving the store alone (the demo's
    data dir may hold other sources; ingesting the new source replaces the synthetic one's)."""
    from ingestion.synth import generate

    source = data_dir / SOURCE
    (data_dir / STAMP).unlink(missing_ok=True)
    if source.is_dir():
        shutil.rmtree(source)
    data_dir.mkdir(parents=True, exist_ok=True)
    generate(people=people, seed=seed, out=source, noisy=noisy)
    return source


def seal(data_dir: Path, people: int, seed: int, noisy: bool) -> None:
    """Record that the store in `data_dir` was built from its source by this generator."""
    stamp = {"fingerprint": fingerprint(people, seed, noisy),
             "source": tree_hash([data_dir / SOURCE])}
    (data_dir / STAMP).write_text(json.dumps(stamp, indent=2))
