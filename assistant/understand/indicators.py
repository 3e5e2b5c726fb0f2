"""Indicator columns: a yes/no flag of an export's own ("foot_chase_i" = "Y"), read and said.

Why: an indicator column is bound from its name (assistant/catalogue/flags.py) and filters on its
yes value; the interpretation printed that as "foot chase i = Y", the export's spelling, which
an investigator has to decode. The words that only say a column is a flag and the spellings of
yes and no live here, so the catalogue that links such a column and the line that shows it
agree: the filter reads "foot chase: yes".
"""

from __future__ import annotations

import re

YES = {"y", "yes", "true", "t", "1"}
NO = {"n", "no", "false", "f", "0"}
# Words in an indicator column's name that only say it is one ("_i", "is_", "_flag", "_ind")
# or that the question restates around the thing flagged ("related", "involved").
FLAG_WORDS = {"i", "ind", "indicator", "flag", "flagged", "is", "has", "was", "yn", "related",
              "involved", "involving", "relating"}


def flagged_thing(field: str) -> str:
    """'foot_chase_i' → 'foot chase': the column's name without the words that mark a flag."""
    return " ".join(w for w in field.lower().split("_") if w and w not in FLAG_WORDS)


def indicator_text(field: str, values: list[str]) -> str | None:
    """'foot chase: yes' for a filter on a bare yes/no value of `field`; None for any other."""
    said = {re.sub(r"\W+", "", v.lower()) for v in values}
    if not said or not (said <= YES or said <= NO):
        return None
    thing = flagged_thing(field) or field.replace("_", " ")
    return f"{thing}: {'yes' if said <= YES else 'no'}"
