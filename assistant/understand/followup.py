"""Follow-ups: pronouns and ellipsis bound to the previous plan of the conversation.

Why: "how many of his complaints were upheld?" after a question about PC Smith was answered
force-wide. A question that reads as a follow-up (starts "and…", "what about…", "only…", or
says his/her/their/those) keeps every part of the previous plan it does not say itself: a new
date replaces the old one ("and in 2022?"), a new finding narrows ("only the sustained ones").
What was inherited is returned, so the interpretation line shows it — nothing is carried over
silently.

A bare ellipsis ("what about in 2020?", "how did that figure look a year earlier?", "same query
for the 12th district") keeps the previous operation whole — what it counted and how it grouped
(a count of distinct officers stays one, never a ranking of them) — unless it says an operation of
its own; a weak list word ("… that were sustained") or a describe cue said only of the previous
figure is none. A year said beside a shift that disagrees with it wins, and the shift is reported.
With no earlier question to complete it from, `needs_previous` names the words that make it a
follow-up, and the engine says so (`alone`) instead of answering a broader question.
"""

from __future__ import annotations

import re
from datetime import date

from .accounting import BOILERPLATE
from .intent import first_cue
from .interpret import PLURAL, period
from .models import QueryPlan
from .restated import restates

# "that number", "the same figure", "same question", "same again", "the same for": the previous
# question itself, pointed at — a follow-up however the rest is said. Not a verb after "that"
# ("complaints that count as …", "that result in …"), nor "the same number … as" (a comparison)
BACK_REF = re.compile(
    r"\b(?:that|this)\s+(?:number|figure|tally|question|query|breakdown|calculation|"
    r"stat(?:istic)?)s?\b|\b(?:the\s+)?same\s+(?:number|figure|count|total|tally|question|"
    r"query|result|answer|breakdown|calculation|stat(?:istic)?)s?\b(?![^?.!]*\bas\b)|"
    r"\bsame\s+again\b|^\W*(?:and\s+)?(?:the\s+)?same\s+(?:for|with|but)\b", re.I)
# Said first, these make a question a continuation ("what about …", "and in 2020?")
OPENER = re.compile(r"^\W*(?:and|but|what about|how about|what of|same)\b", re.I)
FOLLOW_UP = re.compile(
    r"^\W*(?:and|but|what about|how about|same|only|just|of (?:those|these|them)|those|these|"
    r"them|what of|now|narrow|restrict|limit|filter)\b|\b(?:his|her|hers|him|he|she|their|"
    r"them|they|those|these|the same|that officer|this officer|that person|same again|"
    r"the ones)\b", re.I)
# "how many of them…", "of those, which…": a subset of the previous answer's records
SUBSET = re.compile(r"\b(?:of|among|amongst)\s+(?:them|those|these)\b", re.I)
# "and the year before?", "what was it the previous year?": the previous period, a year back
YEAR_SHIFT = re.compile(
    r"\b(?:the|a)\s+year\s+(?:before|earlier|prior|after|later)\b|"
    r"\b(?:the\s+)?(?:previous|prior|preceding|following)\s+year\b", re.I)
# "same year — how many …": the previous question's period, kept as it was
SAME_PERIOD = re.compile(r"\b(?:the\s+)?same\s+(?:year|month|period|dates?|time\s+frame)\b", re.I)
PERSON_PRONOUN = re.compile(r"\b(?:his|her|hers|him|he|she|their|them|they|that officer|"
                            r"this officer|that person)\b", re.I)
# "those", "of them": the previous answer's records — for a ranking of people, its top person's
SET_PRONOUN = re.compile(r"\b(?:those|these|them)\b", re.I)
# The follow-up asks force-wide again: nobody is inherited.
EVERYONE = re.compile(r"\b(?:force[- ]?wide|everyone|everybody|all (?:officers|staff)|"
                      r"across the force|in total|overall)\b", re.I)
# Words that only point back at the previous question ("narrow *that* to 2024", "same again"):
# they restate it, so they are not constraints left unapplied.
BACK_WORDS = {"narrow", "narrowed", "restrict", "restricted", "limit", "limited", "filter",
              "filtered", "that", "those", "these", "them", "same", "again", "just", "only",
              "ones", "remain", "remaining", "still", "down", "it", "now",
              "question", "questions", "ask", "asked", "number", "figure", "figures", "count",
              "total", "tally", "result", "results", "answer", "query", "what", "how", "about",
              "and", "but", "look", "looks", "instead", "then", "please"}
SAID_INTENT = ("count cue", "list cue", "profile cue", "describe cue")
# What a count counts and how it groups: kept whole when a follow-up inherits the operation
GROUPING = ("group_by", "group_field", "group_field_options", "group_valued", "ascending",
            "count_people", "min_count", "max_count")


