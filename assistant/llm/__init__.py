"""Optional generative answers from an OpenAI-compatible endpoint, validated before display.

Off unless `PROBITY_LLM_URL` is set. Generation quality depends on the model the operator connects;
this package only checks what the model wrote against the records (see `support.py`) and falls
back to the extractive answer whenever the check or the endpoint fails.
"""

from assistant.llm.answer import LLMFallback, LLMResult, generate, llm_answer, validate
from assistant.llm.client import ChatClient, LLMError, OpenAILikeClient
from assistant.llm.config import LLMConfig

__all__ = ["ChatClient", "LLMConfig", "LLMError", "LLMFallback", "LLMResult", "OpenAILikeClient",
           "generate", "llm_answer", "validate"]
