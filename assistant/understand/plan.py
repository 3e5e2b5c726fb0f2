"""`understand(question, today, directory) -> QueryPlan`: the whole pipeline, deterministic.

1. people with identifiers or ranks (before dates, so "collar 2023" is not a year)
2. dates and ranges, relative to `today`
3. bare names and possessives (after dates, so "since March" is not a name)
4. unanswerable? (opinion / prediction / personal data not held / off-topic)
5. categories, findings, record kinds (each masked so later tables don't re-read it)
6. grouping, limits, thresholds; compare targets; intent
7. topic_text: the question minus people, dates and boilerplate, for semantic search
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Literal, cast, get_args

from .accounting import BOILERPLATE, WORD, Binder, account, apply_binders, content_words
from .ages import apply_ages, said_ages
from .aggregate import measure
from .alternatives import Alternatives, alternatives
from .born import PEOPLE_ASKED, births
from .breakdown import (
    BREAK_VERB,
    breakdown,
    examples_of_groups,
    said_as_breakdown,
    type_field,
    type_of_other,
    values_asked,
)
from .comparing import compare_people_or_periods, compare_values, other_values
from .counted_once import counted_once
from .date_fields import field_periods
from .dates import DateSpan, find_dates
from .directory import PeopleDirectory
from .each_period import per_person_unapplied
from .fields import (
    ALL_KINDS,
    FIELD_NAMES,
    each_last_field,
    field_group,
    field_stems_of,
    field_words_said,
    final_apart,
    held_fields,
    last_word_fields,
    mask_final,
    only_kind,
    presence,
    ranked_fields,
)
from .finality import finality
from .incident import INCIDENT_FIELD, incident_periods
from .intent import CHANGE_CUE, COMPARE_CUE, GROUP_BY, detect_intent, shape, unanswerable_reason
from .lexicon import (
    KIND_TABLE,
    NON_NARRATIVE_KINDS,
    NUMBER_WORDS,
    STOPWORDS,
    Hit,
    PhraseTable,
    mask,
    mask_all,
)
from .listed_values import listed_values
from .models import (
    Claim,
    CompareItem,
    FieldFilter,
    GroupBy,
    Intent,
    Kind,
    Period,
    PersonMention,
    QueryPlan,
)
from .numeric import NumericBinder
from .people import NAME_STOP, Found, find_bare, find_explicit, given_in_brackets
from .period_gaps import unexecuted
from .references import find_references
from .restated import PUBLIC, InvestigationBinder, restated, unheld_public
from .shapes import (
    FEWEST,
    FILTER_PHRASING,
    NARRATIVE_CUE,
    SHAPE_WORD,
    SYSTEM_NAME,
    counted_first,
    counts_people,
    existence_words,
    people_per_group,
    people_per_record,
    record_condition,
    year_adjectives,
)
from .superlative import RANK_WORDS, SUPERLATIVE, ranking
from .taxonomy import FINDING_TABLE
from .topic import EXTRA_STOP, clean_topic
from .vocabulary import findings_as_values, values_not_people, vocabulary
from .weekdays import said_weekdays

GROUP_TABLE = PhraseTable(GROUP_BY)
STAFF_VERBS = re.compile(r"\b(?:holding|holds?|held|serving|posted|stationed|based|working|"
                         r"works?|employed)\b", re.I)
GO_OFF = re.compile(r"\b(?:go|goes|going|gone)\b(?=\s+off\b)", re.I)
HOW_MANY_SAID = re.compile(r"\bhow\s+many\b|\bwhat\s+number\b|\bnumber\s+of\b", re.I)
# "complaint allegations": allegations (of complaints), not complaints and allegations
COMPLAINT_ALLEGATIONS = re.compile(r"\bcomplaint\s+allegations?\b", re.I)
COMPARE_WORDS = {"counts", "count", "numbers", "number", "totals", "total", "figures", "against",
                 "larger", "how", "their", "its", "one", "each", "other", "with"}
ACCESS_WORDS = re.compile(r"\b(?:events?|use|usage|activity|accesses|look-?ups?|lookups|checks?|"
                          r"enquir(?:y|ies)|quer(?:y|ies)|(?:police\s+)?systems?|audit)\b", re.I)
CODED = re.compile(r"\b(?:coded|recorded|logged|filed)\s+(?:as|under)\b", re.I)
FINDING_FIELDS = ("finding", "outcome")
DECIDED = re.compile(r"\b(?:found|ruled|judged|deemed|decided|determined|concluded|currently|"
                     r"right now|at present|presently|still|remain(?:s|ing)?|yet)\b", re.I)
# A question about the staff list itself (no record kind named): "how many staff work at
# Quayside?", "who is stationed at Carrow Bay?", "what's the headcount at …".
STAFF = re.compile(r"\b(?:staff|workforce|headcount|employees|personnel|members? of staff|"
                   r"works?|working|stationed|posted|based)\b(?=.{0,40}\b(?:at|in|to)\b)"
                   r"|\b(?:headcount|workforce)\b", re.I)
# The words of a comparison or change cue; anything else inside a cue's span is a constraint.
CUE_WORDS = {"compare", "compared", "comparing", "comparison", "vs", "versus", "difference",
             "split", "splits", "divided", "divide", "divides", "between",
             "differ", "differs", "differed", "different", "more", "fewer", "less",
             "higher", "lower", "greater", "bigger", "smaller", "worse", "better", "than", "or",
             "who", "which", "most", "fewest", "increase", "increased", "increases", "decrease",
             "decreased", "decreases", "rise", "rose", "risen", "fall", "fell", "fallen", "drop",
             "dropped", "go", "gone", "went", "up", "down", "change", "changed", "changes",
             "grow", "grew", "grown", "were", "was", "did", "do", "does", "is", "are", "has",
             "have", "had", "there", "receive", "received", "get", "got",
             # "set X and Y side by side", "which district, 18 or 15, drew more"
             "set", "put", "place", "lay", "side", "by", "drew", "draw", "draws", "saw", "see"}
# "complaints that mention PC Smith", "intel reports referring to DS Jones": a free-text mention
# of the named staff, not a record about them (person_ref role `mentioned`).
MENTIONS_PERSON = re.compile(r"\b(?:mention(?:s|ed|ing)?|refer(?:s|red|ring)? to|"
                             r"references? to|names? (?:check|drop)\w*)\b", re.I)
# The user's own instruction, not a search in the logs: "Look up PC Smith", "Search for …".
IMPERATIVE = re.compile(r"^\W*(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
                        r"(?:look\s+up|search(?:\s+for)?|check|find)\b", re.I)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-",
                         "—": "-"})


MENTION_VERB = re.compile(r"mention\w*|nam(?:e|es|ed|ing)|refer(?:s|red|ring)?|cit(?:e|es|ed|ing)",
                          re.IGNORECASE)




def _mention(f: Found) -> PersonMention:
    return PersonMention(text=f.text, start=f.start, end=f.end, person_ids=f.ids,
                         ambiguous=len(f.ids) > 1, method=f.method, rank=f.rank, role=f.role,
                         score=f.score)


def _union(spans: list[DateSpan]) -> tuple[date | None, date | None]:
    """The span covering every period said; but an open start and an open end said together
    ("since 2015 but before 2018", "after 2016 and before 2019") bound one period: both apply."""
    starts, ends = [s.start for s in spans], [s.end for s in spans]
    if None in starts and any(s.rule in OPEN_END for s in spans):
        first = max((d for d in starts if d), default=None)
        last = min((d for d in ends if d), default=None)
        if first is None or last is None or first <= last:
            return first, last
    return (None if None in starts else min(d for d in starts if d),
            None if None in ends else max(d for d in ends if d))


OPEN_END = ("since", "after", "since_calendar")  # rules whose period runs on to today (or on)


def understand(question: str, today: date, directory: PeopleDirectory,
               binders: Sequence[Binder] = (), default_kinds: Sequence[str] = ()) -> QueryPlan:
    """The plan for `question`. `binders` (the data's catalogue, force names, joins…) claim
    spans after the built-in vocabulary; whatever no one claims ends up in `plan.unapplied`.
    `default_kinds`: the record kinds a question that names none is about (a follow-up's: the
    previous question's), for reading the data's values."""
    q = given_in_brackets(question.translate(_QUOTES), directory)
    references, text = find_references(q)
    explicit, text = find_explicit(text, directory)
    born = [(b.start, b.end) for b in births(text)]  # "born in 1985": not a date of the records
    undated = text
    spans, text = find_dates(mask_all(text, born), today)
    spans = sorted(spans + year_adjectives(text), key=lambda d: d.pos)
    spans, incident = incident_periods(q, spans)
    spans, on_fields = field_periods(q, spans, binders)  # "closed in 2021": another date held
    incident += [s for _, s in on_fields]
    text = mask_all(text, [s.pos for s in spans + incident])
    for a, b in born:  # left for the store's birth field to bind (or to be reported unapplied)
        text = text[:a] + undated[a:b] + text[b:]
    bare, text = find_bare(text, directory, bool(COMPARE_CUE.search(q)))
    bare, text = values_not_people(bare, text, q, binders)
    explicit, text = values_not_people(explicit, text, q, binders)  # "Inspector General"
    if m := IMPERATIVE.match(text):
        text = mask(text, m.start(), m.end())
    if final_apart(binders):  # "final finding": the finding, where the data keeps it apart
        text = mask_final(text, binders)
    text_pd = text  # people and dates masked: what intent and shape read
    found = sorted(explicit + bare, key=lambda f: f.start)

    people, unresolved, subjects, reasons = _people(found)
    once = counted_once(text_pd)  # "each officer counted once": read, never a grouping
    if once.spans:
        text = text_pd = mask_all(text_pd, once.spans)
        reasons.append("each counted once" + (": a count of distinct officers" if once.people
                                              else " (as every count here is)"))
    reasons += [f"date '{s.text}' → {s.start or '…'} to {s.end or '…'}" for s in spans]
    category_words: dict[str, str] = {}
    # A category label the data holds, said exactly, that the built-in taxonomy would fold with
    # other stored labels ("Firearm Discharge-Fatal" → every "firearm discharge") is the more
    # specific constraint: the catalogue binds it later; the taxonomy must not broaden it.
    # (read against the kinds the question names: "allegations still pending" is no complaint's
    # status "Pending Investigation")
    named_kinds = [h.key for h in KIND_TABLE.find(text) if h.key]
    if not {"complaint", "allegation"} & set(named_kinds):
        named_kinds.append("complaint")  # the default kind ("disciplinary" may be an outcome)
    specific = [span for b in binders if (find := getattr(b, "specific_spans", None))
                for span in find(text, named_kinds)]

    def held(masked: str, kind: str) -> list[tuple[int, int]]:
        return [span for b in binders if (find := getattr(b, "value_spans", None))
                for span in find(masked, [kind])]

    # A value the data holds in a field the built-in finding table does not read ("under
    # investigation" is a complaint *status* here, not a finding): the data's own field wins.
    specific += [(bd.start, bd.end) for b in binders if getattr(b, "value_spans", None)
                 for bd in b(text, list(default_kinds) or ["complaint"])
                 if bd.filter is not None and bd.filter.field not in FINDING_FIELDS
                 and FINDING_TABLE.find(text[bd.start:bd.end])]

    # "exported from the Intel DB", "injury on duty sickness absences": a value of one kind's
    # field (the audit log's system, an absence's reason) that contains another kind's name
    # ("Intel", "on duty") is that value, not the other kind — when said as a name (every word
    # capitalised, mid-question) or when its own kind is named elsewhere in the question. Only
    # the kind is held back: a category word in it is still read ("sexual misconduct").
    hits = [h for h in KIND_TABLE.find(text) if h.key]
    not_kinds = [(bd.start, bd.end, bd.filter.kind) for b in binders if getattr(b, "value_spans", None)
                 for bd in b(text, ALL_KINDS) if bd.filter is not None
                 and any(_value_holds_kind_word(text, bd.start, bd.end, bd.filter.kind, h, hits)
                         for h in hits)]
    categories, findings, kinds, text = vocabulary(text, reasons, category_words, specific, held,
                                                   not_kinds)
    if not kinds and not categories and not findings and STAFF.search(text_pd):
        kinds.append("person")  # "how many staff work at Quayside?": the staff records
        reasons.append("staff / headcount / posted at → record kind person (the staff list)")
        text = mask_all(text, [m.span() for m in STAFF.finditer(text)])
    elif not kinds and not categories and not findings and not explicit and \
            (only := only_kind(text, binders)):
        kinds.append(only)  # "how many sergeants?", "ANPR checks": a value one kind alone holds
        reasons.append(f"a value only {only} records hold (rank, system…) → record kind {only}")
    if born and not kinds and not categories and not findings and (
            counts_people(text_pd) or PEOPLE_ASKED.search(text_pd)):
        kinds.append("person")  # "how many officers were born before 1970?": the staff list
        reasons.append("people counted by their year of birth → record kind person")
    numeric = [b for b in binders if isinstance(b, NumericBinder)]
    if not kinds and not categories and not findings and numeric and \
            len(measured_kinds := {k for b in numeric for k in b.kinds_of(text)}) == 1:
        kinds.append(measured_kinds.pop())  # "how many claims were over 6 hours": the kind measured
        reasons.append(f"a measure only {kinds[0]} records hold → record kind {kinds[0]}")
    text = mask_all(text, counted_first(text_pd, kinds, reasons, text))
    if sorted(kinds[:2]) == ["allegation", "complaint"] and COMPLAINT_ALLEGATIONS.search(q):
        kinds.remove("complaint")
        reasons.append("'complaint allegations' → record kind allegation")
    if "system_access" in kinds:  # "PNC searches": the kind, and also a value of `system`
        for m in SYSTEM_NAME.finditer(q):
            text = text[:m.start()] + q[m.start():m.end()] + text[m.end():]
    said_measure = measure(text_pd, kinds or list(default_kinds), numeric)
    if said_measure is not None:  # "total overtime hours", "average days to closure"
        m_ = said_measure.measure
        if not kinds:
            kinds.append(m_.kind)
        text = mask_all(text, said_measure.spans)
        reasons.append(f"'{m_.text}' → {m_.op} of {m_.field} ({m_.kind})")
    group_by, group_spans, text = _grouping(text_pd, text, reasons)
    weekdays, weekday_spans, weekday_said = said_weekdays(text)
    if weekdays:  # "received at the weekend": the days of the week of the record's own date
        text = mask_all(text, weekday_spans)
        reasons.append(f"'{weekday_said}' → day of the week {weekdays} of the record's date")
    group_field, explicit_group, group_valued = None, False, False
    group_options: list[str] = []  # fields a ranked word could mean (`fields.ranked_fields`)
    # a finding said ("the sustained allegations") holds the finding to one value: a grouping
    # said in words that could also mean it is another field's ("by disciplinary finding")
    if group_by in (None, "category") and (by := field_group(
            text_pd, kinds, binders, {"finding"} if findings else set())):
        group_field, span, kind = by
        # "tally them per kind of discipline": a kind's word inside the grouping names the
        # field grouped ("discipline": the outcome), not the records counted
        # ... unless the kind is also said outside it ("break the allegations … down by
        # allegation type": allegations are counted)
        kind_words = KIND_TABLE.find(text_pd)
        inside = [h.key for h in kind_words if h.key in kinds and span[0] <= h.start and
                  h.end <= span[1] and all(o.key != h.key for o in kind_words
                                           if o.end <= span[0] or o.start >= span[1])]
        if inside and len(kinds) > len(inside) and (again := field_group(
                text_pd, [k for k in kinds if k not in inside], binders,
                {"finding"} if findings else set())) and again[1] == span:
            kinds[:] = [k for k in kinds if k not in inside]
            group_field, span, kind = by = again
            reasons.append(f"'{text_pd[span[0]:span[1]].strip()}' names the field grouped, not "
                           "a record kind")
        if len(options := last_word_fields(text_pd[span[0]:span[1]].split()[-1].lower(), kind,
                                           binders)) > 1:
            group_options = options  # "by reason": the one the asked records hold (service)
        if not kinds:
            kinds.append(kind)  # "how many staff of each rank": the kind holding the field
        group_by = group_field if group_field in get_args(GroupBy) else "field"
        group_field = None if group_by != "field" else group_field
        group_spans.append(span)
        text = mask(text, *span)
        reasons.append(f"group by the field {by[0]}")
        explicit_group = said_as_breakdown(text_pd)
    elif (group_by is None or (group_by == "category" and (
            not group_spans or type_of_other(text_pd)))) and \
            (said := breakdown(text_pd, kinds or list(default_kinds) or ["complaint"], binders)):
        # "break … down by their current status", "in each case status", "the district
        # breakdown of", "of each kind"; a noun nothing holds stays unapplied (never another field)
        group_by, group_field, explicit_group = said.group_by, said.group_field, True
        group_spans += said.spans
        text = mask_all(text, said.spans)
        if group_by is None:
            text = mask_all(text, [m.span() for m in BREAK_VERB.finditer(text)])
        reasons.append(f"breakdown by '{said.noun}' → "
                       f"{group_field or group_by or 'nothing the data holds'}")
    elif group_by is None and (asked := values_asked(
            text_pd, kinds or list(default_kinds) or ["complaint"], binders)):
        # "what were the findings on …", "how did the allegations come out": a count per value
        group_by, group_field, explicit_group = asked.group_by, asked.group_field, True
        if asked.counted in kinds:  # "… how did the allegations come out": allegations counted
            kinds.insert(0, kinds.pop(kinds.index(asked.counted)))
        group_spans += asked.spans
        text = mask_all(text, asked.spans)
        reasons.append(f"the values of '{asked.noun}' asked → a count per "
                       f"{group_field or group_by}")
    elif group_by is None and (last := each_last_field(text_pd, kinds, binders)):
        # "which agencies did they refer them to, and how many went to each?": the field named
        # before the "each"
        group_field, each_spans, kind = last
        if not kinds:
            kinds.append(kind)
        group_by = group_field if group_field in get_args(GroupBy) else "field"
        group_field = None if group_by != "field" else group_field
        group_spans += each_spans
        text = mask_all(text, each_spans)
        group_valued = True  # "which agencies were they referred to": those with one
        reasons.append(f"'… how many … each': a breakdown by the field {last[0]} its words name")
    if group_by == "field" and group_field:
        # "the complaints that were referred elsewhere, by agency", "refer … to": the grouped
        # field's own words said again (never inside a value the data holds) bind to the
        # breakdown, and count only records holding a value (the answer says how many have none)
        values = [v for k in kinds or list(default_kinds) or ["complaint"] for v in held(text, k)]
        nouns = [stem for a, b in group_spans for stem in field_stems_of(text_pd[a:b])]
        own = [(a, b) for a, b in field_words_said(text, group_field, nouns)
               if not any(x < b and a < y for x, y in values)]
        if own:
            group_valued = True
            text = mask_all(text, own)
            reasons.append(f"'{text_pd[own[0][0]:own[0][1]]}': only records with a "
                           f"{group_field.replace('_', ' ')}")
    if group_by and said_as_breakdown(text_pd):  # "Split … by district": the verb is read too
        text = mask_all(text, [m.span() for m in BREAK_VERB.finditer(text)])
    if group_by == "category" and kinds and (typed := type_field(kinds[0], binders)):
        # "absences of each sort", "declarations by type": the kind's own type field (its
        # category), not the complaint taxonomy (which counted only the sick absences)
        group_by, group_field = "field", typed
        reasons.append(f"a {kinds[0]}'s type is its {typed}")
    # a comparison on a numeric field ("claims where the hours were more than 6") is the
    # field's filter (bound below), never a count threshold per officer
    measured = [span for b in numeric
                for span in b.spans(text, kinds or list(default_kinds) or ["complaint"])
                + b.measures(text)]
    aged = said_ages(text)  # "made by someone under 18": an age, never a count threshold
    unmeasured = mask_all(text_pd, measured + [(a.start, a.end) for a in aged])
    limit, min_count, max_count, shape_spans = shape(unmeasured)
    fewest_first = False
    said_fields = ranked_fields(kinds, binders, q) if not group_by and \
        SUPERLATIVE.search(unmeasured) else None  # the data's fields, read only for a superlative
    if min_count is None and max_count is None and (ranked := ranking(
            unmeasured, said_fields)) is not None and \
            (group_by is None or ranked.group_by == group_by):
        if ranked.group_by.startswith("field:"):  # "which reason is given most often"
            _, kind, name = ranked.group_by.split(":")
            name, *others = name.split("|")
            group_options = [name, *others] if others else []
            if not kinds:
                kinds.append(kind)  # the kind holding the field ranked
            ranked.group_by = name if name in get_args(GroupBy) else "field"
            group_field = None if ranked.group_by != "field" else name
            reasons.append(f"a ranking of the values of the field {name} ({kind})")
        # "who topped the PPD for number of complaints", "the beat with the highest number",
        # "which two officers were accused most" (the number ranked, when the table had the noun)
        # "what category comes up most": one, as "which officer has the most" (ties named)
        # ("which day of the week": one day, as "which month")
        # ("which PPD officer": words saying which officers may come before the singular noun)
        one = group_by is None or any(re.fullmatch(r"(?:which|what)\s+(?:[\w.'-]+\s+){0,2}?\w*[^s\W]"
                                                   r"(?:\s+of\s+(?:the\s+)?week)?",
                                                   text_pd[a:b], re.I) for a, b in group_spans)
        limit = limit or ranked.limit or (1 if one and not ranked.whole else None)
        group_by, fewest_first = ranked.group_by, ranked.ascending
        group_spans = group_spans + ranked.spans
        text = mask_all(text, ranked.spans)
        reasons.append(f"a ranking of {group_by} (top {limit}"
                       f"{', fewest first' if ranked.ascending else ''})")
    if group_by is not None:  # "number of", "(include ties)", "than anyone else": the ranking's
        text = mask_all(text, [m.span() for m in RANK_WORDS.finditer(text)])
    per_group_people = people_per_group(text_pd) if group_by not in (None, "person") else []
    per_group_people += once.spans if once.people and group_by not in (None, "person") else []
    if per_group_people:  # "the unit with the most different officers": people, each once
        text = mask_all(text, per_group_people)
        reasons.append(f"distinct officers counted per {group_by}")
    people_range, people_spans = people_per_record(text_pd, min_count, max_count, shape_spans)
    if people_spans:  # "complaints that named three or more officers": per complaint
        min_count = max_count = None
        shape_spans = [s for s in shape_spans if s not in people_spans] + people_spans
        reasons.append(f"distinct officers per record {people_range}")
    if record_condition(text_pd, min_count, max_count, shape_spans):
        min_count = None  # "complaints with at least one sustained finding": per complaint
        reasons.append("'at least one' finding/allegation: a condition on each record")
    if group_by is None and min_count is None and max_count is None and not people_spans and \
            (counts_people(text_pd) or once.people) \
            and (categories or findings or set(kinds) - {"person"} or specific):
        group_by, min_count = "person", 1
        reasons.append("'how many officers': the number of officers with at least one record")
    if group_by is None and min_count is None and max_count is None and once.people and \
            HOW_MANY_SAID.search(text_pd):
        # "every officer counted once: what number received …": the officers, whatever filter
        group_by, min_count = "person", 1
        reasons.append("each officer counted once: the number of officers with such a record")
    if group_by is None and (min_count is not None or max_count is not None):
        group_by = "person"  # "anyone with more than 3 complaints": a threshold per officer
        reasons.append("group by person (a count threshold applies per officer)")
    text = mask_all(text, shape_spans)
    for name, value in (("limit", limit), ("min_count", min_count), ("max_count", max_count)):
        if value is not None:
            reasons.append(f"{name} {value}")
    low = FEWEST.search(text) if group_by else None
    ascending = fewest_first or bool(low)
    if ascending and low:
        text = mask(text, low.start(), low.end())
        reasons.append("ranked fewest first")
    claims: list[Claim] = []
    filters: list[FieldFilter] = []
    text = apply_binders(binders, text, kinds or list(default_kinds) or ["complaint"], claims,
                         filters)
    text = apply_binders([InvestigationBinder(binders)], text,  # "currently investigating"
                         kinds or list(default_kinds) or ["complaint"], claims, filters)
    text, unheld_ages = apply_ages(aged, text, kinds or list(default_kinds) or ["complaint"],
                                   binders, claims, filters, reasons)
    for f, spans_said in presence(text, kinds or list(default_kinds) or ["complaint"],
                                   binders, filters):
        filters.append(f)  # "allegations with a finding recorded", "without an outcome"
        text = mask_all(text, spans_said)
        reasons.append(f"'{f.text}' → {f.kind} {f.field} {f.op}")
    for f, span in finality(text, q, kinds or list(default_kinds) or ["complaint"], binders,
                            filters):  # "that have reached a final finding": one is recorded
        if f not in filters and not any(g.field == "status" for g in filters):
            filters.append(f)  # ("finalised as Case Final": the status said says it)
            reasons.append(f"'{f.text}' → only {f.kind}s whose {f.field} is recorded")
        text = mask(text, *span)
    for kind, (start, end) in modifier_kinds(text_pd, kinds, filters):
        # "intelligence database results exported": the audit log's records (the head noun,
        # whose field bound); "intelligence" only qualifies them, so no intelligence reports
        # are counted too: the word is left for the account (said unapplied unless bound)
        kinds.remove(kind)
        text = text[:start] + q[start:end] + text[end:]
        reasons.append(f"'{q[start:end]}' qualifies the {kinds[0]} records whose fields bound: "
                       f"not {kind} records")
    if categories and CODED.search(text):  # "allegations *coded as* use of force"
        text = mask_all(text, [m.span() for m in CODED.finditer(text)])
    if findings or group_by == "finding" or \
            any(f.field in (*FINDING_FIELDS, "status") for f in filters):
        # "found upheld", "currently under investigation": the verb or time of the finding or
        # status just bound, not another constraint
        text = mask_all(text, [m.span() for m in DECIDED.finditer(text)])
    for f in filters:  # "whose *status* is 'under investigation'": the field of a bound value
        name = "|".join([r"\s+".join(f.field.split("_")), *FIELD_NAMES.get(f.field, ())])
        text = mask_all(text, [m.span() for m in
                               re.finditer(rf"\b(?:{name})(?:es|s)?\b", text, re.I)])
    text = mask_all(text, restated(text, filters))  # "open", "shootings", "flag set"
    if public := unheld_public(text, kinds or list(default_kinds) or ["complaint"], binders):
        unheld_ages += public  # "from members of the public": who complained, not held
        text = mask_all(text, [m.span() for m in PUBLIC.finditer(text)])
    # "did staff *go* off sick": the verb of "off sick", not a constraint
    text = mask_all(text, [m.span() for m in GO_OFF.finditer(text)])
    if kinds == ["person"] and filters:  # "staff *holding* the rank of", "*posted* to"
        text = mask_all(text, [m.span() for m in STAFF_VERBS.finditer(text)])
    reasons += [f"'{q[c.start:c.end]}' → {c.element} ({c.binder})" for c in claims]
    ambiguous = [said for b in numeric
                 for said in b.ambiguous(text, kinds or list(default_kinds) or ["complaint"])]
    reasons += [f"'{note}': either field could be meant, neither applied" for _, note in ambiguous]
    # Only the cue's own words are claimed, word by word: a qualifier between them ("more
    # complaints *on a rainy day* in 2018 or 2019") is still reported unapplied.
    for rx in (COMPARE_CUE, CHANGE_CUE):
        for m in list(rx.finditer(text)):
            text = mask_all(text, [(m.start() + w.start(), m.start() + w.end())
                                   for w in re.finditer(r"[\w'-]+", m.group(0))
                                   if w.group(0).lower() in CUE_WORDS or not
                                   content_words(w.group(0))])

    officers = [m for m in people if m.role == "officer"]
    person_role = "mentioned" if officers and MENTIONS_PERSON.search(text_pd) else "subject"
    if person_role == "mentioned":
        reasons.append("'mention(s)' of named staff → records whose text mentions them")
        text = mask_all(text, [m.span() for m in MENTIONS_PERSON.finditer(text)])
    for f, span in other_values(text_pd, text, filters, kinds or list(default_kinds) or
                                ["complaint"], binders):
        filters.append(f)  # "the 9th district or *the 12th*": the field's other value
        claims.append(Claim(start=span[0], end=span[1], binder="compare",
                            element=f"{f.field} = {' / '.join(f.values)}"))
        text = mask(text, *span)
        reasons.append(f"'{f.text}' → {f.field} = {f.values} (the compared field's other value)")
    for f, span in listed_values(text_pd, text, kinds or list(default_kinds) or ["complaint"],
                                 binders):
        filters.append(f)  # "which district, 18 or 15, drew more": the noun said apart
        claims.append(Claim(start=span[0], end=span[1], binder="compare",
                            element=f"{f.field} = {' / '.join(f.values)}"))
        text = mask(text, *span)
        reasons.append(f"'{f.text}' → {f.field} = {f.values} (a listed value compared)")
    compare = compare_people_or_periods(text_pd, officers, unresolved, categories, spans) or \
        compare_values(text_pd, categories, filters)
    compared = [c.filter for c in compare if c.filter is not None]
    filters = [f for f in filters if f not in compared]
    either = _alternatives(q, claims, filters, categories, category_words, kinds, compare,
                           reasons)
    filters, categories = either.filters, either.categories
    if compare:  # "… — which was higher?": the comparison's own words, wherever said
        text = mask_all(text, [w.span() for w in re.finditer(r"[\w'-]+", text)
                               if w.group(0).lower() in CUE_WORDS | COMPARE_WORDS])
    if "system_access" in kinds:  # "PNC events", "ANPR use": the audit records themselves
        text = mask_all(text, [m.span() for m in ACCESS_WORDS.finditer(text)])
    if group_by == "finding" and findings and examples_of_groups(text_pd):
        # "by finding — sustained, not sustained and so on": the groups' names, not a filter
        reasons.append(f"findings {findings} said as examples of the groups, not a filter")
        findings = []
    findings, filters = findings_as_values(findings, filters, binders)
    if kinds or categories or filters:  # "did the PPD log a single …": yes/no with the count
        text = mask_all(text, existence_words(text_pd))
    if bad := unanswerable_reason(text_pd):
        intent, why = "unanswerable", f"{bad[0]} ('{bad[1]}')"
    elif compare:
        intent, why = "compare", f"{len(compare)} {compare[0].type} items to compare"
        group_by = None  # "who has more, X or Y" names its groups itself
    else:
        topic_words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", text)
                       if w.lower() not in NAME_STOP | STOPWORDS | EXTRA_STOP and len(w) > 2]
        intent, why = detect_intent(
            text_pd, has_person=bool(officers or unresolved),
            has_filters=bool(kinds or categories or findings or spans or weekdays),
            topic_words=topic_words,
            group_by=group_by)
        if intent == "describe" and kinds and (officers or unresolved) and topic_words and \
                all(MENTION_VERB.fullmatch(w) for w in topic_words):
            # "Which documents mention PC X?": the records that name them, not a text search
            intent, why = "list", f"{why}, but it asks only which records name the person"
        elif intent == "describe" and why.startswith("free-text") and kinds and \
                set(kinds) <= NON_NARRATIVE_KINDS:
            intent, why = "list", f"{why}, but {'/'.join(kinds)} records have no narrative"
        elif intent == "describe" and not content_words(text) and not SHAPE_WORD.search(text_pd) \
                and \
                (why.startswith("free-text") or FILTER_PHRASING.search(why)) and \
                (kinds or categories or findings or spans or filters or officers):
            # "Were there complaints classified as drugs in 2016?", "complaints where the
            # district is 12": every word is a filter, so the records answer it, not a search
            intent, why = "list", f"{why}, but every word is a structured filter"
        elif intent == "describe" and person_role == "mentioned" and not content_words(text):
            intent, why = "list", "records that mention the named staff (a recorded link)"
        elif intent == "describe" and not NARRATIVE_CUE.search(text_pd) and (
                field_why := held_fields(filters, findings, text_pd, binders)):
            # "did district 77 ever produce a physical-abuse complaint?", "complaints where an
            # officer is listed as non-binary": a search would drop what the data's fields hold,
            # so the records answer it and any word left is reported as not applied
            intent, why = "list", f"{why}, but {field_why}: a narrative search would drop it"
    if explicit_group and group_by and intent in ("describe", "list"):
        intent, why = "count", f"{why}, but a breakdown is asked for: a count per group"
    if intent == "describe" and born and not NARRATIVE_CUE.search(text_pd):
        # "officers born before 1970": a year of birth is what the staff records hold (bound,
        # or reported not applied), never words to search the narratives for
        intent, why = "list", f"{why}, but a year of birth is a field of the staff, not text"
    if intent == "describe" and on_fields and not NARRATIVE_CUE.search(text_pd):
        # "a lawsuit settled during 2022": a date the records hold, never words to search for
        intent, why = "list", f"{why}, but '{on_fields[0][1].text}' is a date the records hold"
    if said_measure is not None and intent in ("describe", "list"):
        intent, why = "count", f"{why}, but a {said_measure.measure.op} of a measure is asked for"
    reasons.insert(0, f"intent {intent}: {why}")

    # On the narrative path the catalogue's words stay in the search text ("used a Taser"):
    # the narrative predicate carries them, and no field filter is added.
    narrative = intent in ("describe", "unanswerable")
    if narrative:
        filters = []
    topic = q
    for start, end in [(f.start, f.end) for f in found if f.role == "officer"] + \
            [s.pos for s in spans + incident] + shape_spans + group_spans + \
            ([] if narrative else weekday_spans) + [(r.start, r.end) for r in references] + \
            ([] if narrative else [(c.start, c.end) for c in claims]):
        topic = mask(topic, start, end)
    included = [s for s in spans if not s.excluded]  # "excluding 2019" is left out (gaps)
    date_from, date_to = _union(included) if included else (None, None)
    plan = QueryPlan(
        question=question, intent=cast(Intent, intent), people=people, unresolved_people=unresolved,
        subjects=subjects, date_from=date_from, date_to=date_to,
        date_text="; ".join(s.text for s in spans),
        periods=[Period(date_from=s.start, date_to=s.end, text=s.text, excluded=s.excluded)
                 for s in spans] +
        [Period(date_from=s.start, date_to=s.end, text=s.text,
                field=next((n for n, t in on_fields if t is s), INCIDENT_FIELD),
                excluded=s.excluded) for s in incident],
        weekdays=[] if narrative else weekdays, weekday_text=weekday_said,
        categories=categories, kinds=cast(list[Kind], kinds), findings=findings,
        group_by=cast(GroupBy | None, group_by), group_field=group_field, limit=limit,
        group_field_options=group_options if group_by == "field" else [],
        group_valued=group_valued, count_people=bool(per_group_people),
        min_count=min_count, max_count=max_count, compare=compare,
        topic_text=clean_topic(topic), reasons=reasons, filters=filters,
        min_people=people_range[0], max_people=people_range[1], ascending=ascending,
        references=references, claims=claims, category_words=category_words,
        person_role=cast(Literal["subject", "mentioned"], person_role),
        measure=said_measure.measure if said_measure is not None else None)
    plan = account(plan, q, text, narrative=narrative)
    if either.unapplied:  # "about data misuse or from Quayside": not one plan, said
        plan = plan.model_copy(update={"unapplied": [*plan.unapplied, *either.unapplied]})
    # a period the date filters do not carry out, or "in both 2023 and 2024" of people: said
    if undone := unexecuted(plan) + per_person_unapplied(plan, q, spans + incident) + (
            [] if narrative else unheld_ages):
        plan = plan.model_copy(update={"unapplied": [*plan.unapplied, *undone]})
    if plan.measure is not None and plan.intent not in ("count", "list"):
        # "which district had more total hours, 15 or 18?": a comparison counts records; the
        # measure it cannot apply is said, never dropped
        plan = plan.model_copy(update={"measure": None,
                                       "unapplied": [*plan.unapplied, plan.measure.text]})
    for phrase, note in ambiguous:  # "over 20 days (days open or days to acknowledge?)"
        plan = plan.model_copy(update={"unapplied": [
            *[u for u in plan.unapplied if u.lower() not in phrase.lower() and
              phrase.lower() not in u.lower()], note]})
    if group_by is None and not narrative and (m := UNKNOWN_GROUP.search(text_pd)):
        # "of each case type": a breakdown by something no field holds is said, never dropped
        phrase = m.group(0).strip()  # one phrase, not its parts as well ('by certificate')
        plan = plan.model_copy(update={"unapplied": [
            *[u for u in plan.unapplied if u.lower() not in phrase.lower()], phrase]})
    return plan


def _alternatives(q: str, claims: list[Claim], filters: list[FieldFilter], categories: list[str],
                  category_words: dict[str, str], kinds: list[str], compare: list[CompareItem],
                  reasons: list[str]) -> Alternatives:
    """Values joined by "or" (`alternatives`), unless they are the items compared."""
    if compare:
        return Alternatives(filters, categories)
    either = alternatives(q, claims, filters, categories, category_words,
                          kinds[0] if kinds else "complaint")
    reasons += either.reasons
    return either


def _value_holds_kind_word(text: str, start: int, end: int, kind: str, hit: Hit,
                           hits: list[Hit]) -> bool:
    """Is the kind word `hit` part of the value said at start:end (a value of `kind`)?"""
    inside = start <= hit.start and hit.end <= end and end - start > hit.end - hit.start
    if not inside or hit.key == kind:
        return False
    as_name = hit.start > 0 and hit.text[:1].isupper() and \
        all(w[:1].isupper() for w in text[start:end].split())
    own_kind_named = any(h.key == kind for h in hits)  # "absences", the "database" in it
    return as_name or own_kind_named


def modifier_kinds(text: str, kinds: list[str], filters: list[FieldFilter]
                   ) -> list[tuple[str, tuple[int, int]]]:
    """Kind words said as a compound ("intelligence database", modifier then head noun) where a
    field of the head kind bound and none of the modifier's: the modifier kind and its span."""
    def bound(kind: str) -> bool:
        return any(f.kind == kind or (f.kind == "allegation" and kind == "complaint")
                   for f in filters)

    hits = [h for h in KIND_TABLE.find(text) if h.key]
    return [(a.key, (a.start, a.end)) for a, b in pairwise(hits)
            if a.key != b.key and a.key in kinds and b.key in kinds and len(kinds) > 1
            and not text[a.end:b.start].strip() and bound(b.key) and not bound(a.key)]


def _people(found: list[Found]) -> tuple[list[PersonMention], list[str], list[str], list[str]]:
    people: list[PersonMention] = []
    unresolved: list[str] = []
    subjects: list[str] = []
    reasons: list[str] = []
    for f in found:
        if f.ids:
            people.append(_mention(f))
            how = "ambiguous: " if len(f.ids) > 1 else ""
            reasons.append(f"person '{f.text}' → {how}{', '.join(f.ids)} ({f.method}"
                           f"{'' if f.role == 'officer' else ', subject'})")
        elif f.staff_like:
            unresolved.append(f.text)
            reasons.append(f"person '{f.text}' matched nobody in the staff directory")
        else:
            subjects.append(f.text)
            reasons.append(f"'{f.text}' taken as a person searched for / complaining (not staff)")
    return people, unresolved, subjects, reasons




# A breakdown asked for that no group-by reads ("each case type", "per complainant type").
UNKNOWN_GROUP = re.compile(r"\b(?:for\s+each|each|every|per|by)\s+(?:the\s+|their\s+|its\s+)?"
                           r"(?:[\w-]+\s+){1,2}?(?:types?|kinds?|status(?:es)?|categor(?:y|ies)|"
                           r"class(?:es)?|sorts?)\b", re.I)




# The words a "which officers / who had the most / top 5 officers" phrase is made of; any other
# word inside it (a unit, a rank, "female") describes the officers and is left to be bound. The
# noun "officers" is left too (it carries no constraint): a value may end in it ("senior
# officers").
PERSON_GROUP_WORDS = (BOILERPLATE | NUMBER_WORDS.keys() | {
    "which", "what", "who", "whom", "whose", "top", "most", "fewest", "more", "than", "else",
    "other", "complained", "about", "staff", "member", "members", "of", "has", "have", "had",
    "received", "got", "with", "is", "was", "the", "by", "per", "each", "person", "persons",
    "people", "individual", "accused", "named", "name", "in"}) - {
    "officer", "officers", "constable", "constables"}  # a rank where the data holds one


# A person group phrase that ends in its noun ("which Highway Patrol officers", "which
# sergeants"): the words before the noun say which officers.
PEOPLE_NOUN_END = re.compile(r"\b(?:officers?|sergeants?|constables?|detectives?|inspectors?)$",
                             re.I)


# "alleged by officers who were off duty", "by staff that …": the officers the records are
# about, described by a clause (a filter for the data's fields to bind), not a count per officer
DESCRIBED_AGENT = re.compile(r"by\s+(?:officers|staff|members\s+of\s+staff|people|persons)\b",
                             re.I)
RELATIVE = re.compile(r"\s+(?:who|that|whose|which)\b", re.I)


def _grouping(text_pd: str, text: str,
              reasons: list[str]) -> tuple[str | None, list[tuple[int, int]], str]:
    group_by, spans = None, []
    for hit in GROUP_TABLE.find(text_pd):
        if hit.key == "person" and DESCRIBED_AGENT.match(text_pd, hit.start) and \
                RELATIVE.match(text_pd, hit.end):
            continue  # "by officers who were off duty": who the records are about, no ranking
        group_by = group_by or hit.key
        spans.append((hit.start, hit.end))
        if hit.key != "person" or not PEOPLE_NOUN_END.search(text_pd[hit.start:hit.end]):
            # (words before "the most" in "who carried out the most" are the ranking's verb)
            text = mask(text, hit.start, hit.end)
            continue
        # "which Highway Patrol officers", "which female officers", "which sergeants": the
        # ranking's own words are read; what the officers are said to be stays for the data's
        # binders to apply to them (or to report), never swallowed by the grouping
        for w in WORD.finditer(text_pd, hit.start, hit.end):
            low = w.group(0).lower()
            if low in PERSON_GROUP_WORDS or low.isdigit():
                text = mask(text, w.start(), w.end())
    if group_by is None and re.search(r"\bbreak\s?down\b|\bbroken down\b", text, re.I):
        group_by = "category"
    if group_by is None and CHANGE_CUE.search(text_pd):
        group_by = "year"  # "have complaints gone up since 2020?": a count per year shows it
    if group_by:
        reasons.append(f"group by {group_by}")
    return group_by, spans, text





























