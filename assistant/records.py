"""Canonical records: the one data model every source is mapped into.

Each kind is a pydantic model. Its `record_id` is namespaced by kind and source
(`complaint:ppd:13-0001`), so ids from different systems never collide. Provenance, a content
hash and the restricted flag travel with every record. People are referenced raw (scheme, value,
name as the source wrote them) and resolved to a canonical `person_id` later, with the method and
confidence of the match; an unresolved reference is kept with `person_id = None`, never dropped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

# "name_dob": a name on an external list with the same date of birth as a member of staff
# (ingestion/resolve_members.py)
ResolutionMethod = Literal[
    "identifier", "normalised_identifier", "name_context", "name_dob", "unresolved"]


class Provenance(BaseModel):
    """Where a record came from: mapping name, file (relative to the source dir) and 1-based row."""

    mapping: str
    file: str
    row: int


class PersonRef(BaseModel):
    """A person as a source row names them, plus the outcome of entity resolution."""

    role: str = Field(description="How the person relates to the record: subject, user, officer…")
    scheme: str | None = Field(None, description="Identifier scheme, e.g. collar, payroll, star.")
    value: str | None = Field(None, description="Identifier value exactly as the source wrote it.")
    name: str | None = None
    unit: str | None = None
    rank: str | None = None
    person_id: str | None = None
    method: ResolutionMethod = "unresolved"
    confidence: float = 0.0


class Record(BaseModel):
    """Fields shared by every canonical record."""

    kind: ClassVar[str]
    # Field holding the record's main date (filters, timelines, "in 2023").
    date_field: ClassVar[str | None] = None
    # Free-text fields that are chunked, embedded and cited.
    narrative_fields: ClassVar[tuple[str, ...]] = ()

    record_id: str
    force: str = Field(description="Which force/organisation the record belongs to.")
    source: Provenance
    restricted: bool = False
    people: list[PersonRef] = Field(default_factory=list)
    content_hash: str = ""
    ingested_at: datetime | None = None

    def record_date(self) -> date | None:
        value = getattr(self, self.date_field) if self.date_field else None
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else None


# Kinds ----------------------------------------------------------------------------------------


class Person(Record):
    kind: ClassVar[str] = "person"
    date_field: ClassVar[str | None] = "start_date"

    name: str
    given_name: str | None = None
    family_name: str | None = None
    identifiers: dict[str, str] = Field(default_factory=dict)
    rank: str | None = None
    unit: str | None = None
    district: str | None = None
    role_title: str | None = None
    start_date: date | None = None
    leave_date: date | None = None
    birth_year: int | None = None
    birth_date: date | None = Field(None, description="Date of birth, where HR exports it.")


class Complaint(Record):
    kind: ClassVar[str] = "complaint"
    date_field: ClassVar[str | None] = "received_date"
    narrative_fields: ClassVar[tuple[str, ...]] = ("narrative", "summary")

    reference: str | None = None
    received_date: date | None = None
    incident_date: date | None = None
    category: str | None = None
    categories: list[str] = Field(default_factory=list)
    district: str | None = None
    location: str | None = None
    status: str | None = None
    complainant: str | None = Field(None, description="Complainant personal details (redactable).")
    narrative: str | None = None
    summary: str | None = None


class Allegation(Record):
    kind: ClassVar[str] = "allegation"
    date_field: ClassVar[str | None] = "received_date"

    complaint_id: str
    received_date: date | None = None
    allegation_type: str | None = None
    category: str | None = None
    finding: str | None = None
    outcome: str | None = None


class ConductCase(Record):
    kind: ClassVar[str] = "conduct_case"
    date_field: ClassVar[str | None] = "opened_date"
    narrative_fields: ClassVar[tuple[str, ...]] = ("description",)

    reference: str | None = None
    opened_date: date | None = None
    closed_date: date | None = None
    category: str | None = None
    severity: str | None = None
    description: str | None = None
    outcome: str | None = None


class DutyShift(Record):
    kind: ClassVar[str] = "duty_shift"
    date_field: ClassVar[str | None] = "shift_date"

    shift_date: date
    start_time: str | None = None
    end_time: str | None = None
    duty_type: str = Field(description="on_duty, rest_day, leave, sick, training, …")
    overtime_hours: float = 0.0
    # Amendment trail, where the duty system exports one (rota manipulation reads it): who last
    # changed the day and when, what it was before, the colleague it was swapped with.
    amended_by: str | None = Field(None, description="Who amended the day, as the duty system "
                                                     "records them (a login or number).")
    amended_at: datetime | None = None
    original_duty_type: str | None = Field(None, description="The duty type before amendment.")
    swapped_with: str | None = Field(None, description="The colleague the day was swapped with, "
                                                       "as recorded (a number or name).")
    amendment_reason: str | None = None


class SystemAccess(Record):
    kind: ClassVar[str] = "system_access"
    date_field: ClassVar[str | None] = "accessed_at"

    accessed_at: datetime
    system: str
    action: str | None = None
    subject_searched: str | None = Field(None, description="Who or what was looked up.")
    linked_case_ref: str | None = None


class Absence(Record):
    kind: ClassVar[str] = "absence"
    date_field: ClassVar[str | None] = "start_date"

    start_date: date
    end_date: date | None = None
    absence_type: str = Field(description="sick, annual_leave, …")
    reason: str | None = None


class Declaration(Record):
    kind: ClassVar[str] = "declaration"
    date_field: ClassVar[str | None] = "declared_date"
    narrative_fields: ClassVar[tuple[str, ...]] = ("description",)

    declared_date: date | None = None
    declaration_type: str | None = Field(None, description="business_interest, association, gift")
    counterparty: str | None = None
    description: str | None = None
    status: str | None = None


class IntelReport(Record):
    kind: ClassVar[str] = "intel_report"
    date_field: ClassVar[str | None] = "report_date"
    narrative_fields: ClassVar[tuple[str, ...]] = ("text",)

    reference: str | None = None
    report_date: date | None = None
    grading: str | None = None
    text: str | None = None


class Membership(Record):
    """One row of an external membership list (a seized or published list of an organisation's
    members, a company's staff list): the member is a raw person reference (role `member`),
    matched to staff on name and date of birth by ingestion/resolve_members.py."""

    kind: ClassVar[str] = "membership"
    date_field: ClassVar[str | None] = "list_date"

    list_name: str | None = Field(None, description="The list as its source names it.")
    organisation: str
    organisation_type: str | None = Field(
        None, description="extremist group, criminal-linked club, business, sports club, …")
    member_name: str | None = Field(None, description="The member's name as the list writes it.")
    member_dob: date | None = None
    member_address: str | None = None
    member_postcode: str | None = None
    list_date: date | None = None
    list_source: str | None = Field(None, description="How the list was obtained.")


class Document(Record):
    """An evidence file (PDF, Word, email, scan…): metadata plus its text, pages joined by a form
    feed ("\f") so a character offset names its page; `pages` holds each page's [start, end)
    offsets, whether it was OCR'd and the OCR confidence (JSON)."""

    kind: ClassVar[str] = "document"
    date_field: ClassVar[str | None] = "document_date"
    narrative_fields: ClassVar[tuple[str, ...]] = ("text",)

    path: str = Field(description="File path relative to the ingested folder.")
    file_type: str | None = None
    title: str | None = None
    author: str | None = None
    subject: str | None = None
    sender: str | None = None
    recipients: str | None = None
    sent_at: datetime | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    document_date: date | None = None
    sha256: str | None = None
    page_count: int | None = None
    ocr_pages: int | None = None
    pages: str | None = Field(None, description="JSON: per page start, end, ocr, confidence.")
    text: str | None = None


RECORD_KINDS: dict[str, type[Record]] = {
    model.kind: model
    for model in (
        Person,
        Complaint,
        Allegation,
        ConductCase,
        DutyShift,
        SystemAccess,
        Absence,
        Declaration,
        IntelReport,
        Membership,
        Document,
    )
}


def record_fields(kind: type[Record]) -> list[str]:
    """Kind-specific fields a mapping may set (shared bookkeeping fields excluded)."""
    shared = set(Record.model_fields)
    return [name for name in kind.model_fields if name not in shared]


class Chunk(BaseModel):
    """A span of one narrative field: the unit that is embedded, retrieved and cited."""

    chunk_id: str
    record_id: str
    kind: str
    field: str
    start: int
    end: int
    text: str
    force: str
    restricted: bool
    record_date: date | None = None
    category: str | None = None

    def metadata(self) -> dict[str, Any]:
        """Flat metadata for vector stores (scalars only)."""
        return {
            "record_id": self.record_id,
            "kind": self.kind,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "force": self.force,
            "restricted": self.restricted,
            "date": int(self.record_date.strftime("%Y%m%d")) if self.record_date else 0,
            "category": self.category or "",
        }
