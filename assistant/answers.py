"""What the answer engine returns: the same shape for CLI --json, the API and the UI."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Intent = Literal["count", "list", "profile", "describe", "compare", "unanswerable"]


class Citation(BaseModel):
    """One `[n]` marker: an exact span of a stored field. `quote == field_text[start:end]`."""

    n: int
    record_id: str
    kind: str
    source: str = Field(description="mapping/file:row the record was ingested from")
    field: str
    start: int
    end: int
    quote: str
    page: int | None = Field(None, description="1-based page, for a document's text")


class Evidence(BaseModel):
    """A record the engine considered (retrieved or counted), with why."""

    record_id: str
    kind: str
    score: float | None = None
    retrieval: str = Field(description="sql, bm25, dense, hybrid or exact")
    cited: bool = False


class Answer(BaseModel):
    answer: str
    abstained: bool
    intent: Intent
    citations: list[Citation] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    searched: str = Field("", description="What was searched, said plainly (shown on abstention).")
    backend: str = "extractive"
    interpretation: str = Field(
        "", description="How the question was read, one line: 'Read as: complaints · … → count'.")
    unapplied: list[str] = Field(
        default_factory=list, description="Parts of the question that could not be applied.")
    conversation_id: str | None = Field(
        None, description="The conversation this turn belongs to (follow-ups bind to it).")
    planner: str = Field(
        "deterministic", description="Which planner made the plan (the LLM's is used only if valid).")


class User(BaseModel):
    """Who is asking. Clearance decides whether restricted records exist for them."""

    name: str
    role: Literal["investigator", "senior_investigator", "auditor", "admin"] = "investigator"

    @property
    def cleared_for_restricted(self) -> bool:
        return self.role in ("senior_investigator", "admin")

    @property
    def sees_complainant_details(self) -> bool:
        return self.role in ("senior_investigator", "admin")

    @property
    def sees_record_content(self) -> bool:
        return self.role != "auditor"  # auditors review the audit log, not the records
