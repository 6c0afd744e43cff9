"""Settings of the lower layer: where the index lives (data directory, Chroma collection or server) and how
documents are cut into chunks. ``bot.config.Settings`` extends these with the upper layer's knobs, so one
object configures both and every channel runs with the same configuration."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def home_dir() -> Path:
    """The checkout when running from one (``make run``: ``./data`` beside the code), else the working directory
    (an installed wheel: the code sits in site-packages, the data where the user runs it)."""
    return PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd()


class IndexSettings(BaseSettings):
    """The index and chunking. Environment names are POLICYBOT_<FIELD> unless an alias says otherwise."""

    model_config = SettingsConfigDict(env_prefix="POLICYBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: home_dir() / "data",
                           description="Where the Chroma store and BM25 index live.")
    collection: str = Field(default="policybot", description="Chroma collection name.")
    chroma_host: str | None = Field(
        default=None, validation_alias=AliasChoices("CHROMA_HOST", "POLICYBOT_CHROMA_HOST"),
        description="Use a Chroma server at this host instead of the embedded store.",
    )
    chroma_port: int = Field(default=8000, validation_alias=AliasChoices("CHROMA_PORT", "POLICYBOT_CHROMA_PORT"))
    # At 100 the HNSW graph Chroma loads missed the nearest sentences of a 373-sentence index in some processes
    # and not in others (chroma-core/chroma#1205, #2025): the same question got other passages on another start.
    hnsw_ef_search: int = Field(default=400, description="HNSW ef_search; an existing collection is brought to it "
                                "when opened (effective from the next process).")

    chunk_tokens: int = Field(default=256, description="Token budget of a chunk (cl100k).")
    chunk_overlap_tokens: int = Field(default=48, description="Overlap between chunks of one section.")
    max_file_bytes: int = Field(default=50 * 1024 * 1024, description="Largest file accepted for ingestion.")
    max_pages_per_file: int = Field(default=2000, description="Most pages one file may have (a PDF's pages; the "
                                    "page breaks of other formats); a file over it is refused, naming the limit.")
    max_chunks_per_file: int = Field(default=4000, description="Most chunks one file may be cut into; a file over "
                                     "it is refused, naming the limit.")
    ingest_worker_nice: int = Field(default=10, description="Niceness of the worker process that loads, chunks "
                                    "and embeds uploads and synced items while the server answers (0-19).")

    sources_file: Path = Field(default_factory=lambda: home_dir() / "sources.toml",
                               description="Where the sources (folders, feeds, listing pages, APIs) are configured.")


def prepare_environment() -> None:
    """Keep every library offline: tiktoken caches beside the code, Chroma sends no telemetry."""
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(PROJECT_ROOT / ".tiktoken_cache"))
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


prepare_environment()
