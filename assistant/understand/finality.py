"""Finality clauses ("that have reached a final finding", "where one has been made",
"the finalised allegations"): a presence filter on the finding the records hold.

Why: the seventh held-out set asked how 2019's excessive force allegations that had reached a
final finding came out; the breakdown was right but its total (629) counted 519 allegations with
no finding yet — "reached", "finalised" and "one has been made" were boilerplate, so the clause
was dropped in silence. Such a clause restricts the set to records whose finding (or outcome) is
recorded: the filter applies to every group and to the total and shows in the interpretation.
The field is one the store holds for the question's kinds (a complaint's allegations' finding
too), found through the binders, never a name written for one export; where none is held the
words stay unclaimed and are reported not applied.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .accounting import Binder
from .fields import held_pairs
from .models import FieldFilter

_NOUN = r"(?P<f>finding|outcome|decision|conclusion|determination|disposition|verdict)s?"
CLAUSES = [re.compile(rx, re.I) for rx in (
    # "that have reached a final finding", "which had been given an outcome"
    r"\b(?:(?:that|which)\s+)?(?:have|has|had)\s+(?:now\s+|already\s+|yet\s+)?(?:reached|"
    r"received|got(?:ten)?|been\s+given|arrived\s+at|come\s+to)\s+(?:an?\s+|their\s+|its\s+|"
    r"the\s+)?(?:final\s+)?" + _NOUN + r"\b",
    # "where one has been made", "where a finding was returned"
    r"\b(?:where|when|once)\s+(?:one|an?\s+(?:final\s+)?" + _NOUN + r")\s+(?:has|had|was|have|"
    r"is)\s+(?:been\s+)?(?:made|reached|given|recorded|returned|issued|reached)\b",
    # "the finalised allegations", "complaints already concluded"
    r"\b(?:finali[sz]ed|concluded|adjudicated)\b")]
# "where one has been made" needs the finding named elsewhere in the question
NAMED = re.compile(r"\b(?:findings?|outcomes?|decisions?|verdicts?|dispositions?)\b", re.I)
FIELDS = ("finding", "outcome")


def finality(text: str, question: str, kinds: list[str], binders: Sequence[Binder],
             filters: list[FieldFilter]) -> list[tuple[FieldFilter, tuple[int, int]]]:
    """The finality clauses still unclaimed in `text`, each with the presence filter on the
    finding (or outcome) field the store holds for `kinds` (or their allegations)."""
    order = [k for k in kinds if k != "person"]
    order += ["allegation"] if "complaint" in order and "allegation" not in order else []
    pairs = held_pairs(binders)
    out: list[tuple[FieldFilter, tuple[int, int]]] = []
    for i, rx in enumerate(CLAUSES):
        for m in rx.finditer(text):
            said = (m.groupdict().get("f") or "").lower()
            if i == 1 and not said and not NAMED.search(question):
                continue  # "where one has been made" of nothing named
            wanted = [said] if said in FIELDS else list(FIELDS)
            held = next(((k, f) for f in wanted for k in order if (k, f) in pairs), None)
            if held is None:
                continue  # nothing to bind it to: reported not applied
            if same := [f for f in filters if (f.kind, f.field) == held]:
                if same[0].op == "present":  # "given a finding": the presence read already
                    out.append((same[0], m.span()))
                continue  # a value of it said ("a finding of sustained"): that one applies
            if any(f.field == held[1] and f.op == "present" for f, _ in out):
                out.append((out[-1][0], m.span()))  # said twice: one filter
                continue
            out.append((FieldFilter(kind=held[0], field=held[1], op="present",
                                    values=["recorded"], text=m.group(0).strip()), m.span()))
    return out
