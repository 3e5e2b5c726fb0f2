"""Shapes of a question the lexicon tables don't read: a year said as an adjective, a count of
people per record, "fewest", system names that are also values of the `system` field, "at least
one sustained finding" (per record), "how many officers" (a count of people), the kind counted
after "how many", and filter-only phrasings that are not a narrative search.

Why: each of these used to be misread silently — "2018 complaints" ignored the year, "complaints
that named three or more officers" became a per-officer ranking, "the fewest" ranked the most.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import DateSpan
from .lexicon import KIND_TABLE, MASK
from .ranks import RANKS

# System names the kind table reads as "system searches": left for the catalogue to bind as a
# `system` filter too (or to report as unapplied when the force has no such system).
SYSTEM_NAME = re.compile(r"\b(?:pnc|pnd|niche|athena|police national (?:computer|database))\b",
                         re.I)

# "2018 complaints", "2017 use of force complaints": a year said as an adjective (find_dates
# leaves "<number> complaints" alone, as it is usually a count).
YEAR_ADJECTIVE = re.compile(r"(?<![\w/.:#£$,-])(?P<y>19[89]\d|20[0-4]\d)(?=\s+[A-Za-z])(?!\s+(?:times|"
                            r"hours|days|people|officers|or\s+more|or\s+fewer))")


def year_adjectives(text: str) -> list[DateSpan]:
    return [DateSpan(date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31), m["y"], m.span(),
                     [(date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31))], "year adjective")
            for m in YEAR_ADJECTIVE.finditer(text)]


FEWEST = re.compile(r"\b(?:fewest|least|lowest|smallest)\b", re.I)
# What a threshold counts: officers per record ("named three or more officers"), not records.
PER_RECORD_PEOPLE = re.compile(r"^\s+(?:different\s+|distinct\s+|separate\s+)?(?:accused\s+)?"
                               # "at least one Black officer": a word saying which (w7-vocab)
                               r"(?P<which>(?!(?:or|and|more|fewer|less)\b)[A-Za-z-]+\s+)?"
                               r"(?:officers?|people|persons|subjects|staff|members? of staff|"
                               r"colleagues|employees)\b", re.I)
# "three officers or more": the threshold's own span names the people counted
PEOPLE_INSIDE = re.compile(r"\b(?:officers?|people|persons|subjects|staff)\s+or\s+", re.I)
MULTIPLE_PEOPLE = re.compile(r"(?<!how )\b(?:multiple|several|many)\s+(?:different\s+)?(?:accused\s+)?"
                             r"officers\b", re.I)


def people_per_record(text: str, min_count: int | None, max_count: int | None,
                       spans: list[tuple[int, int]]
                       ) -> tuple[tuple[int | None, int | None], list[tuple[int, int]]]:
    """((min, max) distinct people per record, spans) when a threshold counts officers."""
    low: int | None = None
    high: int | None = None
    used = []
    for start, end in spans:
        m = PER_RECORD_PEOPLE.match(text[end:])
        if not m and not (m := PEOPLE_INSIDE.search(text[start:end])):
            continue
        said = text[start:end].lower()
        is_max = any(w in said for w in ("fewer", "less", "under", "below", "at most"))
        if is_max:
            high = max_count
        else:
            low = min_count
        inside = PEOPLE_INSIDE.search(text[start:end]) is not None
        # the word saying which officers (and theirs) stays for the catalogue to bind or report
        used.append((start, end if inside else end + (m.start("which") if not inside and
                                                      m.group("which") else m.end())))
    if not used and (m := MULTIPLE_PEOPLE.search(text)):
        low, used = 2, [m.span()]
    return (low, high), used


# "complaints with at least one sustained finding": a condition on each record (it has such a
# finding or allegation), which the finding/category filter already applies — not a per-officer
# threshold.
PER_RECORD_PART = re.compile(r"^\s+(?:[A-Za-z-]+\s+){0,2}?(?:findings?|allegations?|outcomes?)\b",
                             re.I)

ABOUT_PEOPLE = re.compile(r"\b(?:officers?|who|whom|staff|people|persons?|anyone|anybody)\b",
                          re.I)


def record_condition(text: str, min_count: int | None, max_count: int | None,
                     spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of an "at least one <finding/allegation>" said of each record (else [])."""
    if min_count != 1 or max_count is not None or ABOUT_PEOPLE.search(text):
        return []  # "officers with at least one sustained finding": per officer
    return [(start, end + m.end()) for start, end in spans
            if (m := PER_RECORD_PART.match(text[end:]))]


