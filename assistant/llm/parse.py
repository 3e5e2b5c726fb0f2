"""Reading a model's answer: lines, sentences, and the `[n]` markers each sentence carries.

Models write markers in several ways — `[1]`, `[1][2]`, `[1, 2]`, `[Source 1]`, `[1-3]`, before or
after the full stop — and some wrap their reasoning in `<think>` tags. All of that is normalised
here so the validator sees one shape: per line, sentences of plain text each with marker numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text import sentence_spans

# Reasoning models wrap their thinking in <think> tags (an unclosed one runs to the end): it is
# never part of the reply, whether an answer or a plan.
_THINK = re.compile(r"<think>.*?(?:</think>|\Z)", re.DOTALL | re.IGNORECASE)
_NUM = r"(?:source\s*)?\d+"
MARKER = re.compile(rf"\[\s*({_NUM}(?:\s*(?:,|;|-|–|and)\s*{_NUM})*)\s*\]", re.IGNORECASE)
# "… him. [1]" → "… him [1]." so the marker stays with the sentence it ends.
_MARKER_AFTER_STOP = re.compile(rf"([.!?])((?:\s*{MARKER.pattern})+)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


@dataclass
class Sentence:
    text: str  # the sentence as written, markers included
    claim: str  # without markers or final punctuation
    stop: str  # its final punctuation ("." if none)
    markers: list[int] = field(default_factory=list)  # in order, distinct


@dataclass
class Line:
    prefix: str  # a bullet, kept when the answer is rebuilt
    sentences: list[Sentence]


def marker_numbers(group: str) -> list[int]:
    """'1, 2' → [1, 2]; 'Source 3' → [3]; '2-4' → [2, 3, 4] (short ranges only)."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|;|and)\s*", group, flags=re.IGNORECASE):
        ends = [int(x) for x in re.findall(r"\d+", part)]
        if len(ends) == 2 and 0 < ends[1] - ends[0] <= 10:
            out.extend(range(ends[0], ends[1] + 1))
        else:
            out.extend(ends)
    return out


def sentence(text: str) -> Sentence:
    numbers: list[int] = []
    for match in MARKER.finditer(text):
        numbers += marker_numbers(match.group(1))
    claim = re.sub(r"\s+", " ", MARKER.sub(" ", text)).strip()
    claim = re.sub(r"\s+([.,;:!?])", r"\1", claim)
    stop = "."
    if claim and claim[-1] in ".!?":
        claim, stop = claim[:-1].rstrip(), claim[-1]
    return Sentence(text.strip(), claim, stop, list(dict.fromkeys(numbers)))


def without_thinking(raw: str) -> str:
    """The reply with any <think> block removed: the first step of reading an answer or a plan."""
    return _THINK.sub("", raw).strip()


def parse_answer(raw: str) -> list[Line]:
    text = without_thinking(raw)
    text = _MARKER_AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    lines = []
    for row in text.splitlines():
        bullet = _BULLET.match(row)
        prefix = bullet.group(0).strip() + " " if bullet else ""
        body = row[bullet.end():] if bullet else row
        sentences = [sentence(body[s:e]) for s, e in sentence_spans(body)]
        sentences = [s for s in sentences if s.claim]
        if sentences:
            lines.append(Line(prefix, sentences))
    return lines
