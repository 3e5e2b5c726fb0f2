"""Linking question spans to catalogue values: exact (normalised), plural-stemmed and fuzzy.

Why: "complaints in district 12", "PNC searches", "absences for stress", "status under
investigation" are filters on values the data holds; this binder claims the span and adds a
generic `(kind, field, in, values)` filter, for whatever the force's export calls things.
Only values of the question's record kinds are linked (a complaint question also links its
allegations' fields), and an uncleared reader only links values held on records they may see.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from assistant.understand.accounting import (
    BOILERPLATE,
    ROLES,
    Bound,
    content_words,
    fits_role,
    of_role,
    said_of_role,
)
from assistant.understand.lexicon import MASK
from assistant.understand.models import FieldFilter
from assistant.understand.taxonomy import canonical_category

from . import CANDIDATE_FIELDS, OFFICER, Entry
from .flags import coded_label, indicator_forms
from .inflect import VERB_OBJECT, outcome_forms
from .officers import MIN_RECORDS, inside_other_rank, officer_phrases
from .own_district import district_units, said_as_own
from .qualified import head_after, lead_forms, name_forms, qualifier_stems
from .shorten import SMALL_WORDS, shortened

# Kinds whose questions can filter on the rank/unit of the officers the record names
OFFICER_KINDS = {"complaint", "allegation", "conduct_case"}
# Kinds whose records are about one member of staff (the user of a system, the declarant, the
# absent employee): "sergeants' sickness absences" is the rank of that person (a reference's
# own, else the staff list's: `catalogue.officer_value`). Only the rank: a unit on these
# references is not recorded, and the staff list's is today's, not the record's.
STAFF_KINDS = {"duty_shift", "system_access", "absence", "declaration", "intel_report",
               "membership"}


def officer_field_fits(field: str, kinds: Sequence[str]) -> bool:
    """Whether the rank/unit `field` of the officers records name narrows one of `kinds`."""
    return bool(set(kinds) & OFFICER_KINDS) or (field == "rank" and bool(set(kinds) & STAFF_KINDS))


FUZZY_CUTOFF = 90  # rapidfuzz ratio: "harrasment" ~ "harassment" (95), "district 1" !~ "district 2"
FUZZY_MIN_CHARS = 6  # shorter values only match exactly (a typo of "PNC" is another word)
# Said of the person a Taser was fired at ("was somebody tased"): its discharge, not its display
TASED = ["tased", "tasered", "tazed", "tazered", "tasing", "tasering"]
# A small, data-independent thesaurus: other words for values forces commonly hold.
THESAURUS = {
    "pnc": ["police national computer"], "pnd": ["police national database"],
    "niche rms": ["niche"], "anpr": ["number plate recognition", "automatic number plate"],
    "taser": ["stun gun", "ced", "conducted energy device", *TASED], "taser discharge": TASED,
    "handcuffed": ["restrained"], "sick": ["sickness", "off sick", "sick leave"],
    # a declaration's type as the Police Regulations' register of business interests holds it:
    # a second job is declared there; hospitality is registered with gifts
    "business interest": ["secondary employment", "second job", "second jobs", "outside business",
                          "outside businesses"],
    "gift": ["hospitality"],
    "annual leave": ["holiday", "holidays", "vacation"], "declined": ["turned down"],
    "guilty finding": ["found guilty", "guilty disciplinary finding"],
    # an officer's recorded race/ethnicity, as exports and people say it
    "hispanic": ["latino", "latina", "latinx", "latinos", "latinas"], "latino": ["hispanic"],
    "black": ["african american"], "white": ["caucasian"],
    # who complained, as a complainant type holds it: someone from outside the force
    "civilian": ["member of the public", "members of the public", "citizen", "citizens"],
    # an officer's recorded sex, said of the officer ("women officers", not "a woman")
    "female": ["woman officer", "women officers", "woman officers", "policewoman", "policewomen",
               "woman", "women"],  # (a complainant's, where the data holds it)
    "male": ["man officer", "men officers", "male officers", "policeman", "policemen", "man", "men"],
    # an allegation's finding said as people say it of the officer ("the officer was cleared")
    "exonerated": ["cleared"], "unfounded": ["cleared"],
    # a police-shooting flag, said of the officer who fired
    "police shooting": ["officer shooting", "officer-involved shooting", "officer involved shooting",
                        "shooting by police", "shooting by an officer", "shot by police"],
}
# Colloquial words for what discipline did to an officer, keyed by a word an outcome or penalty
# value holds ("Dismissal without notice", "400 - SEPARATION", "010 - 10 DAY SUSPENSION"): said
# alone they bind every value of the field holding that word, and in place of it the value
# ("sackings without notice"). Not for findings or categories: "terminated" in a finding
# ("Administratively Terminated") ends an investigation, not an officer's employment.
PARTED = ("dismissal", "dismissed", "sacking", "sacked", "the sack", "fired", "firing", "let go",
          "booted out", "terminated", "termination")
OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    "dismissal": PARTED, "dismissed": PARTED, "separation": PARTED,
    "suspension": ("suspended", "suspension"), "suspended": ("suspended", "suspension"),
    "reprimand": ("reprimanded", "written up"), "warning": ("written up", "warned"),
}
OUTCOME_FIELD = re.compile(r"(?:^|_)(?:outcome|penalty|discipline|sanction)$")
# Such a word that also says something else, and the words after or before it that then show
# it: "fired at a dog", "fired his weapon" is a shot; "a licence suspended" is not a suspension.
_SHOT = re.compile(r"\s+(?:at|on|upon|into|towards?|shots?|rounds?|(?:an?|the|his|her|their|its)"
                   r"\s+(?:\w+\s+)?(?:weapons?|guns?|firearms?|tasers?|shots?|rounds?|pistols?|"
                   r"rifles?|shotguns?))\b", re.I)
_THING = re.compile(r"\b(?:licen[cs]es?|permits?|accounts?|registrations?|certificat\w+|"
                    r"sentences?|warrants?)\s+(?:(?:was|were|is|are|got|been|being|has|had)\s+)*$",
                    re.I)
NOT_OUTCOME: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {
    "fired": (None, _SHOT), "firing": (None, _SHOT),
    "suspended": (_THING, None), "suspension": (_THING, None)}


def said_otherwise(norm: str, before: str, after: str) -> bool:
    """Whether an outcome word (NOT_OUTCOME) is said in its other sense where it stands."""
    ahead, behind = NOT_OUTCOME.get(norm, (None, None))
    return bool(ahead and ahead.search(before)) or bool(behind and behind.match(after))
CATEGORY_FIELDS = ("category", "allegation_type")
PEOPLE_WORDS = {"woman", "women", "man", "men"}
# Other words a question uses for a field's name next to its value ("Quayside station").
FIELD_WORDS = {"unit": ("station", "team", "department", "division", "command"),
               "district": ("area", "beat"),
               # "pending investigation": the investigation's finding, not the discipline's
               "finding": ("investigation", "investigative finding"),
               "outcome": ("penalty", "discipline", "disciplinary outcome", "sanction")}
UNINFORMATIVE = {"none", "other", "unknown", "n/a", "na", "not known", "null", "yes", "no"}
# "District 12", "Beat 3100.0", "011": a value that is a number (after an optional prefix word)
NUMBERED = re.compile(r"^(?:(?P<prefix>[a-z]+) )?0*(?P<n>\d+)$")
ORDINAL = r"(?:st|nd|rd|th)"
# "the district of occurrence", "the beat of the incident": the record's own place, said so
OF_INCIDENT = r"(?:\s+(?:of|where)\s+(?:the\s+)?(?:occurrence|incident|offen[cs]e|it\s+(?:happened|occurred)))?"


def field_words(field: str) -> set[str]:
    """The words that name a field itself ("district", "beat" for `district`): never a value."""
    return {" ".join(field.split("_")), *FIELD_WORDS.get(field, ())}


def said_forms(value: str) -> list[str]:
    """A stored value and the thesaurus's other words for it ("PNC", "police national computer")."""
    return [value, *THESAURUS.get(normalise(value), [])]


