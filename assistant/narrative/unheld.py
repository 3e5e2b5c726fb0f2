"""Whether a record question that fell to the narrative search asked about an attribute no field
holds — so its answer is labelled, never presented as the count (issue #13).

The planner sends a question to the narrative search when no field holds its words. That is
right for conduct an account describes (issue #14: "was anyone rude at the front counter",
"Zanzibar nightclub licensing raids"), and it is also what happens to a question about an
administrative attribute of records or officers that no field holds: "how many complaints were
dropped at the complainant's request", "officers whose practising licence was taken away".
Searched as text, such a question came back as "N complaints describe …": a confident answer to
a different question (how many accounts mention it).

A first attempt refused such questions, and refused plain conduct and keyword questions with
them. Nothing is refused here: the accounts are still searched and shown, but when the question
counts, lists or asks for the existence of records or officers and nothing binds its words to
what accounts describe, the answer says first that no field holds the phrase and that the
accounts were searched instead, and the phrase is reported not applied. Bound, it is when any of:

- the question asks for what accounts say ('describe', 'mention', 'say') or uses an allegation
  verb ('alleged that', 'accused of', 'claimed', 'reported that');
- it frames the records by what happened in them ("complaints where / about / involving …"), or
  asks whether records exist about someone ("… ever faced a complaint?");
- one of its words is a conduct concept the narrative lexicon knows (lexicon.THESAURUS);
- the act has a second party acted on, as conduct does ("asked *someone* for …"); a party who is
  the agent ("withdrawn *by the complainant*") is not one.
"""

from __future__ import annotations

import re

from assistant.narrative.lexicon import QUESTION_WORDS, THESAURUS
from assistant.understand.accounting import BOILERPLATE, STOPWORDS
from assistant.understand.shapes import NARRATIVE_CUE

_ALLEGED = re.compile(
    r"\b(?:alleg(?:e|es|ed|ing)|accus\w*\s+(?:\S+\s+){0,3}?of|complained|witness\w*|"
    r"recount\w*|state[sd]\s+that|(?:claim|report)(?:s|ed|ing)?(?=\s+(?:that|an?|the|to|"
    r"someone|somebody|seeing|being|having)\b))\b", re.I)
_RECORDS = r"(?:complaints?|allegations?|cases?|incidents?|reports?|accounts?|files?|" \
    r"intel(?:ligence)?|declarations?|documents?|records?)"
_PEOPLE = r"(?:officers?|cops?|constables?|sergeants?|detectives?|inspectors?|lieutenants?|" \
    r"staff|employees?|personnel|members?)"
_FRAMED = re.compile(
    rf"\b{_RECORDS}(?:\s+\S+){{0,6}}?\s+(?:(?:is|are|was|were)\s+)?(?:where|wherein|about|"
    r"involv\w*|in\s+which|during\s+which|over|regarding|concerning|relating\s+to|when)\b", re.I)
_HAD_RECORDS = re.compile(
    rf"\b(?:faced|had|got|received|drew|attracted|subject\s+of|named\s+in|accused\s+in|against)"
    rf"\s+(?:(?:an?|any|the|some|one|two|more)\s+)?{_RECORDS}\s*[?.!]?\s*$", re.I)
_CONCEPT = re.compile(
    r"\b(?:" + "|".join(sorted({re.escape(t) for line in THESAURUS for t in line}, key=len,
                               reverse=True)) + r")(?:s|es|d|ed|ing|ped|ping)?\b", re.I)
_OTHER = re.compile(
    r"(?<!\bby\s)(?<!\bby\sthe\s)(?<!\bby\sa\s)(?<!\bby\san\s)"
    r"\b(?:someone|somebody|a\s+person|persons?|people|(?:wo)?m[ae]n|child(?:ren)?|kids?|"
    r"minors?|juveniles?|teen(?:ager)?s?|boys?|girls?|(?:members?\s+of\s+)?the\s+public|"
    r"civilians?|citizens?|residents?|drivers?|motorists?|suspects?|prisoners?|detainees?|"
    r"victims?|complainants?|passengers?|pedestrians?|protesters?|crowds?|famil(?:y|ies)|"
    r"neighbou?rs?|students?)\b(?!\s+(?:officers?|cops?|constables?|staff|sergeants?))", re.I)
_FIRST_WORDS = 3  # a party said this early is the question's subject ("how many people …")
# Counting, listing or asking for the existence of records or officers: "how many complaints",
# "list the officers", "were any complaints", "which complaints", "any detectives whose …".
_SHAPE = re.compile(
    r"^\s*(?:(?:how\s+many|(?:the\s+)?number\s+of|count|tally|list|show|name|give|find|"
    r"which|what|(?:are|were|is|was|have|has|had|did|do|does)(?:\s+there)?|any)\b"
    rf"(?:\s+\S+){{0,5}}?\s+{_RECORDS}|^\s*(?:how\s+many|(?:the\s+)?number\s+of|count|list|"
    rf"which|any|(?:are|were|have|has|did)(?:\s+there)?(?:\s+any)?)\b(?:\s+\S+){{0,4}}?\s+"
    rf"{_PEOPLE})\b", re.I)
_CLAUSE = re.compile(r"\b(?:who|whose|that|which)\b", re.I)
_LEADING = QUESTION_WORDS | BOILERPLATE | {"since", "later", "ever", "already", "then", "now"}
# What is trimmed off the phrase's ends: its verbs stay ("submitted by email", not "email").
_EDGE = QUESTION_WORDS | STOPWORDS | {"since", "later", "ever", "already", "then", "now"} | {
    f for w in re.findall(r"[a-z]+\??", _PEOPLE) for f in (w.strip("?"), w.strip("s?"))}
_TAIL = frozenset("in on at of from for to by the a an and or with during since".split())  # noqa: SIM905
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def bound(question: str) -> bool:
    """Whether `question` binds a narrative search to what accounts describe (module doc)."""
    if NARRATIVE_CUE.search(question) or _ALLEGED.search(question) or \
            _FRAMED.search(question) or _HAD_RECORDS.search(question) or \
            _CONCEPT.search(question):
        return True
    starts = [m.start() for m in re.finditer(r"\S+", question)]
    early = starts[_FIRST_WORDS] if len(starts) > _FIRST_WORDS else len(question)
    return any(m.start() >= early for m in _OTHER.finditer(question))


def content(text: str) -> list[str]:
    """Words of `text` that could carry a constraint: not question words, boilerplate or a
    proper noun (a force, a place: the search's filters, never what is asked about)."""
    return [w for w in _WORD.findall(text) if w.lower() not in _LEADING | QUESTION_WORDS
            and not w[0].isupper() and len(w) > 2]


def unheld(question: str, topic: str) -> list[str]:
    """The searched topic's phrase, as the question says it, when `question` counts, lists or
    asks for records or officers and nothing binds it to the accounts; [] otherwise."""
    if not _SHAPE.search(question) or bound(question) or not content(topic):
        return []
    words = _WORD.findall(_CLAUSE.split(topic)[-1] if _CLAUSE.search(topic) else topic)
    while words and (words[0].lower() in _EDGE or words[0][0].isupper()):
        words.pop(0)  # "have since been [decertified …]"
    while words and (words[-1].lower() in _TAIL or words[-1][0].isupper()):
        words.pop()  # "[… arising from complaints] in"
    return [" ".join(words)] if content(" ".join(words)) else [" ".join(content(topic))]


def label(words: list[str]) -> str:
    """The opening a narrative answer gives when `unheld` found `words`."""
    quoted = " or ".join(f"‘{w}’" for w in words)
    return f"No field in the records holds {quoted}; searched the accounts instead:"
