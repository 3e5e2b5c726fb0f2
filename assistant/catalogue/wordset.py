"""Linking a stored value said in other word order or with words between ("work-related
stress" for "Stress - work related", "cold or the flu" for "Cold/flu").

Why: `CatalogueBinder` links a value said as the data spells it, word by word in order. People
reorder multi-word labels and put small words between them, and when they do, the value's
shorter neighbour is linked instead ("Stress") or nothing is, and words like "work related" —
boilerplate on their own — vanish without being reported. This binder runs just before it and
claims a multi-word value when every one of its words is said within a short window of the
question, in any order (a run the other binder would read as is, in order, is left to it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.understand.accounting import Bound
from assistant.understand.lexicon import MASK
from assistant.understand.models import FieldFilter

from . import CANDIDATE_FIELDS, Entry

SMALL = {"of", "and", "or", "the", "a", "an", "to", "for", "with", "in", "on", "at", "by", "&"}
SLACK = 2  # words allowed between a value's words ("stress *that was* work related")
JOINERS = {"or", "and"}
TOKEN = re.compile(rf"[A-Za-z0-9]+|{MASK}+")


# Endings one word of a label and the question's form of it may differ by ("court attendance" /
# "attending court", "pending authorisation" / "authorised", "arrested" / "arrest")
ENDINGS = ("ations", "ation", "ances", "ance", "ences", "ence", "ings", "ing", "ed", "es", "s")
# Who a flag is about ("officer arrested"): said anywhere in the question, not beside the flag
ROLE_WORDS = {"officer", "accused", "staff", "member", "police", "employee"}
# Data-independent other words for a label's word, as a whole phrase of the question
WORD_THESAURUS = {"arrest": re.compile(r"\b(?:placed|put|taken)\s+under\s+arrest\b|"
                                       r"\bunder\s+arrest\b|\btaken\s+into\s+custody\b", re.I),
                  # "needlessly displaying a weapon": "Unnecessary Display of Weapon"
                  "unnecessary": re.compile(r"\b(?:needless(?:ly)?|unnecessarily|unneeded|"
                                            r"uncalled[\s-]+for|gratuitous(?:ly)?|without\s+"
                                            r"(?:any\s+)?(?:need|good\s+reason))\b", re.I),
                  # "something that happened to a person in custody": "Incident in Custody"
                  "incident": re.compile(r"\b(?:something|anything|what)\s+(?:that\s+)?"
                                         r"(?:happened|occurred|took\s+place)(?:\s+to\s+(?:(?:an?|"
                                         r"the|some)\s+)?(?:person|individual|detainee|prisoner|"
                                         r"someone|somebody))?\b|\bevents?\b", re.I)}


def _stem(word: str) -> str:
    word = word.lower()
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return re.sub(r"(?<=[a-z]{3})s$", "", word)


def words(phrase: str) -> list[str]:
    """A label's content words, stemmed, in order ("Stress - work related" → stress work related)."""
    return [_stem(w) for w in re.findall(r"[A-Za-z0-9]+", phrase) if w.lower() not in SMALL]


