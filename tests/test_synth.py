"""The synthetic force: determinism, export shape vs. the mapping, truth consistency, narrative
variety, identifier variants, and that planted patterns (and only they) hold in the exports."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingestion.synth import generate
from ingestion.synth.bank_clusters import SCENARIOS

MAPPING = Path(__file__).parents[1] / "ingestion/mappings/synthetic.yaml"
PEOPLE, SEED = 200, 11
TEMPLATE = re.compile(r"\{([^{}]+)\}")
PATTERN_TYPES = {"similar_complaints", "repeated_search_unlinked",
                 "complainant_searched_by_accused", "overtime_while_sick_or_leave",
                 "access_while_on_leave", "undeclared_business_interest", "repeat_coaccused",
                 "use_of_force_cluster", "colleague_or_family_access"}
PATTERN_TYPES |= {"rota_manipulation"}  # roster amendments (ingestion/synth/rota.py)
PATTERN_TYPES |= {"undeclared_association"}  # membership lists (ingestion/synth/memberships.py)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "a"
    generate(PEOPLE, SEED, out)
    return out


@pytest.fixture(scope="module")
def mapping() -> dict[str, Any]:
    return yaml.safe_load(MAPPING.read_text(encoding="utf-8"))


def rows(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def data(world: Path, mapping: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    return {e["file"]: rows(world / e["file"]) for e in mapping["records"]}


@pytest.fixture(scope="module")
def truth(world: Path) -> dict[str, Any]:
    return json.loads((world / "truth.json").read_text(encoding="utf-8"))


def render(template: str, row: dict[str, str]) -> str:
    return TEMPLATE.sub(lambda m: (row.get(m.group(1)) or "").strip(), template).strip()


@pytest.fixture(scope="module")
def record_ids(mapping: dict[str, Any], data: dict[str, list[dict[str, str]]]) -> set[str]:
    ns = mapping["namespace"]
    return {f"{e['kind']}:{ns}:{render(e['id'], r)}" for e in mapping["records"]
            for r in data[e["file"]]}


def files_in(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


# determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(world: Path, tmp_path: Path) -> None:
    generate(PEOPLE, SEED, tmp_path / "b")
    a, b = files_in(world), files_in(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_different_seed_differs(world: Path, tmp_path: Path) -> None:
    summary = generate(PEOPLE, SEED + 1, tmp_path / "c")
    a, c = files_in(world), files_in(tmp_path / "c")
    for name in ("psd/complaints.csv", "hr/staff.csv", "audit/system_access.jsonl", "truth.json"):
        assert a[name] != c[name], name
    assert set(summary["files"]) == {k for k in a if k != "truth.json"}
    assert all(n > 0 for n in summary["files"].values())


def test_too_small_a_force_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate(20, 1, tmp_path)


# exports vs. mapping -------------------------------------------------------------------------


def spec_columns(spec: Any) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if "column" in spec:
        return [spec["column"]]
    if "template" in spec:
        return TEMPLATE.findall(spec["template"])
    if "first_of" in spec:
        return [c for item in spec["first_of"] for c in (TEMPLATE.findall(item) or [item])]
    return []


def test_mapping_names_exactly_the_files_and_columns(world: Path, mapping: dict[str, Any],
                                                     data: dict[str, list[dict[str, str]]]) -> None:
    assert (mapping["name"], mapping["force"], mapping["namespace"]) == (
        "synthetic", "westshire", "syn")
    written = {k for k in files_in(world) if k != "truth.json"}
    assert {e["file"] for e in mapping["records"]} == written
    for entry in mapping["records"]:
        header = set(data[entry["file"]][0])
        used = set(TEMPLATE.findall(entry["id"]))
        for spec in [*entry.get("fields", {}).values(), *entry.get("identifiers", {}).values()]:
            used.update(spec_columns(spec))
        for ref in entry.get("people", []):
            for key in ("value", "name", "unit", "rank"):
                if key in ref:
                    used.update(spec_columns(ref[key]))
        if isinstance(entry.get("restricted"), dict):
            used.add(entry["restricted"]["column"])
        assert used <= header, (entry["file"], used - header)


def test_every_date_parses_with_the_mapped_format(mapping: dict[str, Any],
                                                  data: dict[str, list[dict[str, str]]]) -> None:
    default = mapping["defaults"]["date_formats"]
    date_fields = {"start_date", "leave_date", "received_date", "incident_date", "opened_date",
                   "closed_date", "shift_date", "accessed_at", "end_date", "declared_date",
                   "report_date", "amended_at"}
    for entry in mapping["records"]:
        for name, spec in entry["fields"].items():
            if name not in date_fields:
                continue
            col = spec_columns(spec)[0]
            fmts = [spec["date_format"]] if isinstance(spec, dict) and "date_format" in spec \
                else default
            for row in data[entry["file"]]:
                if row[col]:
                    assert any(_parses(row[col], f) for f in fmts), (entry["file"], col, row[col])


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def test_record_ids_are_unique(mapping: dict[str, Any],
                               data: dict[str, list[dict[str, str]]]) -> None:
    seen: Counter[str] = Counter()
    for e in mapping["records"]:
        seen.update(f"{e['kind']}:{render(e['id'], r)}" for r in data[e["file"]])
    assert [k for k, n in seen.items() if n > 1] == []


def test_restricted_markings(data: dict[str, list[dict[str, str]]]) -> None:
    handling = Counter(r["Handling"] for r in data["psd/complaints.csv"])
    assert handling["RESTRICTED"] >= 1 and handling["OFFICIAL"] > handling["RESTRICTED"]
    assert {r["Marking"] for r in data["psd/conduct_cases.csv"]} <= {"Normal", "RESTRICTED"}


def test_volumes_are_realistic(data: dict[str, list[dict[str, str]]]) -> None:
    staff = data["hr/staff.csv"]
    assert len(staff) == PEOPLE
    titles = Counter(r["job_title"] for r in staff)
    assert titles["Police Constable"] > titles["Police Sergeant"] > 0
    assert titles["Intelligence Analyst"] >= 1 and titles["Call Handler"] >= 1
    per_person = len(data["audit/system_access.jsonl"]) / PEOPLE
    assert 200 <= per_person <= 260
    complaints = len(data["psd/complaints.csv"])
    assert 0.3 <= complaints / PEOPLE / 5 <= 0.55  # per person per year
    allegations = Counter(r["ComplaintRef"] for r in data["psd/allegations.csv"])
    assert set(allegations.values()) <= {1, 2, 3} and len(allegations) == complaints
    declarants = {r["payroll_no"] for r in data["hr/declarations.csv"]}
    assert 0.1 <= len(declarants) / PEOPLE <= 0.2
    assert len(data["hr/sickness.csv"]) / PEOPLE > 5  # several episodes a year over five years
    assert len(data["roster/duties.csv"]) > PEOPLE * 300


# truth -----------------------------------------------------------------------------------------


def test_truth_is_well_formed(truth: dict[str, Any]) -> None:
    assert (truth["seed"], truth["people"], truth["reference_date"]) == (SEED, PEOPLE, "2025-12-31")
    ids = [p["id"] for p in truth["patterns"] + truth["decoys"]]
    assert len(ids) == len(set(ids))
    for entry in truth["patterns"] + truth["decoys"]:
        assert {"id", "type", "person_ids", "record_ids", "detail"} <= set(entry)
        assert entry["person_ids"] and entry["record_ids"]
        assert all(p.startswith("person:syn:") for p in entry["person_ids"])
    assert all(d["looks_like"] in PATTERN_TYPES for d in truth["decoys"])
    planted = Counter(p["type"] for p in truth["patterns"] if "origin" not in p["detail"])
    assert set(planted) == PATTERN_TYPES and min(planted.values()) >= 3
    assert {d["type"] for d in truth["decoys"]} >= {
        "analyst_unlinked_searches", "declared_business_interest", "overtime_before_sickness",
        "coaccused_twice", "unrelated_complaints", "repeated_search_linked",
        "resource_clerk", "reciprocal_swaps", "volunteered_in_advance"}


def test_every_truth_id_exists_in_the_exports(truth: dict[str, Any], record_ids: set[str]) -> None:
    people = {r for r in record_ids if r.startswith("person:")}
    for entry in truth["patterns"] + truth["decoys"]:
        assert set(entry["record_ids"]) <= record_ids, entry["id"]
        assert set(entry["person_ids"]) <= people, entry["id"]
    for alias in truth["aliases"] + truth["identifier_traps"]:
        assert alias["record_id"] in record_ids and alias["person_id"] in people


def test_aliases_cover_every_person_reference(truth: dict[str, Any], mapping: dict[str, Any],
                                              data: dict[str, list[dict[str, str]]]) -> None:
    roles = {(e["kind"], ref["role"]) for e in mapping["records"] for ref in e.get("people", [])}
    by_kind = Counter(a["record_id"].split(":")[0] for a in truth["aliases"])
    assert {(a["record_id"].split(":")[0], a["role"]) for a in truth["aliases"]} <= roles
    for f, kind in (("psd/allegations.csv", "allegation"),
                    ("psd/conduct_cases.csv", "conduct_case"),
                    ("intel/reports.csv", "intel_report"), ("hr/declarations.csv", "declaration"),
                    ("hr/sickness.csv", "absence")):
        assert by_kind[kind] == len(data[f]), kind
    assert 0 < by_kind["system_access"] <= 2000
    overtime = len(data["overtime/claims.csv"])
    assert by_kind["duty_shift"] == overtime + min(2000, len(data["roster/duties.csv"]))


# narratives ------------------------------------------------------------------------------------

SENTENCE = re.compile(r"(?<=[.!?])\s+")


def test_narratives_are_varied(data: dict[str, list[dict[str, str]]]) -> None:
    texts = [r["Account"] for r in data["psd/complaints.csv"]]
    sents = [s for t in texts for s in SENTENCE.split(t) if s]
    assert len(set(sents)) / len(sents) >= 0.85
    counts = Counter(len(SENTENCE.split(t)) for t in texts)
    assert min(counts) <= 3 and max(counts) >= 7
    openings = {t[:30] for t in texts}
    assert len(openings) / len(texts) >= 0.8
    for f, col in (("psd/conduct_cases.csv", "Summary"), ("intel/reports.csv", "report_text"),
                   ("hr/declarations.csv", "details")):
        col_texts = [r[col] for r in data[f]]
        assert len(set(col_texts)) == len(col_texts), f


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9£']+", text.lower())
    return {tuple(words[i: i + n]) for i in range(len(words) - n + 1)}


def test_planted_clusters_are_paraphrases_of_one_conduct(
        truth: dict[str, Any], data: dict[str, list[dict[str, str]]]) -> None:
    complaints = {f"complaint:syn:{r['ComplaintRef']}": r for r in data["psd/complaints.csv"]}
    scenarios = {s.name: s for s in SCENARIOS}
    clusters = [p for p in truth["patterns"] if p["type"] == "similar_complaints"]
    assert clusters
    for p in clusters:
        cs = [complaints[r] for r in p["record_ids"] if r.startswith("complaint:")]
        assert 4 <= len(cs) <= 6
        assert len({c["ComplainantName"] + c["ComplainantDOB"] for c in cs}) == len(cs)
        assert {c["Category"] for c in cs} == {p["detail"]["category"]}
        words = scenarios[p["detail"]["scenario"]].keywords
        for c in cs:
            assert any(k.lower() in c["Account"].lower() for k in words), c["Account"]
        for a, b in itertools.combinations(cs, 2):
            sa, sb = shingles(a["Account"]), shingles(b["Account"])
            assert len(sa & sb) / len(sa | sb) < 0.12, (a["Account"], b["Account"])


# identifier variants ---------------------------------------------------------------------------


def test_case_workers_write_identifiers_many_ways(data: dict[str, list[dict[str, str]]],
                                                  truth: dict[str, Any]) -> None:
    collars = [r["OfficerCollar"] for r in data["psd/allegations.csv"]]
    assert "" in collars
    assert any(c.isdigit() and c.startswith("0") for c in collars)  # 01234
    assert any(c.isdigit() and not c.startswith("0") for c in collars)  # 1234
    assert any(re.fullmatch(r"PC \d+", c) for c in collars)  # PC 1234
    assert any(re.fullmatch(r"[a-z]{2,4}\d+", c) for c in collars)  # pc1234
    names = [r["OfficerName"] for r in data["psd/allegations.csv"]]
    assert any(re.fullmatch(r"[A-Z][a-z'-]+, [A-Z][a-z]+", n) for n in names)  # Smith, John
    assert any(re.fullmatch(r"[A-Z][a-z]+ [A-Z'-]{2,}", n) for n in names)  # John SMITH
    assert any(re.fullmatch(r"(PC|PS|DC|DS) [A-Z] [A-Z][a-z'-]+", n) for n in names)  # PC J Smith
    staff = {f"person:syn:{r['payroll_no']}": r for r in data["hr/staff.csv"]}
    alias = {a["record_id"]: a["person_id"] for a in truth["aliases"]}
    misspelt = 0
    for r in data["psd/allegations.csv"]:
        person = staff[alias[f"allegation:syn:{r['AllegationRef']}"]]
        if r["OfficerName"] and person["surname"].lower() not in r["OfficerName"].lower():
            misspelt += 1
    assert misspelt > 0
    warrants = {r["warrant_no"] for r in data["hr/staff.csv"]}
    written = [r["SubjectWarrantNo"] for r in data["psd/conduct_cases.csv"]]
    assert any(wn in warrants for wn in written)


def test_collar_typos_collide_with_a_colleague(truth: dict[str, Any],
                                               data: dict[str, list[dict[str, str]]]) -> None:
    staff = {f"person:syn:{r['payroll_no']}": r for r in data["hr/staff.csv"]}
    allegations = {f"allegation:syn:{r['AllegationRef']}": r for r in data["psd/allegations.csv"]}
    traps = [t for t in truth["identifier_traps"] if t["record_id"].startswith("allegation:")]
    assert len(traps) >= 3
    for t in traps:
        row = allegations[t["record_id"]]
        true, other = staff[t["person_id"]], staff[t["collides_with"]]
        assert row["OfficerCollar"] == other["collar_no"] != true["collar_no"]
        assert true["surname"] in row["OfficerName"] and true["forename"] in row["OfficerName"]
        assert other["surname"] != true["surname"]


# planted patterns hold in the exports, and nothing else does -----------------------------------


def _d(s: str, fmt: str) -> date:
    return datetime.strptime(s, fmt).date()


@pytest.fixture(scope="module")
def roster(data: dict[str, list[dict[str, str]]]) -> dict[tuple[str, date], str]:
    return {(r["PAYROLL_NO"], _d(r["DUTY_DATE"], "%Y-%m-%d")): r["DUTY_CODE"]
            for r in data["roster/duties.csv"]}


def test_roster_agrees_with_the_sickness_record(data: dict[str, list[dict[str, str]]],
                                                roster: dict[tuple[str, date], str]) -> None:
    sick: set[tuple[str, date]] = set()
    for r in data["hr/sickness.csv"]:
        first, last = _d(r["first_day"], "%d-%m-%Y"), _d(r["last_day"], "%d-%m-%Y")
        sick |= {(r["employee_no"], first + timedelta(k)) for k in range((last - first).days + 1)}
    rostered_sick = {k for k, code in roster.items() if code == "SK"}
    assert rostered_sick == {k for k in sick if k in roster}


def test_off_duty_overtime_and_access_are_exactly_the_planted_ones(
        truth: dict[str, Any], data: dict[str, list[dict[str, str]]],
        roster: dict[tuple[str, date], str]) -> None:
    staff = data["hr/staff.csv"]
    by_warrant = {r["warrant_no"]: r["payroll_no"] for r in staff if r["warrant_no"]}
    by_login = {r["network_login"]: r["payroll_no"] for r in staff}
    off = ("AL", "SK")
    claims = {f"duty_shift:syn:{r['claim_ref']}" for r in data["overtime/claims.csv"]
              if roster.get((by_warrant[r["warrant_number"]],
                             _d(r["claim_date"], "%d-%b-%Y"))) in off}
    events = {f"system_access:syn:{r['eventId']}" for r in data["audit/system_access.jsonl"]
              if roster.get((by_login[r["userId"].lower()],
                             _d(r["timestamp"][:10], "%Y-%m-%d"))) in off}
    planted: dict[str, set[str]] = defaultdict(set)
    for p in truth["patterns"]:
        planted[p["type"]] |= set(p["record_ids"])
    assert claims and claims == {r for r in planted["overtime_while_sick_or_leave"]
                                 if r.startswith("duty_shift:syn:OT-")}
    assert events and events == {r for r in planted["access_while_on_leave"]
                                 if r.startswith("system_access:")}


def test_repeated_unlinked_searches_in_truth_are_the_planted_ones(
        truth: dict[str, Any], data: dict[str, list[dict[str, str]]]) -> None:
    """Truth lists what was planted, each as exactly the unlinked searches of its subject; a
    background repeat that happens to reach a detector's threshold is never relabelled."""
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in data["audit/system_access.jsonl"]:
        if r["subject"] and not r["subject"].startswith("VRM") and not r["caseRef"]:
            groups[(r["userId"].lower(), r["subject"])].add(f"system_access:syn:{r['eventId']}")
    listed = [p for p in truth["patterns"] + truth["decoys"]
              if p["type"] in ("repeated_search_unlinked", "analyst_unlinked_searches")]
    assert listed and all("origin" not in p["detail"] for p in listed)
    for p in listed:
        assert set(p["record_ids"]) in groups.values()
        assert len(p["record_ids"]) == p["detail"]["searches"] >= 5
    analysts = [d for d in truth["decoys"] if d["type"] == "analyst_unlinked_searches"]
    assert analysts and all(d["detail"]["role"].startswith("Intelligence") for d in analysts)


