"""Every tunable of the lead detectors, in one place.

A lead is a prompt for a human reviewer, so each threshold is set where the pattern stops being
ordinary working life: a response officer draws complaints, an analyst searches people without a
case number, colleagues on one shift get complained about together now and then. The values were
calibrated on the synthetic force (evals/leads.py reports recall and precision per detector) and
are meant to be reviewed by each force against its own data: a force copies
`assistant/leads/defaults.yaml` (the same values, with what each one means), edits it and points
PROBITY_LEADS_CONFIG at it. The file is validated like a source mapping — an unknown key or a
value of the wrong type is an error naming the file and the key — and keys it leaves out keep
their defaults. `fingerprint()` goes into the lead cache key, so changing a value recomputes the
leads.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

DEFAULTS_FILE: Traversable = resources.files("assistant.leads") / "defaults.yaml"


class LeadsConfigError(ValueError):
    """A leads settings file that cannot be used; the message names the file and the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ComplaintVolume(_Section):
    window_days: int = Field(365, description="Rolling window ending on the as-of date.")
    percentile: float = Field(0.99, description="Lead at or above this percentile of peers.")
    min_complaints: int = Field(4, description="…and at least this many complaints.")
    min_peers: int = Field(20, description="Smallest peer group; smaller groups widen to "
                                           "rank + service band force-wide.")
    service_bands: list[int] = Field([2, 5, 10, 20], description="Length-of-service band "
                                                                   "edges in years.")


class AllegationBurst(_Section):
    thresholds: dict[str, tuple[int, int]] = Field(
        {"Use of force": (3, 90)},
        description="Allegation category → (complaints, within days).")
    chance_leads: float = Field(1.0, gt=0, description="…and so improbable at the rate of "
                                "peers (same role and unit) that the whole force, every window "
                                "of the record period, would give at most this many leads by "
                                "chance.")
    personal_prior: float = Field(1.0, gt=0, description="The peers' rate is raised for an "
                                  "officer who draws more complaints of other kinds than peers, "
                                  "or more of this kind outside the burst, shrunk as if this "
                                  "many complaints at the peers' rate were added.")


class SimilarComplaints(_Section):
    min_complaints: int = Field(3, description="Cluster size (distinct complainants, one "
                                               "allegation category).")
    reference_size: int = Field(3000, description="Complaints in the fixed sample that defines "
                                                  "what is ordinary in the force.")
    whiten_dims: int = Field(128, description="Whitened principal components kept.")
    neighbours: int = Field(30, description="Nearest reference complaints that measure how "
                                            "common a complaint's conduct is.")
    pair_quantile: float = Field(0.97, description="Two complaints are linked above this "
                                                   "quantile of pair scores in the role.")
    min_role_pairs: int = Field(50, description="Fewer pairs than this in a role: the force's "
                                                "quantile is used.")
    aligned_sentences: int = Field(3, ge=0, description="Two complaints are compared by "
                                   "their this many best-aligned sentence pairs (0: by the "
                                   "mean of their sentences).")


class _UnlinkedSearches(_Section):
    """What repeated_search and colleague_access share: searches one user made of one subject
    with no case reference, counted over a window."""

    min_searches: int = Field(4, description="Unlinked searches of one person by one user.")
    window_days: int = Field(365)


class RepeatedSearch(_UnlinkedSearches):
    exempt_roles: list[str] = Field(
        ["Intelligence Analyst", "Intelligence Researcher"],
        description="Role titles whose research searches routinely carry no case reference.")
    vehicle_prefix: str = Field("VRM ", description="Subjects that are vehicles, not people.")
    max_searchers: int = Field(2, description="A subject this many other users each searched "
                                              "more than once is a local prolific offender.")
    research_subjects: int = Field(3, description="A user with this many subjects each searched "
                                                  "`research_searches` times is doing research.")
    research_searches: int = Field(3, description="Unlinked searches of a subject that count "
                                                  "towards `research_subjects`.")


class OffDutyAccess(_Section):
    duty_types: list[str] = Field(["leave", "sick", "rest_day"])
    min_events: int = Field(2, description="Events on one off-duty day of leave or sickness.")
    rest_day_min_events: int = Field(4, description="Events on one rest day (rest-day working "
                                                    "without a claim is common).")
    require_lookup: bool = Field(True, description="A day counts only with a look-up that "
                                                   "carries no case reference…")
    lookup_below: int = Field(4, description="…when it has fewer events than this.")
    night_grace_minutes: int = Field(60, description="After a night shift ends on a rest day.")


class ComplainantSearch(_Section):
    max_days_after: int = Field(90, description="Searches up to this long after the complaint.")
    count_linked: bool = Field(False, description="Count searches carrying a case reference "
                                                  "(a later job) too.")


class OvertimeAbsence(_Section):
    absence_types: list[str] = Field(["sick", "leave", "annual_leave"],
                                     description="Roster duty types / absence types that clash.")
    return_notes: list[str] = Field(["returned to work", "return-to-work"],
                                    description="An absence whose reason says this ended "
                                                "part-way through its last day.")


class UndeclaredInterest(_Section):
    legal_suffixes: list[str] = Field(["Ltd", "Limited", "LLP", "PLC", "plc", "& Co"])
    business_types: list[str] = Field(["business_interest"],
                                      description="Declaration types that declare a business.")
    max_people: int = Field(2, description="A business named with more staff than this is a "
                                           "public place (a shop, a contractor), not an interest.")
    tie_words: list[str] = Field(
        ["own", "owner", "director", "partner", "running", "runs", "behind", "stake", "profits", "works for", "working for", "employed by", "customers of", "calls for", "steer", "refer", "recommend", "pushing", "business card", "paid by", "good deal"],
        description="Word starts that tie a business to someone in the sentence naming it.")


