"""The case store and the pieces that need no records: the SQLite file, numbering, the decision
log, the clearance rule's withholding, the marking and the three renderings of a case file."""

from __future__ import annotations

import io
import sqlite3
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from assistant.answers import Citation, User
from assistant.cases import access, casefile, export
from assistant.cases.models import CaseSummary
from assistant.cases.store import CaseExists, CaseStore

CITE = Citation(n=1, record_id="complaint:ts:TS-1", kind="complaint", source="ts:1",
                field="narrative", start=0, end=9, quote="Mrs Okafor")
ANN = User(name="ann", role="investigator")
SUE = User(name="sue", role="senior_investigator")


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    made = CaseStore(tmp_path)
    made.create("OP/1", "sue", "Okafor complaint", assignee="ann")
    return made


def test_the_file_is_private_and_references_are_unique(store: CaseStore) -> None:
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    with pytest.raises(CaseExists):
        store.create("OP/1", "bob")
    store.open_if_new("OP/1", "bob")  # leaves the existing case as it was
    assert store.get("OP/1").owner == "sue"  # type: ignore[union-attr]


def test_items_are_numbered_and_decisions_record_the_change_and_reason(store: CaseStore) -> None:
    store.add_note("OP/1", "first", "sue", restricted=False)
    assert store.add_note("OP/1", "second", "ann", restricted=False).n == 2
    first = store.decide("OP/1", "sue", "under assessment", "two similar accounts")
    second = store.decide("OP/1", "sue", "no further action", "withdrawn", assignee="bob")
    assert (first.from_status, second.from_status, second.n) == ("open", "under assessment", 2)
    case = store.detail("OP/1")
    assert case is not None and case.status == "no further action" and case.assignee == "bob"
    assert [d.reason for d in case.decisions] == ["two similar accounts", "withdrawn"]


def test_the_store_keeps_no_way_to_edit_history(store: CaseStore) -> None:
    """Items are only ever inserted: no method changes or removes a turn, pin, note or decision."""
    public = {name for name in dir(store) if not name.startswith("_")}
    assert public == {"path", "create", "open_if_new", "get", "all", "detail", "add_turn",
                      "add_pin", "add_note", "decide"}
    with sqlite3.connect(store.path) as con:
        assert con.execute("SELECT count(*) FROM decision").fetchone() == (0,)


def test_who_may_open_a_case() -> None:
    case = CaseSummary(case_ref="X", owner="ann", assignee="bob", created_at="t", updated_at="t")
    allowed = {(name, role) for name in ("ann", "bob", "cat")
               for role in ("investigator", "senior_investigator", "auditor", "admin")
               if access.may_open(User(name=name, role=role), case)}  # type: ignore[arg-type]
    assert ("cat", "investigator") not in allowed and ("cat", "senior_investigator") in allowed
    assert ("ann", "investigator") in allowed and ("bob", "investigator") in allowed
    assert not any(role == "auditor" for _, role in allowed)


def restricted_case(store: CaseStore) -> None:
    store.add_turn("OP/1", {"user": "sue", "question": "Q secret", "answer": "A secret",
                            "citations": [CITE], "restricted": 1})
    store.add_turn("OP/1", {"user": "ann", "question": "Q open", "answer": "A open",
                            "citations": [CITE], "restricted": 0})
    store.add_pin("OP/1", "record", "complaint:ts:TS-3", "secret pin", "sue", True)
    store.add_pin("OP/1", "lead", "burst-abc", "open lead", "ann", False, citations=[CITE])
    store.add_note("OP/1", "secret note", "sue", restricted=True)
    store.decide("OP/1", "sue", "referred", "secret reason", lead_id="burst-xyz",
                 restricted=True)


def test_an_uncleared_reader_gets_the_case_without_restricted_items(store: CaseStore) -> None:
    restricted_case(store)
    full = store.detail("OP/1")
    assert full is not None
    seen = access.as_seen_by(full, ANN)
    assert "secret" not in seen.model_dump_json() and "burst-xyz" not in seen.model_dump_json()
    assert seen.withheld == 3 and [t.question for t in seen.turns] == ["Q open"]
    assert seen.decisions[0].reason == access.WITHHELD and seen.decisions[0].to_status == "referred"
    assert access.as_seen_by(full, SUE) == full


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_case_file_marking_follows_content(store: CaseStore, fmt: str) -> None:
    restricted_case(store)
    full = store.detail("OP/1")
    assert full is not None
    for reader, marking, present, absent in (
            (SUE, "OFFICIAL-SENSITIVE", ["Q secret", "secret note", "[RESTRICTED]"], []),
            (ANN, "OFFICIAL", ["Q open", "withheld"], ["secret", "[RESTRICTED]"])):
        doc = casefile.build(access.as_seen_by(full, reader), reader.name, "now", (7, "ab" * 32))
        data = export.render(doc, fmt)  # type: ignore[arg-type]
        if fmt == "pdf":
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        else:
            text = data.decode()
        text = " ".join(text.split())
        assert doc.marking == marking and marking in text
        assert "Audit log head at export: entry 7, hash " + "ab" * 32 in text
        assert "Mrs Okafor" in text and "complaint:ts:TS-1" in text  # every citation
        for word in present:
            assert word in text, (fmt, reader.name, word)
        for word in absent:
            assert word not in text, (fmt, reader.name, word)
