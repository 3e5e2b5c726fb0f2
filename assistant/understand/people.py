"""People named in a question: identifiers, rank + name, bare full names, possessives.

Two passes, so dates can be read in between: `find_explicit` (emails, "collar 1234",
"officer id 29180642", "PC 1234", "PC Smith", "Detective Inspector Kaur") runs before dates, so
"collar 2023" is an identifier and never a year; `find_bare` ("Jazzy Pedregosa", "Smith's",
"against Hughes", and lower-case "jazzy pedregosa" when it is an exact full name in the directory)
runs after dates, so "since March" is never a name, while "Jenny March" is.

Every mention is resolved through the `PeopleDirectory`. Several equally good matches are reported
as ambiguous with all candidates; a mention that looks like a member of staff (a rank, an
identifier, "against X", "X's") but matches nobody goes to `unresolved` so the engine abstains.
A name introduced as someone searched for / complaining ("looked up John Doe", "complainant Mr
Fox") gets role "subject": when it matches no staff it goes to `subjects`, not `unresolved`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .directory import PeopleDirectory, pick_candidates
from .lexicon import KIND_TABLE, MASK, PLACE_WORDS, STOPWORDS, mask
from .ranks import CIVILIAN_TITLES, RANK_RE, RANK_WORDS, canonical_rank
from .taxonomy import CATEGORY_TABLE, FINDING_TABLE

# Words that end a name after a rank ("PC Smith in 2023"); a bare run uses the wider NAME_STOP,
# which adds category/finding vocabulary (so "Excessive Force" is never a name, but "PC Power" is).
RANK_STOP = {w for w in STOPWORDS | PLACE_WORDS | RANK_WORDS | KIND_TABLE.words() if len(w) > 1}
NAME_STOP = RANK_STOP | CATEGORY_TABLE.words() | FINDING_TABLE.words()
PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "del", "da", "di", "du", "st", "bin",
             "al", "mac", "ap"}
MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"}
SCHEME = (r"(?:collar|shoulder|warrant(?:\s+card)?|payroll|badge|star|(?:employee|staff|service|"
          r"personnel|person|force|officer)(?=\s*(?:number|no\b|num\b|nr\b|id\b|identifier|#)))")
SUFFIX = r"(?:\s*(?:number|no|num|nr|id|identifier|ref|reference)\.?(?![a-z])|\s*#)*"
ID_RE = re.compile(rf"(?<![\w])(?P<scheme>{SCHEME}|{RANK_RE}){SUFFIX}[\s:#.]*"
                   r"(?P<value>[A-Za-z]{0,3}-?\d(?:[\d\-/]*\d)?)(?![\w/-])", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|any|another|one|that|this|each|every|some)\s+$",
                            re.IGNORECASE)
RANKED_RE = re.compile(rf"(?<![\w])(?P<rank>{RANK_RE})(?=[ \t])", re.IGNORECASE)
TOKEN_RE = re.compile(r"[ \t]+([A-Za-z][A-Za-z'\-]*)(\.?)")
WORD_RE = re.compile(r"[A-Z]\.(?=\s)|[A-Za-z][A-Za-z'\-]*")
_TITLE_FILL = r"(?:(?:the|a|an|mr|mrs|ms|miss|dr|named|called|records?\s+of|details?\s+of)\.?\s+)*"
SUBJECT_BEFORE = re.compile(
    r"(?P<verb>\b(?:search(?:ed|es|ing)?|look(?:ed|ing|s)?\s+up|lookups?|checks?|checked|queried|"
    r"accessed|access(?:ing)?))(?:(?:\s+[\w']+){0,4}?\s+(?:for|on|of|about|into)\s+|\s+)"
    + _TITLE_FILL + r"$"
    r"|(?P<noun>\b(?:complainants?|victims?|members?\s+of\s+the\s+public|(?:made|filed|lodged|"
    r"brought|submitted)\s+by|complaints?\s+(?:from|by)))\s+" + _TITLE_FILL + r"$", re.IGNORECASE)
IMPERATIVE = re.compile(r"\W*(?:please\s+|(?:can|could|would)\s+you\s+)?\W*$", re.IGNORECASE)
SUBJECT_AFTER = re.compile(r"^(?:'s)?\s*(?P<aux>(?:was|were|has\s+been|had\s+been|being|got)\s+)?"
                           r"(?:searched|looked\s+up|checked|queried|accessed)", re.IGNORECASE)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been)\s*$", re.IGNORECASE)
PERSON_CUES = {"against", "about", "on", "for", "involving", "by", "named", "called", "did", "does",
               "has", "have", "had", "is", "was", "were", "compare", "and", "vs", "versus", "with",
               "regarding", "concerning", "re", "of", "to", "between", "or"}
COMPARE_CUES = {"compare", "and", "vs", "versus", "or", "with", "than", "between"}


@dataclass
class Found:
    text: str
    start: int
    end: int
    ids: list[str] = field(default_factory=list)
    score: float | None = None
    method: Literal["identifier", "name"] = "name"
    rank: str | None = None
    role: Literal["officer", "subject"] = "officer"
    staff_like: bool = True  # unresolved → unresolved_people (else subjects, or ignored)
    # where the name or identifier starts (after "Chicago police officer "): a value the data
    # holds that covers only the words before it (the rank "POLICE OFFICER") is not this person
    name_start: int | None = None


def _is_stop(word: str, stop: set[str] = NAME_STOP) -> bool:
    low = word.lower().rstrip(".")
    return low in stop or (low.endswith("s") and low[:-1] in stop)


def _role(text: str, start: int, end: int) -> Literal["officer", "subject"]:
    offset = max(0, start - 60)
    before, after = text[offset:start], text[end:end + 40]
    cue = SUBJECT_BEFORE.search(before)
    if cue and cue["verb"] and IMPERATIVE.fullmatch(text[:offset + cue.start()]):
        cue = None  # "Look up PC Smith" is the user's instruction, not a search in the logs
    passive = SUBJECT_AFTER.match(after)  # "X was searched", "was X searched"; not "X searched"
    if passive and not (passive["aux"] or PASSIVE_BEFORE.search(before)):
        passive = None
    return "subject" if cue or passive else "officer"


def _resolve_name(found: Found, name: str, directory: PeopleDirectory, rank: str | None) -> Found:
    found.ids, top = pick_candidates(directory.find_by_name(name, rank))
    found.score = top or None
    return found


def _name_after_rank(text: str, pos: int, generic: bool) -> tuple[list[str], int]:
    tokens: list[str] = []
    lowercase_mode = False
    while len(tokens) < 4:
        m = TOKEN_RE.match(text, pos)
        if not m:
            break
        word, possessive = m[1], m[1].endswith("'s")
        word = word[:-2] if possessive else word
        nxt = TOKEN_RE.match(text, m.end())
        next_cap = bool(nxt and nxt[1][0].isupper() and not _is_stop(nxt[1], RANK_STOP))
        if word.lower() in MONTH_WORDS and re.match(r"\s+\d", text[m.end():]):
            break
        if word[0].isupper() and not lowercase_mode and (not _is_stop(word, RANK_STOP) or
                                                        (not tokens and next_cap)):
            tokens.append(word + m[2] if len(word) == 1 else word)
        elif word.lower() in PARTICLES and tokens and next_cap:
            tokens.append(word)
        elif (not generic and word.islower() and not _is_stop(word) and len(word) > 1
              and (lowercase_mode or not tokens) and len(tokens) < 2):
            tokens.append(word)
            lowercase_mode = True
        else:
            break
        pos = m.end() - (2 if possessive else 0) - (len(m[2]) if len(word) > 1 else 0)
        if possessive:
            break
    return tokens, pos


def find_explicit(text: str, directory: PeopleDirectory) -> tuple[list[Found], str]:
    """Emails, scheme/rank + identifier, and rank/title + name. Returns mentions + masked text."""
    found: list[Found] = []
    for m in list(EMAIL_RE.finditer(text)) + list(ID_RE.finditer(text)):
        if MASK in m.group(0):
            continue
        value = m.group(0) if m.re is EMAIL_RE else m["value"]
        ids = directory.find_by_identifier(value)
        found.append(Found(m.group(0), m.start(), m.end(), ids, 1.0 if ids else None, "identifier",
                           name_start=m.start() if m.re is EMAIL_RE else m.start("value")))
        text = mask(text, m.start(), m.end())
    for m in list(RANKED_RE.finditer(text)):
        if MASK in m.group(0):
            continue
        rank_text = m["rank"]
        after = TOKEN_RE.match(text, m.end())
        if ARTICLE_BEFORE.search(text[: m.start()]) and (rank_text.islower() or (
                after is not None and after[1][:1].islower())):
            continue  # "a constable made remarks", "a PC tried": not PC Made Remarks
        generic = canonical_rank(rank_text) is None
        tokens, end = _name_after_rank(text, m.end(), generic)
        if not tokens:
            continue
        name = " ".join(tokens)
        span = text[m.start():end]
        civilian = rank_text.lower().rstrip(".") in CIVILIAN_TITLES
        f = Found(span, m.start(), end, rank=canonical_rank(rank_text),
                  role=_role(text, m.start(), end), name_start=m.end())
        f.staff_like = not (civilian and f.role == "subject")
        found.append(_resolve_name(f, name, directory, rank_text))
        text = mask(text, m.start(), end)
    return found, text


def _runs(text: str) -> list[list[re.Match[str]]]:
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    words = list(WORD_RE.finditer(text))
    for i, w in enumerate(words):
        word = w.group(0)[:-2] if w.group(0).endswith("'s") else w.group(0)
        joined = bool(current) and text[current[-1].end():w.start()].strip() == ""
        nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
        name_like = word[0].isupper() and not _is_stop(word)
        particle = word.lower() in PARTICLES and current and nxt[:1].isupper()
        if (name_like or particle) and (joined or not current):
            current.append(w)
        else:
            if current:
                runs.append(current)
            current = [w] if name_like else []
        if current and current[-1].group(0).endswith("'s"):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


LOWER_CUE_RE = re.compile(
    r"^\W*|\b(?:against|about|for|by|involving|on|of|regarding|is|compare|and|vs|versus)\s+")
LOWER_NAME_RE = re.compile(r"(?P<name>[a-z][a-z'\-]+\s+[a-z][a-z'\-]+)(?![\w'])")


def _lowercase_names(text: str, directory: PeopleDirectory) -> tuple[list[Found], str]:
    """'complaints for jazzy pedregosa': accepted only as an (almost) exact full-name match."""
    found: list[Found] = []
    for cue in list(LOWER_CUE_RE.finditer(text)):
        m = LOWER_NAME_RE.match(text, cue.end())
        if not m:
            continue
        name = m["name"]
        if any(_is_stop(w) for w in name.split()):
            continue
        f = _resolve_name(Found(name, m.start("name"), m.end("name")), name, directory, None)
        if f.ids and (f.score or 0) >= 0.97:
            f.role = _role(text, f.start, f.end)
            found.append(f)
            text = mask(text, f.start, f.end)
    return found, text


BARE_ID_RE = re.compile(r"(?<![\w/\-#])(?P<value>[A-Za-z]{0,3}\d{3,}(?:[\-/]\d+)*)(?P<poss>'s)?"
                        r"(?![\w/\-])")


def _bare_identifiers(text: str, directory: PeopleDirectory) -> tuple[list[Found], str]:
    """'Tell me about 200186', '200186's sickness': a number without a scheme word is a person
    only where a person would stand (question start, 'about'/'against'/'on'…, possessive) and
    only when it is some person's identifier; anything else stays a number (never unresolved)."""
    found: list[Found] = []
    for m in list(BARE_ID_RE.finditer(text)):
        prev = re.findall(r"[A-Za-z]+", text[:m.start()])
        at_start = not text[:m.start()].strip(" \t\"'(" + MASK)
        if not (m["poss"] or at_start or (prev and prev[-1].lower() in PERSON_CUES)):
            continue
        ids = directory.find_by_identifier(m["value"])
        if not ids:
            continue
        f = Found(m["value"], m.start(), m.start() + len(m["value"]), ids, 1.0, "identifier")
        f.role = _role(text, f.start, f.end)
        found.append(f)
        text = mask(text, f.start, f.end)
    return found, text