def _names_own_kind(plan: QueryPlan) -> bool:
    """"of those allegations": the follow-up names the records it counts right after the
    pronoun, so it keeps its own kind (the previous answer's person and period still carry)."""
    m = SUBSET.search(plan.question)
    words = [w for k in plan.kinds for w in (k.replace("_", " "), PLURAL.get(k, k))]
    return m is not None and bool(words) and re.match(
        rf"\s+(?:{'|'.join(re.escape(w) for w in words)})\b", plan.question[m.end():],
        re.I) is not None


def inherit(plan: QueryPlan, previous: QueryPlan | None) -> tuple[QueryPlan, list[str]]:
    """`plan` completed from `previous` when it is a follow-up; the parts inherited, said."""
    if previous is None or previous.intent == "unanswerable" or plan.intent == "unanswerable" \
            or not (FOLLOW_UP.search(plan.question) or _elliptical(plan)
                    or needs_previous(plan)):
        return plan, []
    update: dict[str, object] = {}
    said: list[str] = []
    officers = [m for m in previous.people if m.role == "officer"]
    if not plan.people and not plan.unresolved_people and not EVERYONE.search(plan.question):
        if officers:  # the person the previous question named
            update["people"] = previous.people
            said += [f"officer = {m.text}" for m in officers]
        elif previous.answer_people and (PERSON_PRONOUN.search(plan.question)
                                         or SET_PRONOUN.search(plan.question)):
            update["people"] = previous.answer_people  # "her": the one the answer put first
            # named with their record id: a name alone may be shared ("Officer" + initials)
            said += [f"officer = {m.text} ({', '.join(m.person_ids)}; first in the previous "
                     "answer)"
                     for m in previous.answer_people]
    if previous.kinds and (not plan.kinds or (SUBSET.search(plan.question) and
                                              plan.kinds != previous.kinds and
                                              not _names_own_kind(plan))):
        # "how many of them involved a domestic violence allegation?": still the previous
        # answer's records, now with an allegation of that kind
        update["kinds"] = previous.kinds
        said.append(" + ".join(PLURAL.get(k, k) for k in previous.kinds))
    shift = YEAR_SHIFT.search(plan.question)
    # a period of its own, not the shift read as a date ("the previous year": a year to today)
    own = [p for p in plan.periods
           if not shift or not _words(p.text) & _words(shift.group(0)) - {"the", "a"}]
    # "the following year, 2021" after 2019: the year said wins; the shift is reported
    clash = [shift.group(0)] if shift and previous.periods and own and \
        not _shifted_to(plan, previous, shift) else []
    if shift and previous.periods and not own:
        step = 1 if re.search(r"after|later|following", shift.group(0), re.I) else -1
        periods = [p.model_copy(update={"date_from": _years(p.date_from, step),
                                        "date_to": _years(p.date_to, step), "text": p.text})
                   for p in previous.periods]
        update.update(periods=periods, date_from=_years(previous.date_from, step),
                      date_to=_years(previous.date_to, step), date_text=shift.group(0))
        said.append(f"{period(previous.date_from, previous.date_to)} moved "
                    f"{'on' if step > 0 else 'back'} a year")
    elif not plan.periods and previous.periods:
        update.update(periods=previous.periods, date_from=previous.date_from,
                      date_to=previous.date_to, date_text=previous.date_text)
        said.append(period(previous.date_from, previous.date_to))
    words = dict(plan.category_words)
    for slot, label in (("categories", "category"), ("findings", "finding"),
                        ("subjects", "subject"), ("references", "record")):
        if not getattr(plan, slot) and getattr(previous, slot):
            update[slot] = getattr(previous, slot)
            said += [f"{label} = {getattr(v, 'value', v)}" for v in getattr(previous, slot)]
            # with the words they were said in: a label said exactly stays that label alone
            # ("unprofessional conduct" → "And the year after?" widened to all of incivility)
            carried = {c: w for c, w in previous.category_words.items()
                       if c in getattr(previous, slot)}
            if carried:
                words.update({c: w for c, w in carried.items() if c not in words})
    if words != plan.category_words:
        update["category_words"] = words
    # the force ("Philadelphia") is claimed by the engine's force binder; "and in 2019?" keeps it
    forces = [c for c in previous.claims if c.element.startswith("force = ")]
    if forces and not any(c.element.startswith("force = ") for c in plan.claims):
        update["claims"] = plan.claims + forces
        said += list(dict.fromkeys(c.element for c in forces))
    fields = {(f.kind, f.field) for f in plan.filters}
    kept = [f for f in previous.filters if (f.kind, f.field) not in fields]
    if kept:
        update["filters"] = kept + plan.filters
        said += [f"{f.field} = {' / '.join(f.values)}" for f in kept]
    if plan.min_people is None and plan.max_people is None and (
            previous.min_people is not None or previous.max_people is not None):
        update.update(min_people=previous.min_people, max_people=previous.max_people)
        said.append("officers named per record")
    if not _says_operation(plan) and not plan.compare:
        update.update(intent=previous.intent, limit=plan.limit or previous.limit,
                      compare=previous.compare, measure=plan.measure or previous.measure)
        if plan.group_by is None:  # what the previous operation counted, kept whole: "how
            # many different officers …" then "and in 2019?" still counts officers, not ranks them
            update.update({k: getattr(previous, k) for k in GROUPING})
        if previous.intent == "describe" and not _own_words(plan, shift):
            update["topic_text"] = previous.topic_text  # the same search, in the new scope
        said.append(f"→ {previous.intent}" + (f" per {previous.group_by}" if previous.group_by
                                              and plan.group_by is None else ""))
    if not said:
        return plan, []
    same = SAME_PERIOD.search(plan.question) if previous.date_from or previous.date_to else None
    said_back = BACK_WORDS | _words(shift.group(0) if shift else "") | _words(
        same.group(0) if same else "")
    # "those shootings" after a police-shooting flag was applied: the inherited filter's field
    said_back |= {w for u in plan.unapplied for w in _words(u) if restates(w, kept)}
    left = [u for u in plan.unapplied if _words(u) - said_back] + clash  # "19" is content
    if left != plan.unapplied:
        update["unapplied"] = left
    if plan.intent == "describe" and not left and update.get("intent") not in (None,
                                                                               "describe"):
        update["topic_text"] = ""  # "narrow that to 2024": nothing left to search text for
        # "what about a recommendation of a suspension longer than thirty days?" read as the
        # previous count: the words it was to search text for are a constraint not applied,
        # never dropped with the search
        topic = [u for u in plan.leftover if _words(u) - said_back - BOILERPLATE]
        if topic and update.get("intent") == previous.intent:
            update["unapplied"] = topic
    return plan.model_copy(update=update), said


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w']+", text)}


