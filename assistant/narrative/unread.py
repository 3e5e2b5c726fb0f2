"""What a narrative search cannot read: a question about a record's fields, not its account.

A narrative search answers "which records describe X" by reading the accounts. A question that
fell into it although it asks about a property the records hold as a field — a lawsuit linked to
a complaint and whether it was settled, a case being closed, the officers' race or rank, or an
operation on the records ("split the officers by …") — has no conduct for an account to describe.
Searched as text, its whole wording becomes the topic and the answer claims a set ("95 complaints
describe 'civil lawsuit linked to a complaint settled'") or a "No" that nothing supports: a
broader or different question answered silently. Such a question is reported not applied and
the narrative answer abstains, saying which words it could not read. A question that asks for
the words themselves ("complaints that mention a lawsuit or a settlement") is a text search and
is searched for them (a record's status, "cases closed", and an operation are still reported).

Kept narrow on purpose: a property word counts only where the question asks for the property
("their race", "by rank", "what location"), not where conduct is about it ("stopped because of
their race", "racial slur"); a status word only where the record is its subject ("cases closed").
"""

from __future__ import annotations

import re

# A record's status or a linked proceeding: never conduct an account describes.
_STATUS = re.compile(
    r"\b(lawsuits?|litigation|civil\s+(?:suits?|actions?|claims?)|settled|settlements?|"
    r"payouts?)\b", re.I)
# 'closed' / 'reopened' with the record as its subject: "cases closed", "closed complaints".
_RECORD = r"(?:complaints?|cases?|investigations?|allegations?|files?|records?)"
_CLOSED = re.compile(
    rf"\b{_RECORD}\s+(?:(?:that|which)\s+)?(?:(?:was|were|been|got|is|are|have|has|had)\s+)*"
    rf"(?:closed|reopened)\b|\b(?:closed|reopened)\s+{_RECORD}\b", re.I)
# A property of a person or record, asked for as such ("their race", "by rank") …
_PROPERTY = r"(?:race|races|ethnicity|ethnicities|gender|genders|rank|ranks|age|ages|" \
    r"locations?|districts?|beats?)"
_ASKED = re.compile(
    rf"\b(?:(?:by|per|each|every|what|which|according\s+to|grouped\s+by|broken\s+down\s+by|"
    rf"split\s+by)\s+(?:(?:their|his|her|its|the|officers?'?s?|complainants?'?s?)\s+)?"
    rf"|(?:their|his|her|its)\s+){_PROPERTY}\b", re.I)
# … unless conduct is about it: "because of their race", "on account of her age".
_CAUSE = re.compile(
    rf"\b(?:because\s+of|on\s+account\s+of|due\s+to|over|about|for)\s+"
    rf"(?:their|his|her|its|the)\s+{_PROPERTY}\b", re.I)
# An operation on the records, not a search of their accounts: "Split the officers …".
_OPERATION = re.compile(
    r"^\s*(?:please\s+)?(split|divide|group|sort|order|rank|tabulate|tally|chart|plot|"
    r"cross-tabulate|break\s+down|compare)\b", re.I)


def unread(topic: str, literal: bool = False) -> list[str]:
    """The words of `topic` (the text a narrative search would look for) that ask about a field
    or an operation the search cannot apply, as the question says them; [] when none.
    `literal`: the question asks which accounts mention the words (search.is_literal)."""
    found: list[str] = []
    if m := _OPERATION.match(topic):
        found.append(m.group(1))
    if not literal:  # "mention a lawsuit" asks for the words: the accounts are searched
        found += [m.group(0) for m in _STATUS.finditer(topic)]
    found += [m.group(0) for m in _CLOSED.finditer(topic)]
    causes = [m.span() for m in _CAUSE.finditer(topic)]
    found += [m.group(0) for m in _ASKED.finditer(topic)
              if not any(s <= m.start() < e or s < m.end() <= e for s, e in causes)]
    return list(dict.fromkeys(" ".join(w.split()) for w in found))


def refusal(words: list[str]) -> str:
    """The abstention a narrative answer gives instead of a set for `unread` words."""
    quoted = ", ".join(f"‘{w}’" for w in words)
    return (f"I can't answer this by searching the narratives: {quoted} asks about the records' "
            "fields or an operation on them, not conduct an account describes, and a text search "
            "for those words would only find accounts that happen to use them. Nothing is "
            "counted in its place; ask for the field itself (for example a count or a list of "
            "the records with that field), or for the conduct the accounts should describe.")
