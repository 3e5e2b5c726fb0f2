"""Form and label text inside narratives (issue #14, cause 5 of the narrative error analysis):
found from the store itself — segments between field separators that recur across narratives —
on a real DuckDB store with the real chunk and sentence tables and the sentence splitter."""

from __future__ import annotations

import duckdb
import numpy as np

from assistant.narrative.sentences import DDL, SentenceIndex
from assistant.narrative.template import MIN_NARRATIVES, Templates
from assistant.store import create_schema
from assistant.text import sentence_spans

FORM = "Seen at a venue?: No Referred to us by: Local radio advert"


def store(narratives: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """One chunk per narrative and one sentence row per sentence (unit vectors)."""
    con = duckdb.connect()
    create_schema(con)
    con.execute(DDL)
    for n, (record_id, text) in enumerate(narratives.items()):
        chunk_id = f"{record_id}#0"
        con.execute("INSERT INTO chunk (chunk_id, record_id, kind, field, start_pos, end_pos, "
                    "text, force, restricted) VALUES (?, ?, 'complaint', 'account', 0, ?, ?, "
                    "'f', false)", [chunk_id, record_id, len(text), text])
        for s, e in sentence_spans(text):
            vector = np.zeros(4, dtype=np.float32)
            vector[n % 4] = 1.0
            con.execute("INSERT INTO sentence VALUES (?, ?, 'account', ?, ?, 'test', ?)",
                        [chunk_id, record_id, s, e, vector.tolist()])
    return con


def sentence_texts(con: duckdb.DuckDBPyConnection, index: SentenceIndex) -> list[str]:
    texts = dict(con.execute("SELECT chunk_id, text FROM chunk").fetchall())
    return [texts[index.chunk_ids[c]][s:e] for c, s, e in
            zip(index.chunk_of.tolist(), index.starts.tolist(), index.ends.tolist(), strict=True)]


def test_recurring_form_fields_are_template_and_free_text_after_a_label_is_not() -> None:
    narratives = {f"r{i}": f"Intake note: the sergeant was rude to visitor {i} at the desk. "
                           f"He left without a reply. {FORM}" for i in range(MIN_NARRATIVES)}
    narratives["x1"] = "Intake note: an officer shared my photo on local radio advert boards."
    # generated accounts repeat whole sentences verbatim, with no field separator: not a form
    narratives |= {f"g{i}": "The officer had plainly been drinking beer." for i in range(8)}
    con = store(narratives)
    index = SentenceIndex.load(con, "test")
    found = Templates.find(con, index)
    texts = sentence_texts(con, index)
    by_text = {found.text(r, texts[r]).strip(): texts[r] for r in range(len(texts))}
    # the form is blanked entirely and is no dense evidence …
    form_rows = [r for r, t in enumerate(texts) if t == FORM]
    assert len(form_rows) == MIN_NARRATIVES
    assert all(found.text(r, FORM).strip() == "" and found.muted[r] for r in form_rows)
    # … the recurring label goes, the free text after it stays (and stays dense evidence)
    assert "an officer shared my photo on local radio advert boards." in by_text
    kept = [r for r, t in enumerate(texts) if t.startswith("Intake note: an officer")]
    assert not found.muted[kept[0]]
    # repeated sentences without a field separator are untouched
    assert all(r not in found.spans for r, t in enumerate(texts) if "drinking" in t)
