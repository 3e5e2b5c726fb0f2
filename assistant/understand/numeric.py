"""Numeric comparisons on the data's numeric fields: "overtime claims of more than six hours",
"absences of at least 10 days", "between 4 and 8 hours", "fewer than two pages".

Why: the third fresh set asked "how many mutual aid overtime claims were for more than six
hours?" and got every mutual aid claim, the hours left aside (`intent.MIN_RES` rightly refuses a
number followed by a unit as a count threshold, and nothing else read it). A comparison is three
things — an operator ("more than", "at least", "under", "between … and", "or more"), a number
(digits or words) and the noun it measures ("hours", "days", "pages"; or the field said before
it: "where the hours exceed 6"). The noun chooses the field among the numeric fields the store
holds for the question's record kinds (`NumericField`: the record model's int/float columns, a
mapping's `attributes:` whose every value is a number, and the days a record with a start and an
end date lasted), by the words of the field's own name — never a field written here for one
export. Two fields the noun could mean are both reported ("ambiguous"), never one guessed; a
measure no numeric field holds is left for accounting to report as not applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .accounting import BOILERPLATE, Bound
from .lexicon import KIND_TABLE, MASK
from .models import FieldFilter

# Number words a comparison is said with ("more than six hours"); "a"/"several" are not numbers.
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100,
}
# "more than a year", "within an hour": one of a unit, said with the article
ONE_UNIT = r"an?(?=\s+(?:hour|day|week|fortnight|month|year)\b)"
NUM = (r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) +
       rf"|{ONE_UNIT})")
GT = (r"more\s+than|over|greater\s+than|in\s+excess\s+of|above|exceed(?:s|ed|ing)?|"
      r"longer\s+than|larger\s+than|bigger\s+than|higher\s+than|upwards?\s+of|beyond")
GE = (r"at\s+least|no\s+(?:less|fewer|shorter)\s+than|not\s+(?:less|fewer)\s+than|"
      r"(?:a\s+)?minimum\s+of")
LT = r"less\s+than|fewer\s+than|under|below|shorter\s+than|lower\s+than|smaller\s+than"
LE = (r"at\s+most|no\s+(?:more|longer|greater)\s+than|not\s+more\s+than|up\s+to|"
      r"(?:a\s+)?maximum\s+of")
EQ = r"exactly|precisely"
PREFIX = re.compile(rf"\b(?:(?P<gt>{GT})|(?P<ge>{GE})|(?P<lt>{LT})|(?P<le>{LE})|(?P<eq>{EQ}))"
                    rf"\s+(?P<n>{NUM})(?!\w|\.\d)", re.I)
# "6 hours or more", "ten days or longer", "8+ hours", "4 hours or less"
POSTFIX_GE = re.compile(r"\s+(?:or|and)\s+(?:more|longer|over|above|greater|upwards)\b", re.I)
POSTFIX_LE = re.compile(r"\s+(?:or|and)\s+(?:less|fewer|shorter|under|below)\b", re.I)
PLUS = re.compile(r"\b(?P<n>\d+(?:\.\d+)?)\+", re.I)
BARE = re.compile(rf"\b(?P<n>{NUM})\b", re.I)
BETWEEN = re.compile(rf"\b(?:between\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})|"
                     rf"from\s+(?P<c>{NUM})\s+to\s+(?P<d>{NUM})|"
                     rf"(?P<e>\d+(?:\.\d+)?)\s*(?:-|to)\s*(?P<f>\d+(?:\.\d+)?))(?!\w|\.\d)", re.I)
NOUN = re.compile(r"\s*(?:-\s*)?(?:full\s+|whole\s+)?(?P<noun>[a-z]+)", re.I)
# "200 days *to close*": the rest of a field's name said after its unit
TO_WORD = re.compile(r"\s+(?:to|before|until|till)\s+(?:be\s+)?(?P<w>[a-z]+)", re.I)
# A unit said of a field kept in another: (the field's unit, how many of it one is)
# (a month is 30 days and a year 365: the interpretation shows the number of days applied)
CONVERT = {"week": ("day", 7.0), "fortnight": ("day", 14.0), "month": ("day", 30.0),
           "year": ("day", 365.0), "minute": ("hour", 1 / 60)}
# Units a number measures in (a comparison of them is never a number of records)
UNITS = re.compile(r"(?:hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|wks?|months?|years?|"
                   r"yrs?|pages?|miles?|kilomet(?:er|re)s?|km|metres?|meters?|percent|pounds?|"
                   r"dollars?|euros?|kg|kilos?|mph|shifts?\s+long)", re.I)
# A number of records, not a measure: "more than 3 overtime claims", "two or more complaints"
COUNTED = re.compile(r"\s*(?:(?:different|distinct|separate|[a-z]+)\s+){0,2}?(?:claims?|complaints?|"
                     r"allegations?|officers?|records?|cases?|shifts?|searches|look-?ups?|checks?|"
                     r"absences?|declarations?|reports?|times|people|persons?|staff|entries|"
                     r"events?|members?|episodes?|accesses|findings?)\b", re.I)
# Words that introduce the field said before the comparison ("hours of more than 6", "where the
# days to closure exceed 100"); what lies between the field's words and the operator.
LINK = re.compile(r"^(?:\s+(?:is|are|was|were|of|that|which|totall?ing|came\s+to|ran\s+to|"
                  r"amount(?:ed|ing)?\s+to|claimed|worked|recorded|took|taking|lasting|lasted|"
                  r"ran|run(?:ning)?|went|go(?:ing)?))*\s*$", re.I)
# Words of a field's name that do not say what it measures: the record kind, its people, and
# how it is counted ("page_count" measures pages).
GENERIC = {"officer", "complaint", "allegation", "record", "case", "claim", "number", "count",
           "total", "to", "of", "the", "num", "no", "n", "person", "staff", "ocr"}
ALIASES = {"hr": "hour", "hrs": "hour", "yr": "year", "yrs": "year", "min": "minute",
           "mins": "minute", "wk": "week", "wks": "week", "aged": "age", "old": "age"}
# The words of every record kind's phrases ("absences", "overtime", "claim")
KIND_WORDS = frozenset(KIND_TABLE.words()) | {w + "s" for w in KIND_TABLE.words()}
OP_WORDS = {"gt": "more than", "ge": "at least", "lt": "less than", "le": "at most",
            "eq": "exactly"}
OPS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "eq": "=", "between": "between"}


def singular(word: str) -> str:
    w = ALIASES.get(word.lower(), word.lower())
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


@dataclass(frozen=True)
class NumericField:
    """A numeric field of a record kind: a model column, a mapping attribute (`column` False) or
    the days a record lasted (`derived`: its start and end date columns, inclusive or not)."""

    kind: str
    field: str
    column: bool = True
    derived: tuple[str, str, int] | None = None

    @property
    def words(self) -> frozenset[str]:
        """What the field measures, by the words of its name ("overtime_hours": overtime, hour);
        a calendar year ("birth_year") is not a number of years, and the record kind's own name
        ("absence_days": day) says what is counted, not measured ("absences over 10" per se)."""
        own = {singular(p) for p in self.kind.split("_")}
        parts = [singular(p) for p in self.field.split("_") if singular(p) not in own]
        if parts and parts[-1] == "year":
            parts = parts[:-1]
        return frozenset(p for p in parts if p not in GENERIC and len(p) > 1)

    @property
    def label(self) -> str:
        return self.field.replace("_", " ")


def to_number(text: str) -> float:
    t = text.lower().strip()
    if t in ("a", "an"):  # "more than a year"
        return 1.0
    return float(t) if t[0].isdigit() else float(WORD_NUMBERS[re.sub(r"\s+", " ", t)])


def number_text(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


@dataclass(frozen=True)
class Said:
    """One comparison said: its span, operator, number(s), and the nouns it may measure with the
    span each would add (the noun after the number first, then the words said before it)."""

    start: int
    end: int
    op: str
    values: tuple[float, ...]
    nouns: tuple[tuple[str, int, int], ...]


def comparisons(text: str) -> list[Said]:
    """Every operator + number in `text` (people and dates masked) with the nouns it may
    measure; one with no noun at all is left out."""
    out: list[Said] = []

    def add(start: int, num_end: int, op: str, values: tuple[float, ...]) -> None:
        if any(s.start < num_end and start < s.end for s in out):
            return
        if COUNTED.match(text, num_end):
            return  # "more than 3 overtime claims": a count of records (intent.MIN_RES)
        nouns: list[tuple[str, int, int]] = []
        end = num_end
        if (m := NOUN.match(text, num_end)) and not _is_number(m["noun"]):
            end = m.end()
            if p := (POSTFIX_GE.match(text, end) or POSTFIX_LE.match(text, end)):
                if op == "eq":
                    op = "ge" if p.re is POSTFIX_GE else "le"
                end = p.end()
            nouns.append((m["noun"], start, end))
        if before := _field_before(text, start):
            nouns.append((before[0], before[1], num_end))
        if nouns:  # the verb said with it is part of it ("ran longer than", "lasting over")
            verb = re.search(r"\b(?:ran|run(?:s|ning)?|last(?:s|ed|ing)?|took|tak(?:es|ing)|"
                             r"need(?:s|ed|ing)?|requir(?:es|ed|ing)|"
                             r"went\s+on|go(?:es)?\s+on|claimed|worked|totall?(?:ed|ing)|"
                             r"came\s+to|amount(?:s|ed|ing)?\s+to)\s+(?:for\s+)?$",
                             text[:start], re.I)
            out.append(Said(verb.start() if verb else start, num_end, op, values, tuple(nouns)))

    for m in BETWEEN.finditer(text):
        a, b = [x for x in m.groups() if x is not None][:2]
        lo, hi = sorted((to_number(a), to_number(b)))
        add(m.start(), m.end(), "between", (lo, hi))
    for m in PREFIX.finditer(text):
        op = next(k for k in ("gt", "ge", "lt", "le", "eq") if m.group(k))
        add(m.start(), m.end(), op, (to_number(m["n"]),))
    for m in PLUS.finditer(text):
        add(m.start(), m.end(), "ge", (to_number(m["n"]),))
    for m in BARE.finditer(text):  # "6 hours or more": the operator after the noun
        n = NOUN.match(text, m.end())
        if n and (POSTFIX_GE.match(text, n.end()) or POSTFIX_LE.match(text, n.end())):
            add(m.start(), m.end(), "eq", (to_number(m["n"]),))
    return sorted(out, key=lambda s: s.start)


def _is_number(word: str) -> bool:
    return word.lower() in WORD_NUMBERS or word.isdigit()


def _field_before(text: str, start: int) -> tuple[str, int] | None:
    """The words said just before an operator ("where the hours exceed 6": 'hours'; "days to
    closure of over 100"), up to three, after any linking words, with where they start; a
    masked span (a date, a person) between ends them."""
    offset = max(0, start - 60)
    words = list(re.finditer(r"[A-Za-z]+|" + MASK + "+", text[offset:start]))
    while words and LINK.match(" " + words[-1].group(0)):
        words.pop()
    picked: list[re.Match[str]] = []
    for w in reversed(words):
        if MASK in w.group(0) or len(picked) == 3:
            break
        picked.insert(0, w)
    if not picked:
        return None
    return " ".join(w.group(0) for w in picked), offset + picked[0].start()


# The noun a comparison is said of, right before it ("a *suspension* of over 30 days", "a
# *suspension* longer than 30 days"); a verb between ("claims *were* for over 6 hours") makes the
# record itself what is measured.
OWNER = re.compile(r"\b(?P<w>[A-Za-z]+)(?:\s+of)?\s*$")
OF_THING = re.compile(r"\s+of\s+(?:the\s+|their\s+|his\s+|her\s+)?(?P<w>[A-Za-z]+)", re.I)


def _owned_by_another(text: str, start: int, end: int, f: NumericField) -> bool:
    """Whether the comparison after the number's unit measures a thing the field does not:
    the noun said right before it (or after its unit: "more than a year *of service*") is a
    content word outside the field's name ("a recommended suspension of more than 40 days" is
    not days_to_closure, whose unit alone matched), not a record kind ("absences of more than 10
    days"), nor question boilerplate. Such a phrase is left unclaimed, so reported not applied,
    never answered with the unit's field."""
    if (after := OF_THING.match(text, end)) and _another(after["w"], f):
        return True  # "more than a year of service": the service's years, not days to closure
    m = OWNER.search(text, 0, start)
    return m is not None and _another(m["w"], f) and not UNITS.fullmatch(m["w"])


def _another(word: str, f: NumericField) -> bool:
    """Whether `word` names a thing other than what `f` measures or its record kind."""
    w = word.lower()
    own = any(len(w) >= 5 and len(x) >= 5 and w[:4] == x[:4] for x in f.words)  # "closing"
    return not (w in BOILERPLATE or w in KIND_WORDS or singular(w) in KIND_WORDS or
                singular(w) in GENERIC or singular(w) in f.words or _is_number(w) or own)


class NumericBinder:
    """A binder (see `accounting`) over the store's numeric fields: a comparison whose noun names
    one field of the question's kinds becomes a filter `(kind, field, gt|ge|lt|le|eq|between,
    values)`; a noun two fields could mean claims the phrase and says both (nothing applied)."""

    name = "numeric"

    def __init__(self, fields: list[NumericField]) -> None:
        self.fields = fields

    def matches(self, noun: str, kinds: list[str]) -> list[NumericField]:
        said = {singular(w) for w in noun.split()}
        said |= {CONVERT[w][0] for w in said if w in CONVERT}  # weeks of a field in days
        order = list(kinds) + (["allegation"] if "complaint" in kinds else [])
        found = [f for f in self.fields if f.kind in order and f.words and said & f.words]
        if len(found) > 1:  # the field whose name the question says more of ("overtime hours")
            best = max(len(said & f.words) for f in found)
            found = [f for f in found if len(said & f.words) == best]
        return found

    def kinds_of(self, text: str) -> list[str]:
        """The kinds whose numeric fields the question's comparisons measure (no kind named)."""
        every = sorted({f.kind for f in self.fields})
        return sorted({f.kind for s in comparisons(text) for noun, _, _ in s.nouns
                       for f in self.matches(noun, every)})

    def measures(self, text: str) -> list[tuple[int, int]]:
        """Spans of comparisons of a measure ("over 10 pages", "under 3 miles"), held or not:
        never a count threshold; one no field holds stays unclaimed, so reported not applied."""
        return [(s.start, b) for s in comparisons(text) for noun, a, b in s.nouns[:1]
                if a <= s.start and UNITS.fullmatch(noun)]

    def ambiguous(self, text: str, kinds: list[str]) -> list[tuple[str, str]]:
        """(phrase, 'over 20 days (days open or days to acknowledge?)'): comparisons two
        fields could mean, said with both."""
        out = []
        for s in comparisons(text):
            for noun, a, b in s.nouns:
                if fields := self.matches(noun, kinds):
                    if len(fields) > 1:
                        phrase = text[min(a, s.start):max(b, s.end)].strip()
                        out.append((phrase, f"{phrase} ({' or '.join(f.label for f in fields)}?)"))
                    break
        return out

    def spans(self, text: str, kinds: list[str]) -> list[tuple[int, int]]:
        return [(b.start, b.end) for b in self(text, kinds)]

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        out = []
        for s in comparisons(text):
            fields: list[NumericField] = []
            start, end = s.start, s.end
            for i, (noun, a, b) in enumerate(s.nouns):
                if fields := self.matches(noun, kinds):
                    if i == 0 and len(fields) == 1 and UNITS.fullmatch(noun) and \
                            _owned_by_another(text, s.start, b, fields[0]):
                        fields = []  # "a suspension of more than 40 days": not days_to_closure
                        continue
                    start, end = min(a, s.start), max(b, s.end)
                    break
            if not fields:
                continue
            if len(fields) == 1 and (m := TO_WORD.match(text, end)) and \
                    m["w"].lower()[:4] in {w[:4] for w in fields[0].words}:
                end = m.end()  # "over 200 days to close": the field's own word (days_to_closure)
            phrase = text[start:end].strip()
            if len(fields) > 1:
                continue  # two fields it could mean: left unclaimed, so reported (`ambiguous`)
            f = fields[0]
            unit = next((singular(w) for w in noun.split() if singular(w) in CONVERT and
                         singular(w) not in f.words), "")
            scale = CONVERT[unit][1] if unit else 1.0  # "two weeks" of absence_days: 14
            filt = FieldFilter(kind=f.kind, field=f.field, op=s.op,
                               values=[number_text(v * scale) for v in s.values], text=phrase)
            out.append(Bound(start, end, comparison_text(filt), filt))
        return out


def comparison_text(f: FieldFilter, words: bool = False) -> str:
    """'overtime hours > 6', 'overtime hours between 4 and 8' (inclusive); `words`: 'overtime
    hours are more than 6' (an answer's sentence)."""
    name = f.field.replace("_", " ")
    verb = " are" if words and name.endswith("s") else " is" if words else ""
    if f.op == "between":
        return f"{name}{verb} between {f.values[0]} and {f.values[1]}"
    return f"{name}{verb} {(OP_WORDS if words else OPS).get(f.op, f.op)} {f.values[0]}"


NUMERIC_OPS = ("gt", "ge", "lt", "le", "eq", "between")
SQL_OPS = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "="}
