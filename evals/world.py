"""The fixed eval worlds and the stores built from them.

Gold files are only meaningful for the exact world they were generated from, so the worlds are
fixed here (people, seed) and each store lives in its own directory under the data dir, named
after its world. A store is built once (synthesise → ingest) and reused while its READY marker
names the same world and the same mapping files (a changed mapping rebuilds it); `probity eval`
calls these, so a fresh clone needs no manual set-up.

The public store holds a slice of the Philadelphia and Chicago data (Philadelphia complaints
received in 2019, Chicago COPA complaints of 2022, with their allegations): embedding all ~13k
narratives takes most of an hour on the 2 shared cores. Rows are copied unchanged, so the
built-in mappings read them as they read the full files, and the public gold is computed from
the same slice (evals/public/gold.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assistant.settings import Settings, get_settings

PUBLIC_TODAY = date(2022, 9, 30)  # the Chicago export's date: "last year" means 2021–22
PHILLY_YEAR = "19"  # date_received is m/d/yy
CHICAGO_YEAR = "2022"


@dataclass(frozen=True)
class World:
    people: int
    seed: int

    @property
    def name(self) -> str:
        return f"synthetic-{self.people}-{self.seed}"


FULL = World(400, 7)
FAST = World(200, 11)


def _key(name: str, *mappings: str) -> str:
    """The READY marker: the world's name and a digest of the mappings that built its store."""
    from ingestion.mapping import BUILTIN_DIR

    digest = hashlib.sha256()
    for mapping in mappings:
        digest.update((BUILTIN_DIR / f"{mapping}.yaml").read_bytes())
    return f"{name} {digest.hexdigest()[:12]}"


def _ready(root: Path, key: str) -> bool:
    marker = root / "READY"
    return marker.is_file() and marker.read_text(encoding="utf-8").strip() == key


def _ingest(settings: Settings, mapping: str, source: Path, say: Callable[[str], None]) -> None:
    from ingestion.run import ingest

    say(f"ingesting {mapping} from {source} into {settings.data_dir} …")
    summary = ingest(settings, [mapping], source, show_progress=False)
    if summary.failed:
        raise RuntimeError(f"eval store: ingest of {mapping} failed: "
                           + "; ".join(s.error or "" for s in summary.sources))


def synthetic_store(data_dir: Path, world: World,
                    say: Callable[[str], None] = print) -> tuple[Settings, Path]:
    """(settings of the store, source dir with truth.json), building both if needed."""
    from ingestion.synth import generate

    root = data_dir / f"eval-{world.name}"
    source, store = root / "source", root / "store"
    key = _key(world.name, "synthetic")
    if not _ready(root, key):
        shutil.rmtree(root, ignore_errors=True)
        say(f"synthesising the {world.people}-person eval force (seed {world.seed}) …")
        generate(people=world.people, seed=world.seed, out=source)
        _ingest(Settings(data_dir=store), "synthetic", source, say)
        (root / "READY").write_text(key, encoding="utf-8")
    today = date.fromisoformat(json.loads((source / "truth.json").read_text())["reference_date"])
    return Settings(data_dir=store, today=today), source


def _copy_rows(src: Path, dst: Path, keep: Callable[[dict[str, str]], bool]) -> set[str]:
    """Copy the header and the rows `keep` accepts; returns the kept rows' first-column ids."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open(newline="", encoding="utf-8") as fh, dst.open("w", newline="",
                                                                  encoding="utf-8") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        kept = set()
        for row in reader:
            if keep(row):
                writer.writerow(row)
                kept.add(row.get("complaint_id") or row.get("cr_id") or "")
    return kept


def public_slice(out: Path) -> Path:
    """Write the public slice under `out` (philly/, chicago/); returns `out`."""
    public = get_settings().public_data
    philly, chicago = public / "philly", public / "chicago-copa-cms"
    if not philly.is_dir() or not chicago.is_dir():
        raise FileNotFoundError(f"public data not found under {public} "
                                "(set PROBITY_PUBLIC_DATA to the data/public folder of a checkout)")
    ids = _copy_rows(philly / "ppd_complaints.csv", out / "philly/ppd_complaints.csv",
                     lambda r: r["date_received"].endswith(f"/{PHILLY_YEAR}"))
    _copy_rows(philly / "ppd_complaint_disciplines.csv",
               out / "philly/ppd_complaint_disciplines.csv", lambda r: r["complaint_id"] in ids)
    [complaints] = chicago.glob("complaints-complaints-cms_*.csv")
    [accused] = chicago.glob("complaints-accused-cms_*.csv")
    crs = _copy_rows(complaints, out / "chicago" / complaints.name,
                     lambda r: r["complaint_date"].startswith(CHICAGO_YEAR))
    _copy_rows(accused, out / "chicago" / accused.name, lambda r: r["cr_id"] in crs)
    return out


def public_store(data_dir: Path,
                 say: Callable[[str], None] = print) -> tuple[Settings, Path]:
    """(settings of the public store, the slice's source dir), building both if needed."""
    root = data_dir / "eval-public"
    source, store = root / "source", root / "store"
    key = _key(f"public-{PHILLY_YEAR}-{CHICAGO_YEAR}", "philly", "chicago")
    if not _ready(root, key):
        shutil.rmtree(root, ignore_errors=True)
        public_slice(source)
        settings = Settings(data_dir=store)
        _ingest(settings, "philly", source / "philly", say)
        _ingest(settings, "chicago", source / "chicago", say)
        (root / "READY").write_text(key, encoding="utf-8")
    return Settings(data_dir=store, today=PUBLIC_TODAY), source
