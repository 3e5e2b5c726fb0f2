"""Source CSV files → tidy pandas frames that the development set's gold is computed from.

Why this exists: issue #13's development set must be a yardstick independent of the engine, so
its gold reads the *source exports* (the Philadelphia and Chicago CSVs, the synthetic force's
exported files) with pandas and never imports `assistant` or `ingestion`. The only knowledge
taken from the product is the shape of its record ids (`complaint:ppd:13-0001`,
`person:copa:star-10861`, `person:syn:<payroll_no>`), so gold record sets can be compared with
cited evidence.

Normalisation, stated once (each is what a reader of the raw file would do):
- categorical text is compared case-insensitively with surrounding spaces removed
  (" PHYSICAL ABUSE" and "PHYSICAL ABUSE" are one Philadelphia category; 203 rows have the space);
- a Chicago complaint is one `cr_id` (the file has one row per complaint × category, 8,483 rows,
  5,376 complaints); its year is the year of `complaint_date` (received); an accused officer's
  `birth_year` and a complaint's `days_to_closure` are numbers (the file writes "1982.0");
- a Philadelphia complaint's year is the year of `date_received`; allegation rows carry their
  complaint's date, year, district and classification; a discipline row repeated verbatim is one
  allegation (1,054 exact repeats);
- a synthetic complaint is "about" a category when any of its `Categories` is that category
  (221 of 617 complaints list more than one; `Category` holds only the first);
- synthetic allegations name officers by collar ("PC 9759", "6766") or by name; a reference is
  resolved to one staff member by collar digits, else by (surname, forename or initial), else by
  the same plus station; anything still ambiguous stays unresolved (never guessed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

PHILLY = "philly"
CHICAGO = "chicago-copa-cms"


def _norm(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip().str.lower()


def philly(public: Path) -> dict[str, pd.DataFrame]:
    """`ph_complaints` (one row per complaint) and `ph_allegations` (one per discipline row)."""
    c = pd.read_csv(public / PHILLY / "ppd_complaints.csv", dtype=str)
    c["date"] = pd.to_datetime(c["date_received"], format="%m/%d/%y")
    c["year"] = c["date"].dt.year
    c["month"] = c["date"].dt.strftime("%Y-%m")
    c["category"] = _norm(c["general_cap_classification"])
    c["weekday"] = c["date"].dt.day_name().str.lower()
    c["district"] = _norm(c["district_occurrence"])
    c["id"] = "complaint:ppd:" + c["complaint_id"]
    # 1,054 rows repeat an earlier row verbatim: the same allegation listed twice, counted once.
    d = pd.read_csv(public / PHILLY / "ppd_complaint_disciplines.csv", dtype=str).drop_duplicates()
    for col in ("allegations_investigated", "investigative_findings", "disciplinary_findings",
                "po_sex", "po_race", "po_assigned_unit", "po_district_number"):
        d[col] = _norm(d[col])
    d = d.rename(columns={"allegations_investigated": "allegation",
                          "investigative_findings": "finding",
                          "disciplinary_findings": "outcome", "po_assigned_unit": "unit"})
    d["person"] = ("person:ppd:" + d["officer_id"]).where(d["officer_id"].notna())
    # An officer named in a complaint: the anonymised id, else (2013–14) the initials in it.
    d["officer_key"] = d["officer_id"].fillna("initials:" + d["officer_initials"].fillna("?"))
    d["row"] = range(len(d))
    d = d.merge(c[["complaint_id", "id", "date", "year", "month", "category", "district"]],
                on="complaint_id", how="left")
    return {"ph_complaints": c, "ph_allegations": d}


def chicago(public: Path) -> dict[str, pd.DataFrame]:
    """`ch_complaints` (one row per cr_id), `ch_categories` (cr_id × category), `ch_accused`."""
    raw = pd.read_csv(public / CHICAGO / "complaints-complaints-cms_2019-2022_2022-09.csv",
                      dtype=str)
    raw["category"] = _norm(raw["category"])
    raw["id"] = "complaint:copa:" + raw["cr_id"]
    cats = raw[["cr_id", "id", "category"]].dropna().drop_duplicates()
    c = raw.drop_duplicates("cr_id").drop(columns=["category"]).copy()
    c["date"] = pd.to_datetime(c["complaint_date"], format="%Y-%m-%d")
    c["incident"] = pd.to_datetime(c["incident_date"], format="%Y-%m-%d", errors="coerce")
    c["year"] = c["date"].dt.year
    c["incident_year"] = c["incident"].dt.year
    c["month"] = c["date"].dt.strftime("%Y-%m")
    for col in ("current_status", "case_type", "complainant_type", "police_shooting",
                "biased_language_i", "pursuit_related_i"):
        c[col] = _norm(c[col])
    c["beat"] = c["beat"].str.replace(r"\.0$", "", regex=True)
    c["days_to_closure"] = pd.to_numeric(c["days_to_closure"])  # "262.0" in the file: days
    joined = cats.groupby("cr_id")["category"].agg(lambda v: "|".join(sorted(v)))
    c["categories"] = c["cr_id"].map(joined)
    cats = cats.merge(c[["cr_id", "year", "date"]], on="cr_id")
    a = pd.read_csv(public / CHICAGO / "complaints-accused-cms_2019-2022_2022-09_p031093.csv",
                    dtype=str)
    for col in ("race", "gender", "assigned_rank", "rank", "duty_status", "allegation_category",
                "recommended_finding", "final_finding", "final_penalty", "accused_arrested",
                "injury_condition"):
        a[col] = _norm(a[col])
    a["birth_year"] = pd.to_numeric(a["birth_year"])  # "1982.0" in the file: a year to compare
    a["person"] = ("person:copa:star-" + a["star"]).where(a["star"].notna())
    a["name"] = (a["first_name"].fillna("") + " " + a["last_name"].fillna("")).str.strip()
    a = a.merge(c[["cr_id", "id", "year", "date"]], on="cr_id", how="left")
    return {"ch_complaints": c, "ch_categories": cats, "ch_accused": a}


def _date(s: pd.Series, fmt: str) -> pd.Series:
    return pd.to_datetime(s, format=fmt)


def synthetic(src: Path) -> dict[str, pd.DataFrame]:
    """The synthetic force's exports, people keyed as `person:syn:<payroll_no>`."""
    staff = pd.read_csv(src / "hr/staff.csv", dtype=str)
    staff["person"] = "person:syn:" + staff["payroll_no"]
    staff["name"] = staff["forename"] + " " + staff["surname"]
    by_warrant = staff.dropna(subset=["warrant_no"]).set_index("warrant_no")["person"]
    by_login = staff.set_index(staff["network_login"].str.lower())["person"]
    comp = pd.read_csv(src / "psd/complaints.csv", dtype=str)
    comp["date"] = _date(comp["DateReceived"], "%d/%m/%Y")
    comp["year"] = comp["date"].dt.year
    comp["month"] = comp["date"].dt.strftime("%Y-%m")
    comp["id"] = "complaint:syn:" + comp["ComplaintRef"]
    comp["category"] = _norm(comp["Category"])  # the first of `Categories`
    comp["categories"] = _norm(comp["Categories"])  # every category, "; "-separated
    comp["district"] = _norm(comp["District"])
    comp["status"] = _norm(comp["Status"])
    alle = pd.read_csv(src / "psd/allegations.csv", dtype=str)
    alle["person"] = [_resolve(staff, c, n, s) for c, n, s in
                      zip(alle["OfficerCollar"], alle["OfficerName"],
                          alle["OfficerStation"], strict=True)]
    for col in ("AllegationCode", "Finding", "Outcome"):
        alle[col.lower()] = _norm(alle[col])
    alle["officer_key"] = alle["person"].fillna("ref:" + _norm(alle["OfficerName"]).fillna("?"))
    alle = alle.merge(comp[["ComplaintRef", "id", "date", "year", "categories", "district",
                            "ComplainantName", "ComplainantDOB"]], on="ComplaintRef")
    sick = pd.read_csv(src / "hr/sickness.csv", dtype=str)
    sick["first"] = _date(sick["first_day"], "%d-%m-%Y")
    sick["last"] = _date(sick["last_day"], "%d-%m-%Y")
    sick["person"] = "person:syn:" + sick["employee_no"]
    sick["reason_n"] = _norm(sick["reason"])
    sick["year"] = sick["first"].dt.year
    ot = pd.read_csv(src / "overtime/claims.csv", dtype=str)
    ot["date"] = _date(ot["claim_date"], "%d-%b-%Y")
    ot["person"] = ot["warrant_number"].map(by_warrant)
    ot["hours"] = ot["hours"].astype(float)
    ot["month"] = ot["date"].dt.strftime("%Y-%m")
    access = pd.DataFrame([json.loads(line) for line in
                           (src / "audit/system_access.jsonl").read_text().splitlines() if line])
    access["ts"] = pd.to_datetime(access["timestamp"])
    access["date"] = access["ts"].dt.normalize()
    access["person"] = access["userId"].str.lower().map(by_login)
    access["month"] = access["ts"].dt.strftime("%Y-%m")
    roster = pd.read_csv(src / "roster/duties.csv", dtype=str)
    roster["date"] = pd.to_datetime(roster["DUTY_DATE"], format="%Y-%m-%d")
    roster["person"] = "person:syn:" + roster["PAYROLL_NO"]
    decl = pd.read_csv(src / "hr/declarations.csv", dtype=str)
    decl["person"] = "person:syn:" + decl["payroll_no"]
    decl["type"] = _norm(decl["decl_type"])
    decl["date"] = _date(decl["date_submitted"], "%d %b %Y")
    decl["year"] = decl["date"].dt.year
    return {"syn_staff": staff, "syn_complaints": comp, "syn_allegations": alle,
            "syn_sickness": sick, "syn_overtime": ot, "syn_access": access,
            "syn_roster": roster, "syn_declarations": decl}


