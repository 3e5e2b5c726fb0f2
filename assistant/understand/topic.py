"""The narrative search text of a question: what is left once people, dates, shapes and
boilerplate are taken out ("complaints where an officer threw a phone" → "officer threw a phone").

Why: split from plan.py; the topic text only feeds the narrative path's search.
"""

from __future__ import annotations

import re

from .lexicon import MASK

LEADING = re.compile(
    r"^(?:please|can you|could you|would you|i want to|i'd like to|i would like to|show me|"
    r"what's|what is|what are|what were|who's|in|for|on|about|"
    r"show|list(?: all)?|give me|tell me about|tell me|find me|find|search for|search|look for|"
    r"look up|check|"
    r"how many times|how many|how often|what is the number of|the number of|number of|count|"
    r"total|are there any|were there any|is there any|was there any|are there|were there|"
    r"is there|was there|any|all|what|which|who|when|did|does|do|has|have|had|compare|"
    r"summari[sz]e|describe|what happened (?:in|with|to)|what happened|me|the|of|were|was|"
    r"are|is|and|vs\.?|versus)\b[\s,:]*", re.I)


TRAILING = re.compile(
    r"[\s,]*\b(?:against|by|for|in|on|of|from|about|involving|with|and|or|to|during|since|the|"
    r"did|does|do|have|has|had|get|got|receive|received|make|made|vs\.?|versus|compared|"
    r"between|than|more|fewer|been|was|were|is|are)\s*$", re.I)


EXTRA_STOP = {"involved", "involving", "receive", "received", "made", "make", "happened",
              "regarding", "concerning", "related", "relating", "got", "get", "ones", "one",
              "claim", "claims", "claimed", "claiming", "lodged", "filed", "submitted", "brought",
              "handled", "dealt", "anyone", "anybody", "someone", "somebody", "everyone", "been",
              "ever", "common", "had", "investigated", "investigation", "investigations", "happen",
              "there", "while", "whilst", "use", "used", "using"}


def clean_topic(text: str) -> str:
    text = re.sub(MASK + "+('s)?", " ", text)
    text = re.sub(r"\s+", " ", re.sub(r"[?!]+|\.$", " ", text)).strip(" ,.;:")
    for rx in (LEADING, TRAILING):
        prev = None
        while prev != text:
            prev, text = text, rx.sub("", text).strip(" ,.;:")
    return re.sub(r"\s+", " ", text)
