"""Status, investigation and field words bound to the fields that hold them — or left to be
reported: "currently investigating", "still awaiting the outcome of the investigation", "open"
beside a bound status, "shootings" beside a bound police-shooting flag, "from receipt to
closure" beside a bound days-to-closure, "complaints from members of the public".

Why: the seventh held-out set reported such words as not applied while the filter they name was
applied ("how many of those shootings are still pending investigation?": 'shootings'), or
applied nothing ("still awaiting the outcome of the investigation": 18 counted, not 8), or dropped
who complained in silence ("members of the public" is a stopword). A word that restates an
applied filter or names its field is bound to it; an investigation phrase binds the status
values of the question's kinds that say "investigat…" (none held: it stays, reported); an
"open"/"pending" with no bound in-progress status stays unapplied, as does "members of the
public" where no complainant value the store holds claimed it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .accounting import Binder, Bound
from .fields import held_pairs
from .lexicon import MASK
from .models import FieldFilter

_AGENT = r"(?:(?:the\s+)?(?:PSD|professional\s+standards(?:\s+department)?|force)|we|you|they)"
INVESTIGATING = re.compile(
    # "currently investigating", "still being investigated", "PSD is investigating", "is the
    # force still investigating" — never a bare "investigated" ("investigated by the FBI")
    rf"\b(?:(?:is|are)\s+{_AGENT}\s+(?:currently\s+|still\s+|now\s+)?investigating|"
    rf"{_AGENT}\s+(?:is|are)\s+(?:currently\s+|still\s+|now\s+)?investigating|"
    r"(?:currently|still|now|presently)\s+(?:being\s+)?investigat(?:ed|ing)|being\s+investigated|"
    r"(?:await(?:s|ing)?|wait(?:s|ing)?\s+(?:for|on))\s+(?:the\s+)?(?:outcome|result|end|"
    r"conclusion)\s+of\s+(?:the\s+|an?\s+|its\s+|their\s+)?investigation)\b", re.I)
IN_PROGRESS = re.compile(r"investigat|pending|awaiting|review|open|progress", re.I)
OPEN_WORDS = re.compile(r"\b(?:still\s+)?(?:open|pending|ongoing|outstanding|unresolved|live|"
                        r"active|awaiting|in\s+progress|not\s+yet\s+(?:closed|finished|"
                        r"concluded))\b", re.I)
# "did COPA open in 2020": the verb of receiving, said with who received it
OPENED = re.compile(rf"\b(?:did|do|does)\s+(?:{MASK}+|[A-Z][\w&]+|they|you|we)\s+open\b")
FROM_RECEIPT = re.compile(r"\bfrom\s+(?:(?:the\s+)?receipt|intake|(?:being\s+)?received|"
                          r"(?:the\s+)?(?:complaint\s+)?(?:being\s+)?(?:opened|opening))\s+"
                          r"(?:to|until|till)\b", re.I)
FLAG_SET = re.compile(r"\b(?:flag|marker|indicator)\s+(?:is\s+|was\s+)?(?:set|ticked|marked|on)\b",
                      re.I)
PUBLIC = re.compile(r"\b(?:(?:made|filed|lodged|brought|submitted)\s+)?(?:by|from)\s+(?:an?\s+|"
                    r"the\s+)?members?\s+of\s+(?:the\s+)?public\b", re.I)
ENDINGS = ("ings", "ing", "ures", "ure", "ed", "es", "s", "e")


def stem(word: str) -> str:
    w = word.lower()
    for e in ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 4:
            return w[:-len(e)]
    return w


class InvestigationBinder:
    """A binder (see `accounting`): an investigation phrase → the status values of the
    question's kinds that say it (every one, of any force); none held: nothing claimed."""

    name = "status"

    def __init__(self, binders: Sequence[Binder]) -> None:
        self.values = _status_values(binders)

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        out = []
        for m in INVESTIGATING.finditer(text):
            held = sorted({v for k, v in self.values if k in kinds and "investigat" in v.lower()})
            kind = next((k for k, _ in self.values if k in kinds), None)
            if held and kind:
                f = FieldFilter(kind=kind, field="status", values=held, text=m.group(0).strip())
                out.append(Bound(m.start(), m.end(), f"status = {' / '.join(held)}", f))
        return out


def _status_values(binders: Sequence[Binder]) -> list[tuple[str, str]]:
    """(kind, label) of every status value the binders hold (`CatalogueBinder.values`)."""
    return sorted({(kind, v) for b in binders
                   if isinstance(by_phrase := getattr(b, "values", None), dict)
                   for per in by_phrase.values() if isinstance(per, dict)
                   for (kind, field), labels in per.items() if field == "status"
                   for v in labels})


def restated(text: str, filters: list[FieldFilter]) -> list[tuple[int, int]]:
    """Spans of `text` that restate a bound filter or name its field, to claim: an in-progress
    status's "open"/"pending", a flag's "set", a duration's "from receipt to", the field's name."""
    spans: list[tuple[int, int]] = [m.span() for m in OPENED.finditer(text)]
    if any(f.field == "status" and any(IN_PROGRESS.search(v) for v in f.values)
           for f in filters):
        spans += [m.span() for m in OPEN_WORDS.finditer(text)]
    if filters:
        spans += [m.span() for m in FLAG_SET.finditer(text)]
    if any(f.field.startswith("days_") for f in filters):
        spans += [m.span() for m in FROM_RECEIPT.finditer(text)]
    spans += [m.span() for m in re.finditer(r"[A-Za-z]{5,}", text) if restates(m.group(0), filters)]
    return spans


def restates(word: str, filters: Sequence[FieldFilter]) -> bool:
    """Whether `word` names the field of one of `filters` ("shootings": police_shooting,
    "closure": days_to_closure), by its stem; words of four letters or fewer name nothing."""
    return len(word) >= 5 and stem(word) in {stem(w) for f in filters
                                             for w in f.field.split("_") if len(w) >= 5}


def unheld_public(text: str, kinds: list[str], binders: Sequence[Binder]) -> list[str]:
    """"from members of the public" said of complaints that no binder claimed: who complained,
    which the store cannot tell apart (a complainant type would have claimed it): unapplied."""
    if not {"complaint", "allegation"} & set(kinds):
        return []
    if any(f.startswith("complainant") and f.endswith("type") for _, f in held_pairs(binders)):
        return []  # the store holds it: the value binder's to claim (or to leave to account)
    return [m.group(0).strip() for m in PUBLIC.finditer(text)]