TITLES = {"pc", "ps", "dc", "ds", "pcso", "insp", "di", "ch", "supt", "sgt", "mr", "mrs", "ms"}


def _resolve(staff: pd.DataFrame, collar: object, name: object, station: object) -> str | None:
    """One staff member for an allegation's officer reference, or None if not certain."""
    if isinstance(collar, str) and (digits := re.sub(r"\D", "", collar)):
        hit = staff[staff["collar_no"] == digits]
        if len(hit) == 1:
            return str(hit["person"].iloc[0])
    if not isinstance(name, str):
        return None
    if "," in name:
        surname, _, rest = name.partition(",")
        tokens = [surname.strip(), *rest.split()]
        tokens = [tokens[-1], *tokens[1:-1], tokens[0]] if len(tokens) > 1 else tokens
    else:
        tokens = [t for t in name.split() if t.lower().strip(".") not in TITLES]
    if not tokens:
        return None
    surname = tokens[-1].lower()
    given = tokens[0].lower() if len(tokens) > 1 else ""
    hit = staff[staff["surname"].str.lower() == surname]
    if given:
        fore = hit["forename"].str.lower()
        hit = hit[(fore == given) | ((len(given.strip(".")) == 1) & fore.str.startswith(given[0]))]
    if len(hit) > 1 and isinstance(station, str):
        hit = hit[hit["station"] == station]
    return str(hit["person"].iloc[0]) if len(hit) == 1 else None