# "How many different officers were accused of improper search in 2021?": a count of people,
# answered as the number of officers with at least one such record.
# People said by their rank ("how many lieutenants", "the distinct captains"): every one-word
# rank of `ranks.RANKS`, plural, with the generic nouns.
RANK_PLURALS = sorted({f"{p}s" for ps in RANKS.values() for p in ps if re.fullmatch(r"[a-z]{4,}", p)}
                      | {"detectives"}, key=len, reverse=True)
PEOPLE_NOUN = r"(?:officers|staff|people|persons|" + "|".join(RANK_PLURALS) + ")"
HOW_MANY_PEOPLE = re.compile(r"\bhow\s+many\s+(?!times\b)"  # "how many times did staff …": events
                             # words saying which officers: "off-duty", "Highway Patrol"
                             r"(?:(?!complaints?\b|allegations?\b|cases?\b|records?\b|did\b|"
                             r"do\b|does\b|were\b|was\b|had\b|have\b|has\b)[\w.'-]+\s+)"
                             r"{0,2}?(?:different\s+|distinct\s+|"
                             rf"individual\s+|separate\s+|unique\s+)?{PEOPLE_NOUN}\b", re.I)


# "Count the distinct officers with …", "the number of individual staff who …": a count of
# people said without "how many" — only with a word that makes the people distinct, as "count
# officers" alone may mean their records.
COUNT_DISTINCT_PEOPLE = re.compile(
    r"\b(?:count(?:ing)?|tally|number\s+of|total\s+of)\s+(?:the\s+|all\s+)?(?:[\w.]+\s+)?"
    r"(?:different|distinct|individual|separate|unique)\s+(?:[\w.'-]+\s+){0,3}?"
    rf"(?:{PEOPLE_NOUN}|members\s+of\s+staff)\b", re.I)


def counts_people(text: str) -> bool:
    return bool(HOW_MANY_PEOPLE.search(text) or COUNT_DISTINCT_PEOPLE.search(text))


# "which unit had the largest number of different officers …", "the most individual staff",
# "by count of officers": what each group counts is people, each once, not their records.
PEOPLE_PER_GROUP = re.compile(
    r"\b(?:(?:different|distinct|individual|separate|unique)\s+(?:[\w-]+\s+)?"
    rf"|(?:number|count|total|numbers|counts)\s+of\s+(?:the\s+)?){PEOPLE_NOUN}\b", re.I)


# The people themselves broken down ("break down the accused officers by sex", "split the
# officers according to their race", "a race breakdown of the accused officers"): each officer
# counted once per group, not each record naming them ("the officers' complaints" are records)
_OF_PEOPLE = rf"(?:the\s+|all\s+|those\s+|these\s+)?(?:accused\s+)?{PEOPLE_NOUN}\b(?!\s*')"
PEOPLE_BROKEN_DOWN = re.compile(
    rf"\b(?:break(?:s|ing)?|split(?:s|ting)?|divide|group)\s+(?:down\s+)?{_OF_PEOPLE}"
    rf"|\b(?:break[\s-]?down|split|distribution)\s+of\s+{_OF_PEOPLE}", re.I)


def people_per_group(text: str) -> list[tuple[int, int]]:
    """The spans saying a grouping counts distinct people (else [])."""
    return [m.span() for rx in (PEOPLE_PER_GROUP, PEOPLE_BROKEN_DOWN) for m in rx.finditer(text)]


