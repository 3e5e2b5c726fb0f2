"""One ingest run: records for each source, then people resolved, then the narrative index."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from assistant import catalogue, manifest, permissions, person_links, store
from assistant.resolution import overlay
from assistant.resolution.decisions import DecisionStore
from assistant.resolution.queue import apply_decisions
from assistant.resolution.report import resolution_counts
from assistant.settings import Settings
from ingestion.indexing import IndexReport, drop_chunks, index_chunks
from ingestion.mapping import MappingError, load_mapping
from ingestion.pipeline import SourceReport, ingest_records
from ingestion.resolve import resolve_people


@dataclass
class IngestSummary:
    sources: list[SourceReport] = field(default_factory=list)
    index: IndexReport = field(default_factory=IndexReport)
    seconds: float = 0.0
    leads: dict[str, Any] = field(default_factory=dict)  # view → leads, seconds, detectors run
    leads_board: bool = True  # False: not built this run (`--no-leads-board`), old boards removed

    @property
    def failed(self) -> bool:
        return any(s.error for s in self.sources)


def ingest(
    settings: Settings, mapping_names: list[str], source: Path, show_progress: bool = True,
    leads_board: bool = True,
) -> IngestSummary:
    """Read `source` through the mappings into the store, index narratives, then build the leads
    board. `leads_board=False` skips the board (answers never read it; the dev-set and narrative
    evals do not need it, and on the public dev store its similar-complaints detector re-embeds
    every narrative's masked sentences): any board stored before is removed, since it would
    describe the records as they were, and `probity leads --build` builds it when wanted."""
    # Imported here so that commands which never embed don't pay for loading torch.
    from assistant.embeddings import load_embedder
    from assistant.index.lexical import BM25Index
    from assistant.index.vector import ChromaIndex

    started = time.perf_counter()
    permissions.restrict(settings.data_dir)  # whatever the umask: 0700 dirs, 0600 files
    manifest.mark_incomplete(settings)  # until the very end: an interrupted run stays marked
    if settings.chroma_url:  # an unusable server fails the run before any record is read
        from assistant.index.vector import heartbeat

        heartbeat(settings.chroma_url)
    summary = IngestSummary()
    say = (lambda msg: tqdm.write(msg)) if show_progress else (lambda msg: None)
    con = store.connect(settings.duckdb_path, memory_limit=settings.duckdb_memory_limit)
    try:
        store.drop_lookup_indexes(con)
        person_links.drop(con)  # derived from the links this run rewrites: rebuilt below
        for name in mapping_names:
            report = ingest_records(con, name, source, lambda msg: say(f"reading {msg}"))
            drop_chunks(con, report.changed_records)
            summary.sources.append(report)
        say("resolving people")
        resolve_people(con)
        reviewed = DecisionStore(settings.data_dir).all()
        if reviewed:
            say(f"applying {len(reviewed):,} review decisions")
            apply_decisions(con, reviewed)
            overlay.mark_applied(con, reviewed)
        say("indexing record lookups")
        store.create_lookup_indexes(con)
        say("writing person links")
        person_links.build(con)
        say("cataloguing field values")
        catalogue.build(con, _aliases(mapping_names))
        per_mapping = con.execute(
            """SELECT mapping, count(*) FILTER (WHERE person_id IS NOT NULL),
                      count(*) FILTER (WHERE person_id IS NULL)
               FROM person_ref WHERE method <> 'public' GROUP BY mapping"""
        ).fetchall()
        resolved = {m: (int(a), int(b)) for m, a, b in per_mapping}
        for report in summary.sources:
            report.people_resolved, report.people_unresolved = resolved.get(report.mapping, (0, 0))
            report.resolution = resolution_counts(con, report.mapping)

        embedder = load_embedder(settings)
        index = ChromaIndex(settings, embedder, store_id=store.store_id(con), claim=True)
        bar = tqdm(total=0, unit="chunk", desc="embedding", disable=not show_progress)

        def tick(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        summary.index = index_chunks(
            con, embedder, index, BM25Index(settings.bm25_path), settings.chunk_chars, tick
        )
        bar.close()
        manifest.write_complete(settings, con, vectors=index.count())
        from assistant.leads.board import board_summary, build_boards, drop_boards

        summary.leads_board = leads_board
        if leads_board:
            say("building the leads board")  # served from storage, never computed on first view
            summary.leads = board_summary(build_boards(con, settings))
        else:
            drop_boards(settings)
    finally:
        con.close()
        permissions.tighten(settings.data_dir)
    summary.seconds = time.perf_counter() - started
    return summary


def _aliases(mapping_names: list[str]) -> dict[str, list[str]]:
    """The mappings' `aliases:` (a mapping that does not load is already a failed source)."""
    out: dict[str, list[str]] = {}
    for name in mapping_names:
        try:
            for value, words in load_mapping(name).aliases.items():
                out.setdefault(value, []).extend(words)
        except MappingError:
            continue
    return out
