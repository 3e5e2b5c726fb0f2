"""Follow-ups: pronouns and ellipsis bound to the previous plan of the conversation.

Why: "how many of his complaints were upheld?" after a question about PC Smith was answered
force-wide. A question that reads as a follow-up (starts "and…", "what about…", "only…", or
says his/her/their/those) keeps every part of the previous plan it does not say itself: a new
date replaces the old one ("and in 2022?"), a new finding narrows ("only the sustained ones").
What was inherited is returned, so the interpretation line shows it — nothing is carried over
silently.
"""

from __future__ import annotations

import re
from datetime import date

from .accounting import BOILERPLATE
from .interpret import PLURAL, period
from .models import QueryPlan

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
              "question", "questions", "ask", "asked"}
SAID_INTENT = ("count cue", "list cue", "profile cue", "describe cue")


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
            or not (FOLLOW_UP.search(plan.question) or _elliptical(plan)):
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
    if shift and previous.periods:
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
    explicit = plan.reasons and any(cue in plan.reasons[0] for cue in SAID_INTENT)
    if not explicit and not plan.compare:
        update.update(intent=previous.intent, group_by=plan.group_by or previous.group_by,
                      limit=plan.limit or previous.limit, compare=previous.compare)
        said.append(f"→ {previous.intent}")
    if not said:
        return plan, []
    same = SAME_PERIOD.search(plan.question) if previous.date_from or previous.date_to else None
    left = [u for u in plan.unapplied
            if {w.lower() for w in re.findall(r"[\w']+", u)} - BACK_WORDS  # "19" is content
            and not (shift and u.lower() in shift.group(0).lower())
            and not (same and u.lower() in same.group(0).lower())]
    if left != plan.unapplied:
        update["unapplied"] = left
    if plan.intent == "describe" and not left and previous.intent != "describe":
        update["topic_text"] = ""  # "narrow that to 2024": nothing left to search text for
        # "what about a recommendation of a suspension longer than thirty days?" read as the
        # previous count: the words it was to search text for are a constraint not applied,
        # never dropped with the search
        back = BACK_WORDS | BOILERPLATE | (
            {w.lower() for w in re.findall(r"[\w']+", shift.group(0))} if shift else set())
        topic = [u for u in plan.leftover
                 if {w.lower() for w in re.findall(r"[\w']+", u)} - back]
        if topic and update.get("intent") == previous.intent:
            update["unapplied"] = topic
    return plan.model_copy(update=update), said


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