def within_value(norm: str, own: set[str]) -> list[str]:
    """A longer value said with the thesaurus's other words for one of its words ("CED
    discharge", "conducted energy device discharge" for "Taser Discharge"); a form that is
    itself a stored value is that value's, never this one's."""
    words = norm.split()
    out = []
    for i, word in enumerate(words):
        if len(words) > 1 and word in THESAURUS:
            out += [" ".join([*words[:i], other, *words[i + 1:]]) for other in THESAURUS[word]]
    return [f for f in out if f not in own]


def outcome_words(field: str, label: str) -> list[str]:
    """The colloquial forms of an outcome or penalty `label` (OUTCOME_WORDS): each word's other
    words alone ("sacked"), and the label with the word replaced ("sacking without notice")."""
    if not OUTCOME_FIELD.search(field):
        return []
    words = normalise(label).split()
    out: list[str] = []
    for i, word in enumerate(words):
        for other in OUTCOME_WORDS.get(word, ()):
            out.append(other)
            if len(words) > 1:
                out.append(" ".join([*words[:i], other, *words[i + 1:]]))
    return list(dict.fromkeys(out))


def normalise(value: str) -> str:
    text = re.sub(r"(?<=\d)\.0\b", "", value.lower())  # "Beat 713.0" is beat 713
    text = re.sub(r"\s*&\s*", " and ", text)  # "Gift & hospitality" is said "gift and …"
    return re.sub(r"[\s_/\-,.;:()]+", " ", text).strip()


