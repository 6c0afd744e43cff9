"""The one answer service behind every channel: CLI, web and Slack call ``PolicyBot.answer``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings, get_settings
from bot.limits import bound_history
from bot.lru import LRU, served_from
from bot.models import Answer, Turn
from bot.retrieval import RetrievalResult, retrieve
from ingestion.index import DocFilter, Store

if TYPE_CHECKING:
    from bot.answering.pipeline import Progress
    from ingestion.pipeline import Builder
    from ingestion.worker import WorkerBuilder


class PolicyBot:
    """Store + retrieval + answering for one data directory. Thread-safe for concurrent ``answer`` calls."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.store = Store(self.settings)
        from bot.answering.config import AnswerConfig

        self.answer_config = AnswerConfig()  # thresholds; POLICYBOT_ANSWER_<NAME> overrides one
        self._ready = False
        # Identical questions (FAQ traffic, Slack retries, the same question from many clients) are answered
        # once per index generation.
        self._cache: LRU[tuple[object, ...], Answer] = LRU(self.settings.answer_cache_size)
        self._cache_lock = threading.Lock()  # guards _inflight
        self._inflight: dict[tuple[object, ...], threading.Lock] = {}
        # "Today" for notice status (upcoming / open / closed): POLICYBOT_TODAY, else the system date; tests set it.
        self.clock: Callable[[], date] = lambda: self.settings.today or date.today()
        self._worker: WorkerBuilder | None = None
        self._worker_lock = threading.Lock()

    def warm_up(self) -> None:
        """Load Kiwi, the embedding model, the keyword index and the English word-form tables (0.7 s on the first
        English question otherwise) now rather than on the first question."""
        from bot.english import english_inflections, english_lemmas
        from ingestion.index.embeddings import embed_query
        from ingestion.korean import count_tokens, keyword_tokens

        self.store.sync_keywords()
        keyword_tokens("준비")
        count_tokens("준비")
        embed_query("준비")
        english_lemmas("readied")
        english_inflections("ready")
        self._ready = True

    @property
    def ready(self) -> bool:
        return self._ready

    def today(self) -> date:
        return self.clock()

    def retrieve(
        self, question: str, top_k: int | None = None, doc_id: str | None = None, section: str | None = None,
        mode: str = "hybrid", *, filters: DocFilter | None = None,
    ) -> RetrievalResult:
        return retrieve(self.store, question, top_k or self.settings.top_k, doc_id, section, mode,
                        filters=filters, today=self.today())

    def answer(
        self, question: str, history: list[Turn] | None = None, *, doc_id: str | None = None,
        section: str | None = None, use_llm: bool | None = None, progress: Progress | None = None,
        filters: DocFilter | None = None,
    ) -> Answer:
        """Answer ``question`` from the indexed documents, citing every sentence, or abstain and say why.

        Only the last turns of ``history`` are read, each cut to a question's length (``bot.limits``), so a
        follow-up costs what a question costs. ``progress(stage, info)`` is called as the stages complete
        (retrieving, retrieved, checking, composing, generating, token); it may raise to stop the answer (a time
        budget, a client that went away). A cached answer calls nothing.

        ``filters`` (kind, issuer, status, date) limit the documents answers come from. Questions about what is
        open now ("지금 신청 가능한 …") are answered from the application windows (``bot.open_notices``), and
        every citation carries its document's status on ``today()``."""
        from bot.answering import answer_question
        from bot.open_notices import annotate_status, open_notice_answer

        started = time.perf_counter()
        history = bound_history(history)
        key = self._key(question, history, doc_id, section, use_llm, filters)
        hit = self._cached(key, started)
        if hit is not None:
            return hit
        # One computation per question at a time: concurrent askers of the same question wait for it.
        with self._cache_lock:
            gate = self._inflight.setdefault(key, threading.Lock())
        with gate:
            hit = self._cached(key, started)
            if hit is not None:
                return hit
            try:
                today = self.today()
                listed = open_notice_answer(self, question, today, filters) if doc_id is None else None
                result = listed or answer_question(self, question, history, doc_id=doc_id, section=section,
                                                   use_llm=use_llm, progress=progress, filters=filters,
                                                   today=today)
                annotate_status(result, self.store, today)
                result.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 1)
                if self._cache.size:
                    self._cache.put(key, result.model_copy(deep=True))
            finally:
                with self._cache_lock:
                    self._inflight.pop(key, None)
        return result

    def cached_answer(
        self, question: str, history: list[Turn] | None = None, *, doc_id: str | None = None,
        section: str | None = None, use_llm: bool | None = None, filters: DocFilter | None = None,
    ) -> Answer | None:
        """The cached answer of this question in this index generation, or None; never computes (cheap enough
        to call on the event loop before queueing for an answer slot)."""
        return self._cached(self._key(question, bound_history(history), doc_id, section, use_llm, filters),
                            time.perf_counter())

    def _key(self, question: str, history: list[Turn], doc_id: str | None, section: str | None,
             use_llm: bool | None, filters: DocFilter | None = None) -> tuple[object, ...]:
        return (" ".join(question.split()), tuple((t.role, t.content) for t in history), doc_id, section,
                use_llm, self.store.generation(), filters, self.today())

    def _cached(self, key: tuple[object, ...], started: float) -> Answer | None:
        return served_from(self._cache, key, started)

    def ingest(self, paths: list[Path], *, builder: Builder | None = None):  # type: ignore[no-untyped-def]
        """Ingest ``paths``; ``builder=self.ingest_worker()`` does the heavy part in the low-priority worker."""
        from ingestion.pipeline import ingest

        return ingest(self.store, paths, self.settings, builder=builder)

    def ingest_worker(self) -> WorkerBuilder:
        """The worker process (niceness ``ingest_worker_nice``) that loads, chunks and embeds uploads and synced
        items for a serving process, so answers keep this process's CPU and embedding lock."""
        from ingestion.worker import WorkerBuilder

        with self._worker_lock:
            if self._worker is None:
                self._worker = WorkerBuilder(self.settings.ingest_worker_nice)
            return self._worker


_default: PolicyBot | None = None
_default_lock = threading.Lock()


def get_bot() -> PolicyBot:
    """The process-wide bot on the configured data directory."""
    global _default
    with _default_lock:
        if _default is None:
            _default = PolicyBot()
        return _default


def answer(question: str, history: list[Turn] | None = None, **kwargs: object) -> Answer:
    return get_bot().answer(question, history, **kwargs)  # type: ignore[arg-type]