class CoAccused(_Section):
    min_complaints: int = Field(4, description="Distinct complaints naming both officers.")


class ColleagueAccess(_UnlinkedSearches):
    min_searches: int = Field(2, description="Unlinked searches of one colleague or relative.")
    family_min_searches: int = Field(2, description="…of someone with the searcher's own "
                                                    "family name.")
    max_other_users: int = Field(2, description="A subject more other users than this looked "
                                                "up (any reason) is a namesake the force deals "
                                                "with, not the colleague or relative.")


class RotaManipulation(_Section):
    min_amendments: int = Field(3, description="Amendments of one's own rota that paid overtime "
                                               "or covered a working day, in the window.")
    window_days: int = Field(365)
    cover_types: list[str] = Field(["leave", "annual_leave", "rest_day"],
                                   description="Duty types a working day is covered with.")
    working_types: list[str] = Field(["on_duty", "training"],
                                     description="Duty types of a day the person was due to "
                                                 "work.")
    swap_overtime_share: float = Field(0.5, description="Swaps onto overtime count when at least "
                                                        "this share of the days swapped onto "
                                                        "were paid.")
    min_surprise: float = Field(3.0, description="…and that many must be this unlikely at the "
                                                 "peers' rate (-log10 p).")
    repaid_within_days: int = Field(56, description="A swap away from a working day is repaid "
                                                    "by a day worked for the same colleague "
                                                    "this close.")


class UndeclaredAssociation(_Section):
    org_types: dict[str, float] = Field(
        {"extremist group": 1.0, "criminal-linked club": 0.9, "business": 0.6},
        description="Declarable organisation types → weight of a lead's score; a list of any "
                    "other type (a sports club) makes no lead.")
    declaration_types: list[str] = Field(["association", "business_interest"],
                                         description="Declaration types that declare one.")
    min_confidence: float = Field(0.9, description="Match confidence needed (name + date of "
                                                   "birth); weaker matches wait for review.")
    org_similarity: float = Field(0.8, description="How alike (0–1) a declaration's "
                                                   "counterparty must be to the organisation.")
    generic_words: list[str] = Field(
        ["the", "ltd", "limited", "plc", "llp", "mc", "club", "motorcycle", "group",
         "association", "society", "services", "network", "of", "and"],
        description="Words ignored when comparing organisation names.")


class Ambiguous(_Section):
    """Complaints whose officer is named only ambiguously ("PC K Butler" at a station with two):
    entity resolution leaves them unresolved and keeps the few staff they could be.
    allegation_burst, coaccused and complainant_search count such a complaint as possibly each
    of them, and say so in the lead."""

    max_candidates: int = Field(5, description="A reference counts as possibly each of the staff "
                                               "it could be only when they are this few.")
    per_lead: int = Field(1, description="At most this many of a lead's complaints may name "
                                         "its officer only possibly (0: never); the rest must "
                                         "be resolved.")


class Ranking(_Section):
    """How the board orders people (assistant/leads/ranking.py): each detector's figure for a
    person against what their peers (same role, unit type) would show at their exposure
    (shifts worked), as a Poisson surprise, weighted and summed over detectors."""

    weights: dict[str, float] = Field(
        default_factory=dict, description="Detector → weight (a detector not listed: 1.0).")
    exposure_days: int = Field(365, description="Shifts worked in this many days before the "
                                                "as-of date are a person's exposure.")
    prior_people: float = Field(5.0, description="Peer rates are shrunk towards the force's "
                                                 "rate as if the group had this many more "
                                                 "average members.")
    unit_types: list[str] = Field(
        ["Response", "Neighbourhood", "CID", "Custody", "Roads", "Control", "Intelligence",
         "Professional Standards", "Training"],
        description="Words that name a unit's type: a unit whose name holds one belongs to that "
                    "type; other units form one type.")
    max_surprise: float = Field(12.0, description="Cap on one detector's surprise (-log10 p).")


class LeadsConfig(_Section):
    complaint_volume: ComplaintVolume = ComplaintVolume()
    allegation_burst: AllegationBurst = AllegationBurst()
    similar_complaints: SimilarComplaints = SimilarComplaints()
    repeated_search: RepeatedSearch = RepeatedSearch()
    off_duty_access: OffDutyAccess = OffDutyAccess()
    complainant_search: ComplainantSearch = ComplainantSearch()
    overtime_absence: OvertimeAbsence = OvertimeAbsence()
    undeclared_interest: UndeclaredInterest = UndeclaredInterest()
    coaccused: CoAccused = CoAccused()
    colleague_access: ColleagueAccess = ColleagueAccess()
    rota_manipulation: RotaManipulation = RotaManipulation()
    undeclared_association: UndeclaredAssociation = UndeclaredAssociation()
    ambiguous: Ambiguous = Ambiguous()
    ranking: Ranking = Ranking()

    def fingerprint(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


DEFAULT = LeadsConfig()


def load_leads_config(path: Path | Traversable) -> LeadsConfig:
    """The settings in a YAML file; keys left out keep their defaults."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LeadsConfigError(f"{path}: no such leads settings file") from exc
    except yaml.YAMLError as exc:
        raise LeadsConfigError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return LeadsConfig()
    if not isinstance(data, dict):
        raise LeadsConfigError(f"{path}: expected detector names as keys at the top level")
    try:
        return LeadsConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(".".join(str(part) for part in e["loc"]) + f": {e['msg']}"
                             for e in exc.errors())
        raise LeadsConfigError(f"{path}: {problems}") from exc


def config_for(settings: Any) -> LeadsConfig:
    """PROBITY_LEADS_CONFIG's file when set, else the built-in defaults."""
    path = getattr(settings, "leads_config", None)
    return load_leads_config(path) if path else DEFAULT