def find_bare(text: str, directory: PeopleDirectory, compare: bool) -> tuple[list[Found], str]:
    """Bare identifiers and full names, possessives and 'against Hughes'. Run after dates are
    masked, so a year is never taken for a collar number."""
    found, text = _bare_identifiers(text, directory)
    more, text = _lowercase_names(text, directory)
    found += more
    for run in _runs(text):
        start, end = run[0].start(), run[-1].end()
        span = text[start:end]
        possessive = span.endswith("'s")
        name = span[:-2] if possessive else span
        end -= 2 if possessive else 0
        prev = re.findall(r"[A-Za-z]+", text[:start])
        cue = prev[-1].lower() if prev else ""
        at_start = not text[:start].strip(" \t\"'(" + MASK)
        role = _role(text, start, end)
        if len(run) == 1:
            if not (possessive or role == "subject" or at_start or cue in PERSON_CUES - {
                    "did", "is", "was", "were", "has", "have", "had", "to", "of"}):
                continue
            person_like = possessive or cue == "against" or (compare and cue in COMPARE_CUES)
        else:
            person_like = possessive or at_start or cue in PERSON_CUES or role == "subject"
        f = _resolve_name(Found(name, start, end, role=role), name, directory, None)
        if not f.ids and not person_like:
            continue
        f.staff_like = f.role == "officer"
        found.append(f)
        text = mask(text, start, end)
    return found, text


