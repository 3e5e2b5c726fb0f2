"""A category named as the kind of record is a filter, not a concept of the narrative search.

"Excessive force complaints from June where someone ended up in hospital" asks for complaints
*filed under* excessive force; its narrative topic is the hospital. Left in the topic, the
category words became concepts that every record of the category satisfies (its label is often in
the narrative: "CPD initiation report: EXCESSIVE FORCE") while complaints of other categories
were searched too. A category said anywhere else stays in the topic: "complaints where an officer
threatened to plant drugs" is about drugs without being filed under a drugs category.

`filed_under` picks the categories whose words stand right before the record noun
("<category> complaints / allegations / cases"); the engine filters the narrative search to the
records of those categories (the structured answers' own category semantics) and `topic_without`
takes the words out of the text the search embeds and reads concepts from.
"""

from __future__ import annotations

import re

_RECORD_NOUN = r"(?:complaints?|allegations?|cases?|conduct\s+cases?|misconduct\s+cases?)"


def filed_under(question: str, categories: list[str], said: dict[str, str]) -> dict[str, str]:
    """Category → the words the question names it by, for each category whose words directly
    precede a record noun ("use of force complaints", "Improper search complaints")."""
    out: dict[str, str] = {}
    for category in categories:
        words = said.get(category, "").strip()
        if not words:
            continue
        pattern = r"\b" + r"\s+".join(map(re.escape, words.split())) + r"\s+" + _RECORD_NOUN
        if re.search(pattern + r"\b", question, re.I):
            out[category] = words
    return out


def topic_without(topic: str, words: list[str]) -> str:
    """The topic with each of `words` (a category's wording) taken out, spacing tidied."""
    for said in words:
        pattern = r"\b" + r"\s+".join(map(re.escape, said.split())) + r"\b"
        topic = re.sub(pattern, " ", topic, flags=re.I)
    return re.sub(r"\s+", " ", topic).strip(" ,;:")
