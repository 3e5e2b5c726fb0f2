"""A tiny template grammar for narrative banks.

`[a|b|c]` picks one alternative (nestable; `[a|]` makes text optional) and `{slot}` is filled
from a per-narrative dict. Templates are compiled once and rendered many times, so a bank of a
few hundred templates yields a very large number of distinct sentences cheaply.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

_SPACES = re.compile(r" {2,}")
_SPACE_PUNCT = re.compile(r" ([,.;:!?])")


class Slot:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


Part = str | Slot | tuple[list["Part"], ...]  # a tuple holds alternatives


def _parse(text: str, pos: int, depth: int) -> tuple[list[Part], int]:
    """Parse a sequence until `|` or `]` at this depth; returns (parts, position)."""
    parts: list[Part] = []
    buf: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if ch == "[":
            if buf:
                parts.append("".join(buf))
                buf = []
            alts: list[list[Part]] = []
            pos += 1
            while True:
                seq, pos = _parse(text, pos, depth + 1)
                alts.append(seq)
                if pos >= len(text):
                    raise ValueError(f"unclosed [ in template: {text!r}")
                if text[pos] == "]":
                    pos += 1
                    break
                pos += 1  # skip "|"
            parts.append(tuple(alts))
        elif ch in "|]" and depth > 0:
            break
        elif ch == "{":
            end = text.index("}", pos)
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(Slot(text[pos + 1 : end]))
            pos = end + 1
        else:
            buf.append(ch)
            pos += 1
    if buf:
        parts.append("".join(buf))
    return parts, pos


def compile_template(text: str) -> list[Part]:
    parts, pos = _parse(text, 0, 0)
    if pos != len(text):
        raise ValueError(f"unbalanced ] in template: {text!r}")
    return parts


def compile_bank(texts: Sequence[str]) -> list[list[Part]]:
    return [compile_template(t) for t in texts]


def _render(seq: list[Part], rng: random.Random, slots: Mapping[str, str], out: list[str]) -> None:
    for part in seq:  # type() checks: this loop runs for every word of ~10^6 sentences
        if type(part) is str:
            out.append(part)
        elif type(part) is tuple:
            _render(part[int(rng.random() * len(part))], rng, slots, out)
        else:
            out.append(slots[part.name])  # type: ignore[union-attr]


def tidy(text: str, cap: bool = True) -> str:
    """Collapse doubled spaces left by empty options; capitalise a sentence (not a fragment)."""
    text = _SPACE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()
    return text[:1].upper() + text[1:] if cap and text else text


def render(seq: list[Part], rng: random.Random, slots: Mapping[str, str], cap: bool = True) -> str:
    out: list[str] = []
    _render(seq, rng, slots, out)
    return tidy("".join(out), cap)


def pick_render(
    bank: Sequence[list[Part]], rng: random.Random, slots: Mapping[str, str], cap: bool = True
) -> str:
    return render(bank[int(rng.random() * len(bank))], rng, slots, cap)
