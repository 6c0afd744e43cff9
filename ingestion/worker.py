"""The heavy part of ingestion (loading, chunking, embedding) in a separate process at lower priority.

A server that ingests an upload or a synced item in its own process would make every answer wait: embedding
holds the process's embedding lock and both compete for the same cores. ``WorkerBuilder`` runs
``pipeline.build_version`` in one long-lived worker process started with ``os.nice`` (the model loads once), and
returns the records and vectors; the write to the index stays in the calling process, so the embedded Chroma
store keeps a single writer.

Inside the worker, embedding runs on every core (``embeddings.embed_passages_parallel``: its threads inherit the
worker's niceness). The worker builds one document at a time: ``ingest`` asks for the next one early, and that call
waits here rather than in the worker's queue, so a worker that dies fails only the document it was building."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ingestion.pipeline import BuiltVersion, SourceGroup, build_version
from ingestion.settings import IndexSettings

log = logging.getLogger(__name__)


def _lower_priority(nice: int) -> None:
    """Initializer of the worker: lower its CPU priority (it inherits the environment that keeps it offline), and
    end it when the process that started it is gone (killed servers must not leave workers behind)."""
    if nice > 0 and hasattr(os, "nice"):
        try:
            os.nice(min(nice, 19))
        except OSError:  # not permitted: run at normal priority rather than not at all
            log.warning("could not lower the ingestion worker's priority")
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker_pid() -> int:
    return os.getpid()


def index_settings(settings: IndexSettings) -> IndexSettings:
    """The lower layer's settings alone (what the worker needs), without reading the environment again."""
    return IndexSettings.model_construct(**{name: getattr(settings, name) for name in IndexSettings.model_fields})


class WorkerBuilder:
    """A ``pipeline.Builder`` that builds each document in one worker process at niceness ``nice``. Thread-safe
    (one build at a time); the process starts on first use and is replaced if it dies (the document it was
    building is reported as failed, naming the cause)."""

    def __init__(self, nice: int = 10) -> None:
        self.nice = nice
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._building = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_lower_priority, initargs=(self.nice,))
            return self._pool

    def __call__(self, group: SourceGroup, settings: IndexSettings, indexed_hash: str | None) -> BuiltVersion:
        with self._building:  # a dead worker is replaced before the next build starts
            try:
                return self._executor().submit(build_version, group, index_settings(settings),
                                               indexed_hash).result()
            except BrokenProcessPool as exc:
                self._discard()
                name = group.files[0].name if group.files else group.doc_id
                return BuiltVersion(group.doc_id, error=f"{name}: the ingestion worker process stopped while "
                                                        f"reading this file (out of memory?): {exc}")

    def worker_pid(self) -> int:
        """The worker's process id (starting it if needed)."""
        return int(self._executor().submit(_worker_pid).result())

    def _discard(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
