"""Kiwi's analysis of a question, made once: every stage of answering reads the same tokens."""

from __future__ import annotations

from functools import lru_cache

from ingestion.korean import _kiwi, _kiwi_lock


@lru_cache(maxsize=4096)
def analyse(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """Kiwi tokens of a question as (form, tag, start, length), cached: every stage reads the same analysis."""
    with _kiwi_lock:
        return tuple((t.form, t.tag, t.start, t.len) for t in _kiwi().tokenize(text))