# Describe cues that can only phrase a filter ("complaints where the district is 12"): a search
# only when words no filter claims remain.
FILTER_PHRASING = re.compile(r"cue '(?:where|in which)\b", re.I)
# ...unless it ranks or compares in words no binder claims ("the most-complained-about officer").
SHAPE_WORD = re.compile(r"\b(?:more|fewer|less|most|fewest|least|highest|lowest|top|bottom)\b",
                        re.I)

# Cues that ask what an account *says*: only these keep a question on the narrative path once
# the data's own fields have bound part of it (a search would drop those fields).
NARRATIVE_CUE = re.compile(
    r"\b(?:similar|resembl\w*|describ\w*|narratives?|what happened|mention\w*|says?|said|"
    r"saying|contain\w*|explain\w*|details?\s+(?:of|about|on)|how did|why|what did|talk\w*|"
    r"refer\w*|accounts?\s+of|like (?:the|this|that|one|those))\b", re.I)
# "listed as non-binary", "flagged as pursuit-related", "whose gender is X": a value a record
# holds in a field, never a search of what its account says.
VALUE_PHRASING = re.compile(
    r"\b(?:listed|recorded|flagged|marked|classified|classed|categori[sz]ed|labell?ed|tagged|"
    r"coded|registered|logged|entered|filed|noted|designated|identified)\s+as\b|\bwhose\s+[a-z]+(?:\s+[a-z]+)?\s+(?:is|was|are|were)\b",
    re.I)
# Fields whose words a narrative search keeps in its text ("used a Taser"): not dropped by it.
TOPIC_FIELDS = frozenset({"category", "categories", "allegation_type"})


# "For complaints received in 2017, how many allegations were not sustained?": the kind heading
# the noun phrase after "how many" / "tally the" / "count" is the one counted; the other only
# scopes it. "how many criminal allegations": the value "criminal allegation" swallowed the kind
# word, yet the question still counts allegations.
# "break the allegations … down by …", "split the cases by …": the verb's object is counted;
# "an allegation count for each …", "the complaint tally": the noun before the count.
HOW_MANY = re.compile(r"\b(?:how\s+many|number\s+of|total\s+of|(?:count|tally)(?:ing)?(?:\s+up)?"
                      r"(?:\s+the)?|break\s*down(?:\s+the)?|breakdown\s+of(?:\s+the)?|"
                      r"(?:break|breaks|breaking|split|splits|splitting)(?:\s+(?:up|out))?"
                      r"(?:\s+(?:the|all))?(?=\s+[a-z]+s\b)|"
                      r"(?:an?|the)(?=\s+[a-z]+\s+(?:counts?|tall(?:y|ies)|totals?)\b))\s+", re.I)
# Where the counted noun phrase ends: a preposition, relative word or verb.
PHRASE_END = re.compile(r"\b(?:with|having|had|has|have|that|which|who|whose|where|against|in|"
                        r"from|about|concerning|regarding|for|by|during|on|at|were|was|are|is|"
                        r"did|do|does|involv\w*|contain\w*|carr(?:y|ies|ied|ying)|includ\w*|"
                        r"led|made|filed|received|since|before|after|between|found|and|or)\b",
                        re.I)
# "cases with an excessive force allegation", "files that carry at least one … allegation": the
# cases holding such an allegation are counted (complaints), the allegation is their condition
# (a few words may come between: "files from 2019 that carry …").
HOLDS_ALLEGATION = re.compile(r"^(?:\s+\S+){0,3}?\s+(?:(?:that|which)\s+)?(?P<verb>with|having|had|has|have|"
                              r"involv\w*|contain\w*|carr(?:y|ies|ied|ying)|includ\w*|"
                              r"featur\w*)\s+(?:\S+\s+){0,6}?allegations?\b", re.I)
CONTAINER = re.compile(r"\b(?:cases?|files?|records?|matters?|complaints?)\b", re.I)
# A swallowed kind word said as a plural noun ("criminal allegations … give me the total").
PLURAL_KIND = re.compile(r"(?:s|es)$", re.I)


