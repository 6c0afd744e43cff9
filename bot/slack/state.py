"""Small in-process, thread-safe state of the Slack app: seen event ids and recently given answers."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class TTLCache(Generic[V]):
    """A bounded mapping whose entries expire ``ttl_s`` seconds after they were set (oldest evicted first)."""

    def __init__(self, ttl_s: float, max_items: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_items = max_items
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._items:
            key, (expires, _) = next(iter(self._items.items()))
            if expires > now and len(self._items) <= self.max_items:
                break
            del self._items[key]

    def set(self, key: str, value: V) -> None:
        with self._lock:
            now = self._clock()
            self._items.pop(key, None)
            self._items[key] = (now + self.ttl_s, value)
            self._expire(now)

    def get(self, key: str) -> V | None:
        with self._lock:
            self._expire(self._clock())
            item = self._items.get(key)
            return item[1] if item else None

    def add_if_new(self, key: str, value: V) -> bool:
        """Set ``key`` unless it is present; True when it was new. Atomic, so two threads never both win."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if key in self._items:
                return False
            self._items[key] = (now + self.ttl_s, value)
            self._expire(now)
            return True

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._items)


class SeenEvents:
    """Event ids already handled, remembered for ``ttl_s`` (Slack retries within minutes)."""

    def __init__(self, ttl_s: float = 3600.0, max_items: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._cache: TTLCache[bool] = TTLCache(ttl_s, max_items, clock)

    def first_time(self, event_id: str) -> bool:
        return self._cache.add_if_new(event_id, True)
