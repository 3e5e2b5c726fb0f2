"""Recognising a join question: which join, its parameters, and the spans of the question it
claims (so constraint accounting does not report them as unapplied).

Why: a join question names two record kinds and the relation between them in many wordings
("claimed overtime on days they were off sick", "paid extra hours while on sick leave"). Each
join is recognised by co-occurring word families, not by fixed phrases: the event (overtime,
system use, a search), the relation (on a day of, while, during), and the other side (sickness,
leave, rest day, their complainant, the same complaint, no case reference). Whatever else the
question says (a year, an officer, a unit) is left to the planner, except units, which are
matched here against the units the store holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.joins.during import LEAVE, OFF, REST, SICK

Spans = list[tuple[int, int]]
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "twice": 2, "thrice": 3}


@dataclass
class JoinMatch:
    name: str  # overtime_absence | off_duty_access | complainant_search | coaccused | unlinked
    params: dict[str, Any] = field(default_factory=dict)
    spans: Spans = field(default_factory=list)


def _find(pattern: str, text: str) -> Spans:
    return [m.span() for m in re.finditer(pattern, text, re.I)]


OVERTIME = r"\b(?:overtime|o/?t claims?|extra (?:hours|duty|shifts?)|paid extra)\b"
SICK_W = (r"\b(?:off sick|sick(?:ness)?(?: leave| absences?| days?| episodes?)?|ill(?:ness)?|"
          r"unwell|called in sick|signed off)\b")
LEAVE_W = r"\b(?:(?:on |annual |a )?leave|on holiday|holidays?|vacation)\b"
ABSENT_W = r"\b(?:absen(?:t|ces?))\b"
REST_W = r"\brest ?days?\b"
OFF_W = (r"\b(?:rostered off|days? off|off[- ]duty|not (?:rostered|on duty)|not working|"
         r"off shift)\b")
USE = (r"\b(?:used?|using|access(?:ed|ing)?|logged (?:in|on)(?:to)?|log-?ins?|searche[sd]|"
       r"search(?:ing)?|look(?:s|ed|ing)? (?:[\w-]+ ){0,2}?up|quer(?:y|ied|ies|ying)|checks?|checked|ran|"
       r"activity|events?)\b")
SYSTEMS = (r"\b(?:police (?:systems?|databases?|computers?|records)|systems?|pnc|niche|"
           r"databases?|audit (?:log|trail|events?|records?)|computers?)\b")
SEARCH = (r"\b(?:searche[sd]|search(?:ing)?|look(?:s|ed|ing)? (?:[\w-]+ ){0,2}?up|look-?ups?|quer(?:y|ied|ies|ying)|"
          r"checks?|checked|ran|run|researched)\b")
COMPLAINANT = (r"\b(?:(?:their|his|her) (?:own )?complainants?|own complainants?|"
               r"(?:people|persons?|members? of the public|some(?:one|body)|any(?:one|body)|those|"
               r"(?:the|that|this) (?:person|somebody|someone)|the people|whoever|"
               r"the complainants?)(?: who| that)? (?:had |has |have )?(?:complained|"
               r"(?:made|filed|lodged|raised|submitted|brought) (?:a )?complaints?)"
               r"(?: about| against)"
               r" (?:them|him|her|themselves)|complained about them)\b")
COACCUSED = (r"\b(?:co-?accused|(?:named|accused|complained about|cited|listed|appear(?:ed|s)?|"
             r"been) together|jointly (?:accused|named)|(?:named|accused) in the same complaints?|"
             r"(?:in|on) the same complaints?|both named|(?:pairs?|duos?) of (?:officers|staff|colleagues|people)|"
             r"(?:staff|officer|colleague)\s+(?:pairs?|duos?)|"
             r"(?:colleagues?\s+(?:who\s+|that\s+)?)?(?:(?:keeps?|kept)\s+)?(?:appear(?:s|ed|ing)?|turn(?:s|ed|ing)? up|named|listed|cited)\s+"
             r"(?:alongside|together with|with)|alongside|together with"
             # "keep turning up together", "named side by side", "accused jointly", "shares more
             # than one complaint with"
             r"|(?:(?:keeps?|kept)\s+)?(?:turn(?:s|ed|ing)?|show(?:s|ed|ing)?|crop(?:s|ped|ping)?)"
             r"\s+up\s+together|(?:named|accused|listed|cited)\s+(?:side[\s-]+by[\s-]+side|jointly)"
             r"|shar(?:e|es|ed|ing)\b(?=[\w\s-]{0,30}\bcomplaints?\s+with\b))\b")
REPEATEDLY = (r"\b(?:repeatedly|again and again|time and (?:time )?again|over and over|"
              r"(?:more|many) times|regularly|often|frequently)\b")
# "… with the same colleague": who the pair's other half is, said again (claimed, never a cue)
SAME_MATE = (r"\b(?:with|alongside|as)\s+(?:one\s+and\s+)?the\s+same\s+(?:fellow\s+)?"
             r"(?:colleagues?|officers?|members? of staff|persons?|people)\b")
COMPLAINT_W = r"\bcomplain(?:ts?|ed)\b|\baccused\b|\ballegations?\b"
RELATION = r"\b(?:on|during|while|whilst|when|for|same|covering|within|in the middle of)\b"
UNLINKED = (r"\b(?:without|with no|no|lacking|missing|not linked to)\s+(?:an?\s+|any\s+)?"
            r"(?:linked\s+|associated\s+|attached\s+|recorded\s+|valid\s+)?"
            r"(?:occurrences?|cases?|incidents?|crimes?|jobs?|(?:case |crime |incident )?"
            r"references?|refs?)(?:\s+(?:or|and|/)\s+(?:an?\s+)?(?:occurrences?|cases?|incidents?|"
            r"crimes?|jobs?))?(?:\s+(?:references?|refs?|numbers?|nos?\.?|linked|attached|"
            r"recorded))*\b"
            r"|\b(?:had|has|have|with) no (?:\w+ ){0,2}(?:occurrence|case|incident|reference)\b"
            r"(?:\s+(?:references?|refs?|numbers?|attached|linked))*")
AT_LEAST = (r"\b(?:(\d+|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\w+\s+)?(?:\+|or more|and "
            r"(?:more|over|above))|(?:at least|a minimum of|no fewer than|minimum of)\s+"
            r"(\d+|two|three|four|five|six|seven|eight|nine|ten)|(more than|over|above)\s+"
            r"(\d+|two|three|four|five|six|seven|eight|nine|ten|once|one|twice|thrice)|(\d+)\s*\+|"
            r"(twice|thrice)(?: or more)?)")
NAME = (r"\b(?:for|on|up|of|into|about)\s+(.+?)(?=\s+(?:that|which|who|whose|"
        r"with|without|having|had|has|have|in|on|using|via|through|from|since|during|between|"
        r"before|after|where|when|lacking|missing|not)\b|[?.!;]|$)")
NOT_NAMES = {"pnc", "pnd", "niche", "rms", "anpr", "storm", "intel", "db", "police", "system",
             "systems", "database", "databases", "the", "any", "a", "an", "staff", "officers",
             "officer", "anyone", "someone", "somebody", "anybody", "people", "person", "persons",
             "members", "member", "of", "public", "records", "record", "force", "occurrence",
             "case", "names", "name", "individuals", "individual", "civilians", "civilian",
             "searches", "search", "checks", "check", "them", "him", "her", "it", "and", "or",
             "for", "on", "up", "into", "about", "our", "my", "we", "us"}


# A member of the public named anywhere in the question, as a capitalised name ("Has Maryam Riley
# been checked …", "… was Brenda Davis searched …"); a question's own first word is not a name.
CAPITALISED = re.compile(r"(?<![\w'])[A-Z][a-z]+(?:[-'][A-Za-z]+)?(?:\s+(?:[A-Z][a-z]*'?)?"
                         r"[A-Z][a-z]+(?:[-'][A-Za-z]+)?)+")
QUESTION_WORDS = {"has", "have", "had", "was", "were", "is", "are", "did", "does", "do", "how",
                  "who", "which", "what", "when", "list", "show", "count", "find", "give",
                  "tell", "name", "any", "many", "there", "can", "could", "please"}


def _subject(q: str, unlinked: Spans) -> tuple[str, tuple[int, int]] | None:
    """The name searched for: a capitalised name anywhere outside the unlinked phrase, else the
    words after "for/of/on/up …" that are not system or boilerplate words."""
    for m in CAPITALISED.finditer(q):
        if any(a < m.end() and m.start() < b for a, b in unlinked):
            continue
        words = m.group(0).split()
        start = m.start()
        while words and words[0].lower() in QUESTION_WORDS:
            start = q.index(words[1], start) if len(words) > 1 else m.end()
            words = words[1:]
        kept = [w for w in words if w.lower().strip(",.'") not in NOT_NAMES]
        if kept and kept == words:
            return " ".join(words), (start, m.end())
    name = next((m for m in re.finditer(NAME, q, re.I)
                 if not {w.lower().strip(",.'") for w in m[1].split()} <= NOT_NAMES), None)
    if name is None:
        return None
    words = [w for w in name[1].split() if w.lower().strip(",.'") not in NOT_NAMES]
    return " ".join(words), name.span(1)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS.get(word.lower(), 1)


def _at_least(text: str) -> tuple[int | None, Spans]:
    m = re.search(AT_LEAST, text, re.I)
    if m is None:
        return None, []
    if m[1] or m[2]:
        return _number(m[1] or m[2]), [m.span()]
    if m[3]:
        return (1 if m[4].lower() == "once" else _number(m[4])) + 1, [m.span()]
    if m[5]:
        return int(m[5]), [m.span()]
    return _number(m[6]), [m.span()]


def _types(text: str) -> tuple[tuple[str, ...], Spans] | None:
    sick, leave, rest = _find(SICK_W, text), _find(LEAVE_W, text), _find(REST_W, text)
    # "on sick leave" is sickness: its "leave" is not annual leave as well
    leave = [(a, b) for a, b in leave if not any(s <= a and b <= e for s, e in sick)]
    off, absent = _find(OFF_W, text), _find(ABSENT_W, text)
    if off:
        return OFF, off + rest + sick + leave + absent
    if absent and not sick and not leave:
        return SICK + LEAVE, absent
    kinds = (SICK if sick else ()) + (LEAVE if leave else ()) + (REST if rest else ())
    return (kinds, sick + leave + rest + absent) if kinds else None


def match_text(question: str, systems: Sequence[tuple[int, int]] = ()) -> JoinMatch | None:
    """The join a question asks for, from its words alone (units are added by `match`).
    `systems`: spans naming a police system the store holds ("the PND", "STORM"), which say
    system use as the generic words do ("used the PND while off sick")."""
    q = question
    unlinked = _find(UNLINKED, q)
    search = _find(SEARCH, q) or _find(USE, q)
    if unlinked and search and not _find(r"\bwarrants?\b", q):
        spans = unlinked + search + _find(SYSTEMS, q)
        params: dict[str, Any] = {}
        if subject := _subject(q, unlinked):
            params["subject"] = subject[0]
            spans.append(subject[1])
        return JoinMatch("unlinked", params, spans)
    complainant = _find(COMPLAINANT, q)
    if complainant and search and not _find(COACCUSED, q):
        return JoinMatch("complainant_search", {}, complainant + search + _find(SYSTEMS, q))
    overtime = _find(OVERTIME, q)
    if overtime and _find(RELATION, q) and (types := _types(q)):
        return JoinMatch("overtime_absence", {"types": list(types[0])}, overtime + types[1])
    coaccused = _find(COACCUSED, q)
    if coaccused and _find(COMPLAINT_W, q):
        n, n_spans = _at_least(q)
        if n is None and (again := _find(REPEATEDLY, q)):
            n, n_spans = 2, again  # "repeatedly co-accused": in two complaints or more
        return JoinMatch("coaccused", {"min_complaints": n or 2, "asked": n is not None},
                         coaccused + _find(COMPLAINT_W, q) + n_spans + _find(SAME_MATE, q))
    use = _find(USE, q)
    if use and (_find(SYSTEMS, q) or systems or _find(SEARCH, q)) and (types := _types(q)):
        off = types[0]
        return JoinMatch("off_duty_access", {"types": list(off), "hr": off != OFF and not
                                                 set(off) <= set(REST)},
                         use + _find(SYSTEMS, q) + types[1])
    return None
