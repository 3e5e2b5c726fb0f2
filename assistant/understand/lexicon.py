"""Shared vocabulary machinery: phrase tables, masking, record-kind words, stopwords, numbers.

Phrase syntax (used by every table in this package):
- plain words, matched case-insensitively as whole words; spaces, hyphens and slashes between
  words are interchangeable ("heavy handed" matches "heavy-handed");
- the last word also matches its plural (+s / +es);
- a trailing `*` makes a word a stem ("rude*" matches "rudeness");
- `re:` introduces a raw regular expression for the rare phrase that needs one.

Matching is longest-first and non-overlapping, and matched spans are masked so a later table never
re-reads them ("sexual misconduct" is a category, so its "misconduct" is not also a conduct case).
Masking keeps string length, so every span refers to the original question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MASK = "\ue000"


def phrase_regex(phrase: str) -> str:
    if phrase.startswith("re:"):
        return phrase[3:]
    words = phrase.lower().replace("-", " ").replace("/", " ").split()
    parts = []
    for i, word in enumerate(words):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[\w']*")
        else:
            plural = r"(?:s|es)?" if i == len(words) - 1 and word[-1].isalpha() else ""
            parts.append(re.escape(word) + plural)
    return r"(?<!\w)" + r"[\s/\-]+".join(parts) + r"(?!\w)"


@dataclass(frozen=True)
class Hit:
    key: str
    start: int
    end: int
    text: str


class PhraseTable:
    """{canonical: [phrases]} compiled once; `find` returns non-overlapping hits, longest first."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.patterns = [
            (key, re.compile(phrase_regex(p), re.IGNORECASE))
            for key, phrases in table.items()
            for p in phrases
        ]

    def find(self, text: str) -> list[Hit]:
        found = [
            Hit(key, m.start(), m.end(), m.group(0))
            for key, rx in self.patterns
            for m in rx.finditer(text)
            if m.end() > m.start()
        ]
        found.sort(key=lambda h: (h.start - h.end, h.start))
        chosen: list[Hit] = []
        for hit in found:
            if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
                chosen.append(hit)
        return sorted(chosen, key=lambda h: h.start)

    def words(self) -> set[str]:
        out: set[str] = set()
        for phrases in self.table.values():
            for p in phrases:
                if not p.startswith("re:"):
                    out.update(w.strip("*").lower() for w in re.split(r"[\s/\-]+", p))
        return {w for w in out if len(w) > 2}


def mask(text: str, start: int, end: int) -> str:
    return text[:start] + MASK * (end - start) + text[end:]


