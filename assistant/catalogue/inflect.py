"""A one-word label said as the verb it names: "separated", "to separate" for "SEPARATION".

Why: on the fourth fresh set (2026-12-07) "a recommendation to separate an officer" was not
bound to Chicago's recommended penalty "400 - SEPARATION": the catalogue links a value said as
stored (plural endings allowed) and the mapping's aliases, and "separate" is question boilerplate
("three separate complaints"). Penalties and outcomes are nouns for what was done to an officer
("suspension", "demotion", "reprimand", "reassignment"); questions say the verb. The forms are
derived from the label, so any force's one-word outcomes get them with no code change; a form
that is also boilerplate binds only where it is a verb with an object ("separate an officer"),
never as an adjective ("separate complaints").
"""

from __future__ import annotations

import re

# noun ending → the verb stem's ending, then the verb's endings
_NOUN_TO_VERB = (("ation", "ate"), ("sion", "d"), ("tion", "te"), ("ment", ""))
_VERB_ENDINGS = ("", "s", "d", "ed", "ing")
# what follows a verb said of an officer: its object ("separate *an* officer", "… *him*")
VERB_OBJECT = re.compile(r"^\s+(?:an?|the|that|this|those|these|him|her|them|any|each|every|"
                         r"one|two|\d+)\b", re.I)


def _verb_forms(stem: str) -> list[str]:
    if stem.endswith("e"):
        return [stem, stem + "s", stem + "d", stem[:-1] + "ing"]
    return [stem + e for e in _VERB_ENDINGS if e != "d"]


# whom an officer is separated, dismissed or removed from ("separated from the department")
EMPLOYER = ("department", "force", "service", "police")


def outcome_forms(label: str) -> list[str]:
    """The verb forms, and each said with whom it parts the officer from."""
    verbs = verb_forms(label)
    return verbs + [f"{v} from the {e}" for v in verbs for e in EMPLOYER]


def verb_forms(label: str) -> list[str]:
    """The verb forms of a one-word label ('SEPARATION' → separate, separates, separated,
    separating; 'REPRIMAND' → reprimands, reprimanded, reprimanding); [] for longer labels."""
    words = re.findall(r"[A-Za-z]+", label.lower())
    if len(words) != 1 or len(words[0]) < 6:
        return []
    word = words[0]
    for noun, verb in _NOUN_TO_VERB:
        if word.endswith(noun):
            return [f for f in _verb_forms(word[:-len(noun)] + verb) if f != word]
    if word.endswith(("ed", "ing", "s", "ly", "y")):
        return []  # already a verb's form or not a noun for what was done ("Sustained")
    return [f for f in _verb_forms(word) if f != word]