def _swallowed(text: str, start: int, end: int) -> bool:
    """True when a value or category read `text[start:end]` (its span is masked there)."""
    return MASK in text[start:end]


def counted_first(text: str, kinds: list[str], reasons: list[str],
                  masked: str | None = None) -> list[tuple[int, int]]:
    """Put the counted kind at the front of `kinds`: the kind heading the noun phrase after a
    count cue, even when a value claimed its word (`masked`: the text after the vocabulary
    masked what it read); "cases with a <value> allegation" counts complaints. Returns the
    spans that said so (the container noun and its "with"/"carry"), for the caller to mask."""
    masked = text if masked is None else masked
    m = HOW_MANY.search(text)
    if m is not None:
        rest = text[m.end():]
        end = PHRASE_END.search(rest)
        phrase_end = min(end.start() if end else len(rest),
                         sum(len(w) + 1 for w in rest.split(" ")[:5]))
        hits = [h for h in KIND_TABLE.find(rest[:phrase_end]) if h.key]
        head = hits[0] if hits else None
        for later in hits[1:]:  # "criminal allegation complaints": the last of adjacent kinds
            if head is None or rest[head.end:later.start].strip(" -/"):
                break  # "allegations in 2017 complaints", "complaints alleged misconduct"
            head = later
        if head is None and (c := CONTAINER.search(rest[:phrase_end])) and \
                (held := HOLDS_ALLEGATION.match(rest[c.end():])):
            for kind in ("allegation", "complaint"):
                if kind in kinds:
                    kinds.remove(kind)
                kinds.insert(0, kind)
            reasons.append(f"'{c.group(0)}' with an allegation: the {c.group(0)} are counted "
                           "(complaints), the allegation is their condition")
            base = m.end() + c.end()
            return [(m.end() + c.start(), base), (base + held.start("verb"), base + held.end("verb"))]
        if head is not None:
            start = m.end() + head.start
            if head.key not in kinds and _swallowed(masked, start, m.end() + head.end) and \
                    (kinds or head.key != "complaint"):
                kinds.insert(0, head.key)
                reasons.append(f"'{head.text}' heads the counted noun after "
                               f"'{m.group(0).strip()}' (inside a value): counted")
            elif head.key in kinds and kinds[0] != head.key:
                kinds.remove(head.key)
                kinds.insert(0, head.key)
                reasons.append(f"'{head.text}' follows '{m.group(0).strip()}': counted first")
            return []
    if not kinds:  # "criminal allegations sustained in 2016 - the total": the noun said
        for hit in KIND_TABLE.find(text):
            if hit.key and hit.key != "complaint" and PLURAL_KIND.search(hit.text) and \
                    _swallowed(masked, hit.start, hit.end):
                kinds.append(hit.key)
                reasons.append(f"'{hit.text}' is the noun counted (inside a value)")
                return []
    return []


# "Did the PPD log a single drugs complaint in 2018?", "was even one … recorded?": whether any
# such record exists (a yes/no with the count) — the quantifier and the record-keeping verb are
# the question's shape, never words to search the narratives for.
EXISTS_ASKED = re.compile(r"^\W*(?:[\w' -]+,\s*)?(?:did|does|do|was|were|is|are|has|have|had)\b",
                          re.I)
EXISTS_WORDS = re.compile(r"\b(?:(?:a\s+)?single|even\s+one|at\s+all|log(?:s|ged)?|"
                          r"record(?:s|ed)?|register(?:s|ed)?|receive[sd]?|file[sd]?)\b", re.I)


def existence_words(text: str) -> list[tuple[int, int]]:
    """The spans of an existence question's own words ("a single", "log"), else []."""
    if not EXISTS_ASKED.search(text) or NARRATIVE_CUE.search(text):
        return []
    return [m.span() for m in EXISTS_WORDS.finditer(text)]
