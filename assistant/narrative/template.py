"""Form and label text inside narratives, found from the data and kept out of the evidence.

Exported narratives carry the forms they were typed into: COPA's web form ends with "Was it in
a School?: No Was it in a Police Facility?: No How did you hear about COPA: Social Media
including Facebook or Twitter", and intake notes open with a label ("CPD initiation report:",
"Civilian Web Complaint:"). As evidence that text answered questions it is not about: on the
narrative dev set the form's "Social Media" made 9 of 17 false members of a question about what
officers post on social media.

The rule reads the store, not a list of this data's strings: a sentence holding a field separator
(a colon and a space) is cut at its separators into segments; a segment whose text (lower-cased,
digits as '#') recurs in MIN_NARRATIVES or more narratives is template — a form's label, or a
value from a closed list ("No", "Family or Friend"). Free text after a label never recurs, so it
stays evidence. Narratives without field separators (the synthetic force's generated phrases
recur verbatim too) are never touched. Template text holds no concept, and a sentence that is
mostly template (TEMPLATE_SHARE) is not its record's closest sentence either.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
import numpy as np

from assistant.narrative.sentences import SentenceIndex

MIN_NARRATIVES = 5  # a segment recurring in this many narratives is form text
TEMPLATE_SHARE = 0.5  # a sentence at least this much template is no dense evidence
_SEPARATOR = re.compile(r"(?<=[^\s\d]):\s+")  # 'Label: value', not '4:00'
_LETTER = re.compile(r"[A-Za-z]")


def segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text between field separators (the whole text when it has none)."""
    out, start = [], 0
    for m in _SEPARATOR.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if e > s]


def key(segment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", segment.lower())).strip(" .,;:-")


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with `spans` overwritten by spaces (offsets kept)."""
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


@dataclass
class Templates:
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # row → in-sentence
    muted: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per row

    @classmethod
    def find(cls, con: duckdb.DuckDBPyConnection, index: SentenceIndex) -> Templates:
        rows = con.execute(
            "SELECT s.chunk_id, s.start_pos, s.record_id, c.restricted, substring(c.text, "
            "s.start_pos - c.start_pos + 1, s.end_pos - s.start_pos) AS t FROM sentence s "
            "JOIN chunk c USING (chunk_id) WHERE regexp_matches(t, '[^\\s\\d]:\\s')").fetchall()
        found = cls(muted=np.zeros(len(index), dtype=bool))
        chunk_no = {c: i for i, c in enumerate(index.chunk_ids)}
        wanted = [chunk_no[c] for c, *_ in rows if c in chunk_no]
        where = {(index.chunk_ids[index.chunk_of[r]], int(index.starts[r])): r
                 for r in np.flatnonzero(np.isin(index.chunk_of, wanted)).tolist()}
        cut = [(where.get((c, s), -1), rid, text, segments(text))
               for c, s, rid, _, text in rows]
        # Counted over what every reader sees: restricted text must not change anyone's evidence.
        seen: dict[str, set[str]] = defaultdict(set)
        for (_, rid, text, spans), restricted in zip(cut, (r[3] for r in rows), strict=True):
            for s, e in spans if not restricted else ():
                seen[key(text[s:e])].add(rid)
        for row, _, text, spans in cut:
            if row < 0:
                continue
            # a template segment goes with the separator after it ('Label: ')
            ends = [s for s, _ in spans[1:]] + [len(text)]
            template = [(s, end) for (s, e), end in zip(spans, ends, strict=True)
                        if len(seen[key(text[s:e])]) >= MIN_NARRATIVES
                        and _LETTER.search(text[s:e])]
            if template:
                found.spans[row] = template
                found.muted[row] = sum(e - s for s, e in template) >= TEMPLATE_SHARE * len(text)
        return found

    def text(self, row: int, text: str) -> str:
        """The sentence's text with its template spans blanked."""
        return blank(text, self.spans[row]) if row in self.spans else text