def _pattern(norm: str) -> re.Pattern[str]:
    words = [re.escape(w) + (r"(?:s|es)?" if w.isalpha() else "") for w in norm.split()]
    # "Cold/flu" is said "cold or flu"; "Gift & hospitality" "gift and hospitality"
    joiner = r"[\s_/\-,.]+(?:(?:or|and|&)[\s_/\-,.]+)?"
    return re.compile(r"(?<![\w])" + joiner.join(words) + r"(?![\w])", re.IGNORECASE)


class _Patterns(dict[str, re.Pattern[str]]):
    """Each value's pattern, compiled on first use. A question only tries the values whose first
    word it says (`by_first`), so compiling every value's pattern up front was wasted on a cold
    `probity ask`: on the 300-staff synthetic force ~780 of its 1,938 regex compiles, the
    largest single cost of its CPU (cProfile: the binder's construction 0.93 s of a 4.95 s
    profiled ask, now 0.09 s; cold ask CPU median 1.49 → 1.28 s with the bm25s change)."""

    def __missing__(self, norm: str) -> re.Pattern[str]:
        compiled = self[norm] = _pattern(norm)
        return compiled


def _with_field_name(text: str, start: int, end: int, field: str) -> tuple[int, int]:
    """Widen a value's span over its field's name said next to it ("the Kelbrook district",
    "district Kelbrook", "system PNC"): the name is part of the same constraint."""
    names = [*name_forms(field), *FIELD_WORDS.get(field, ())]
    name = r"(?:" + "|".join(names) + r")(?:s|es)?"
    led = False
    if m := re.search(rf"(?<!\w)(?:assigned\s+)?{name}\s+(?:(?:of|was|is|were|as|=)\s+)?"
                      r"(?:(?:an?|the)\s+)?$",
                      text[:start], re.I):
        start = m.start()
    elif (lead := lead_forms(field)) and (m := re.search(
            rf"(?<!\w){lead}\w*(?:\s+on)?(?:\s+to)?\s+(?:(?:the|an?|of|was|is|=)\s+)*(?:[\w]+'s\s+)?$",
            text[:start], re.I)):
        start, led = m.start(), True  # "referred to the (City's) OIG": referred_to_agency
    # after the value: "Kelbrook district", "reprimanded as the (final) penalty", and after a
    # value its qualifier led, the name's head ("recommended a sustained finding")
    after = rf"\s+(?:as\s+(?:(?:the|an?)\s+)?)?{name}(?!\w)"
    if m := re.match(after + (rf"|\s+{head_after(field)}(?!\w)" if led else ""), text[end:],
                     re.I):
        end += m.end()
    return start, end


