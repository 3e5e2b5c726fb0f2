"""Ground truth for evals: planted patterns, decoys, identifier traps and person aliases.

Record ids are often only known once files are finalised (references are numbered in date
order after planting), so an entry may hold a callable that yields its record ids at write time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .world import REFERENCE_DATE

Records = list[str] | Callable[..., list[str]]


@dataclass
class Entry:
    type: str
    person_ids: list[str]
    records: Records
    detail: dict[str, Any]
    looks_like: str | None = None  # set for decoys

    def record_ids(self) -> list[str]:
        ids = self.records() if callable(self.records) else self.records
        return list(dict.fromkeys(ids))


@dataclass
class Truth:
    patterns: list[Entry] = field(default_factory=list)
    decoys: list[Entry] = field(default_factory=list)
    traps: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[tuple[str, str, str]] = field(default_factory=list)
    injections: list[dict[str, Any]] = field(default_factory=list)  # see inject.py
    noisy: bool = False  # the force has noise.py's background (the leads eval reports it)

    def pattern(self, type_: str, person_ids: list[str], records: Records,
                detail: dict[str, Any]) -> Entry:
        entry = Entry(type_, person_ids, records, detail)
        self.patterns.append(entry)
        return entry

    def decoy(self, looks_like: str, type_: str, person_ids: list[str], records: Records,
              detail: dict[str, Any]) -> Entry:
        entry = Entry(type_, person_ids, records, detail, looks_like)
        self.decoys.append(entry)
        return entry

    def alias(self, record_id: str, role: str, person_id: str) -> None:
        self.aliases.append((record_id, role, person_id))

    def write(self, path: Path, seed: int, people: int) -> dict[str, int]:
        """Stream truth.json (aliases can run to a million lines at 45k staff)."""
        counts: dict[str, int] = {}
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("{\n")
            fh.write(f'"seed": {json.dumps(seed)},\n"people": {json.dumps(people)},\n')
            fh.write(f'"noisy": {json.dumps(self.noisy)},\n')
            fh.write(f'"reference_date": "{REFERENCE_DATE.isoformat()}",\n')
            for name, entries in (("patterns", self.patterns), ("decoys", self.decoys)):
                seq: dict[str, int] = {}
                rows = []
                for e in entries:
                    seq[e.type] = seq.get(e.type, 0) + 1
                    prefix = "decoy-" if e.looks_like else ""
                    row: dict[str, Any] = {
                        "id": f"{prefix}{e.type}-{seq[e.type]:03d}", "type": e.type,
                        "person_ids": e.person_ids, "record_ids": e.record_ids(),
                        "detail": e.detail,
                    }
                    if e.looks_like:
                        row["looks_like"] = e.looks_like
                    rows.append(json.dumps(row, ensure_ascii=False, sort_keys=False))
                fh.write(f'"{name}": [\n' + ",\n".join(rows) + "\n],\n")
                counts[name] = len(rows)
            traps = [json.dumps(t, ensure_ascii=False) for t in self.traps]
            fh.write('"identifier_traps": [\n' + ",\n".join(traps) + "\n],\n")
            counts["identifier_traps"] = len(traps)
            injections = [json.dumps(x, ensure_ascii=False) for x in self.injections]
            fh.write('"injections": [\n' + ",\n".join(injections) + "\n],\n")
            counts["injections"] = len(injections)
            fh.write('"aliases": [\n')
            last = len(self.aliases) - 1
            for k, (rid, role, pid) in enumerate(self.aliases):
                sep = ",\n" if k < last else "\n"
                fh.write(f'{{"record_id": {json.dumps(rid)}, "role": "{role}", '
                         f'"person_id": "{pid}"}}{sep}')
            fh.write("]\n}\n")
            counts["aliases"] = len(self.aliases)
        return counts
