"""Optional generative answers (and plans) from an OpenAI-compatible endpoint, validated first.

Off unless `PROBITY_LLM_URL` is set. Generation quality depends on the model the operator connects;
this package only checks what the model wrote against the records (see `support.py`) and falls
back to the extractive answer whenever the check or the endpoint fails. With
`PROBITY_LLM_PLANNER=1` the model may also propose each question's plan (`planner.py`), used only
if it passes `plan_check.py`; the deterministic plan is otherwise kept.
"""

from assistant.llm.answer import LLMFallback, LLMResult, generate, llm_answer, validate
from assistant.llm.client import ChatClient, LLMError, OpenAILikeClient
from assistant.llm.config import LLMConfig

__all__ = ["ChatClient", "LLMConfig", "LLMError", "LLMFallback", "LLMResult", "OpenAILikeClient",
           "generate", "llm_answer", "validate"]