def _own_words(plan: QueryPlan, shift: re.Match[str] | None) -> bool:
    """True when the follow-up leaves words of its own to search for ("and the ones that
    mention a taser"), not only words pointing back ("how does that number look …")."""
    back = BACK_WORDS | BOILERPLATE | _words(shift.group(0) if shift else "")
    return any(_words(u) - back for u in plan.leftover)


def _says_operation(plan: QueryPlan) -> bool:
    """The follow-up says its own operation ("how many …", "list them", "describe …"): a weak
    list cue ("… that were sustained", "any …") or a free-text topic is no operation said."""
    first = plan.reasons[0] if plan.reasons else ""
    if not any(cue in first for cue in SAID_INTENT):
        return False
    if "describe cue" in first and BACK_REF.search(plan.question) and not _own_words(
            plan, YEAR_SHIFT.search(plan.question)):
        return False  # "how did that figure look …": the figure asked again, not a search
    weak = re.search(r"list cue '(.+)'", first)
    return not (weak and first_cue("weak_list", weak.group(1)) == weak.group(1)
                and first_cue("list", weak.group(1)) is None)


def _shifted_to(plan: QueryPlan, previous: QueryPlan, shift: re.Match[str]) -> bool:
    """The year said agrees with the shift said beside it ("the following year, 2020")."""
    step = 1 if re.search(r"after|later|following", shift.group(0), re.I) else -1
    return (plan.date_from, plan.date_to) == (_years(previous.date_from, step),
                                              _years(previous.date_to, step))


def _elliptical(plan: QueryPlan) -> bool:
    """"How many per year?", "and in 2019?": a question naming nothing of its own to count
    (no record kind, person, value or record) continues the conversation."""
    return not (plan.kinds or plan.people or plan.unresolved_people or plan.categories or
                plan.findings or plan.filters or plan.references or plan.subjects or
                plan.compare) and plan.intent in ("count", "list")


def _years(day: date | None, step: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + step)
    except ValueError:  # 29 February
        return day.replace(year=day.year + step, day=28)


def needs_previous(plan: QueryPlan) -> str | None:
    """The words that make `plan` a follow-up it cannot be without ("what about in 2020?", "the
    year after?", "that number", "and of those, …"), for when there is no earlier question to
    complete it from: read alone it would answer a broader question than the one asked."""
    q = plan.question
    if m := BACK_REF.search(q):
        return m.group(0).strip()
    if (m := YEAR_SHIFT.search(q)) and not plan.periods:
        return m.group(0)
    if (m := OPENER.match(q)) and (not plan.kinds or SUBSET.search(q)):
        return m.group(0).strip(" \t\n,.;:-—–")
    return None


def alone(cue: str, conversation_id: str | None, previous: QueryPlan | None) -> str:
    """What is said instead of an answer when a follow-up has nothing to follow."""
    where = ("it was asked outside a conversation" if conversation_id is None else
             "this conversation has no earlier question of yours (or it has expired)"
             if previous is None else "the earlier question left nothing it could keep")
    return (f"This reads as a follow-up (‘{cue}’): it changes part of an earlier question, but "
            f"{where}, so there is nothing to take the rest from. Nothing is answered in its "
            "place, as read alone it would answer a broader question than the one meant: ask "
            "it in full, or in the conversation it follows.")
