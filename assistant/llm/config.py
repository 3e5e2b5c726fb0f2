"""Where the optional LLM lives and how long to wait for it.

Read from the application `Settings` with `getattr`, so this package works whether or not the
`llm_*` fields have been added to `Settings` yet: no URL means "no LLM", and every answer stays
extractive. Nothing here has a default endpoint or model — an unset URL never falls through to a
library default (llama-index and the OpenAI SDK would otherwise reach for api.openai.com).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# Package data of assistant.llm (inside the wheel), not a top-level `prompts` package: that
# generic name would claim a directory of site-packages other distributions may want.
DEFAULT_PROMPTS_DIR: Traversable = resources.files("assistant.llm") / "prompts"


@dataclass(frozen=True)
class LLMConfig:
    url: str = ""  # any OpenAI-compatible server: vLLM, Ollama, llama.cpp server, ...
    model: str = ""
    api_key: str = ""  # most local servers need none
    timeout_s: float = 60.0
    max_tokens: int = 700
    prompts_dir: Traversable = field(default=DEFAULT_PROMPTS_DIR)

    @property
    def enabled(self) -> bool:
        return bool(self.url.strip())

    @property
    def api_base(self) -> str:
        """The URL the OpenAI client appends `/chat/completions` to.

        Users paste any of `http://host:8000`, `http://host:8000/v1` or the full
        `.../v1/chat/completions`; all three mean the same server.
        """
        parts = urlsplit(self.url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"PROBITY_LLM_URL must be an http(s) URL, got {self.url!r}")
        path = parts.path.rstrip("/")
        for suffix in ("/chat/completions", "/completions"):
            if path.endswith(suffix):
                path = path[: -len(suffix)]
        if not path:
            path = "/v1"
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))

    @classmethod
    def from_settings(cls, settings: Any) -> LLMConfig:
        if isinstance(settings, LLMConfig):
            return settings
        custom = getattr(settings, "llm_prompts_dir", None)
        key = getattr(settings, "llm_api_key", "") or ""
        if hasattr(key, "get_secret_value"):  # a pydantic SecretStr
            key = key.get_secret_value()
        return cls(
            url=str(getattr(settings, "llm_url", "") or ""),
            model=str(getattr(settings, "llm_model", "") or ""),
            api_key=str(key),
            timeout_s=float(getattr(settings, "llm_timeout_s", 60.0) or 60.0),
            max_tokens=int(getattr(settings, "llm_max_tokens", 700) or 700),
            prompts_dir=Path(custom) if custom else DEFAULT_PROMPTS_DIR,
        )
