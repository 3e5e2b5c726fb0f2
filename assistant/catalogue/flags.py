"""Other words for an export's own values: indicator columns by their name, coded values by label.

Why: held-out questions (third fresh set, 2026-12-07) named values the data holds in words the
catalogue did not link. A question on complaints about a pursuit went to the narrative search
(5 "pursuit" narratives) where Chicago's `pursuit_related_i` column answers it (0 in 2021);
"resulted in a reprimand" was left unapplied where the accused file's final penalty holds
"100 - REPRIMAND". Both forms are derived from the catalogue, so a new force's export gets them
with no code change:

- an *indicator column* — an attribute whose values are a yes/no pair ("Y"/"N", "Yes"/"No",
  "true"/"false", or words and their negation, "police shooting"/"not a police shooting") — is
  said by its column's name: `pursuit_related_i` is "pursuit related", "pursuit", "related to a
  pursuit"; `police_shooting` is "police shooting", "involving a police shooting". The column's
  name becomes the words for its yes value (a bare "Y" is no word anyone says).
- a *coded value* ("100 - REPRIMAND", "010 - 10 DAY SUSPENSION") is also said by its label
  ("reprimand", "10 day suspension").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from assistant.understand.indicators import NO, YES, flagged_thing

from . import OFFICER, Entry

NEGATIONS = ("not a ", "not an ", "not ", "no ", "non ", "without ")
# How a question says a record is flagged with `thing` ("related to a pursuit")
AROUND = ("related to {a}{thing}", "relating to {a}{thing}", "involving {a}{thing}",
          "involved {a}{thing}", "connected to {a}{thing}", "connected with {a}{thing}",
          "linked to {a}{thing}", "associated with {a}{thing}", "{thing} related",
          "{thing} involved")
# "100 - REPRIMAND", "600 - NO ACTION TAKEN / …", "A1: Words": a code with a digit, then a label
CODED = re.compile(r"^\s*(?=[\w.]*\d)[\w.]{1,6}\s*[-–:]\s+(?P<label>.*[A-Za-z].*)$")


def _article(thing: str) -> str:
    return "an " if thing[:1] in "aeiou" else "a "


def indicator_forms(entries: Sequence[Entry], normalise: Callable[[str], str],
                    model_fields: dict[str, list[str]]) -> dict[tuple[str, str, str], list[str]]:
    """(kind, field, yes value) → the words a question says it by, for every indicator column
    among the export's own attributes (`model_fields`: each kind's record-model fields)."""
    by_field: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in entries:
        if e.kind != OFFICER and e.field not in model_fields.get(e.kind, ()):
            by_field[(e.kind, e.field)].add(e.value)
    out: dict[tuple[str, str, str], list[str]] = {}
    for (kind, field), values in by_field.items():
        if (yes := _yes_value(values, normalise)) is None:
            continue
        label = " ".join(field.lower().split("_"))
        thing = flagged_thing(field)
        forms = [label]
        if thing and thing != label:
            forms.append(thing)
        if thing:
            forms += [f.format(a=a, thing=thing) for f in AROUND for a in ("", _article(thing))]
        out[(kind, field, yes)] = list(dict.fromkeys(f for f in forms if f != normalise(yes)))
    return out


def _yes_value(values: set[str], normalise: Callable[[str], str]) -> str | None:
    """The 'yes' of a yes/no pair of stored values (only one of them may be held), else None."""
    norms = {normalise(v): v for v in values}
    if set(norms) <= YES | NO:
        return next((v for n, v in norms.items() if n in YES), None)
    if len(norms) != 2:
        return None
    a, b = sorted(norms, key=len)
    return norms[a] if any(b == neg + a for neg in NEGATIONS) else None


def coded_label(value: str) -> str | None:
    """'100 - REPRIMAND' → 'REPRIMAND'; None for a value that is not a code and a label."""
    m = CODED.match(value)
    return m["label"].strip() if m else None
