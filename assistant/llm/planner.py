"""The optional LLM planner: the model proposes a question's plan as JSON; it is used only if valid.

Why: the deterministic planner (assistant/understand) is the default and stays the fallback, but a
model may read phrasings no rule anticipated. It is off unless both `PROBITY_LLM_URL` and
`PROBITY_LLM_PLANNER=1` are set (generated answers and planning are separate choices, and the
planner adds a model round trip to every question). `propose_plan` is the engine's one entry: it
sends the question, the schema of `ProposedPlan` and a bounded excerpt of the catalogue (the
values this reader may see), parses the reply and validates it (`plan_check`). It never raises:
on any failure — endpoint error, timeout, a reply that is not JSON or not the schema, an unknown
field or value, a word left unaccounted, a constraint dropped — it returns the deterministic plan
and says why; the engine shows that note in the interpretation line and records it in the audit.
"""

from __future__ import annotations

import json
import logging
import re
import typing
from datetime import date
from typing import Any

from pydantic import ValidationError

from assistant.catalogue import Entry
from assistant.catalogue.link import normalise
from assistant.llm.call import ask
from assistant.llm.client import ChatClient
from assistant.llm.config import LLMConfig
from assistant.llm.parse import without_thinking
from assistant.llm.plan_check import PlanRejected, check
from assistant.llm.plan_schema import ProposedPlan, schema_json
from assistant.understand.directory import PeopleDirectory
from assistant.understand.models import Kind, QueryPlan
from assistant.understand.taxonomy import CANONICAL_CATEGORIES, CANONICAL_FINDINGS

log = logging.getLogger("probity.llm")

PROMPT = "plan"
CATALOGUE_CHARS = 6000  # the catalogue excerpt's budget: enough for the fields, small for models
VALUES_PER_FIELD = 25
NOT_PLANNED = ("compare", "unanswerable")  # refused and compare questions stay deterministic
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


def catalogue_excerpt(entries: list[Entry], cleared: bool, question: str, kinds: list[str],
                      budget: int = CATALOGUE_CHARS) -> str:
    """`kind.field: v1 | v2 …` for the question's kinds (and any kind whose value it says), values
    said in the question first, then the most frequent; only values this reader may see."""
    said = " {} ".format(re.sub(r"[^\w\s]+", " ", normalise(question)))  # "stress?" says "stress"
    visible = [e for e in entries if (e.n if cleared else e.n_open) > 0]
    wanted = set(kinds or ["complaint"])
    if "complaint" in wanted:
        wanted.add("allegation")
    wanted |= {e.kind for e in visible if len(normalise(e.value)) > 3 and
               f" {normalise(e.value)} " in said}
    fields: dict[tuple[str, str], list[Entry]] = {}
    for e in visible:
        if e.kind in wanted:
            fields.setdefault((e.kind, e.field), []).append(e)
    lines, used = [], 0
    for (kind, field), values in sorted(fields.items()):
        values.sort(key=lambda e: (f" {normalise(e.value)} " not in said, -e.n, e.value))
        shown = [e.value for e in values[:VALUES_PER_FIELD]]
        more = f" (+{len(values) - len(shown)} more)" if len(values) > len(shown) else ""
        line = f"{kind}.{field}: {' | '.join(shown)}{more}"
        if used + len(line) > budget:
            lines.append("(further fields left out for length)")
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines) or "(no categorical fields)"


def parse_plan(raw: str) -> ProposedPlan:
    """The reply as a ProposedPlan; PlanRejected if it is not one JSON object of the schema."""
    text = _FENCE.sub("", without_thinking(raw)).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise PlanRejected("the model's reply holds no JSON object")
    try:
        data = json.loads(text[start:end + 1])
    except json.JSONDecodeError as e:
        raise PlanRejected(f"the model's reply is not valid JSON ({e.msg})") from e
    try:
        return ProposedPlan.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "the plan"
        raise PlanRejected(f"the plan does not match the schema: {where}: {first['msg']}") from e


def llm_plan(det: QueryPlan, entries: list[Entry], directory: PeopleDirectory, cleared: bool,
             today: date, settings: Any, client: ChatClient | None = None) -> QueryPlan:
    """The model's validated plan; raises PlanRejected with the reason otherwise."""
    if det.intent in NOT_PLANNED:
        raise PlanRejected(f"the LLM planner does not plan {det.intent} questions")
    raw, model = ask(
        PROMPT, LLMConfig.from_settings(settings), client, PlanRejected,
        question=det.question.replace("</question>", "‹/question>"),
        schema=json.dumps(schema_json(), separators=(",", ":")),
        kinds=", ".join(typing.get_args(Kind)), categories=", ".join(CANONICAL_CATEGORIES),
        findings=", ".join(CANONICAL_FINDINGS), today=today.isoformat(),
        catalogue=catalogue_excerpt(entries, cleared, det.question, list(det.kinds)))
    return check(parse_plan(raw), det, entries, cleared, directory, today, model)


def propose_plan(det: QueryPlan, entries: list[Entry], directory: PeopleDirectory,
                 cleared: bool, today: date, settings: Any,
                 client: ChatClient | None = None) -> tuple[QueryPlan, str]:
    """(the plan to execute, which planner made it and why). Never raises."""
    try:
        plan = llm_plan(det, entries, directory, cleared, today, settings, client)
    except PlanRejected as e:
        log.warning("LLM plan not used, deterministic plan kept: %s", e)
        return det, f"deterministic (LLM plan not used: {e})"
    except Exception as e:  # a bug here must cost the LLM plan, never the answer
        log.exception("LLM planner failed unexpectedly, deterministic plan kept")
        return det, f"deterministic (LLM planner failed: {type(e).__name__})"
    model = getattr(client, "model", "") or LLMConfig.from_settings(settings).model
    return plan, f"LLM ({model}), validated"