SURNAME_GIVEN = re.compile(r"\b([A-Z][A-Za-z'\-]+)\s*\(([A-Z][A-Za-z'\-]+)\)")
# "Officer Gallegos, Corina", "Sgt Okafor, Ben's": a register's "Surname, Forename", after a rank
# or not, possessive or not, a clause after a comma or not ("Richards, Roisin, while …"); but not
# one of a list: "Smith, Jones and Brown", "Smith, Jones, Brown"
SURNAME_COMMA = re.compile(r"\b([A-Z][A-Za-z'\-]+),[ \t]*([A-Z][A-Za-z\-]+)\b(?!'(?!s\b))"
                           r"(?![ \t]*(?:,[ \t]*(?:and\b|or\b|&|[A-Z])|and\b|or\b|&))")


def given_in_brackets(q: str, directory: PeopleDirectory) -> str:
    """"officer Farias (Roger)", "officer Farias, Roger": a surname with the given name in
    brackets or after a comma, read as "Roger Farias" when the directory knows someone by that
    full name (same length: spans still fit)."""
    def swap(m: re.Match[str]) -> str:
        full = f"{m.group(2)} {m.group(1)}"
        if not any(score >= 0.9 for _, score in directory.find_by_name(full)):
            return m.group(0)
        possessive = m.string.startswith("'s", m.end())  # "Ben Okafor's", not "Ben Okafor 's"
        return full.rjust(len(m.group(0))) if possessive else full.ljust(len(m.group(0)))
    return SURNAME_COMMA.sub(swap, SURNAME_GIVEN.sub(swap, q))
