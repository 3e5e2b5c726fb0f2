"""A field whose name qualifies another's ("recommended_finding" beside "finding"): the words a
question says it with, and how far a value said with them reaches.

Why: on the held-out run of 2026-12-07 "a proposed finding of sustained" and "COPA recommended a
sustained finding" were read as the final finding: "proposed" was not known as a word for the
recommended one, and "sustained finding" — the words of a Philadelphia finding label, "Sustained
Finding" — was the longest value said, so it bound the final finding of another force's vocabulary
before the recommendation said just before it was weighed. Here a field's name is also said with
the other words investigators use for its qualifier, and a value said right after the qualifier
("recommended a sustained", "proposed … sustained") reaches over the qualifier and the head word
after it ("finding"), so that reading is the longest and wins. Data-independent English only.
"""

from __future__ import annotations

import re

from .shorten import leading_word

# Other words for a qualifier in a field's name (`recommended_finding`: "proposed finding")
QUALIFIER_WORDS = {"recommended": ("proposed", "suggested"),
                   "recommendation": ("proposal", "suggestion")}


def name_forms(field: str) -> list[str]:
    """Patterns for a field's name as a question says it: its words, and each qualifier replaced
    by its other words ("recommended finding", "proposed finding")."""
    parts = field.lower().split("_")
    forms = [parts]
    for i, word in enumerate(parts[:-1]):
        forms += [[*parts[:i], other, *parts[i + 1:]] for other in QUALIFIER_WORDS.get(word, ())]
    return [r"[\s_]+".join(map(re.escape, words)) for words in forms]


def lead_forms(field: str) -> str | None:
    """A pattern for the first word of a multi-word field's name, any ending, or one of its
    other words ("recommen…", "propos…")."""
    lead = leading_word(field)
    if lead is None:
        return None
    first = field.lower().split("_")[0]
    others = [re.escape(o[:max(4, len(o) - 3)]) for o in QUALIFIER_WORDS.get(first, ())]
    return "(?:" + "|".join([lead, *others]) + ")"


def qualifier_stems(word: str) -> tuple[str, ...]:
    """The stems a question may say a qualifier stem with ("recommend": "propos", "suggest")."""
    out = [word]
    for name, others in QUALIFIER_WORDS.items():
        if name.startswith(word):
            out += [o[:max(4, len(o) - 3)] for o in others]
    return tuple(dict.fromkeys(out))


def head_after(field: str) -> str:
    """A pattern for the head word of a field's name said after its value ("a recommended
    sustained *finding*"): the name's last word."""
    return re.escape(field.lower().split("_")[-1]) + r"(?:s|es)?"
