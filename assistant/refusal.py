"""A refusal in plain English: why a question cannot be answered from the records.

The planner's reason is written for the interpretation trace — "intent unanswerable: personal
information the records do not hold ('▯▯▯'s address')" — with its internal intent name and the cue
as matched in the masked question, where names and dates are replaced by private-use characters
(shown as ▯). An investigator should read only the why: "…the question asks for personal
information the records do not hold."
"""

from __future__ import annotations

import re

INTERNAL_PREFIX = re.compile(r"^intent \w+:\s*")
QUOTED_CUE = re.compile(r"\s*\('.*'\)\s*$", re.S)
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
DEFAULT = "something outside what the records hold"


def plain_reason(reason: str) -> str:
    """The planner's reason without the intent label, the masked cue or private-use characters."""
    why = QUOTED_CUE.sub("", INTERNAL_PREFIX.sub("", reason))
    why = PRIVATE_USE.sub("", why).strip(" .")
    return why or DEFAULT


def refusal(reason: str) -> str:
    return f"This cannot be answered from the records: the question asks for {plain_reason(reason)}."