class WordSetBinder:
    """A binder (see `assistant.understand.accounting`): multi-word catalogue values whose words
    are all said close together, in any order."""

    name = "catalogue (reordered)"

    def __init__(self, entries: Sequence[Entry], cleared: bool,
                 aliases: dict[str, list[str]] | None = None) -> None:
        # (word set, every word in order, kind, field, value, records holding it)
        self.values: list[tuple[frozenset[str], list[str], str, str, str, int]] = []
        # value → the role words ("officer") said anywhere in the question it needs
        self.roles: dict[tuple[str, str, str], frozenset[str]] = {}
        for e in entries:
            n = e.n if cleared else e.n_open
            if n <= 0:
                continue
            for phrase in [e.value, *(aliases or {}).get(e.value, [])]:
                said = words(phrase)
                if len(set(said)) >= 2:
                    full = [_stem(w) for w in re.findall(r"[A-Za-z0-9]+", phrase)]
                    need = frozenset(said)
                    roles = need & ROLE_WORDS
                    if roles and need - roles and e.field not in CANDIDATE_FIELDS.get(e.kind, ()):
                        # an export's flag ("officer arrested"): its role word may be said
                        # apart ("the accused officer was placed under arrest")
                        need = need - roles  # (in `full` still: never "as stored")
                        self.roles[(e.kind, e.field, e.value)] = roles
                    self.values.append((need, full, e.kind, e.field, e.value, n))
        # longest first, then the value most records hold
        self.values.sort(key=lambda v: (-len(v[0]), -v[5], v[4]))

    def __call__(self, text: str, kinds: list[str]) -> list[Bound]:
        targets = list(kinds) + (["allegation"] if "complaint" in kinds else [])
        tokens = _tokens(text)
        said = {t[2] for t in tokens}
        candidates = sorted((v for v in self.values if v[2] in targets and v[0] <= said
                             and self.roles.get((v[2], v[3], v[4]), frozenset()) <= said),
                            key=lambda v: (-len(v[0]), targets.index(v[2]), -v[5], v[4]))
        # a value said as stored ("sexual crime or misconduct", "district 19") is the plain
        # binder's, and no other value may take its words
        taken = [span for v in candidates for span in self._runs(tokens, v[0], v[1], exact=True)]
        out: list[Bound] = []
        for need, ordered, kind, field, value, _ in candidates:
            for start, end in self._runs(tokens, need, ordered, exact=False):
                if any(start < b and a < end for a, b in taken):
                    continue
                taken.append((start, end))
                out.append(Bound(start, end, f"{kind} {field} = {value}",
                                 FieldFilter(kind=kind, field=field, values=[value],
                                             text=text[start:end])))
                break
        return out

    def specific_spans(self, text: str, kinds: Sequence[str] = ("complaint",)
                       ) -> list[tuple[int, int]]:
        """Spans where a complaint classification the data holds is said in another order
        ("a fatal firearm discharge" for "Firearm Discharge-Fatal"): the planner's built-in
        categories must not claim part of it and leave the rest to another field."""
        return [(b.start, b.end) for b in self(text, ["complaint"])
                if b.filter is not None and b.filter.kind == "complaint"
                and b.filter.field in ("category", "categories")]

    @staticmethod
    def _runs(tokens: list[tuple[int, int, str, bool]], need: frozenset[str], ordered: list[str],
              exact: bool) -> list[tuple[int, int]]:
        """Short runs of unclaimed words holding every word of `need`: with `exact`, those that
        say the value as stored (in order, "or"/"and" allowed between); otherwise the others —
        whose extra words are never numbers ("districts 19 and 35" is not "District 35")."""
        out = []
        for i, (start, _, word, _) in enumerate(tokens):
            if word not in need:
                continue
            seen: set[str] = set()
            for j in range(i, min(len(tokens), i + len(need) + SLACK)):
                if not tokens[j][2]:
                    break  # a claimed span ends the run
                seen.add(tokens[j][2])
                if seen >= need:
                    run = [w for _, _, w, _ in tokens[i:j + 1] if w not in JOINERS]
                    # a thesaurus phrase ("something that happened") is never the value as stored
                    in_order = run == [w for w in ordered if w not in JOINERS] and not any(
                        t[3] for t in tokens[i:j + 1])
                    extra = [w for w in run if w not in need and w not in SMALL]
                    if in_order == exact and not any(w.isdigit() for w in extra):
                        out.append((start, tokens[j][1]))
                    break
        return out


def _tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, stem, whether a thesaurus phrase) of each word ("" for a claimed one); a
    thesaurus phrase ("placed under arrest") is one token, its label word's stem."""
    phrases = [(m.start(), m.end(), word) for word, rx in WORD_THESAURUS.items()
               for m in rx.finditer(text) if MASK not in m.group(0)]
    out = [(p[0], p[1], _stem(p[2]), True) for p in phrases]
    out += [(m.start(), m.end(), "" if MASK in m.group(0) else _stem(m.group(0)), False)
            for m in TOKEN.finditer(text)
            if not any(a <= m.start() < b for a, b, _ in phrases)]
    return sorted(out)