def test_complainants_are_searched_only_where_planted(
        truth: dict[str, Any], data: dict[str, list[dict[str, str]]]) -> None:
    complainants = {}
    for r in data["psd/complaints.csv"]:
        first, *_, last = [w for w in r["ComplainantName"].split() if w not in ("Mr", "Mrs", "Ms")]
        dob = _d(r["ComplainantDOB"], "%d/%m/%Y")
        complainants[f"{last.upper()}, {first} (dob {dob:%Y-%m-%d})"] = r
    hits = {f"system_access:syn:{r['eventId']}" for r in data["audit/system_access.jsonl"]
            if r["subject"] in complainants}
    planted = [p for p in truth["patterns"] if p["type"] == "complainant_searched_by_accused"]
    assert hits == {r for p in planted for r in p["record_ids"] if r.startswith("system_access:")}
    for p in planted:
        assert all(1 <= d <= 30 for d in p["detail"]["days_after"])


def test_coaccusation_and_use_of_force_truth_matches_the_exports(
        truth: dict[str, Any], data: dict[str, list[dict[str, str]]]) -> None:
    alias = {a["record_id"]: a["person_id"] for a in truth["aliases"]}
    received = {r["ComplaintRef"]: _d(r["DateReceived"], "%d/%m/%Y")
                for r in data["psd/complaints.csv"]}
    subjects: dict[str, set[str]] = defaultdict(set)
    uof: dict[str, set[str]] = defaultdict(set)
    for r in data["psd/allegations.csv"]:
        person = alias[f"allegation:syn:{r['AllegationRef']}"]
        subjects[r["ComplaintRef"]].add(person)
        if r["AllegationCode"] == "UOF":
            uof[person].add(r["ComplaintRef"])
    pairs: Counter[tuple[str, ...]] = Counter()
    for people in subjects.values():
        pairs.update(itertools.combinations(sorted(people), 2))
    found_pairs = {k for k, n in pairs.items() if n >= 4}
    listed_pairs = {tuple(sorted(p["person_ids"])) for p in truth["patterns"]
                    if p["type"] == "repeat_coaccused"}
    assert listed_pairs and listed_pairs <= found_pairs  # background pairs are not relabelled
    twice = [tuple(sorted(d["person_ids"])) for d in truth["decoys"]
             if d["type"] == "coaccused_twice"]
    assert twice and all(pairs[t] == 2 for t in twice)
    clustered = set()
    for person, refs in uof.items():
        days = sorted(received[x] for x in refs)
        if any((days[k + 2] - days[k]).days <= 90 for k in range(len(days) - 2)):
            clustered.add(person)
    listed = {p["person_ids"][0] for p in truth["patterns"] if p["type"] == "use_of_force_cluster"}
    assert listed and listed <= clustered
    assert not any("origin" in p["detail"] for p in truth["patterns"])


def test_business_interests(truth: dict[str, Any], data: dict[str, list[dict[str, str]]]) -> None:
    declared = {(r["payroll_no"], r["counterparty"]) for r in data["hr/declarations.csv"]}
    texts = {f"intel_report:syn:{r['report_id']}": r["report_text"]
             for r in data["intel/reports.csv"]}
    texts |= {f"complaint:syn:{r['ComplaintRef']}": r["Account"]
              for r in data["psd/complaints.csv"]}
    for entry in truth["patterns"] + truth["decoys"]:
        if "undeclared_business_interest" not in (entry["type"], entry.get("looks_like")):
            continue
        company, payroll = entry["detail"]["company"], entry["person_ids"][0].split(":")[-1]
        assert any(company in texts.get(r, "") for r in entry["record_ids"])
        assert ((payroll, company) in declared) == (entry["type"] == "declared_business_interest")


@pytest.mark.slow
def test_full_scale_force(tmp_path: Path) -> None:
    summary = generate(45_000, 3, tmp_path / "big")
    assert summary["files"]["audit/system_access.jsonl"] >= 10_000_000
    assert summary["narratives"] >= 100_000
    assert summary["seconds"] < 900
