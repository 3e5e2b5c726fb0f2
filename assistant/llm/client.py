"""The one place Probity talks to a generative model, behind a two-method Protocol.

Everything else (prompting, validation, fallback) depends only on `ChatClient`, so tests can hand in
a scripted client or point the real one at a loopback server, and nothing can reach a network by
accident: `OpenAILikeClient` refuses to exist without an explicit URL and model.

Guards against library defaults, all deliberate:
- `api_base`, `model` and `api_key` are always passed, so the OpenAI SDK never reads
  `OPENAI_BASE_URL`/`OPENAI_API_KEY` (a real OpenAI key must not be sent to a local server, and a
  missing URL must not mean api.openai.com);
- `max_retries=0`: a failed call falls back to the extractive answer at once instead of tripling
  the wait;
- the HTTP client ignores proxy environment variables (`trust_env=False`): case text goes to the
  endpoint the operator configured and nowhere else.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from assistant.llm.config import LLMConfig

PLACEHOLDER_KEY = "not-needed"  # sent when no key is configured; local servers ignore it


class LLMError(RuntimeError):
    """The endpoint failed: HTTP error, timeout, malformed or empty response."""


@runtime_checkable
class ChatClient(Protocol):
    model: str

    def chat(self, system: str, user: str) -> str:
        """The assistant message's text for a system + user prompt; raises LLMError."""
        ...


class OpenAILikeClient:
    """An OpenAI-compatible `/v1/chat/completions` endpoint through llama-index's `OpenAILike`."""

    def __init__(self, config: LLMConfig) -> None:
        if not config.enabled:
            raise LLMError("no LLM endpoint configured (PROBITY_LLM_URL is empty)")
        if not config.model.strip():
            raise LLMError("PROBITY_LLM_MODEL is empty: name the model the endpoint serves")
        # Deferred: llama-index and the OpenAI SDK cost seconds to import, and only this path needs
        # them.
        import httpx
        from llama_index.llms.openai_like import OpenAILike

        try:
            api_base = config.api_base
        except ValueError as e:
            raise LLMError(str(e)) from e
        self.model = config.model
        self._llm = OpenAILike(
            model=config.model,
            api_base=api_base,
            api_key=config.api_key or PLACEHOLDER_KEY,
            is_chat_model=True,
            is_function_calling_model=False,
            context_window=8192,
            max_tokens=config.max_tokens,
            temperature=0.0,
            timeout=config.timeout_s,
            max_retries=0,
            http_client=httpx.Client(timeout=config.timeout_s, trust_env=False),
        )

    def chat(self, system: str, user: str) -> str:
        from llama_index.core.base.llms.types import ChatMessage, MessageRole

        messages = [ChatMessage(role=MessageRole.SYSTEM, content=system),
                    ChatMessage(role=MessageRole.USER, content=user)]
        try:
            response = self._llm.chat(messages)
            content = response.message.content
        except Exception as e:  # any failure of the endpoint or its response means "fall back"
            raise LLMError(f"{type(e).__name__}: {e}"[:300]) from e
        if not isinstance(content, str) or not content.strip():
            raise LLMError("the endpoint returned an empty answer")
        return content
