"""The QueryPlan: everything `understand` recognised in a question, for the engine to execute."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.answers import Intent

Kind = Literal["complaint", "allegation", "conduct_case", "duty_shift", "system_access", "absence",
               "declaration", "intel_report", "membership", "document", "person"]
GroupBy = Literal["year", "month", "weekday", "category", "person", "unit", "district", "finding",
                  "status", "field"]


class PersonMention(BaseModel):
    """A person named in the question and who it resolved to. `ambiguous` means several people
    match equally well: all are listed and none is chosen."""

    text: str = Field(description="The span of the question, e.g. 'PC Smith', 'collar 1234'.")
    start: int
    end: int
    person_ids: list[str] = Field(default_factory=list)
    ambiguous: bool = False
    method: Literal["identifier", "name"] = "name"
    rank: str | None = Field(None, description="Canonical rank said in the question, if any.")
    role: Literal["officer", "subject"] = Field(
        "officer", description="'subject': the person searched/complaining, not a staff filter.")
    score: float | None = None


class Period(BaseModel):
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    field: str | None = Field(None, description="A date field other than the record's own "
                              "('incident_date': 'about incidents that happened in 2018').")
    excluded: bool = Field(False, description="A period the date must fall outside ('not in "
                           "2019', 'excluding 2019'): taken out of the other periods said.")


class CompareItem(BaseModel):
    """One side of a comparison: a person, a period, a category, or a value of any field the
    data holds (`filter`: "district 19 or district 35", "verbal abuse or Bias")."""

    type: Literal["person", "period", "category", "value"]
    text: str
    person_ids: list[str] = Field(default_factory=list)
    ambiguous: bool = False
    date_from: date | None = None
    date_to: date | None = None
    category: str | None = None
    filter: FieldFilter | None = None


class FieldFilter(BaseModel):
    """A filter on any categorical field of any record kind, linked from the data's own vocabulary
    (the catalogue). `field` is only ever a catalogue field name, never text from the question."""

    kind: str
    field: str
    # "in": one of `values`; "present"/"absent": the field holds any value / none ("allegations
    # with a finding recorded", "complaints without an outcome"), `values` then only says so;
    # gt/ge/lt/le/eq: a numeric field compared with `values[0]`, "between": values[0] to [1]
    # inclusive ("claims of more than six hours": overtime_hours gt 6; understand/numeric.py)
    op: Literal["in", "present", "absent", "gt", "ge", "lt", "le", "eq", "between"] = "in"
    values: list[str]
    text: str = Field("", description="The span of the question it was read from.")


CompareItem.model_rebuild()

# What an allegation charges and what became of it (the record model's own columns). Any other
# field an allegation row holds — a column, or one of the mapping's `attributes:` of allegations
# (the accused's recorded gender, race, birth year, duty status, ...) — describes that accused on
# that allegation, whatever the export calls it.
CHARGE_FIELDS = ("category", "allegation_type", "finding", "outcome")
OFFICER_KIND = "officer"  # catalogue OFFICER: the rank/unit an officer's reference gives them
# a staff list's number ("born before 1970": birth_year), read on the people a record names
PERSON_KIND = "person"
# how an allegation row's field says what its accused was: a value, any value, or a number
# compared ("an accused born before 1970": officer_birth_year lt 1970)
COMPARED_OPS = ("gt", "ge", "lt", "le", "eq", "between")
ACCUSED_OPS = ("in", "present", *COMPARED_OPS)


def describes_accused(f: FieldFilter) -> bool:
    """Whether a filter says what the accused officer was, on their own reference or allegation
    row: a rank/unit (kind "officer"), any field of the allegation that is not its charge
    ("female", "off duty", "Highway Patrol", "born before 1970"), or a number the staff list
    holds of them. When officers are counted, listed or ranked, such a filter picks the
    officers, not only the records that name one."""
    return (f.kind == OFFICER_KIND and f.op == "in") or (
        f.kind == PERSON_KIND and f.op in COMPARED_OPS) or (
        f.kind == "allegation" and f.field not in CHARGE_FIELDS and f.op in ACCUSED_OPS)


class Measure(BaseModel):
    """'total overtime hours', 'the average days to closure', 'who claimed the most hours': a
    numeric field (`understand/numeric.py` NumericField: a column, an attribute or a duration)
    summed or averaged over the records asked — per group when the plan groups them, ranked by
    it when the plan ranks — instead of the records being counted."""

    op: Literal["sum", "avg"]
    kind: str
    field: str
    text: str = Field("", description="The span of the question it was read from.")


class Claim(BaseModel):
    """A span of the question bound to a plan element by one binder (see `accounting`)."""

    start: int
    end: int
    binder: str
    element: str = Field(description="What the span became, e.g. 'category = use of force'.")


class RecordReference(BaseModel):
    """'complaint 31-0001': a specific record the question names; the engine looks it up."""

    kind: str
    text: str
    value: str
    start: int
    end: int


class QueryPlan(BaseModel):
    question: str
    intent: Intent
    people: list[PersonMention] = Field(default_factory=list)
    unresolved_people: list[str] = Field(
        default_factory=list, description="Looks like a staff member but matched nobody: abstain.")
    subjects: list[str] = Field(
        default_factory=list,
        description="Named non-staff (someone searched for / complaining) not found in staff.")
    date_from: date | None = None
    date_to: date | None = None
    date_text: str = ""
    periods: list[Period] = Field(
        default_factory=list, description="Every period said; date_from/to span all of them.")
    weekdays: list[int] = Field(
        default_factory=list, description="ISO days of the week (1 Monday … 7 Sunday) of the "
        "record's own date field: 'at the weekend' → [6, 7].")
    weekday_text: str = ""
    categories: list[str] = Field(default_factory=list)
    category_words: dict[str, str] = Field(
        default_factory=dict,
        description="Category or finding → the question's own words for it.")
    kinds: list[Kind] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)
    group_by: GroupBy | None = None
    group_field: str | None = Field(
        None, description="group_by 'field': the categorical field of the record kind grouped on "
        "(a catalogue field name, never question text): 'by system', 'of each rank'.")
    group_field_options: list[str] = Field(
        default_factory=list, description="Fields the ranked word could mean ('reason': "
        "claim_reason or amendment_reason): the records asked about decide (service).")
    group_valued: bool = Field(
        False, description="'which agencies were they referred to': only records holding a "
        "value of the group field are counted (the answer says how many hold none).")
    limit: int | None = None
    min_count: int | None = Field(None, description="'more than 3 complaints' → 4 (per group).")
    max_count: int | None = Field(None, description="'fewer than 3' → 2 (per group).")
    compare: list[CompareItem] = Field(default_factory=list)
    min_people: int | None = Field(None, description="'named three or more officers' → 3.")
    max_people: int | None = None
    ascending: bool = Field(False, description="'which unit had the fewest': smallest first.")
    count_people: bool = Field(
        False, description="'the unit with the most different officers': each group counts "
        "the distinct officers its records name, not the records.")
    topic_text: str = ""
    reasons: list[str] = Field(default_factory=list)
    filters: list[FieldFilter] = Field(default_factory=list)
    references: list[RecordReference] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    unapplied: list[str] = Field(
        default_factory=list, description="Spans of the question no binder could apply.")
    leftover: list[str] = Field(
        default_factory=list, description="Spans no binder claimed, on the narrative path too "
        "(there they are the text to search for, not `unapplied`).")
    answer_people: list[PersonMention] = Field(
        default_factory=list, description="In a conversation: the person the answer ranked or "
        "listed first, when the question named none — what a follow-up's 'his'/'her' means.")
    measure: Measure | None = Field(
        None, description="A numeric field summed or averaged instead of counting records.")
    person_role: Literal["subject", "mentioned"] = Field(
        "subject", description="'mentioned': records whose free text mentions the named staff "
        "(mapping `mentions:`), not records about them; by default mentions never count.")

    @property
    def person_ids(self) -> list[str]:
        """All resolved staff ids (officer-role mentions), in question order, de-duplicated."""
        seen: dict[str, None] = {}
        for m in self.people:
            if m.role == "officer":
                seen.update(dict.fromkeys(m.person_ids))
        return list(seen)
