"""Rankings said in any words: a superlative plus the thing it ranks.

Why: the phrase table of `intent.GROUP_BY` knew "which officer has the most", but a ranking is
said in many more ways — "who topped the PPD for number of complaints", "the officer with the
highest number of complaints", "which complaint category led 2020", "the two most-accused
officers", "the beat with the highest number of complaints". Each of these was answered as a plain
count or list with the superlative left unapplied. A ranking is two things — a superlative
(most, highest, top, led, fewest…) and a group noun (officer/who, district/beat, unit, category,
year, month, finding) — found here in general, with the number ranked ("top three", "which two",
"the two most…") when one is said. Ties are always included by the executor, so "(include ties)"
is part of the ranking too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import NUMBER_WORDS

_N = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
SUPERLATIVE = re.compile(
    # "who heads the table", "tops the list", "at the head of the league": the ranking's top
    r"\b(?:(?:head(?:s|ed|ing)?|tops?|topped|topping)\s+(?:the|this|that)\s+(?:table|list|league|"
    r"rankings?|chart|leaderboard)(?:\s+of)?|at\s+the\s+head\s+of|"
    r"(?P<low>fewest|lowest|least|smallest)|most(?![\s-]+(?:recent|recently|likely))|"
    # "peak month for …", "the busiest year": the top of a ranking, said as one word
    r"highest|largest|greatest|biggest|commonest|peak|busiest|tops|topped|(?<!\bon\s)top(?!\s+of\s+(?:that|this|it)\b)|"
    # "rank the staff accused of …", "officers ranked by": the verb asks for a ranking
    r"rank(?:ed|ing|s)?(?=\s+(?:them|these|those|the|all|every|each|by)\b)|"
    r"(?:(?<=^)|(?<=[.?!]\s)|(?<=please\s)|(?<=you\s))rank(?=\s+(?:[\w.]+\s+)?(?:officers?|staff|"
    r"people|districts?|beats?|units?|categor\w*)\b)|"
    r"led(?!\s+(?:to|by|in)\b)|leads(?!\s+(?:to|by)\b)|leading(?!\s+to\b))\b", re.I)
# The thing ranked, said near the superlative. A district or beat followed by its number
# ("district 12") is a filter, not the thing ranked.
NOUNS: dict[str, str] = {
    r"who(?:m)?|officers?|people|persons?|staff|members? of staff|users?|sergeants?|detectives?|"
    r"constables?": "person",
    r"districts?(?!\s+\d)|beats?(?!\s+\d)|precincts?": "district",
    r"units?(?!\s+\d)|teams?|stations?|departments?": "unit",
    r"categor(?:y|ies)|classifications?|types?|kinds?": "category",
    r"years?": "year",
    r"months?": "month",
    r"weekdays?|days?\s+of\s+(?:the\s+)?week": "weekday",
    r"findings?|outcomes?": "finding",
}
RANK_NOUN = re.compile(r"(?:sergeant|detective|constable|officer)s?", re.I)  # left to binders
_NOUN = re.compile(r"\b(?:" + "|".join(f"(?P<g{i}>{rx})" for i, rx in enumerate(NOUNS)) + r")\b",
                   re.I)
_KEYS = list(NOUNS.values())
# Words of a ranking that carry no constraint of their own once the ranking is read.
RANK_WORDS = re.compile(
    r"\b(?:number\s+of|counts?|tally|frequent(?:ly)?|often|common(?:est|ly)?|popular|prevalent|"
    r"accused|most[\s-]+accused|"
    # the verb of a ranked value ("which reason is given most often", "comes up the most")
    r"(?:is|was|are|were)\s+(?:given|stated|cited|recorded|used)|stated|cited|"
    r"(?:comes?|came|coming|crops?|cropped|turns?|turned|turning|shows?|showed|shown)\s+up|"
    # the verb of the ranked people: "which officer featured in / appeared on the most …"
    r"appear(?:s|ed|ing)?|featur(?:e|es|ed|ing)|figur(?:e|es|ed|ing)|"
    # the verb of a ranked time or place: "which month saw the highest number", "which year
    # brought the force the most", "which district drew the most"
    r"(?:saw|sees|brought|brings|drew|draws)(?=(?:\s+[\w'-]+){0,3}?\s+(?:the\s+)?(?:most|"
    r"highest|largest|greatest|biggest|fewest|lowest|least)\b)|"
    # the measure: "rank the reasons by how many claims cite them"
    r"by\s+how\s+many(?:\s+[\w-]+){0,2}?\s+(?:cite|give|state|name|list|carry|record)s?\s+"
    r"(?:them|it)|"
    r"than\s+any(?:one|body)?\s*(?:else|other)?|(?:\(?\s*(?:include|including|with)\s+ties\)?)|"
    r"ties\s+included|among|rank(?:ed|ing)?\s+(?:them|these|those)|"
    # "tell me who sits at the top", "who comes first": the ranking's own top
    r"(?:who(?:ever)?\s+(?:is|was|comes?|came|sits?|ends?\s+up)\s+)?(?:at\s+the\s+top|first)"
    r"(?=\s*(?:[.?!]|$)))", re.I)
# "who sits at the top", "who comes first", "number one": only the first of the ranking
TOP_ONE = re.compile(r"\bat\s+the\s+top\b|\b(?:who(?:ever)?|which(?:ever)?)\s+(?:is|was|"
                     r"comes?|came|sits?|ends?\s+up)\s+(?:first|top)\b|\bnumber\s+one\b", re.I)
AT_MOST = re.compile(r"\bat\s+most\b", re.I)


def _plural(said: str) -> str:
    """'claim reason' said as 'claim reasons' / 'claims reason' too."""
    words = [re.escape(w) + (r"(?:e?s)?" if w.isalpha() else "") for w in said.split()]
    return r"[\s_-]+".join(words)


@dataclass
class Ranking:
    group_by: str
    limit: int | None
    ascending: bool
    spans: list[tuple[int, int]] = field(default_factory=list)
    whole: bool = False  # "rank the districts by …": the whole ranking, not only its top


def _limit_near(text: str, start: int, end: int) -> tuple[int | None, tuple[int, int] | None]:
    """'top three', 'which two officers', 'the two most-accused', 'three officers'."""
    window_start = max(0, start - 40)
    for m in re.finditer(rf"\b(?P<n>{_N})\b(?=\s+(?:[\w.'-]+\s+){{0,2}}?(?:most|highest|"
                         rf"largest|greatest|fewest|lowest|officers?|districts?|beats?|units?|"
                         rf"categor|people|staff))", text[window_start:end + 40], re.I):
        n = m["n"].lower()
        value = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
        if value and value <= 50:
            s = window_start + m.start()
            return value, (s, s + len(m["n"]))
    return None, None


def ranking(text: str, fields: dict[str, str] | None = None) -> Ranking | None:
    """The ranking a question asks for (people and dates already masked), or None. `fields`:
    other things ranked, the data's categorical fields by the words that name them ("reason" →
    "field:claim_reason", see `fields.ranked_fields`): "which reason is given most often"."""
    cues = [m for m in SUPERLATIVE.finditer(text)
            if not any(a.start() <= m.start() < a.end() for a in AT_MOST.finditer(text))]
    if not cues:
        return None
    cue = cues[0]
    nouns, keys = _NOUN, _KEYS
    if fields:  # the data's field names first: "claim reasons", not a bare "type"
        said = sorted(fields, key=len, reverse=True)
        keys = [*(fields[s] for s in said), *_KEYS]
        nouns = re.compile(r"\b(?:" + "|".join(
            [f"(?P<g{i}>{_plural(s)})" for i, s in enumerate(said)] +
            [f"(?P<g{i + len(said)}>{rx})" for i, rx in enumerate(NOUNS)]) + r")\b", re.I)
    before = [m for m in nouns.finditer(text[:cue.start()])
              if len(text[m.end():cue.start()].split()) <= 8]
    after = [m for m in nouns.finditer(text, cue.end())
             if len(text[cue.end():m.start()].split()) <= 6]
    noun = before[-1] if before else (after[0] if after else None)
    if noun is None:
        return None
    key = next(keys[int(name[1:])] for name, v in noun.groupdict().items() if v)
    limit, limit_span = _limit_near(text, min(noun.start(), cue.start()),
                                    max(noun.end(), cue.end()))
    if limit is None and (top := TOP_ONE.search(text)):
        limit, limit_span = 1, top.span()
    # "which sergeants had the most": a rank ranks people *of that rank* — the word is left for
    # the data's rank values to bind (or to be reported), never swallowed by the ranking; so is
    # "officers", which a value may end in ("senior officers")
    noun_spans = [] if RANK_NOUN.fullmatch(noun.group(0)) else [noun.span()]
    spans = [cue.span(), *noun_spans] + ([limit_span] if limit_span else [])
    spans += [m.span() for m in RANK_WORDS.finditer(text)]
    return Ranking(key, limit, bool(cue["low"]), spans,
                   whole=cue.group(0).lower().startswith("rank"))
