"""Stored values whose label carries a quantity: "200 - SUSPENDED OVER 30 DAYS", "10 DAY SUSPENSION".

Why: on the fourth fresh set (2026-12-07) "a recommended suspension of over 30 days" was not
bound to Chicago's recommended penalty "200 - SUSPENDED OVER 30 DAYS": the numeric binder read
"over 30 days" as a comparison on another field (days to closure > 30) or nothing claimed it, and
the answer was either broader than asked or about the wrong thing. A label like that is one
category whose name happens to hold a number, a unit and perhaps a comparison; the question says
the same three things in its own words ("longer than thirty days", "more than 30 days",
"a ten-day suspension") next to the label's other words in any inflection ("suspending",
"suspension" for "SUSPENDED"). This binder runs before the numeric one and claims such a span
only when the number, the unit, the comparison and every other word of a held label agree, so a
comparison on a numeric field ("closed in more than 30 days") is still that field's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.understand.accounting import Bound
from assistant.understand.lexicon import MASK
from assistant.understand.models import FieldFilter
from assistant.understand.numeric import GE, GT, LE, LT, NUM, to_number

from . import CANDIDATE_FIELDS, OFFICER, Entry
from .flags import coded_label
from .link import qualifiers_said, qualifiers_said_apart

UNIT = r"(?P<unit>hours?|days?|weeks?|months?|years?)"
COMPARE = rf"(?:(?P<gt>{GT})|(?P<ge>{GE})|(?P<lt>{LT})|(?P<le>{LE}))"
# "over 30 days", "30-day", "ten day", "more than thirty days"
QUANTITY = re.compile(rf"(?<![\w{MASK}])(?:{COMPARE}\s+)?(?P<n>{NUM})[\s-]*{UNIT}(?!\w)", re.I)
SMALL = {"of", "a", "an", "the", "and", "or", "for", "to", "with", "in", "on", "at", "by"}
WINDOW = 6  # words between a label's other words and its quantity ("suspending an officer for")
STEM_ENDINGS = ("ations", "ation", "ating", "ated", "ates", "ions", "ion", "ings", "ing", "ed",
                "es", "s", "ate", "e")


def stem(word: str) -> str:
    """'suspended', 'suspension', 'suspending' → 'suspend'/'suspens': compared by `same_word`."""
    word = word.lower()
    for ending in STEM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word


def same_word(a: str, b: str) -> bool:
    """Two stems of one word: equal, or sharing all but their last letter ("suspens" /
    "suspend") with at least five letters in common."""
    if a == b:
        return True
    common = len(next((p for p in (a[:i] for i in range(min(len(a), len(b)), 0, -1))
                       if b.startswith(p)), ""))
    return common >= 5 and max(len(a), len(b)) - common <= 1


def _op(m: re.Match[str]) -> str:
    return next((k for k in ("gt", "ge", "lt", "le") if m.group(k)), "eq")


@dataclass(frozen=True)
class _Label:
    kind: str
    field: str
    value: str
    op: str
    n: float
    unit: str
    words: tuple[str, ...]  # the label's other words, stemmed
    records: int


def _labels(entries: Sequence[Entry], cleared: bool) -> list[_Label]:
    out = []
    for e in entries:
        records = e.n if cleared else e.n_open
        if e.kind == OFFICER or records <= 0:
            continue
        label = coded_label(e.value) or e.value
        found = list(QUANTITY.finditer(label))
        if len(found) != 1:
            continue
        m = found[0]
        rest = label[:m.start()] + " " + label[m.end():]
        words = tuple(stem(w) for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in SMALL)
        if words:  # a bare "30 days" is a measure, not a category's name
            out.append(_Label(e.kind, e.field, e.value, _op(m), to_number(m["n"]),
                              m["unit"].lower().rstrip("s"), words, records))
    return out


class QuantityLabelBinder:
    """A binder (see `assistant.understand.accounting`): held values whose label carries a
    quantity, said with the same quantity and the label's other words near it."""

    name = "catalogue (quantity in a label)"

    def __init__(self, entries: Sequence[Entry], cleared: bool) -> None:
        self.labels = _labels(entries, cleared)

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        targets = list(kinds) + (["allegation"] if "complaint" in kinds else [])
        labels = [label for label in self.labels if label.kind in targets]
        out: list[Bound] = []
        if not labels:
            return out
        tokens = [(m.start(), m.end(), stem(m.group(0)))
                  for m in re.finditer(r"[A-Za-z]+", text) if m.group(0).lower() not in SMALL]
        for q in QUANTITY.finditer(text):
            op, n, unit = _op(q), to_number(q["n"]), q["unit"].lower().rstrip("s")
            before = [t for t in tokens if t[1] <= q.start()][-WINDOW:]
            after = [t for t in tokens if t[0] >= q.end()][:2]
            near = [t for t in before + after if MASK not in text[t[0]:t[1]]]
            held: list[tuple[_Label, list[tuple[int, int, str]]]] = []
            for label in labels:
                if (label.op, label.n, label.unit) != (op, n, unit):
                    continue
                said = [t for w in label.words
                        if (t := next((t for t in near if same_word(t[2], w)), None))]
                if len(said) == len(label.words):
                    held.append((label, said))
            if not held:
                continue
            label, said = min(held, key=lambda h: self._rank(h[0], text))
            start = min([q.start(), *(t[0] for t in said)])
            end = max([q.end(), *(t[1] for t in said)])
            values = sorted({h[0].value for h in held if (h[0].kind, h[0].field) ==
                             (label.kind, label.field)})
            out.append(Bound(start, end, f"{label.kind} {label.field} = {' / '.join(values)}",
                             FieldFilter(kind=label.kind, field=label.field, values=values,
                                         text=text[start:end])))
        return out + qualifiers_said_apart(text, out)

    @staticmethod
    def _rank(label: _Label, text: str) -> tuple[int, bool, int]:
        """A field whose qualifier the question says first ("recommended": the recommended
        penalty, not the final one), then a record's own field, then the most records."""
        return (-len(qualifiers_said(label.field, text)),
                label.field not in CANDIDATE_FIELDS.get(label.kind, ()), -label.records)
