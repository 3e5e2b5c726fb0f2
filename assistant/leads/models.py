"""What a detector finds and what a reviewer is shown.

A detector returns `Finding`s: who, why (one line), how strong, and the exact spans of the records
it rests on. `leads.build` turns them into `Lead`s with numbered `Citation`s whose quotes are read
back from the store. A lead's id is derived from the detector, the people and the finding's key
(the partner, the member of the public searched, the company, the window's first date …), never
from its position in a list, so a review decision stays attached to the same lead across runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.answers import Citation

Status = Literal["open", "accepted", "dismissed"]
Decision = Literal["accept", "dismiss"]
STATUS_OF: dict[str, Status] = {"accept": "accepted", "dismiss": "dismissed"}


@dataclass(frozen=True)
class Span:
    """record.field[start:end], the exact text a lead cites."""

    record_id: str
    field: str
    start: int
    end: int


@dataclass
class Finding:
    detector: str
    people: list[str]  # the first is the person the lead is about; a pair lists both
    key: str  # what distinguishes this finding from others by the same detector and people
    score: float  # 0–1: how far past the detector's threshold
    explanation: str  # one line, no markers (they are appended when citations are numbered)
    spans: list[Span]
    detail: dict[str, Any] = field(default_factory=dict)


def lead_id(detector: str, people: list[str], key: str) -> str:
    blob = "\x1f".join([detector, *sorted(people), key])
    return f"{detector}-{hashlib.sha256(blob.encode()).hexdigest()[:12]}"


class Review(BaseModel):
    """A decision. One written by a user cleared for restricted records is `cleared`: others see
    only the decision and when (`withheld`), plus the reason if its writer marked it `shareable`."""

    decision: Decision
    reason: str | None
    user: str | None
    role: str | None
    case_ref: str | None
    at: str
    cleared: bool = False
    shareable: bool = False
    withheld: bool = False


class Lead(BaseModel):
    """A suggestion for human review — never a finding about anyone."""

    lead_id: str = Field(description="Stable across runs: detector + people + key evidence.")
    detector: str
    person_id: str
    people: list[str] = Field(description="Everyone the lead is about (a pair lists both).")
    score: float = Field(description="0–1, how far past the detector's threshold.")
    explanation: str = Field(description="One line, with [n] markers into `evidence`.")
    evidence: list[Citation]
    detail: dict[str, Any] = Field(default_factory=dict, description="The figures behind it.")
    status: Status = "open"
    review: Review | None = Field(None, description="The latest review decision, if any.")
