"""Named prompt templates from `assistant/llm/prompts/`, and the numbered sources they quote.

A template is a Markdown file with a `## system` and a `## user` section; `{name}` placeholders are
filled in one pass, so text substituted in (a question, a narrative) is never itself scanned for
placeholders. Prompts live in files so they can be reviewed and changed without touching code.

Sources are shown as quoted data: each inside a `<source id="n" ...>` … `</source>` block whose
attributes (record label, date, people) come from the store, and whose body is the chunk text the
user is allowed to see (already redacted). A narrative that contains its own `</source>` could
otherwise close the block early and pose as instructions, so source tags inside text are defused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from assistant.compose import RecordFacts
from assistant.retrieval import Hit

_SECTION = re.compile(r"^##\s+(system|user)\s*$", re.MULTILINE | re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TAG_IN_TEXT = re.compile(r"<(?=/?\s*source\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """Source `[n]` of a prompt: one retrieved chunk of a record the user may read."""

    n: int
    hit: Hit
    facts: RecordFacts

    @property
    def text(self) -> str:
        return self.hit.text

    @property
    def header(self) -> str:
        """Label, date and people, as the prompt shows them (store facts, not narrative)."""
        return " · ".join(x for x in (self.facts.label, self.facts.when, self.facts.people) if x)


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    system: str
    user: str

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with every `{placeholder}` filled; an unknown one is an error."""

        def fill(template: str) -> str:
            return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)

        return fill(self.system), fill(self.user)


def load_template(name: str, directory: Traversable) -> PromptTemplate:
    path = directory / f"{name}.md"
    text = path.read_text(encoding="utf-8")
    parts = _SECTION.split(text)
    # parts: [preamble, "system", body, "user", body]; the preamble documents the template.
    sections = {parts[i].lower(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"}:
        raise ValueError(f"{path} needs exactly one '## system' and one '## user' section")
    return PromptTemplate(name, sections["system"], sections["user"])


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def render_sources(sources: list[Source]) -> str:
    blocks = []
    for s in sources:
        attrs = [f'id="{s.n}"', f'record="{_attr(s.facts.label)}"']
        if s.facts.when:
            attrs.append(f'date="{_attr(s.facts.when)}"')
        if s.facts.people:
            attrs.append(f'people="{_attr(s.facts.people)}"')
        body = _TAG_IN_TEXT.sub("‹", s.text)
        blocks.append(f"[{s.n}] <source {' '.join(attrs)}>\n{body}\n</source>")
    return "\n\n".join(blocks)
