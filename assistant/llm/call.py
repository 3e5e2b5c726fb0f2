"""One round trip to the model: render a named prompt, send it, return the reply — or say why not.

Why: the generated answer (`answer.py`) and the planner (`planner.py`) each loaded their prompt
template, rendered it, built the OpenAI-compatible client from Settings (URL, key, timeout and
model through `LLMConfig`) and turned a bad template or a failed endpoint into their fallback
reason, in the same words. This is that, once. Each caller passes the exception its own fallback
catches (`LLMFallback`, `PlanRejected`), so a failure here is that caller's reason to fall back,
never an error shown to the user.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.llm.client import ChatClient, LLMError, OpenAILikeClient
from assistant.llm.config import LLMConfig
from assistant.llm.prompt import load_template


def ask(prompt: str, config: LLMConfig, client: ChatClient | None,
        rejected: Callable[[str], Exception], **values: str) -> tuple[str, str]:
    """(the model's reply as written, the model's name) for template `prompt` filled
    with `values`; sent through `client`, else the configured endpoint. Raises `rejected(reason)`
    when the template cannot be used or the endpoint fails."""
    try:
        template = load_template(prompt, config.prompts_dir)
        system, user = template.render(**values)
    except (OSError, ValueError, KeyError) as e:
        raise rejected(f"prompt template {prompt!r} unusable: {e}") from e
    try:
        client = client or OpenAILikeClient(config)
        raw = client.chat(system, user)
    except LLMError as e:
        raise rejected(f"LLM endpoint failed: {e}") from e
    return raw, client.model