QUALIFIER_SUFFIX = re.compile(r"(?:ations?|ing|ed|s)$")


def qualifiers(field: str) -> frozenset[str]:
    """The words of a field's name that qualify its head ("recommended_penalty": recommended;
    "outcome": none), as stems ("recommend"); the record's people ("officer") qualify nothing."""
    out = set()
    for w in field.lower().split("_")[:-1]:
        stem = QUALIFIER_SUFFIX.sub("", w)
        if len(stem) > 3 and w not in BOILERPLATE and not w.isdigit():
            out.add(stem)
    return frozenset(out)


def qualifiers_said(field: str, text: str) -> frozenset[str]:
    """The qualifiers of `field` a word of `text` begins with ("recommendation": recommend)."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return frozenset(q for q in qualifiers(field)
                     if any(w.startswith(qualifier_stems(q)) for w in words))


def qualifiers_said_apart(text: str, bound: list[Bound]) -> list[Bound]:
    """The qualifier words said apart from a value bound to the qualified field ("did
    investigators *recommend* that an officer be separated": recommended_penalty) are part of
    that constraint: claimed, so never reported as not applied."""
    out: list[Bound] = []
    for b in bound:
        if b.filter is None:
            continue
        for q in sorted(qualifiers_said(b.filter.field, text)):
            if q in qualifiers_said(b.filter.field, text[b.start:b.end]):
                continue
            name = r"\s+".join(map(re.escape, b.filter.field.split("_")))
            said = list(re.finditer(rf"(?<![\w{MASK}]){name}(?!\w)", text, re.I))
            stems = "|".join(qualifier_stems(q))
            for m in said + list(re.finditer(rf"(?<![\w{MASK}])(?:{stems})\w*", text, re.I)):
                if all(m.end() <= o.start or m.start() >= o.end for o in [*bound, *out]):
                    out.append(Bound(m.start(), m.end(), f"{b.filter.field.replace('_', ' ')} "
                                     f"(said of {b.element})", None))
                    break
    return out


class CatalogueBinder:
    """A binder (see `assistant.understand.accounting`) over the catalogue's values."""

    name = "catalogue"

    def __init__(self, entries: list[Entry], cleared: bool,
                 aliases: dict[str, list[str]] | None = None) -> None:
        # normalised phrase -> {(kind, field): [stored values]}, with the record count per field
        self.values: dict[str, dict[tuple[str, str], list[str]]] = defaultdict(dict)
        self.counts: dict[tuple[str, str, str], int] = defaultdict(int)
        # (kind, field) -> number -> stored values, for fields whose values are numbers, and the
        # words that introduce such a number in a question ("district 12", "the 12th district")
        self.numbered: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(
            lambda: defaultdict(list))
        self.number_words: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.prefixes: dict[tuple[str, str], set[str]] = defaultdict(set)
        # an indicator column said by its name ("pursuit related", "involving a police
        # shooting"), a coded value by its label ("reprimand" for "100 - REPRIMAND"): flags.py
        flagged = indicator_forms(entries, normalise, CANDIDATE_FIELDS)
        self.verb_only: set[str] = set()
        own = {normalise(e.value) for e in entries}
        for e in entries:
            if (e.n if cleared else e.n_open) <= 0:
                continue
            if normalise(e.value) in field_words(e.field) and \
                    e.field in CANDIDATE_FIELDS.get(e.kind, ()):
                # "District" with no number: a template's empty value (stores ingested before
                # such a template gave null), not a district; an attribute's value that is its
                # own name is a flag said in words ("police shooting")
                continue
            if e.kind == OFFICER:  # ranks and units by their heads (officers.py); coded units
                if e.field == "unit" and normalise(e.value).isdigit() and \
                        (e.n if cleared else e.n_open) >= MIN_RECORDS:
                    self.numbered[(e.kind, e.field)][int(e.value)].append(e.value)
                    self.number_words[(e.kind, e.field)] |= field_words(e.field)
                continue
            if m := NUMBERED.match(normalise(e.value)):
                self.numbered[(e.kind, e.field)][int(m["n"])].append(e.value)
                self.number_words[(e.kind, e.field)] |= field_words(e.field) | (
                    {m["prefix"]} if m["prefix"] else set())
                if m["prefix"]:
                    self.prefixes[(e.kind, e.field)].add(m["prefix"])
            label = coded_label(e.value)
            # an outcome's verb ("separated" for "400 - SEPARATION"): inflect.py
            verbs = [] if e.field in CATEGORY_FIELDS else outcome_forms(label or e.value)
            said = [*(aliases or {}).get(e.value, []), *THESAURUS.get(normalise(e.value), []),
                    *flagged.get((e.kind, e.field, e.value), []), *([label] if label else []),
                    *within_value(normalise(e.value), own), *verbs,
                    *outcome_words(e.field, label or e.value)]
            for phrase in [e.value, *said]:
                norm = normalise(phrase)
                if norm in verbs and norm in BOILERPLATE:
                    self.verb_only.add(norm)  # "separate": only as a verb with an object
                elif len(norm) < 2 or norm.isdigit() or (
                        norm in BOILERPLATE | UNINFORMATIVE and e.field != "rank"):
                    continue  # ("constable" is a word of every question, and a rank)
                self.values[norm].setdefault((e.kind, e.field), []).append(e.value)
                self.counts[(norm, e.kind, e.field)] += e.n if cleared else e.n_open
        self.district_units = district_units(entries, cleared)  # "posted to the 6th district"
        for phrase, (field, values, n) in officer_phrases(entries, cleared).items():
            norm = normalise(phrase)  # a rank is a rank even where the word is boilerplate
            if len(norm) >= 2 and (field == "rank" or norm not in BOILERPLATE | UNINFORMATIVE):
                self.values[norm][(OFFICER, field)] = values
                self.counts[(norm, OFFICER, field)] = n
        # A distinctive tail of a long value said on its own, in capitals ("the Inspector
        # General" for "City of Chicago Office of Inspector General"), and its initials ("OIG")
        self.titled, self.upper = shortened(self.values, entries, cleared, normalise)
        self.patterns = _Patterns()  # compiled when a question first tries the value
        self._choices: dict[tuple[str, ...], list[str]] = {}  # `_fuzzy_choices`, per kinds
        # Stored category labels that the built-in taxonomy folds together with other stored
        # labels ("Firearm Discharge-Fatal" and "… at Animal" are both "firearm discharge"):
        # said exactly, such a label is the narrower constraint and must not be broadened.
        # Folded means folded within one field: the same concept under another name in another
        # field (a complaint's "Data misuse", its allegations' "Misuse of police systems") is
        # not a narrower label, and the taxonomy keeps reading both.
        family: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for e in entries:
            if e.kind in ("complaint", "allegation") and e.field in CATEGORY_FIELDS and \
                    (canon := canonical_category(e.value)):
                family[(canon, e.kind, e.field)].add(normalise(e.value))
        self.folded = {n for (canon, _, _), labels in family.items() if len(labels) > 1
                       for n in labels if n != normalise(canon)}  # not the family's own name
        # Only values whose first word is in the question are tried (thousands at 45k staff).
        self.by_first: dict[str, list[str]] = defaultdict(list)
        for norm in self.values:
            self.by_first[norm.split()[0]].append(norm)

    def _bound(self, norm: str, start: int, end: int, text: str, kinds: list[str]) -> Bound | None:
        fields = [kf for kf in self.values[norm] if kf[0] in kinds
                  and (kf[0] != OFFICER or officer_field_fits(kf[1], kinds))
                  and (kf[1] != "rank" or not inside_other_rank(text, start, end))
                  and fits_role(text, start, end, kf[1])]  # "Black complainants"
        if said_of_role(text, start, end) is None:
            if norm in PEOPLE_WORDS:
                return None  # "women" alone is no one's sex: only a complainant's ("filed by")
            # "a female officer", "a Black officer": a value a complainant's field and another
            # field both hold is the other's unless said of the complainant
            own = [kf for kf in fields if not any(of_role(kf[1], r) for r in ROLES)]
            fields = own or fields
        if not fields:
            return None
        # the question's own kind first, then the field whose name is said next to the value,
        # the longest said first ("pending investigation": the finding; "recommended finding
        # of sustained": the recommendation, not the finding), then a record's own field before
        # an export's extra column (Chicago's "recommended finding" holds "Sustained" more often
        # than the final finding does, but "sustained" unqualified is the finding: read as the
        # column, a question about Philadelphia, which has no such column, got a confident
        # zero), unless the question says a qualifier of the column's name anywhere ("did
        # investigators *recommend* separation": recommended_penalty, not the final outcome,
        # which also holds "400 - SEPARATION"), then the field holding the value most often
        def named_span(kf: tuple[str, str]) -> int:
            s, e = _with_field_name(text, start, end, kf[1])
            return e - s

        kind, field = min(fields, key=lambda kf: (
            kinds.index(kf[0]), -named_span(kf), -len(qualifiers_said(kf[1], text)),
            kf[1] not in CANDIDATE_FIELDS.get(kf[0], ()),
            -self.counts[(norm, kf[0], kf[1])]))
        values = sorted(set(self.values[norm][(kind, field)]))
        start, end = _with_field_name(text, start, end, field)
        said = text[start:end]
        return Bound(start, end, f"{kind} {field} = {' / '.join(values)}",
                     FieldFilter(kind=kind, field=field, values=values, text=said))

    def specific_spans(self, text: str, kinds: Sequence[str] = ("complaint",)
                       ) -> list[tuple[int, int]]:
        """Spans where the question says, exactly, a complaint classification the data holds
        that the taxonomy folds with others; the planner's built-in categories must not claim
        part of one (see `understand`). A label held only by allegations ("Misuse of police
        systems" beside the complaints' "Data misuse") is left to the taxonomy, which reads the
        complaints' own classification and their allegations alike. A value of one of the
        export's own columns (a mapping's `attributes:`, e.g. Chicago's "police shooting" flag)
        said exactly is that column's constraint, never a taxonomy category's."""
        bound = [b for b in self(text, ["complaint"]) if b.filter is not None]
        folded = [(b.start, b.end) for b in bound
                  if b.filter is not None and b.filter.kind == "complaint"  # its own class: an
                  and b.filter.field in CATEGORY_FIELDS  # allegation-only label does not narrow
                  and any(normalise(v) in self.folded for v in b.filter.values)]
        # A value of another field said in full ("status Pending Investigation", the outcome
        # "Guilty Finding") is that field's, not the finding the taxonomy reads in one word of it
        other = [(b.start, b.end) for b in self(text, list(kinds))
                 if b.filter is not None and b.filter.kind in ("complaint", "allegation")
                 and b.filter.field not in (*CATEGORY_FIELDS, "finding")
                 and all(len(normalise(v).split()) >= 2 for v in b.filter.values)]
        attributes = [(b.start, b.end) for b in self(text, list(kinds))
                      if b.filter is not None and b.filter.kind != OFFICER
                      and b.filter.field not in CANDIDATE_FIELDS.get(b.filter.kind, ())]
        return folded + other + attributes

    def value_spans(self, text: str, kinds: list[str]) -> list[tuple[int, int]]:
        """Spans of values of `kinds` the question says exactly (a kind's own name can be one:
        "business interest" declarations)."""
        return [(b.start, b.end) for b in self(text, kinds)
                if b.filter is not None and b.filter.kind in kinds]

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        targets = list(kinds) + (["allegation"] if "complaint" in kinds else [])
        targets += [OFFICER] if set(kinds) & (OFFICER_KINDS | STAFF_KINDS) else []
        hits: list[tuple[int, int, str]] = []
        # a plural's singular either way: "districts" → "district", "constables" → "constable"
        # (not only "constabl"), "businesses" → "business"
        words = {w for m in re.finditer(r"[a-z0-9]+", normalise(text))
                 for w in (m.group(0), re.sub(r"e?s$", "", m.group(0)),
                           re.sub(r"s$", "", m.group(0)))}
        for norm in {n for w in words for n in self.by_first.get(w, ())}:
            if any(kf[0] in targets for kf in self.values[norm]):
                hits += [(m.start(), m.end(), norm) for m in self.patterns[norm].finditer(text)
                         if MASK not in m.group(0) and self._said_as_named(norm, m.group(0))
                         and (norm not in self.verb_only or VERB_OBJECT.match(text[m.end():]))
                         and not said_otherwise(norm, text[:m.start()], text[m.end():])]
        # longest first; for one span, the value said exactly first, then by name — never the
        # order of a set, which changes with the interpreter's hash seed from run to run
        # a value its field's name or qualifier reaches over is read with them first: "COPA
        # recommended a sustained finding" is the recommendation, not the label "Sustained
        # Finding" another force holds
        def reach(start: int, end: int, norm: str) -> int:
            return max([end - start] + [b - a for kf in self.values[norm] if kf[0] in targets
                                        for a, b in [_with_field_name(text, start, end, kf[1])]])

        hits.sort(key=lambda h: (-reach(*h), h[0] - h[1], h[0],
                                 h[2] != normalise(text[h[0]:h[1]]), h[2]))
        out: list[Bound] = self._numbers(text, targets)
        for start, end, norm in hits:
            free = all(end <= b.start or start >= b.end for b in out)
            if free and (b := self._bound(norm, start, end, text, targets)) is not None:
                out.append(b)
        out += self._fuzzy(text, targets, out)
        return out + qualifiers_said_apart(text, out)

    def _said_as_named(self, norm: str, said: str) -> bool:
        """A shortened value counts only when said as a name: initials in capitals ("OIG", not
        "oig"), a value's tail with every main word capitalised ("Inspector General")."""
        if norm in self.upper:
            return said.isupper()
        if norm in self.titled:
            return all(w[0].isupper() for w in re.findall(r"[A-Za-z][\w']*", said)
                       if w.lower() not in SMALL_WORDS)
        return True

    def _numbers(self, text: str, kinds: list[str]) -> list[Bound]:
        """'district 12', 'the 12th police district', 'beat 9999', 'unit 011': a number said with
        the word for a field whose values are numbers. A number the data does not hold is still
        that field's value (it matches nothing: "no complaints in district 99"), never dropped."""
        out, unheld = self._own_districts(text, kinds)
        for kind, field in list(self.numbered):
            if kind not in kinds or (kind == OFFICER and not officer_field_fits(field, kinds)):
                continue
            words = "|".join(sorted(map(re.escape, self.number_words[(kind, field)]), key=len,
                                    reverse=True))
            # "district 19", "districts 19 and 35", "the 12th police district", "the 19th and
            # 35th districts": each number is its own value of the field
            more = r"(?:\s*(?:,|and|or|&)\s*\d+(?!\w))*"
            more_ord = rf"(?:\s*(?:,|and|or|&)\s*\d+{ORDINAL})*"
            # ("the district of occurrence was the 35th": the place of the incident is the
            # record's own field; the number said after "was the" with its ordinal)
            rx = re.compile(rf"(?<![\w])(?:(?P<w>{words})(?:e?s)?{OF_INCIDENT}\s+(?:(?:number|"
                            rf"no\.?|was|is|of)\s+(?:the\s+)?|#\s*)?\d+(?:{ORDINAL})?(?!\w)"
                            rf"{more}|\d+{ORDINAL}{more_ord}\s+"
                            rf"(?:police\s+)?(?P<w2>{words})(?:e?s)?(?!\w))", re.I)
            for m in rx.finditer(text):
                if MASK in m.group(0) or any(not (m.end() <= b or m.start() >= e) for b, e in
                                             [*((b.start, b.end) for b in out), *unheld]):
                    continue
                word = (m["w"] or m["w2"]).lower()
                nums = list(re.finditer(r"\d+(?:" + ORDINAL + r")?", m.group(0)))
                for i, num in enumerate(nums):
                    start = m.start() if i == 0 else m.start() + num.start()
                    end = m.end() if i == len(nums) - 1 else m.start() + num.end()
                    out.append(self._number(kind, field, int(re.sub(r"\D", "", num.group(0))),
                                            word, (start, end), text))
        return out

    def _own_districts(self, text: str, kinds: list[str]
                       ) -> tuple[list[Bound], list[tuple[int, int]]]:
        """District numbers said of the accused officers ("posted to the 6th district"): their
        unit of that district; where the data holds no such unit, the spans no other field may
        read (left unclaimed: reported not applied, never the complaint's district)."""
        if OFFICER not in kinds or not officer_field_fits("unit", kinds):
            return [], []
        bound: list[Bound] = []
        unheld: list[tuple[int, int]] = []
        for own in said_as_own(text):
            values = self.district_units.get(own.number)
            if MASK in text[own.start:own.end]:
                continue
            if not values:
                unheld.append((own.start, own.end))
                continue
            bound.append(Bound(own.start, own.end, f"officer unit = {' / '.join(values)}",
                               FieldFilter(kind=OFFICER, field="unit", values=values,
                                           text=text[own.start:own.end])))
        return bound, unheld

    def _number(self, kind: str, field: str, n: int, word: str, span: tuple[int, int],
                text: str) -> Bound:
        """The filter for number `n` of a numbered field, said with `word`; a number the data
        does not hold is written as the data would write it, and matches nothing."""
        held = self.numbered[(kind, field)].get(n, [])
        prefixed = [v for v in held if normalise(v).startswith(word + " ")]
        values = sorted(set(prefixed or held))
        if not values:
            prefixes = self.prefixes[(kind, field)]
            prefix = word if word in prefixes else min(prefixes, default="")
            values = [f"{prefix.title()} {n}".strip()]
        return Bound(span[0], span[1], f"{kind} {field} = {' / '.join(values)}",
                     FieldFilter(kind=kind, field=field, values=values,
                                 text=text[span[0]:span[1]]))

    def _fuzzy_choices(self, kinds: tuple[str, ...]) -> list[str]:
        """The values a fuzzy match may land on, per set of kinds: built once per binder (was
        per call, with `titled | upper` rebuilt per value: ~20 ms of CPU a question at 300
        staff). The values never change after __init__."""
        if kinds not in self._choices:
            shortened = self.titled | self.upper
            self._choices[kinds] = [n for n in self.values if len(n) >= FUZZY_MIN_CHARS
                                    and n not in shortened
                                    and any(kf[0] in kinds for kf in self.values[n])]
        return self._choices[kinds]

    def _fuzzy(self, text: str, kinds: list[str], taken: list[Bound]) -> list[Bound]:
        choices = self._fuzzy_choices(tuple(kinds))
        words = [m for m in content_words(text)
                 if all(m.end() <= b.start or m.start() >= b.end for b in taken)]
        out: list[Bound] = []
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                start, end = words[i].start(), words[i + size - 1].end()
                if MASK in text[start:end] or any(not (end <= b.start or start >= b.end)
                                                  for b in out):
                    continue
                said = normalise(text[start:end])
                if len(said) < FUZZY_MIN_CHARS:
                    continue
                best = process.extractOne(said, choices, scorer=fuzz.ratio,
                                          score_cutoff=FUZZY_CUTOFF)
                if best is None or re.findall(r"\d+", said) != re.findall(r"\d+", best[0]):
                    continue  # a number is never fuzzy: district 12 is not district 13
                if said_otherwise(best[0], text[:start], text[end:]):
                    continue  # "his licence suspended": not the outcome, however near
                if b := self._bound(best[0], start, end, text, kinds):
                    out.append(b)
        return out
