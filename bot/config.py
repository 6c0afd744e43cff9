"""Settings of the upper layer (retrieval, answering, channels), extending the index settings of ``ingestion``."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic import AliasChoices, Field

from ingestion.settings import PROJECT_ROOT, IndexSettings, prepare_environment

__all__ = ["PROJECT_ROOT", "Settings", "get_settings", "prepare_environment"]


class Settings(IndexSettings):
    """All knobs of policybot: the index settings (``ingestion.settings``) plus retrieval, answering and the
    channels. Environment names are POLICYBOT_<FIELD> unless an alias says otherwise."""

    top_k: int = Field(default=5, description="Passages returned by retrieval.")
    today: date | None = Field(default=None, description="The day notice status (upcoming / open / closed) is "
                               "derived for, YYYY-MM-DD; unset = the system date.")
    sources_sync_minutes: float = Field(default=0.0, description="`policybot serve` syncs the sources every this "
                                        "many minutes (0 = never; off by default).")
    answer_cache_size: int = Field(default=2048, description="Answers kept per index generation (0 = no cache).")
    # Limits that match cost (bot/limits.py) and who a client is behind a proxy (bot/web/app.py).
    max_input_chars: int = Field(default=12_000, description="The question plus its history turns, in characters.")
    answer_budget_s: float = Field(default=20.0, description="Wall-clock and CPU seconds one answer may take.")
    admin_rate_limit_per_minute: int = Field(default=30, description="Admin requests per client per minute "
                                             "(a bucket of their own: public traffic never refuses an upload).")
    proxy_headers: bool = Field(default=False, description="Trust X-Forwarded-For/-Proto from forwarded_allow_ips.")
    forwarded_allow_ips: str = Field(default="127.0.0.1", description="Proxies trusted for X-Forwarded-* headers "
                                     "(comma-separated addresses or networks, or '*').")

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
    openai_api_key: str | None = Field(
        default=None, description="Bearer key the OpenAI-compatible endpoints (/v1/…) require; unset = open like "
        "the rest of the read API (rate limits still apply).")
    openai_model_name: str = Field(default="policybot", description="Model id /v1/models lists and answers carry.")

    slack_bot_token: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_app_token: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_signing_secret: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_api_url: str | None = Field(default=None, validation_alias=AliasChoices("SLACK_API_URL"))
    slack_support_channels: list[str] = Field(default_factory=list)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
