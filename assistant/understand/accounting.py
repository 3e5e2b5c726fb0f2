"""Constraint accounting: every content word of a question is bound to a plan element or unapplied.

Why: the lexicon pipeline used to drop what it did not recognise, so "complaints in district 12
in 2017" was answered as every 2017 complaint — cited, confident and about a broader question.
Now each *binder* claims character spans of the question (people, dates, categories, findings,
kinds, catalogue fields/values, operations; later the joins matcher) and whatever content word
no binder claims — after stopwords and question boilerplate — is listed in `plan.unapplied`,
which the engine must say before answering (or abstain on).

A binder is any callable `(masked_text, kinds) -> list[Bound]`; spans refer to the question
(masking keeps length), so binders registered by other components compose with these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .lexicon import MASK, STOPWORDS, mask
from .models import Claim, FieldFilter, QueryPlan


@dataclass(frozen=True)
class Bound:
    """One span a binder claims, what it became, and the filter it adds (if any)."""

    start: int
    end: int
    element: str
    filter: FieldFilter | None = None


Binder = Callable[[str, list[str]], list[Bound]]

# Words that carry no constraint in these questions: question boilerplate and the verbs and
# nouns that only restate the record kind ("complaints *made* about *incidents*").
BOILERPLATE = STOPWORDS | {
    "involved", "involving", "receive", "received", "made", "make", "happened", "regarding",
    "concerning", "related", "relating", "got", "get", "ones", "one", "claim", "claimed", "lodged",
    "lodge", "log", "filed", "backed", "submitted", "brought", "handled", "dealt", "anyone", "anybody", "someone",
    "somebody", "everyone", "been", "ever", "had", "happen", "there", "while", "whilst",
    "incident", "incidents", "officer", "officers", "police", "cop", "cops", "policeman",
    "policemen", "policewoman", "constable", "constables", "raised", "recorded", "logged",
    "registered", "held", "exist", "exists", "existed", "kept", "end", "ended", "ending",
    "resulted", "result", "came", "come", "went", "led", "lead", "were", "altogether", "overall",
    "total", "totals", "please", "many", "much", "number", "numbers", "kind", "kinds", "type",
    "types", "sort", "sorts", "name", "names", "against", "named", "naming", "list", "listed",
    "show", "shown", "break", "breakdown", "broken", "per", "each", "people", "person",
    "individual", "individuals", "allege", "alleged", "alleging", "alleges", "opened", "take",
    "took", "taken", "taking", "work", "works", "worked", "know", "knows", "known", "hold",
    "holds", "often", "violation", "violations", "etc", "investigated", "accused", "say", "said",
    "says", "force", "forces", "brief", "briefing", "rundown", "background", "mention", "mentions",
    "mentioned", "mentioning", "classified", "classification", "classed", "categorised",
    "categorized", "labelled", "labeled", "tagged", "coded", "involve", "involves", "flagged",
    "flag", "class", "classes", "different", "distinct", "separate", "unique", "arose", "arise", "arises",
    "arisen", "arising", "originated", "originating", "stemmed", "stemming",
    "assigned", "count", "counts", "tally", "category", "categories", "dataset", "data",
    "whole", "entire", "years", "across",
    "current", "currently", "still", "remain", "remains", "fall", "falls", "fell", "date",
    "dates", "dated", "concern", "concerns", "concerned", "reach", "reached", "reaching",
    "collected", "collect", "collecting", "facing", "faced", "plus", "investigation",
    "investigations", "produce", "produced", "produces", "accuse", "accuses", "accusing",
    "accusation", "accusations", "reads",
    "occur", "occurs", "occurred", "occurring", "alone",
    # "complaints that carried a recommendation of …": what the records hold, restated
    "carry", "carries", "carried", "carrying", "include", "includes", "included",
    # "did investigators recommend …": the people the records come from, not a constraint
    "investigator", "investigators",
    # "complaints that arrived in 2015": received, the record's own date
    "arrive", "arrives", "arrived", "arriving",
    # "the 2016 intake": the records received that year, the record's own date
    "intake", "intakes",
    # "officers who appear in 2019 complaints": named in them, what the records already say
    "appear", "appears", "appeared", "appearing"
}
PREPOSITIONS = {"in", "on", "at", "from", "with", "by", "about", "for", "during", "within",
                "near", "under", "over", "without", "involving", "against", "of", "where"}
ARTICLES = {"a", "an", "the", "their", "his", "her", "its"}
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")


# Words that reverse a constraint. Left unclaimed they would silently flip the answer ("complaints
# that were not police shootings" was answered as the police shootings, cited and confident), so
# unless a binder claims them ("not sustained", "without a linked occurrence") they are content:
# reported as not applied. Not a negation: "… or not?", "no more/later than" (a bound).
NEGATIONS = {"not", "no", "never", "without", "except", "excluding", "nor", "neither", "non"}
NOT_A_NEGATION = re.compile(
    r"\bor\s+not\b|\b(?:no|not)\s+(?:more|less|fewer|later|earlier|longer|sooner|older|newer)\b",
    re.I)


def content_words(text: str) -> list[re.Match[str]]:
    """Unclaimed words of a masked question that could carry a constraint."""
    out = []
    bounds = [m.span() for m in NOT_A_NEGATION.finditer(text)]
    for m in WORD.finditer(text):
        low = re.sub(r"'s?$", "", m.group(0).lower()).strip("-")
        negation = low in NEGATIONS and not any(a <= m.start() < b for a, b in bounds)
        if MASK in m.group(0) or not low or (low in BOILERPLATE and not negation):
            continue
        if MASK in (text[m.end():m.end() + 1], text[m.start() - 1:m.start()]):
            continue  # "anti-" of a claimed "anti-corruption": part of that word
        if len(low) < 2 and not low.isdigit():
            continue
        out.append(m)
    return out


def unapplied_spans(question: str, text: str) -> list[tuple[int, int]]:
    """Runs of unclaimed content words (joined across boilerplate, never across a claimed span),
    each widened left to the preposition that introduces it ("in district 24")."""
    words = content_words(text)
    runs: list[list[re.Match[str]]] = []
    for m in words:
        if runs and MASK not in text[runs[-1][-1].end():m.start()]:
            runs[-1].append(m)
        else:
            runs.append([m])
    spans = []
    for run in runs:
        start, end = run[0].start(), run[-1].end()
        before = list(WORD.finditer(text[:start]))
        i = len(before) - 1
        while i >= 0 and before[i].group(0).lower() in ARTICLES and \
                MASK not in text[before[i].end():start]:
            i -= 1
        if i >= 0 and before[i].group(0).lower() in PREPOSITIONS and \
                MASK not in text[before[i].end():start]:
            start = before[i].start()
        spans.append((start, end))
    return spans


# The people of a complaint other than the accused, as a question says them, with the word a
# field of theirs is named by ("complainant_race"): a value said of one of them ("Black
# complainants", "the person complaining was Black") describes that person, never the officer.
ROLES = {
    "complainant": r"complainants?|complainers?|(?:the\s+)?(?:persons?|people|individuals?|"
                   r"m[ae]n|wom[ae]n|citizens?|civilians?)\s+(?:who\s+)?(?:complaining|"
                   r"complained|making\s+(?:the|a)\s+complaint|filing\s+(?:the|a)\s+complaint)|"
                   r"members?\s+of\s+(?:the\s+)?public",
    "victim": r"victims?",
    "witness": r"witness(?:es)?",
}
_ROLE = "|".join(f"(?P<{k}>{v})" for k, v in ROLES.items())
# "<value> complainants", "<value> female complainants", "<value> or Hispanic victims"
ROLE_AFTER = re.compile(rf"^(?:\s*(?:,|and|or|&|/)\s*\w+)?(?:[\s-]+(?P<between>\w+))?[\s-]+"
                        rf"(?:{_ROLE})\b", re.I)
# right after it: a capitalised word there is what they were, never a person's name
ROLE_NEXT = re.compile(rf"^[\s-]+(?:{_ROLE})\b", re.I)
# "complainants listed as <value>", "the person complaining was <value>", "victims whose race
# was <value>", "complainant race: <value>"
ROLE_BEFORE = re.compile(
    rf"(?:{_ROLE})(?:'s|s')?\s+(?:(?:who|whose|that|with\s+an?)\s+)?(?:\w+\s+){{0,2}}?"
    r"(?:(?:was|were|is|are|being|listed|identified|recorded|described|classed|given|of|:)\s*)+"
    r"(?:as\s+)?(?:(?:an?|the)\s+)?$", re.I)


# "complaints filed by <value> (<value>) women", "complaints that came from <value> people": who
# brought the complaint, unless the words after say they were officers ("filed by Black officers")
ROLE_BY = re.compile(r"\b(?:filed|made|brought|lodged|submitted|raised|received|c[ao]me|coming)"
                     rf"\s+(?:by|from)\s+(?:(?:an?|the|some)\s+)?(?:[\w{MASK}-]+\s+){{0,2}}?$",
                     re.I)


def said_of_role(text: str, start: int, end: int) -> str | None:
    """The person other than the accused a value at `start:end` is said of ("complainant"), or
    None (said of the records or the officers)."""
    return role_phrase(text, start, end)[0]


def role_phrase(text: str, start: int, end: int) -> tuple[str | None, int, int]:
    """(role, start, end) of the value at `start:end` with the role it is said of ("Black
    complainants", "complainants listed as Black"); (None, start, end) if none."""
    if (m := ROLE_AFTER.match(text[end:])) and not (
            m["between"] and (m["between"].lower() in BOILERPLATE or GROUP_NOUN.match(
                " " + m["between"]))):  # "Black officers hitting witnesses": the officers
        return next(k for k in ROLES if m.group(k)), start, end + m.end()
    offset = max(0, start - 80)
    if m := ROLE_BEFORE.search(text[offset:start]):
        return next(k for k in ROLES if m.group(k)), offset + m.start(), end
    if (m := ROLE_BY.search(text[offset:start])) and said_of_people_by(text, start, end):
        return "complainant", offset + m.start(), end
    return None, start, end


def of_role(field: str, role: str) -> bool:
    """Whether `field` describes that person: its name says the role ("complainant_race")."""
    return role in field.lower().split("_") or field.lower().startswith(role)


def fits_role(text: str, start: int, end: int, field: str) -> bool:
    """Whether the value at `start:end` may bind `field`: one said of a complainant, victim or
    witness only a field of theirs; one said of officers ("Black officers") none of theirs."""
    if role := said_of_role(text, start, end):
        return of_role(field, role)
    if GROUP_NOUN.match(text[end:]) or OFFICER_WORD.search(text[start:end]):
        return not any(of_role(field, r) for r in ROLES)  # "women officers": theirs, not a
    return True  # complainant's


# A value said with the officers it describes inside it ("women officers", "policewomen")
OFFICER_WORD = re.compile(r"\b(?:officers?|police\w*|constables?|cops?)\b", re.I)
# People said after a value ("filed by Black *women*"): who they were, never a person's name
PEOPLE_AFTER = re.compile(r"^[\s-]+(?:(?:and|or)\s+\w+\s+)?(?:\w+\s+)?(?:wom[ae]n|m[ae]n|"
                          r"people|persons|individuals|residents|civilians|citizens|youths?|"
                          r"teenagers|girls|boys)\b", re.I)


def said_of_people_by(text: str, start: int, end: int) -> bool:
    """A value said of the people who brought the records ("complaints filed by Black women"):
    after "filed by", "came from" …, with a word for people after it (or itself one)."""
    return bool(ROLE_BY.search(text[max(0, start - 80):start]) and (
        PEOPLE_AFTER.match(text[end:]) or PEOPLE_AFTER.match(" " + text[start:end])))


def apply_binders(binders: Sequence[Binder], text: str, kinds: list[str],
                  claims: list[Claim], filters: list[FieldFilter]) -> str:
    """Run each binder over the still-unclaimed text; record its claims and filters; mask them.
    A value after "rather than" / "instead of" is what was *not* asked: claimed, not a filter.
    A value said of a complainant, victim or witness binds only a field of theirs: left
    unclaimed otherwise (reported not applied), never bound to the officer's field ("Black
    complainants" is not officer_race)."""
    for binder in binders:
        name = getattr(binder, "name", getattr(binder, "__name__", type(binder).__name__))
        for b in binder(text, kinds):
            if MASK in text[b.start:b.end]:
                continue  # already claimed by an earlier binder
            if b.filter is not None and not fits_role(text, b.start, b.end, b.filter.field):
                continue
            contrast = CONTRAST.search(text[:b.start]) if b.filter is not None else None
            element = f"not {b.element}" if contrast else b.element
            claims.append(Claim(start=b.start, end=b.end, binder=str(name), element=element))
            if b.filter is not None and contrast is None and not any(
                    same_filter(b.filter, f) for f in filters):
                filters.append(b.filter)  # "gift and hospitality": one value said twice
            text = mask(text, b.start, b.end)
            if contrast is not None:
                text = mask(text, contrast.start(), contrast.end())
    return text


def same_filter(a: FieldFilter, b: FieldFilter) -> bool:
    """The same condition, whatever words said it."""
    return (a.kind, a.field, a.op, a.values) == (b.kind, b.field, b.op, b.values)


# "complaints made by staff *rather than* civilians": the value after it is the one not asked
CONTRAST = re.compile(r"\b(?:rather\s+than|instead\s+of|as\s+opposed\s+to)\s+(?:(?:the|an?|by|from)"
                      r"\s+)?$", re.I)


# Where a question puts the person a record accuses: "against the X", "has the X (in Chicago)
# been accused", "where the X is the accused", "name the X as an accused officer". Words there
# that no binder claimed name someone the records do not hold, never a topic to search for.
_M = MASK + r"[" + MASK + r"\s]*"
# (a claimed word between only after an article: "against the Chicago fire chief", never
# "against officer Roger Farias *finally*", where the claimed words are the person)
ACCUSED_BEFORE = re.compile(r"\bagainst\s+(?:the|an?|any)\s+" + MASK + r"+\s+$", re.I)
ACCUSED_AFTER = re.compile(
    r"^(?:\s+(?:in|of|from|at)\s+(?:the\s+)?" + _M + r")?\s*(?:,\s*)?(?:(?:has|have|had)\s+)?"
    r"(?:ever\s+)?(?:been\s+accused|(?:is|was|are|were)\s+(?:ever\s+)?(?:the\s+)?accused|"
    r"as\s+(?:an?\s+|the\s+)?accused)\b", re.I)


# Words after which a capitalised word describes a group of staff ("Latino officers", "Marlhaven
# constables"): a value to look up, never a person's name
GROUP_NOUN = re.compile(r"^'?s?\s+(?:\S+\s+)?(?:officers|staff|cops|personnel|detectives|"
                        r"sergeants|constables|employees|policemen|policewomen)\b", re.I)


def account(plan: QueryPlan, question: str, text: str, narrative: bool) -> QueryPlan:
    """Fill `plan.unapplied` from what is left of `text`. On the narrative path the leftover words
    *are* the narrative predicate, except a person after 'against' that matched nobody."""
    unapplied: list[str] = []
    unresolved: list[str] = []
    leftover: list[str] = []
    for start, end in unapplied_spans(question, text):
        if said_of_role(question, start, end):  # "Black complainants": who it was said of
            _, start, end = role_phrase(question, start, end)
        said = question[start:end].strip()
        leftover.append(said)
        head = said.split()[0].lower()
        if GROUP_NOUN.match(question[end:]):  # "against Ruritanian officers": a kind of officer
            unapplied.append(said)  # the data does not hold, not a person no one matches
        elif head == "against" and len(said.split()) > 1:  # "against the fire chief": no one
            unresolved.append(re.sub(r"^against\s+(?:the\s+)?", "", said, flags=re.I))
        elif ACCUSED_BEFORE.search(text[:start]) or ACCUSED_AFTER.match(text[end:]):
            unresolved.append(re.sub(r"^(?:(?:against|in|of|where|when|the|an?)\s+)+", "", said,
                                     flags=re.I))
        elif not narrative:
            unapplied.append(said)
    return plan.model_copy(update={
        "unapplied": unapplied, "leftover": leftover,
        "unresolved_people": plan.unresolved_people + unresolved})
