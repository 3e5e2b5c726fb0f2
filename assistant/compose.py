"""What every narrative answer says about a record besides its quote, and the question's focus.

`RecordFacts` (reference, date, people — all read from the store) is shared by the extractive set
answer (`assistant.narrative`) and the optional LLM path. `focus` strips words every narrative
in this domain shares ('complaint', 'officer', …): they say nothing about what a question is
after. The set answer itself is composed in `assistant.narrative.answer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.citations import RecordRef


@dataclass
class RecordFacts:
    """What the composer says about a record besides the quote (all read from the store)."""

    ref: RecordRef
    label: str  # "Complaint C-2023-0041"
    day: date | None
    when: str  # "12 Mar 2023" or ""
    people: str  # "PC John Smith" or ""


# Words every narrative in this domain shares: they say nothing about what a question is after.
GENERIC = {
    "complaint",
    "complaints",
    "complained",
    "complainant",
    "officer",
    "officers",
    "police",
    "record",
    "records",
    "case",
    "cases",
    "report",
    "reports",
    "about",
    "regarding",
    "involving",
    "concerning",
    "any",
    "someone",
    "somebody",
    "anyone",
    "where",
    "which",
    "who",
    "narrative",
    "narratives",
    "mention",
    "mentions",
    "mentioning",
    "describe",
    "describing",
    "similar",
}

def focus(topic: str) -> str:
    """The topic without domain-generic words (kept whole if nothing else is left)."""
    words = [w for w in topic.split() if w.lower().strip(".,;:?!'\"") not in GENERIC]
    return " ".join(words) if words else topic
