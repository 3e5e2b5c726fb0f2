"""Proactive leads over the real synthetic force (tests/conftest.py): every detector finds what
was planted and leaves its decoys alone; evidence is cited exactly; clearance and redaction apply
to leads as to answers; review decisions persist and are audited (service, API and CLI)."""

from __future__ import annotations

import json

import pytest

from assistant import store
from assistant.answers import User
from assistant.citations import verify
from assistant.leads.config import LeadsConfig
from assistant.leads.context import View
from assistant.leads.detect import DETECTORS, detect_leads
from assistant.leads.models import Lead
from evals.leads import TARGETS, score

UNCLEARED = View(restricted=False, complainant_details=False)


@pytest.fixture(scope="module")
def leads_settings(synthetic_settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The synthetic store seen from a data dir of its own, so reviews, audit entries and the
    lead cache written here don't touch other tests' files."""
    root = tmp_path_factory.mktemp("leads-data")
    for name in ("records.duckdb", "chroma", "bm25", "index-manifest.json", "leads"):
        if (synthetic_settings.data_dir / name).exists():
            (root / name).symlink_to(synthetic_settings.data_dir / name)
    return synthetic_settings.model_copy(update={"data_dir": root})


@pytest.fixture(scope="module")
def con(leads_settings):  # type: ignore[no-untyped-def]
    connection = store.connect(leads_settings.duckdb_path, read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def truth(synthetic_source):  # type: ignore[no-untyped-def]
    return json.loads((synthetic_source / "truth.json").read_text())


@pytest.fixture(scope="module")
def full(con, leads_settings) -> list[Lead]:  # type: ignore[no-untyped-def]
    return detect_leads(con, leads_settings)


@pytest.fixture(scope="module")
def uncleared(con, leads_settings) -> list[Lead]:  # type: ignore[no-untyped-def]
    return detect_leads(con, leads_settings, view=UNCLEARED)


# Detectors on real synthetic data -------------------------------------------------------------


SIMILAR_XFAIL = pytest.mark.xfail(strict=True, reason=(
    "a 200-staff force has a few hundred complaints: too few to tell what is ordinary (the "
    "whitening and density that make a storyline stand out need thousands). The detector's "
    "planted clusters are tested on a 2,000-staff force in tests/test_leads_2k.py"))


@pytest.mark.parametrize("detector", [
    pytest.param(d, marks=SIMILAR_XFAIL) if d == "similar_complaints" else d
    for d, t in TARGETS.items() if t])
def test_detector_finds_planted_pattern(detector, full, truth):  # type: ignore[no-untyped-def]
    row = score(full, truth)["detectors"][detector]
    assert row["planted"] > 0, f"nothing of {row['targets']} planted"
    assert row["recall"] == 1.0, row["missed"]


@pytest.mark.parametrize("detector", [d for d, t in TARGETS.items() if t])
def test_detector_leaves_its_decoys_alone(detector, full, truth):  # type: ignore[no-untyped-def]
    row = score(full, truth)["detectors"][detector]
    assert row["decoys"] > 0 or detector in ("off_duty_access", "complainant_search")
    assert row["decoys_fired"] == [], row["false_leads"]


def test_similar_complaints_clusters_are_k_cores():  # type: ignore[no-untyped-def]
    """A chain a–b–c–d is no cluster of 3 (each needs 2 links inside); a triangle is."""
    import numpy as np

    from assistant.leads.similar_complaints import _clusters

    chain = np.zeros((4, 4), bool)
    for a, b in ((0, 1), (1, 2), (2, 3)):
        chain[a, b] = chain[b, a] = True
    assert _clusters(chain, 2) == []
    chain[0, 2] = chain[2, 0] = True
    assert _clusters(chain, 2) == [[0, 1, 2]]


def test_similar_complaints_masks_names_and_places():  # type: ignore[no-untyped-def]
    """An officer's own name or beat must not make their complaints look alike."""
    from assistant.leads.narratives import masker

    mask = masker(["PC Robinson", "Agnieszka Williams"], ["Mr Jaspal Jarvis (DOB 21/04/1990)"],
                  ["Park Road", " Netherby"])
    assert mask("pc robinson said Agnieszka Williams was in Netherby; Jaspal sat on Park Road. "
                "Agnieszka had been drinking") == (
        "the officer said the officer was in the area; the complainant sat on the area. "
        "the officer had been drinking")


def test_similar_complaints_whitening_evens_out_the_force_wide_directions():  # type: ignore[no-untyped-def]
    """Pure numerics (random vectors, no model): after whitening, the reference's dominant
    direction no longer dominates — what every complaint shares stops making two alike."""
    import numpy as np

    from assistant.leads.similar_complaints import _whitener

    rng = np.random.default_rng(0)
    shared = rng.normal(size=16)
    reference = rng.normal(size=(400, 16)) * 0.1 + shared  # all alike along `shared`
    raw_cos = reference[:50] @ reference[50:100].T / np.outer(
        np.linalg.norm(reference[:50], axis=1), np.linalg.norm(reference[50:100], axis=1))
    whitened = _whitener(reference, 8)(reference)
    assert whitened.shape == (400, 8)
    assert np.allclose(np.linalg.norm(whitened, axis=1), 1.0, atol=1e-5)
    assert raw_cos.mean() > 0.9 and abs((whitened[:50] @ whitened[50:100].T).mean()) < 0.05


def test_similar_complaints_thresholds_are_per_role_with_a_force_fallback():  # type: ignore[no-untyped-def]
    from assistant.leads.similar_complaints import _thresholds

    pairs = {("p1", "Incivility"): {("a", f"b{i}"): i / 100 for i in range(100)},
             ("p2", "Incivility"): {("c", "d"): 5.0}}
    peers = {("p1", "Incivility"): "Call Handler", ("p2", "Incivility"): "Inspector"}
    cut, overall = _thresholds(pairs, peers, 0.9, min_pairs=50)
    assert cut == {"Call Handler": pytest.approx(0.891)}  # one Inspector pair is too few…
    assert overall == pytest.approx(0.9)  # …so theirs is the force's quantile over all 101


def test_a_small_role_takes_its_bar_from_complaints_against_other_members_of_the_role():  # type: ignore[no-untyped-def]
    from assistant.leads.similar_complaints import _thresholds

    pairs = {("p1", "Incivility"): {("a", f"b{i}"): i / 100 for i in range(100)},
             ("p2", "Incivility"): {("c", "d"): 5.0}}
    peers = {("p1", "Incivility"): "Police Constable", ("p2", "Incivility"): "Front Counter"}
    alike = {"Front Counter": [1.0 + i / 100 for i in range(60)], "Inspector": [9.0]}
    cut, overall = _thresholds(pairs, peers, 0.9, min_pairs=50, cross=alike)
    assert cut["Front Counter"] == pytest.approx(1.531)  # 60 pairs across the role: its own bar
    assert cut["Police Constable"] == pytest.approx(0.891)  # a role with pairs of its own keeps them
    assert "Inspector" not in cut and overall == pytest.approx(0.9)  # one pair: the force's


def test_every_planted_decoy_type_is_exercised(truth):  # type: ignore[no-untyped-def]
    looks_like = {d["looks_like"] for d in truth["decoys"]}
    assert looks_like <= {t for ts in TARGETS.values() for t in ts}
    assert {"repeated_search_unlinked", "overtime_while_sick_or_leave", "repeat_coaccused",
            "undeclared_business_interest", "use_of_force_cluster"} <= looks_like


def test_complaint_volume_compares_with_peers(con, leads_settings):  # type: ignore[no-untyped-def]
    """With a low floor the detector fires at 200 staff; every lead is a top-percentile count
    of distinct complaints in the window, and raising the percentile to 1.01 silences it."""
    low = LeadsConfig.model_validate({"complaint_volume": {"min_complaints": 2}})
    leads = detect_leads(con, leads_settings, ["complaint_volume"], config=low)
    assert leads
    for lead in leads:
        assert lead.detail["percentile"] >= 0.99 and lead.detail["complaints"] >= 2
        assert len({c.record_id for c in lead.evidence}) == lead.detail["complaints"]
    none = LeadsConfig.model_validate({"complaint_volume": {"min_complaints": 2,
                                                            "percentile": 1.01}})
    assert detect_leads(con, leads_settings, ["complaint_volume"], config=none) == []


def test_unknown_detector_is_refused(con, leads_settings):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown detector"):
        detect_leads(con, leads_settings, ["nope"])


# Leads: ids, citations, clearance ------------------------------------------------------------


def test_lead_ids_are_stable_and_unique(con, leads_settings, full):  # type: ignore[no-untyped-def]
    again = detect_leads(con, leads_settings, list(reversed(DETECTORS)))
    assert sorted(x.lead_id for x in again) == sorted(x.lead_id for x in full)
    assert len({x.lead_id for x in full}) == len(full)


def test_evidence_is_cited_with_exact_spans(con, full):  # type: ignore[no-untyped-def]
    for lead in full:
        assert lead.evidence and verify(con, lead.evidence) == [], lead.lead_id
        assert [c.n for c in lead.evidence] == list(range(1, len(lead.evidence) + 1))
        assert 0 < lead.score <= 1 and "\n" not in lead.explanation


def test_uncleared_view_holds_no_restricted_evidence(con, full, uncleared):  # type: ignore[no-untyped-def]
    restricted = set()
    for kind in ("complaint", "allegation", "intel_report", "conduct_case"):
        restricted |= {r for (r,) in con.execute(
            f"SELECT record_id FROM {kind} WHERE restricted").fetchall()}
    assert any(c.record_id in restricted for x in full for c in x.evidence)
    assert not any(c.record_id in restricted for x in uncleared for c in x.evidence)
    intel_only = {x.lead_id for x in full
                  if all(c.kind == "intel_report" for c in x.evidence)}
    assert intel_only and not intel_only & {x.lead_id for x in uncleared}


# Service: redaction, reviews, audit -----------------------------------------------------------


@pytest.fixture(scope="module")
def service(leads_settings):  # type: ignore[no-untyped-def]
    from assistant.consult import Consultation

    consultation = Consultation(leads_settings, engines=1, readers=1)
    yield consultation
    consultation.close()


def test_complainant_details_are_masked_for_investigators(service, con):  # type: ignore[no-untyped-def]
    from assistant.leads.service import list_leads
    from assistant.redaction import MASK, Redactor

    investigator = User(name="ivy", role="investigator")
    page = list_leads(service, investigator, "OP-LEADS", detector="complainant_search")
    assert page["items"]
    redactor = Redactor(con, active=True)
    for lead in page["items"]:
        complainant = [c for c in lead.evidence if c.field == "complainant"]
        assert complainant and set(complainant[0].quote.replace(" ", "")) == {MASK}
        assert not any(c.field == "subject_searched" for c in lead.evidence)
        assert verify(con, lead.evidence, view=redactor.text) == []


def test_review_persists_and_is_audited(service, leads_settings):  # type: ignore[no-untyped-def]
    from assistant.leads.reviews import LeadReviews
    from assistant.leads.service import list_leads, review_lead

    senior = User(name="sam", role="senior_investigator")
    lead = list_leads(service, senior, "OP-LEADS", detector="overtime_absence")["items"][0]
    reviewed = review_lead(service, senior, "OP-LEADS", lead.lead_id, "dismiss",
                           "  Claim was a payroll keying error, corrected.  ")
    assert reviewed.status == "dismissed"
    history = LeadReviews(leads_settings.data_dir / "leads.sqlite").history(lead.lead_id)
    assert [(r.decision, r.reason, r.user) for r in history] == [
        ("dismiss", "Claim was a payroll keying error, corrected.", "sam")]
    again = list_leads(service, senior, "OP-LEADS", person=lead.person_id, status="dismissed")
    assert [x.lead_id for x in again["items"]] == [lead.lead_id]
    assert again["items"][0].review.case_ref == "OP-LEADS"
    _, entries = service.audit.entries(case_ref="OP-LEADS")
    done = [e for e in entries if e.endpoint == "leads.review"]
    assert done[-1].status == "ok" and lead.lead_id in done[-1].query
    assert "payroll keying error" in done[-1].query and lead.person_id in done[-1].returned
    assert any(e.endpoint == "leads" and e.status == "ok" for e in entries)
    assert service.audit.verify().ok


def test_review_rules(service, full):  # type: ignore[no-untyped-def]
    from assistant.consult import AccessDenied, MissingCaseRef, NotFound
    from assistant.leads.service import ReviewError, review_lead

    lead = full[0]
    investigator = User(name="ivy", role="investigator")
    with pytest.raises(ReviewError):
        review_lead(service, investigator, "OP-LEADS", lead.lead_id, "accept", "   ")
    with pytest.raises(MissingCaseRef):
        review_lead(service, investigator, None, lead.lead_id, "accept", "reason")
    with pytest.raises(AccessDenied):
        review_lead(service, User(name="aud", role="auditor"), "OP-LEADS", lead.lead_id,
                    "accept", "reason")
    intel = next(x for x in full if all(c.kind == "intel_report" for c in x.evidence))
    with pytest.raises(NotFound):
        review_lead(service, investigator, "OP-LEADS", intel.lead_id, "accept", "reason")
    _, entries = service.audit.entries(case_ref="OP-LEADS", user="ivy")
    assert entries[-1].status == "denied" and entries[-1].detail.startswith("restricted")


def test_api_lists_and_reviews_leads(service, leads_settings):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from assistant.api import routes_leads
    from assistant.api.app import create_app
    from assistant.keys import KeyStore

    app = create_app(leads_settings, consultation=service)
    if not any(getattr(r, "path", "") == "/v1/leads" for r in app.routes):
        app.include_router(routes_leads.router, prefix="/v1")
    _, token = KeyStore(leads_settings.data_dir / "keys.sqlite").create("sam", "admin")
    client = TestClient(app)  # no context manager: the shared consultation stays open
    auth = {"Authorization": f"Bearer {token}", "X-Case-Ref": "OP-API"}
    page = client.get("/v1/leads", params={"detector": "coaccused", "limit": 1}, headers=auth)
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["total"] >= 1 and len(body["items"]) == 1
    lead_id = body["items"][0]["lead_id"]
    assert client.get("/v1/leads", headers={"Authorization": auth["Authorization"]}
                      ).status_code == 400
    assert client.get("/v1/leads", params={"detector": "nope"}, headers=auth).status_code == 422
    bad = client.post(f"/v1/leads/{lead_id}/review", json={"decision": "accept", "reason": ""},
                      headers=auth)
    assert bad.status_code == 422
    ok = client.post(f"/v1/leads/{lead_id}/review",
                     json={"decision": "accept", "reason": "Refer to the ACU"}, headers=auth)
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert client.post("/v1/leads/coaccused-000000000000/review", headers=auth,
                       json={"decision": "accept", "reason": "x"}).status_code == 404
    listed = client.get("/v1/leads", params={"status": "accepted"}, headers=auth).json()
    assert lead_id in [x["lead_id"] for x in listed["items"]]


def test_cli_lists_leads_as_json(leads_settings):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.identity import os_user
    from assistant.keys import KeyStore

    KeyStore(leads_settings.data_dir / "keys.sqlite").grant(os_user(), "investigator")
    runner = CliRunner()
    args = ["leads", "--data-dir", str(leads_settings.data_dir), "--detector",
            "repeated_search", "--json"]
    today = {"PROBITY_TODAY": str(leads_settings.today)}  # windows end on the world's today
    result = runner.invoke(app, [*args, "--case", "OP-CLI"], env=today)
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert page["total"] == len(page["items"]) >= 1
    assert all(x["detector"] == "repeated_search" for x in page["items"])
    refused = runner.invoke(app, args, env={**today, "PROBITY_CASE": ""})
    assert refused.exit_code != 0
