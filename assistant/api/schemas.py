"""Request and response models: the OpenAPI contract case-management tools code against.

Responses are validated against these models on the way out, so a key added to a service-layer
dict is not published until it is declared here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from assistant.answers import Citation, Evidence, Intent

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Items matching, across all pages.")
    limit: int
    offset: int
    items: list[T]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The question, in plain English (at most 2,000 characters).")
    case_ref: str | None = Field(None, description="Alternative to the X-Case-Ref header.")
    conversation_id: str | None = Field(
        None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}$",
        description="Continue (or start) this conversation: follow-ups such as 'and in 2022?' "
                    "or 'only the sustained ones' bind to its previous question.")


class AskResponse(BaseModel):
    """The same object `probity ask --json` prints."""

    answer: str
    abstained: bool
    intent: Intent
    citations: list[Citation]
    evidence: list[Evidence]
    timings_ms: dict[str, float]
    interpretation: str = Field(
        "", description="How the question was read: 'Read as: complaints · … → count'.")
    unapplied: list[str] = Field(
        default_factory=list,
        description="Parts of the question that could not be applied; the answer says so first "
                    "(or abstains when nothing else narrows the question).")
    conversation_id: str | None = Field(
        None, description="The conversation this answer belongs to, as sent.")


class Provenance(BaseModel):
    mapping: str
    file: str
    row: int


class PersonRefView(BaseModel):
    role: str | None
    scheme: str | None
    value: str | None
    name: str | None
    unit: str | None
    rank: str | None
    person_id: str | None
    method: str | None
    confidence: float | None


class Related(BaseModel):
    record_id: str
    kind: str
    relation: str


class RecordView(BaseModel):
    record_id: str
    kind: str
    force: str
    restricted: bool
    redacted: bool = Field(description="Complainant details were masked for your role.")
    fields: dict[str, Any]
    provenance: Provenance
    content_hash: str
    ingested_at: datetime
    people: list[PersonRefView]
    related: list[Related]


class Identifier(BaseModel):
    scheme: str
    value: str


class PersonHit(BaseModel):
    person_id: str
    name: str
    rank: str | None
    unit: str | None
    force: str
    identifiers: list[Identifier]
    match: str = Field(description="identifier or name")
    score: float


class Posting(BaseModel):
    unit: str | None
    rank: str | None
    records: int
    first_seen: date | None
    last_seen: date | None


class Counts(BaseModel):
    total: int
    by_kind: dict[str, int]
    by_category: dict[str, dict[str, int]] = Field(description="Per kind, per category.")
    by_year: dict[str, int]


class TimelineItem(BaseModel):
    record_id: str
    kind: str
    date: date | None
    category: str | None
    label: str
    headline: str | None
    source: str | None


class Profile(BaseModel):
    person_id: str
    name: str
    rank: str | None
    unit: str | None
    force: str
    district: str | None
    role_title: str | None
    start_date: date | None
    leave_date: date | None
    identifiers: list[Identifier]
    postings: list[Posting] = Field(description="Unit and rank as your visible records give them.")
    counts: Counts
    timeline: Page[TimelineItem]


class SchemeCountsOut(BaseModel):
    source: str = Field(description="The mapping's name.")
    scheme: str = Field(description="Identifier scheme, or `name` for name-only references.")
    resolved: int
    ambiguous: int = Field(description="Unresolved, with the candidates it could be kept.")
    unresolved: int
    total: int


class Health(BaseModel):
    status: str = Field(description="ok, or degraded when something below is not ready")
    store: str = Field(description="ok or missing")
    index: str = Field(description="ok, partial, missing or incomplete")
    model: str = Field(description="loaded, available or missing")
    audit: str = Field(description="ok or error")
    resolution: list[SchemeCountsOut] | None = Field(
        default=None,
        description=("Person references resolved / ambiguous / unresolved per source and scheme "
                     "(as GET /v1/resolution/report). Only for a senior investigator's or an "
                     "admin's key, and audited; null otherwise."))
