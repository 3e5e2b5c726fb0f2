"""The JSON a model may propose as a question's plan: a strict, span-anchored subset of QueryPlan.

Why a separate schema: `QueryPlan` also carries what only the engine may decide (resolved person
ids, named records, claims, reasons). The model proposes only the parts a reading of the question
decides — kinds, people *as said*, named records, dates, categories, findings, catalogue filters, operation and
shape — and anchors each to the words of the question it was read from (`text`), so the same
constraint accounting as the deterministic planner can check that every content word is either
bound or listed as unapplied. Unknown keys are rejected (`extra="forbid"`), as are values outside
the literals; catalogue fields/values, people and dates are checked in `plan_check`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.understand.models import GroupBy, Kind

ProposedIntent = Literal["count", "list", "describe", "profile"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Said(Strict):
    """Something read from the question: `text` is the exact words of the question it came from."""

    text: str = Field(min_length=1, max_length=200)


class KindSaid(Said):
    kind: Kind


class ValueSaid(Said):
    """A canonical category or finding (one of the lists in the prompt)."""

    value: str = Field(min_length=1, max_length=100)


class FilterSaid(Said):
    """A filter on a categorical field of a record kind: field and values from the catalogue."""

    kind: Kind
    field: str = Field(min_length=1, max_length=60)
    values: list[str] = Field(min_length=1, max_length=20)


class ReferenceSaid(Said):
    """One specific record the question names ('complaint TS-3'); the engine looks it up under
    the reader's clearance, so a record they may not see is as absent as a missing one."""

    kind: Literal["complaint", "conduct_case", "intel_report", "declaration", "allegation", ""]
    value: str = Field(min_length=1, max_length=40, pattern=r"^[\w][\w/.\-]*$")


class DatesSaid(Said):
    date_from: date | None = None
    date_to: date | None = None


class ProposedPlan(Strict):
    """The model's reading of one question. Everything it binds carries the question's words."""

    intent: ProposedIntent
    kinds: list[KindSaid] = Field(default_factory=list, max_length=4)
    people: list[Said] = Field(default_factory=list, max_length=4,
                               description="Staff named in the question, exactly as written.")
    references: list[ReferenceSaid] = Field(default_factory=list, max_length=4)
    dates: DatesSaid | None = None
    categories: list[ValueSaid] = Field(default_factory=list, max_length=6)
    findings: list[ValueSaid] = Field(default_factory=list, max_length=6)
    filters: list[FilterSaid] = Field(default_factory=list, max_length=8)
    group_by: GroupBy | None = None
    limit: int | None = Field(None, ge=1, le=1000)
    ascending: bool = False
    min_count: int | None = Field(None, ge=0, le=100000)
    max_count: int | None = Field(None, ge=0, le=100000)
    min_people: int | None = Field(None, ge=1, le=100)
    max_people: int | None = Field(None, ge=1, le=100)
    operation_text: list[str] = Field(
        default_factory=list, max_length=6,
        description="Words of the question that only say the operation or shape ('top 5', "
                    "'per year', 'more than 3'): never a filter.")
    topic: str = Field("", max_length=300, description="describe only: what to search for.")
    unapplied: list[str] = Field(
        default_factory=list, max_length=10,
        description="Words of the question that ask for something none of the above can express.")


def schema_json() -> dict[str, Any]:
    """The schema shown to the model (pydantic's JSON schema of `ProposedPlan`)."""
    return ProposedPlan.model_json_schema()
