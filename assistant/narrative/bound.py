"""Whether a question that fell to the narrative search asks about what the accounts describe.

The narrative search exists for conduct described in complaint accounts (issue #14). The planner
sends a question there when no field holds its words — which is also what happens to a question
about an administrative fact of a person or record that the records simply do not hold: "how
many of the accused officers lost their state certification", "officers whose pension was
stopped". Searched as text, such a question got "1 complaint describes …" for an account that
happens to share a word: a broader, different question answered confidently (sixth fresh set).

So the search must be bound to the accounts by the question itself. It is, when any of:

- the question asks for what accounts say: a narrative cue ('describe', 'mention', 'say') or an
  allegation verb ('alleged that', 'accused of', 'claimed', 'reported');
- it frames the records by what happened in them: "complaints where / about / involving /
  in which / over …", or asks whether records exist about someone ("… ever faced a
  complaint?": the words left say whom, not a fact about them);
- one of its words is a conduct concept the narrative lexicon knows (a taser, a bribe, a
  chokehold: lexicon.THESAURUS);
- the act has a second party, as conduct does and an administrative fact does not: "asked
  *someone* for …", "a date out of *a woman* he stopped", "pointed guns at *kids*".

Otherwise its words are reported not applied and the answer abstains, saying how to search the
accounts if that was meant. Unsure is reported, never guessed: an honest "I could not apply
'lost their certification'" is better than a set that does not answer it.
"""

from __future__ import annotations

import re

from assistant.narrative.lexicon import QUESTION_WORDS, THESAURUS
from assistant.understand.accounting import BOILERPLATE
from assistant.understand.shapes import NARRATIVE_CUE

_ALLEGED = re.compile(
    r"\b(?:alleg(?:e|es|ed|ing)|accus\w*\s+(?:\S+\s+){0,3}?of|complained|witness\w*|"
    r"recount\w*|state[sd]\s+that|(?:claim|report)(?:s|ed|ing)?(?=\s+(?:that|an?|the|to|"
    r"someone|somebody|seeing|being|having)\b))\b", re.I)
_RECORDS = r"(?:complaints?|allegations?|cases?|incidents?|reports?|accounts?|files?|" \
    r"intel(?:ligence)?|declarations?|documents?|records?)"
_FRAMED = re.compile(
    rf"\b{_RECORDS}(?:\s+\S+){{0,6}}?\s+(?:(?:is|are|was|were)\s+)?(?:where|wherein|about|"
    r"involv\w*|in\s+which|during\s+which|over|regarding|concerning|relating\s+to|when)\b", re.I)
# Whether records exist about someone ("ever faced a complaint", "named in any complaint"): the
# words left name whom the accounts are about (a role, a name), not a fact about them.
_HAD_RECORDS = re.compile(
    rf"\b(?:faced|had|got|received|drew|attracted|subject\s+of|named\s+in|accused\s+in|against)"
    rf"\s+(?:(?:an?|any|the|some|one|two|more)\s+)?{_RECORDS}\s*[?.!]?\s*$", re.I)
_CONCEPT = re.compile(
    r"\b(?:" + "|".join(sorted({re.escape(t) for line in THESAURUS for t in line}, key=len,
                               reverse=True)) + r")(?:s|es|d|ed|ing|ped|ping)?\b", re.I)
_OTHER = re.compile(
    r"\b(?:someone|somebody|a\s+person|persons?|people|(?:wo)?m[ae]n|child(?:ren)?|kids?|"
    r"minors?|juveniles?|teen(?:ager)?s?|boys?|girls?|(?:members?\s+of\s+)?the\s+public|"
    r"civilians?|citizens?|residents?|drivers?|motorists?|suspects?|prisoners?|detainees?|"
    r"victims?|complainants?|passengers?|pedestrians?|protesters?|crowds?|famil(?:y|ies)|"
    r"neighbou?rs?|students?)\b(?!\s+(?:officers?|cops?|constables?|staff|sergeants?))", re.I)
_FIRST_WORDS = 3  # a party said this early is the question's subject ("how many people …")
_CLAUSE = re.compile(r"\b(?:who|whose|that|which)\b", re.I)
_LEADING = QUESTION_WORDS | BOILERPLATE | {"since", "later", "ever", "already", "then", "now"}
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


def unbound(question: str, topic: str) -> list[str]:
    """The topic's words, as the question says them, when nothing binds the search to the
    accounts; [] when the question is bound or the topic has nothing left to search for."""
    if bound(question) or not content(topic):
        return []
    words = _WORD.findall(_CLAUSE.split(topic)[-1] if _CLAUSE.search(topic) else topic)
    for end in (0, -1):  # "have since been [decertified …]", "[… arising] from complaints in"
        while words and (words[end].lower() in _LEADING or words[end][0].isupper()):
            words.pop(end)
    return [" ".join(words)] if content(" ".join(words)) else [" ".join(content(topic))]


def refusal(words: list[str]) -> str:
    """The abstention a narrative answer gives for `unbound` words."""
    quoted = ", ".join(f"‘{w}’" for w in words)
    return (f"I could not apply {quoted}: I found no field of the records that holds it, and "
            "it reads as a fact about the people or records (a status, an outcome, a "
            "certification, an employment event) rather than conduct a complaint account "
            "describes, so a search of the narratives would only find accounts that happen to "
            "share its words. Nothing is counted in its place. To search the accounts for it, "
            "ask which complaints describe or mention it.")
