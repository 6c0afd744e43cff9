"""The caches of whole results (answers, triage): a thread-safe least-recently-used map, and the copy a cache hit
hands out. Results are pydantic models the caller may change, so a hit is a deep copy, and it carries its own
timings (a cache hit, and how long the lookup took) rather than the stored computation's."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, Protocol, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A small thread-safe least-recently-used map; ``size`` 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class Timed(Protocol):
    """A result model with per-stage timings (``Answer``, ``Triage``)."""

    timings_ms: dict[str, float]

    def model_copy(self, *, update: None = None, deep: bool = False) -> Timed: ...


R = TypeVar("R", bound=Timed)


def served_from(cache: LRU[K, R], key: K, started: float) -> R | None:
    """A private copy of the result cached under ``key``, timed as a cache hit since ``started``; None on a miss."""
    cached = cache.get(key)
    if cached is None:
        return None
    hit = cached.model_copy(deep=True)
    hit.timings_ms = {"cache_hit": 1.0, "total": round((time.perf_counter() - started) * 1000, 1)}
    return hit  # type: ignore[return-value]  # model_copy returns the same model type
