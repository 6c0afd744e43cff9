"""Settings from the environment (and an optional .env), so every channel runs with the same configuration."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All knobs of policybot. Environment names are POLICYBOT_<FIELD> unless an alias says otherwise."""

    model_config = SettingsConfigDict(env_prefix="POLICYBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Where the Chroma store and BM25 index live.")
    collection: str = Field(default="policybot", description="Chroma collection name.")
    chroma_host: str | None = Field(
        default=None, validation_alias=AliasChoices("CHROMA_HOST", "POLICYBOT_CHROMA_HOST"),
        description="Use a Chroma server at this host instead of the embedded store.",
    )
    chroma_port: int = Field(default=8000, validation_alias=AliasChoices("CHROMA_PORT", "POLICYBOT_CHROMA_PORT"))
    hnsw_ef_search: int = Field(default=100, description="HNSW ef_search, fixed when the collection is created.")

    chunk_tokens: int = Field(default=256, description="Token budget of a chunk (cl100k).")
    chunk_overlap_tokens: int = Field(default=48, description="Overlap between chunks of one section.")
    max_file_bytes: int = Field(default=50 * 1024 * 1024, description="Largest file accepted for ingestion.")

    top_k: int = Field(default=5, description="Passages returned by retrieval.")
    answer_cache_size: int = Field(default=2048, description="Answers kept per index generation (0 = no cache).")

    llm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("LLM_BASE_URL", "POLICYBOT_LLM_BASE_URL")
    )
    llm_model: str | None = Field(default=None, validation_alias=AliasChoices("LLM_MODEL", "POLICYBOT_LLM_MODEL"))
    llm_api_key: str | None = Field(default=None, validation_alias=AliasChoices("LLM_API_KEY", "POLICYBOT_LLM_API_KEY"))
    llm_timeout_s: float = Field(default=30.0)

    admin_key: str | None = Field(default=None, description="Key required by write endpoints of the web API.")
    max_question_chars: int = Field(default=2000)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024)
    rate_limit_per_minute: int = Field(default=120)
    cors_origins: list[str] = Field(default_factory=list)

    slack_bot_token: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_app_token: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_signing_secret: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_api_url: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_API_URL"))
    slack_support_channels: list[str] = Field(default_factory=list)

    @property
    def tiktoken_cache_dir(self) -> Path:
        return PROJECT_ROOT / ".tiktoken_cache"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def prepare_environment() -> None:
    """Keep every library offline: tiktoken caches in the project, Chroma sends no telemetry."""
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(PROJECT_ROOT / ".tiktoken_cache"))
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


prepare_environment()
