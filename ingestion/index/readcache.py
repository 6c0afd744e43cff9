"""Records read from Chroma, kept in memory for one generation of the index. Every answer reads the chunks it
ranks and their sentence vectors by id; over Chroma each read is a round trip of a few milliseconds, about a
quarter of an answer's time on the seed corpus. A chunk id names its document's version (``chunk_id_for``), and any
write changes the generation, so within one generation a record read once is the record; a new generation starts
empty. Bounded: past ``limit`` entries the cache starts again rather than grow with the index."""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class GenerationCache(Generic[V]):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._generation: Hashable = None
        self._values: dict[str, V] = {}
        self._lock = threading.Lock()

    def split(self, generation: Hashable, keys: list[str]) -> tuple[dict[str, V], list[str]]:
        """The values held for ``keys`` in this generation, and the keys still to read."""
        with self._lock:
            if generation != self._generation:
                self._generation, self._values = generation, {}
            found = {k: self._values[k] for k in keys if k in self._values}
        return found, [k for k in keys if k not in found]

    def keep(self, generation: Hashable, values: dict[str, V]) -> None:
        with self._lock:
            if generation != self._generation:
                return  # the index changed while these were read: they may be of the older generation
            if len(self._values) + len(values) > self.limit:
                self._values = {}
            self._values.update(values)
