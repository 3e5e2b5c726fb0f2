"""The shapes of a case and what it holds; the same JSON for the API, the CLI and the UI.

Every item that could show a restricted record carries `restricted`, so one rule (access.py) can
withhold it from a reader not cleared for restricted material.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field

from assistant.answers import Citation

CaseStatus = Literal["open", "under assessment", "referred", "no further action", "closed"]
STATUSES: tuple[str, ...] = get_args(CaseStatus)
PinKind = Literal["record", "person", "lead"]
MAX_TEXT = 4000
MAX_REASON = 1000


class Turn(BaseModel):
    n: int
    user: str
    at: str
    conversation_id: str | None = None
    question: str
    interpretation: str = ""
    unapplied: list[str] = Field(default_factory=list)
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    restricted: bool = Field(False, description=(
        "Cites a restricted record, or was asked by a reader who sees complainant details (its "
        "text is unmasked): withheld from readers without that clearance."))


class Pin(BaseModel):
    n: int
    kind: PinKind
    target: str = Field(description="A record id, person id or lead id.")
    label: str = ""
    citations: list[Citation] = Field(
        default_factory=list, description="A lead's evidence, as it stood when it was pinned.")
    user: str
    at: str
    restricted: bool = False


class Note(BaseModel):
    n: int
    user: str
    at: str
    text: str
    restricted: bool = Field(
        False, description="Written by a cleared user and not marked shareable: withheld from "
        "readers not cleared for restricted records.")


class Decision(BaseModel):
    n: int
    user: str
    at: str
    from_status: str | None
    to_status: CaseStatus
    reason: str
    lead_id: str | None = None
    restricted: bool = Field(
        False, description="About a restricted lead, or written by a cleared user and not marked "
        "shareable: uncleared readers see who decided what and when, not the reason or lead.")


class CaseSummary(BaseModel):
    case_ref: str
    title: str = ""
    owner: str
    assignee: str | None = None
    status: CaseStatus = "open"
    created_at: str
    updated_at: str


class CaseDetail(CaseSummary):
    turns: list[Turn] = Field(default_factory=list)
    pins: list[Pin] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    withheld: int = Field(0, description="Items not shown: restricted, and the reader is not "
                          "cleared for restricted records.")
