"""The embedding cache: text embedded once is never embedded again, in this process or the next."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingestion.index.embedding_cache import EmbeddingCache, cached_embed


def test_cached_embed_embeds_only_new_text_and_keeps_order(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = cached_embed(["가", "나다", "가"], embed, cache)
    assert calls == [["가", "나다"]] and first.tolist() == [[1.0, 1.0], [2.0, 1.0], [1.0, 1.0]]
    again = cached_embed(["나다", "라마바"], embed, EmbeddingCache(tmp_path / "cache.sqlite"))  # a new process
    assert calls[-1] == ["라마바"] and again.tolist() == [[2.0, 1.0], [3.0, 1.0]]
    assert len(cache) == 3
    assert cached_embed(["x"], embed, None).tolist() == [[1.0, 1.0]]  # no cache: plain embedding
