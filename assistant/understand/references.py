"""References to one specific record ("complaint 31-0001", "case CC/0001/21", "IR/21/00001",
"the complaint numbered 2021-0007777", "complaint log 2019-0004592", "COPA log 2022-0003068").

Why: a reference the engine does not recognise used to fall through to a list of every complaint;
found here (before people and dates read the question, so "31-0001" is not a collar number or a
date range), it becomes a `RecordReference` that the engine looks up — and says plainly when no
such record exists ("There is no complaint 31-0001 in the records").
"""

from __future__ import annotations

import re

from .lexicon import mask
from .models import RecordReference

KIND_WORDS = {
    "complaint": "complaint", "conduct case": "conduct_case", "misconduct case": "conduct_case",
    "case": "conduct_case", "allegation": "allegation", "intelligence report": "intel_report",
    "intel report": "intel_report", "report": "intel_report", "declaration": "declaration",
    "record": "",  # "the COPA record 2018-0999999": whatever kind holds it
    # a source's own word for its records ("COPA log 2022-0003068", "CR 1087378", "file
    # 17-0121"): whatever kind holds it, on every force
    "log": "", "cr": "", "crid": "", "file": "",
}
_KIND = "|".join(sorted((re.escape(k) for k in KIND_WORDS), key=len, reverse=True))
# A value with a digit, or a number said to be a reference ("complaint number 12").
_VALUE = r"(?P<v>[A-Za-z]{0,4}[/\-]?\d[\dA-Za-z]*(?:[/\-][\dA-Za-z]+)+|(?<=[#\s])\d{3,})"
# The words a reference is introduced by: "complaint no. 12", "the case numbered 2021-0007777",
# "complaint log 2019-0004592", "case file number 17-0121" (up to two of them).
_BY = r"(?:no\.?|numbered|number|ref(?:erence)?\.?|id|log|file|cr)"
WITH_KIND = re.compile(
    rf"\b(?P<k>{_KIND})\s+(?:(?:with\s+(?:the\s+)?)?{_BY}(?:\s+{_BY})?\s*)?#?\s*"
    rf"{_VALUE}(?![\w/\-])",
    re.IGNORECASE)
# A reference on its own must look like one: letters and digits with separators (CO/00001/21).
BARE = re.compile(r"(?<![\w/\-])(?P<v>[A-Za-z]{1,4}[/\-]\d+(?:[/\-][\dA-Za-z]+)+)(?![\w/\-])")


def find_references(text: str) -> tuple[list[RecordReference], str]:
    """Record references in `text` and the text with them masked."""
    found: list[RecordReference] = []
    for m in WITH_KIND.finditer(text):
        kind = KIND_WORDS[re.sub(r"\s+", " ", m["k"].lower())]
        if re.fullmatch(r"\d{4}", m["v"]):
            continue  # "complaint 2019", "records 2020" are years
        found.append(RecordReference(kind=kind, text=m.group(0), value=m["v"],
                                     start=m.start(), end=m.end()))
        text = mask(text, m.start(), m.end())
    for m in BARE.finditer(text):
        found.append(RecordReference(kind="", text=m.group(0), value=m["v"],
                                     start=m.start(), end=m.end()))
        text = mask(text, m.start(), m.end())
    return sorted(found, key=lambda r: r.start), text
