"""The llama-index baseline is configured fairly: its own index (not Probity's collection), and the
asker's clearance applied as `MetadataFilters` — the attack first: an uncleared investigator's
query that lexically and semantically matches a restricted complaint must not retrieve it, while
a cleared asker's same query does (so the filter, not luck, is what keeps it out)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.service import Engine
from evals.gold.io import Question
from evals.narrative.llama import FusionBaseline, build_or_load, metadata_filters
from evals.systems import LlamaIndexFusion

QUERY = "an officer accepted cash from a nightclub owner for warnings of licensing raids"


def restricted_ids(engine: Engine) -> set[str]:
    return {r for (r,) in engine.con.execute(
        "SELECT record_id FROM complaint WHERE restricted").fetchall()}


def test_clearance_filter_keeps_restricted_records_out(api_store: Any, tmp_path: Path) -> None:
    engine = Engine(api_store)
    try:
        index = build_or_load(engine.con, engine.retriever.embedder, tmp_path / "li",
                              complaints_only=False)
        assert (tmp_path / "li" / "docstore.json").is_file()  # its own persisted index
        fusion = FusionBaseline(index)
        hidden = restricted_ids(engine)
        assert hidden
        uncleared = fusion.rank(QUERY, metadata_filters(None, cleared=False, filters={}), 10)
        cleared = fusion.rank(QUERY, metadata_filters(None, cleared=True, filters={}), 10)
        assert uncleared and not set(uncleared) & hidden
        assert cleared[0] in hidden  # the restricted complaint is the best match when allowed
        # reloading reuses the persisted index (same chunks) and answers the same
        again = FusionBaseline(build_or_load(engine.con, engine.retriever.embedder,
                                             tmp_path / "li", complaints_only=False))
        assert again.rank(QUERY, metadata_filters(None, False, {}), 10) == uncleared
    finally:
        engine.close()


def test_general_eval_baseline_applies_the_asker_clearance(api_store: Any) -> None:
    engine = Engine(api_store)
    try:
        baseline = LlamaIndexFusion(engine)
        q = Question("x", "redteam", "leak_direct", QUERY, "investigator", {})
        result = baseline.ask(q)
        assert result.ranking and not set(result.ranking) & restricted_ids(engine)
    finally:
        engine.close()
