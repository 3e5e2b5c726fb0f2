"""Allegation/complaint categories and findings: one canonical vocabulary for every source.

`canonical_category(label)` is THE comparison point: the engine filters with
`within(canonical_category(stored_label), requested)` where `requested` comes from a QueryPlan, so
a question's words and every dataset's labels meet in the same names.

Canonical categories and what maps onto them (dataset labels; question synonyms are in the table):
- use of force ← Philadelphia "Physical Abuse", Chicago "Excessive Force", "Use of Force Internal".
- incivility ← Philadelphia "Unprofessional Conduct" (its narratives are mostly rudeness /
  unprofessional manner), and everything under verbal abuse. Rude, swore at, discourteous land here.
- verbal abuse ← "Verbal Abuse" (both) — a narrower category within incivility (see BROADER): asking
  about verbal abuse counts only records labelled so, never Philadelphia's broader "Unprofessional
  Conduct" (226 complaints of 2019 instead of 126); asking about incivility counts both.
- discriminatory behaviour ← Chicago "Bias", Philadelphia "Civil Rights Complaint".
- improper search ← Chicago "Fourth Amendment/Improper Search" (unlawful entry maps here too).
- unlawful arrest ← "Unlawful arrest or detention" (false arrest, wrongful detention). Chicago files
  false arrests under "Fourth Amendment/Improper Search"; those words still do not widen to that
  label (asking about improper search finds them there), so counts by dataset label stay exact.
- abuse of position (corruption) ← Chicago "Abuse of Authority", and coercion ← Chicago "Coercion".
- neglect of duty ← Philadelphia "Lack of Service".
- departmental violation ← Philadelphia "Departmental Violation(s)", "Disciplinary Code
  Violation", Chicago "Operational Violation" (breaches of policy/procedure).
- dishonesty ← Philadelphia "Falsification", Chicago "Rule 14 Violation" (Rule 14 = false report).
- criminal allegation ← Philadelphia "Criminal Allegation", Chicago "Legal Violation", and
  murder ← "Murder / Manslaughter, Etc.", conspiracy ← "Conspiracy".
- sexual misconduct ← "Sexual Crime/Misconduct", "Sexual Misconduct".
- domestic abuse ← "Domestic", "Domestic Violence".
- harassment, drugs, first amendment, denial of counsel, traffic ← the same-named labels.
- care in custody ← Chicago "Proper Care", "Incident in Custody".
- vehicle incident ← Chicago "Motor Vehicle Incident".
- firearm discharge ← every Chicago "Firearm Discharge-*", and firearm discharge at animal ←
  "Firearm Discharge at Animal" ("fired at a dog").
Narrower categories (BROADER): a dataset label that is one kind of a broader category gets a
category of its own, so a question naming it counts that label only, while the broader category
still counts it.
- taser discharge, oc spray discharge, weapon display ← Chicago "Taser Discharge", "OC Discharge",
  "Unnecessary Display of Weapon". Kept apart from use of force so counts by dataset label stay
  exact; generic words ("tasered", "pointed a gun") are deliberately NOT synonyms of the narrow
  discharge categories — they stay in the topic text for semantic search (where the data holds
  a Taser category value, the catalogue binds "tased"/"tasered" to it: catalogue/link.py).
- non-investigatory ← "Non-Investigatory Incident", "No C.A.P. Investigation", "Closed-No
  Allegation", "Miscellaneous Notification", "Referred to Other Agency/C.A.P. Investigation".
- other misconduct ← "Other Misconduct".
- property handling, data misuse, off-duty conduct ← synthetic-force categories (no public label).
- overtime ← the duty type of overtime claims ("overtime_claim"): "overtime claims by payroll X"
  counts those duty records, not every shift the person worked.
Status-like labels ("Investigation OnGoing", "In Process-Allegation Pending", "Not Applicable")
are not categories: `canonical_category` returns None for them.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

from .lexicon import PhraseTable

# canonical: (dataset labels, question synonyms). The canonical name is itself a synonym.
CATEGORIES: dict[str, tuple[list[str], list[str]]] = {
    "use of force": (["Physical Abuse", "Excessive Force", "Use of Force Internal"], [
        "excessive force", "unnecessary force", "unreasonable force", "disproportionate force",
        "physical force", "force used", "used force", "police brutality", "brutal*", "assault*",
        "physically abus*", "heavy handed", "beaten", "beat up", "beating", "punch*", "kicked",
        "kicking", "struck", "slapped", "choked", "chokehold", "choke hold", "strangl*", "slammed",
        "tackled", "shoved", "manhandl*", "roughed up", "rough handling", "tight handcuffs",
        "handcuffs too tight", "use of force internal",
        # "complaints about force" ("force" alone is also the police force: only after these)
        r"re:(?:(?<=about )|(?<=involving )|(?<=alleging )|(?<=alleged ))force\b"]),
    "incivility": (["Unprofessional Conduct"], [
        "uncivil", "rude*", "discourte*", "impolite*", "swore", "swore at",
        "swearing", "sworn at", "cursed at", "cursing", "profanit*", "obscenit*", "foul language",
        "bad language", "abusive language", "offensive language", "insult*", "name calling",
        "disrespect*", "unprofessional*", "shouted at", "yelled at", "screamed at", "mocked",
        "belittl*", "condescend*", "sarcas*", "demeanour", "demeanor", "attitude"]),
    "verbal abuse": (["Verbal Abuse"], ["verbally abus*", "verbal abus*"]),
    "discriminatory behaviour": (["Bias", "Civil Rights Complaint"], [
        "discriminat*", "racis*", "racial*", "race hate", "biased", "prejudic*", "sexis*",
        "homophob*", "transphob*", "islamophob*", "antisemit*", "xenophob*", "bigot*", "profiling",
        "civil rights", "hate speech", "slur*", "discriminatory behavior"]),
    "improper search": (["Fourth Amendment/Improper Search", "Illegal Search"], [
        "improper search*", "illegal search*", "unlawful search*", "unreasonable search*",
        "wrongful search*", "strip search*", "stop and search", "stop and frisk", "frisk*",
        "search warrant*", "fourth amendment", "4th amendment", "unlawful entry", "illegal entry",
        "improper stop*", "illegal stop*", "unlawful stop*",
        "illegally searched", "improperly searched", "unlawfully searched"]),
    "unlawful arrest": (["Unlawful arrest or detention"], [
        "false arrest*", "falsely arrested", "wrongful arrest*", "wrongfully arrested",
        "unlawful arrest*", "unlawfully arrested", "illegal arrest*", "illegally arrested",
        "unlawful detention", "unlawfully detained", "illegal detention", "illegally detained",
        "improperly detained", "wrongful detention", "wrongfully detained", "false imprisonment",
        "arrest or detention"]),
    "property handling": (["Property"], [
        "mishandl* property", "handling of property", "property mishandl*", "missing property",
        "lost property", "property missing", "property went missing", "seized property",
        "property seized", "damaged property", "property damage*", "damage to property",
        "property not returned", "retained property", "confiscated property", "evidence handling",
        "mishandled evidence", "lost evidence"]),
    "abuse of position": (["Corruption / Abuse of Position", "Abuse of Authority"], [
        "corrupt*", "bribe*", "kickback*", "abuse of authority", "abuse of power",
        r"re:(?<!\w)abus(?:e|ed|ing)\s+(?:of\s+)?(?:his|her|their|the|an?)?\s*(?:position|power|"
        r"authority)(?!\w)", "misuse of position", "misuse of authority", "extort*",
        "conflict of interest", "conflicts of interest"]),
    "neglect of duty": (["Lack of Service"], [
        "neglect*", "lack of service", "poor service", "failure to respond", "failed to respond",
        "did not respond", "didn't respond", "no response", "failure to investigate",
        "failed to investigate", "did not investigate", "didn't investigate", "failure to act",
        "failed to act", "did nothing", "failure to attend", "failed to attend", "never attended",
        "did not attend", "didn't attend", "failed to take action", "inaction", "ignored",
        "slow response", "delayed response", "dereliction"]),
    "data misuse": (["Misuse of Data", "Computer Misuse"], [
        "misuse of data", "misuse of information", "misuse of systems", "misuse of police systems",
        "misuse of pnc", "misuse of the pnc", "pnc misuse", "computer misuse", "data breach*",
        "data protection", r"re:(?<!\w)unauthori[sz]ed\s+(?:access\w*|search\w*|check\w*|"
        r"look\s?ups?|disclos\w*|use)(?!\w)", "improper access", "inappropriate access",
        "non policing purpose*", "no policing purpose", "without a policing purpose", "leak*",
        "improper disclosure", "accessing departmental computer systems"]),
    "sexual misconduct": (["Sexual Crime/Misconduct"], [
        "sexual crime*", "sexual assault*", "sexually assault*", "sexual harass*",
        "sexually harass*", "sexual*", "rape*", "indecen*", "grop*", "inappropriate touching",
        "touched inappropriately", "sexual advance*", "voyeur*", "apsp",
        "abuse of position for a sexual purpose", "abuse of position for sexual purpose",
        "inappropriate relationship*"]),
    "off-duty conduct": ([], [
        "off duty misconduct", "off duty behaviour", "off duty behavior", "off duty incident*",
        "conduct off duty", "outside of work", "discreditable conduct"]),
    "harassment": ([], ["harass*", "intimidat*", "stalk*", "hounded", "persecut*"]),
    "domestic abuse": (["Domestic", "Domestic Violence"], [
        "domestic*", "domestic violence", "domestic incident*", "intimate partner violence",
        "partner abuse"]),
    "coercion": (["Coercion"], ["coerc*"]),
    "criminal allegation": (["Legal Violation"], [
        "criminal offen*", "criminal conduct", "criminal activity", "committed a crime",
        "legal violation*", "theft", "stole", "stealing",
        "burglary", "robbery", "dui", "drink driving", "drunk driving",
        "driving under the influence"]),
    "murder": (["Murder / Manslaughter, Etc."], ["murder*", "manslaughter"]),
    "conspiracy": (["Conspiracy"], ["conspiracy", "conspiracies"]),
    "dishonesty": (["Falsification", "Rule 14 Violation"], [
        "dishonest*", "falsif*", "false report*", "false statement*", "false testimony",
        "false evidence", "lied", "lying", "untruthful*", "fabricat*", "perjur*",
        "planted evidence", "planting evidence", "rule 14", "fraud*", "deceit*", "deception"]),
    "drugs": ([], ["drug*", "narcotic*", "controlled substance*", "cocaine", "cannabis",
                   "marijuana", "heroin", "substance misuse"]),
    "departmental violation": ([
        "Departmental Violations", "Disciplinary Code Violation", "Operational Violation"], [
        "breach of policy", "breach of procedure", "breaches of policy", "policy breach*",
        "policy violation*", "procedural violation*", "procedural breach*",
        "breach of standing orders", "rule violation*", "rules violation*", "violated policy",
        "failure to follow policy", "failure to follow procedure", "failed to follow procedure",
        "failed to follow policy", "did not follow proper procedure"]),
    "firearm discharge": (["Firearm Discharge-No Contact", "Firearm Discharge-Accidental",
                           "Firearm Discharge-Injury", "Firearm Discharge-Fatal",
                           "Firearm Discharge-Officer Suicide"], [
        # not "police shooting": a flag some exports keep apart from the category (Chicago's
        # `police_shooting`: 72 complaints; its Firearm Discharge labels, with accidental and
        # animal discharges, 179) — read as this family it answers a broader question
        "firearm discharge*", "discharge of a firearm", "discharge of firearm",
        "shot at", "fired shots",
        r"re:(?<!\w)(?:fired|discharged)\s+(?:a|his|her|their|the)\s+(?:firearm|weapon|gun|"
        r"pistol)(?!\w)"]),
    "firearm discharge at animal": (["Firearm Discharge at Animal"], [
        "animal shooting*", "dog shooting*", "shooting of a dog", "shooting of an animal",
        r"re:(?<!\w)(?:fir(?:e|es|ed|ing)|shoot(?:s|ing)?|shot|discharg\w*)\s+(?:(?:a|his|her|their|"
        r"the)\s+(?:firearm|weapon|gun|pistol)\s+)?(?:at|on)\s+(?:an?|the|a\s+family'?s?)?\s*"
        r"(?:animal|dog|pit\s?bull|canine)s?(?!\w)",
        r"re:(?<!\w)shot\s+(?:an?|the|their|his|her)\s+(?:animal|dog|pit\s?bull)s?(?!\w)"]),
    "taser discharge": ([], ["taser deployment*", "use of taser", "taser use"]),
    "oc spray discharge": (["OC Discharge"], ["oc spray discharge*", "pepper spray discharge*"]),
    "weapon display": (["Unnecessary Display of Weapon"], [
        "display of weapon*", "display of a weapon", "displayed weapon*", "brandish*",
        "weapon drawn", "gun drawn", "drawn weapon*"]),
    "care in custody": (["Proper Care", "Incident in Custody"], [
        "incidents in custody", "custody incident*", "death in custody", "deaths in custody",
        "detainee welfare", "prisoner welfare", "denied medical*", "medical attention"]),
    "denial of counsel": ([], [
        "denied counsel", r"re:(?<!\w)denied\s+(?:access\s+to\s+)?(?:a\s+)?(?:lawyer|attorney|"
        r"solicitor|counsel)s?(?!\w)", "right to counsel", "right to a lawyer",
        "right to a solicitor", "access to a solicitor", "access to a lawyer"]),
    "first amendment": ([], ["1st amendment", "free speech", "freedom of speech",
                             "freedom of expression", "right to protest", "right to record"]),
    "traffic": ([], ["traffic violation*", "traffic ticket*", "traffic citation*",
                     "traffic offen*", "parking ticket*"]),
    "vehicle incident": (["Motor Vehicle Incident"], [
        "vehicle collision*", "police vehicle crash*", "car crash*", "car accident*",
        # not "pursuit": a pursuit is narrower than any motor vehicle incident (and Chicago
        # flags pursuits apart from the category: 9 of its 22 are Motor Vehicle Incidents)
        "road traffic collision*"]),
    "non-investigatory": (["Non-Investigatory Incident", "No C.A.P. Investigation",
                           "Closed-No Allegation", "Miscellaneous Notification",
                           "Referred to Other Agency/C.A.P. Investigation"], [
        "non investigatory*", "no allegation", "miscellaneous notification*"]),
    "other misconduct": ([], []),
    # a duty type (duty_shift records), not a complaint category
    "overtime": (["Overtime Claim"], ["overtime claim*", "overtime shift*", "overtime hours"]),
}
# Narrower categories and the category they belong to: a record filed under the narrower one is
# also about the broader one, never the other way round (a synonym must not widen a dataset label).
BROADER: dict[str, str] = {
    "verbal abuse": "incivility", "coercion": "abuse of position",
    "murder": "criminal allegation", "conspiracy": "criminal allegation",
    "firearm discharge at animal": "firearm discharge",
}
# Phrases that look like a category but are not one ("traffic stop" is where something happened).
NOT_CATEGORY_PHRASES = ["traffic stop*", "vehicle stop*", "car stop*", "narcotics unit",
                        "narcotics field unit", "narcotics division", "drug squad"]
NOT_CATEGORIES = {"investigation ongoing", "in process allegation pending", "not applicable",
                  "unknown", "none", "n a", "pending"}

FINDINGS: dict[str, tuple[list[str], list[str]]] = {
    "not sustained": (["No Sustained Findings", "Not Sustained", "No Guilty Findings"], [
        "unsustained", "unsubstantiated", "not substantiated", "not upheld", "unproven",
        "not proven", "no sustained finding*", "were not sustained", "was not sustained"]),
    "sustained": (["Sustained Finding"], [
        "substantiated", "upheld", "proven", "founded", "guilty finding*", "found guilty"]),
    "exonerated": (["Within Policy Officer Involved Shooting"], ["exonerat*", "within policy"]),
    "unfounded": ([], ["baseless"]),
    "pending": (["Investigation OnGoing", "In Process-Allegation Pending"], [
        "still pending", "under investigation", "ongoing", "still open", "undecided"]),
    "no finding": (["Administratively Closed", "Closed/No Finding", "No Affidavit",
                    "Administratively Terminated", "Not Applicable"], [
        "no finding*", "closed without finding*", "administratively closed"]),
}


def _table(source: dict[str, tuple[list[str], list[str]]]) -> PhraseTable:
    return PhraseTable({
        name: [name, *synonyms, *(re.sub(r"[^\w]+", " ", label) for label in labels)]
        for name, (labels, synonyms) in source.items()
    })


CATEGORY_TABLE = _table({**CATEGORIES, "": ([], NOT_CATEGORY_PHRASES)})  # "" hits are dropped
FINDING_TABLE = _table(FINDINGS)


def normalise_label(label: str) -> str:
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _singular(key: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in key.split())


def _index(source: dict[str, tuple[list[str], list[str]]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, (labels, synonyms) in source.items():
        for text in [name, *labels, *(s for s in synonyms if not s.startswith("re:"))]:
            key = normalise_label(text.replace("*", ""))
            index.setdefault(key, name)
            index.setdefault(_singular(key), name)
    return index


_CATEGORY_INDEX = _index(CATEGORIES)
_FINDING_INDEX = _index(FINDINGS)


def _canonical(label: str | None, index: dict[str, str], table: PhraseTable,
               excluded: set[str]) -> str | None:
    if not label:
        return None
    key = normalise_label(label)
    if not key or key in excluded:
        return None
    for candidate in (key, _singular(key)):
        if candidate in index:
            return index[candidate]
    names = {hit.key for hit in table.find(key) if hit.key}  # a label containing one phrase
    if len(names) == 1:
        return names.pop()
    best = process.extractOne(key, list(index), scorer=fuzz.ratio, score_cutoff=90)
    return index[best[0]] if best else None


def canonical_category(label: str | None) -> str | None:
    """Any dataset label, synonym or canonical name → canonical category name (or None)."""
    return _canonical(label, _CATEGORY_INDEX, CATEGORY_TABLE, NOT_CATEGORIES)


def within(category: str | None, wanted: tuple[str, ...] | list[str] | set[str]) -> bool:
    """Is a record of canonical `category` about any `wanted` category (itself or a broader one)?"""
    while category is not None:
        if category in wanted:
            return True
        category = BROADER.get(category)
    return False


# Categories that only one kind of record carries; every other category is about complaints,
# allegations and conduct cases (and whatever else a mapping files under it).
ONLY_KINDS: dict[str, set[str]] = {"overtime": {"duty_shift"}}


def applies(category: str, kind: str) -> bool:
    """Can a record of `kind` carry `category`? ('overtime' is a duty type, never an absence.)"""
    return kind in ONLY_KINDS.get(category, {kind})


def canonical_finding(label: str | None) -> str | None:
    """'No Sustained Findings' → 'not sustained', 'Sustained Finding' → 'sustained', …"""
    return _canonical(label, _FINDING_INDEX, FINDING_TABLE, {"unknown", "none", "n a"})


CANONICAL_CATEGORIES: list[str] = list(CATEGORIES)
CANONICAL_FINDINGS: list[str] = list(FINDINGS)