def mask_all(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = mask(text, start, end)
    return text


# Record kinds. "search" is decided in plan.py (system access vs improper-search complaints).
KINDS: dict[str, list[str]] = {
    "complaint": ["complaint", "complain", "complained", "complained about", "public complaint"],
    "allegation": ["allegation"],
    "conduct_case": [
        "conduct case", "misconduct case", "misconduct", "gross misconduct", "conduct matter",
        "disciplinary case", "disciplinary", "discipline", "disciplined", "misconduct hearing",
        "conduct hearing", "conduct investigation", "professional standards case",
    ],
    "duty_shift": [
        "shift", "roster", "rostered", "rota", "on duty", "off duty", "rest day", "overtime",
        "duty roster", "duty record", "hours worked", "worked", "working", "working hours",
        "duty type",
    ],
    "system_access": [
        "pnc", "pnd", "police national computer", "police national database", "niche", "athena",
        "database", "system access", "access", "access log", "audit log", "audit trail", "accessed",
        "access record", "look up", "looked up", "looking up", "lookup", "record check",
        "checks on", "checked on", "check on", "checked the records", "checked records",
        "ran a check", "ran checks", "queried", "computer system", "police system",
    ],
    "absence": [
        "absence", "absent", "sick*", "sick leave", "sick day", "annual leave", "on leave", "leave",
        "illness", "time off", "days off",
    ],
    "declaration": [
        "declaration", "declared", "undeclared", "declare", "business interest",
        "secondary employment", "second job", "outside business", "gift", "hospitality",
        "notifiable association", "association", "register of interests",
        # the kind's own full name: "of interest(s)" is part of it, not a constraint
        "declaration of interest", "declarations of interest", "declaration of interests",
        "declarations of interests",
    ],
    "intel_report": [
        "intel*", "intelligence report", "intel report", "informant", "confidential report",
        "5x5x5",
    ],
    "membership": [
        "membership list*", "membership roll*", "member list*", "members list*",
        "list of members", "membership", "memberships", "club register",
    ],
    # Not "statement", "letter" or "scan" alone: complaint accounts use them ("withdraw my
    # statement"), and a question about a complaint must not search documents too.
    "document": [
        "document*", "witness statement*", "memo", "memos", "memorandum", "email", "emails",
        "e-mail", "e-mails", "pdf", "pdfs", "scanned letter*", "scanned document*",
    ],
}
KIND_TABLE = PhraseTable(KINDS)
SEARCH_RE = re.compile(r"(?<!\w)search(?:es|ed|ing)?(?!\w)(?P<for>\s+(?:for|on|up)\b)?",
                       re.IGNORECASE)
# A search of a place or person (a complaint's subject), not a lookup on a police system.
PHYSICAL_SEARCH_RE = re.compile(
    r"(?:house|home|strip|body|premises|vehicle|car|room|stop[\s-]+and|police)\s+search"
    r"|search(?:ed|ing)?\s+(?:of\s+)?(?:a\s+|the\s+|my\s+|his\s+|her\s+|their\s+|people's\s+)?"
    r"(?:home|house|flat|property|premises|car|vehicle|bag|pockets?|room|address|them|him|her|"
    r"people|someone|suspects?|it)\b|(?:during|while|whilst|after|in)\s+(?:a|the)\s+(?:police\s+)?"
    r"search|\bwhile\s+searching", re.IGNORECASE)
# "while on duty" says when conduct happened; it does not ask for duty records.
WHILE_ON_DUTY_RE = re.compile(r"\b(?:while|whilst|when)\s+(?:\w+\s+)?$", re.IGNORECASE)
# "off-duty officers", "an on-duty PC": describes who, not which duty records.
DUTY_ADJECTIVE_RE = re.compile(
    r"^[\s-]*(?:[A-Za-z]+\s+)?(?:police\s*)?(?:officers?|cops?|policem[ae]n|policewom[ae]n|constables?|pcs?|"
    r"sergeants?|detectives?|staff|employees?|members?\s+of\s+staff)\b", re.IGNORECASE)
# "an accused officer who was off duty", "was the officer on duty": the officer's state at the
# time of a complaint, not duty records (left unapplied when no field holds it).
OFFICER_WAS_RE = re.compile(
    r"\b(?:officers?|constables?|sergeants?|he|she|they|who|staff)(?:'s)?\s+"
    r"(?:(?:was|were|is|are|being|been|had been)\s+)?(?:\w+\s+)?$", re.IGNORECASE)
# Kinds whose records carry no narrative: free text alone cannot find them (list, not describe).
NON_NARRATIVE_KINDS = {"duty_shift", "system_access", "absence", "allegation", "person"}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
    "once": 1, "twice": 2, "a couple of": 2, "a few": 3, "several": 3, "a dozen": 12,
}
NUMBER_RE = r"(?:\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


def to_number(text: str) -> int:
    text = text.lower().strip()
    return int(text) if text.isdigit() else NUMBER_WORDS[re.sub(r"\s+", " ", text)]


def _wordset(text: str) -> set[str]:
    return set(text.split())


STOPWORDS = _wordset(
    """a an the and or but of in on at by for with about against to from since during between
    before after until till over under into than as per via vs versus not no any all each every
    some many much more most few fewer less least top first last next past previous this that
    these those there here who whom whose what which when where why how did do does done has have
    had having is are was were be been being will would can could should might must shall i me my
    we us our you your he him his she her they them their it its please show list tell give find
    get got compare count number total summarise summarize describe explain profile history
    timeline overview record records everything anything nothing something also only just ever
    yes ok hi hello thanks then so if whether let lets see look display name named called across
    within without among around through throughout up down out off again still already yet recent
    recently similar like same other another such own both either neither times time officers
    people person staff member members public complainant complainants case cases report reports
    result results outcome outcomes finding findings data details detail info information any one
    show"""
)

# Capitalised words that are never (part of) a person's name in these questions.
PLACE_WORDS = _wordset(
    """police force forces department departments unit units team teams station stations district
    districts division divisions command borough squad branch region area city county central
    north south east west internal affairs professional standards psd ia iopc copa cpd ppd cap
    pnc pnd niche athena chicago philadelphia philly london england wales scotland uk us usa
    america american british metropolitan met home office court crown street road avenue highway
    patrol field response homicide narcotics headquarters hq monday tuesday wednesday thursday
    friday saturday sunday new year years month months week weeks day days today yesterday
    christmas easter q1 q2 q3 q4 h1 h2 centre center total overall average"""
)
