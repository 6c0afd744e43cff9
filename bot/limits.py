"""Limits that match what a request costs, for every channel.

- **Input budget**: the question and the conversation history sent with it count toward one total
  (``Settings.max_input_chars``); over it, ``QuestionError`` (HTTP 413 on the web).
- **History window**: follow-up resolution reads only the last ``HISTORY_WINDOW_TURNS`` turns, and a user turn
  is read only up to ``HISTORY_TURN_CHARS`` characters (a previous question, not a pasted document), so the cost
  of a follow-up stays that of a question whatever history is sent.
- **Answer budget**: wall-clock and CPU seconds one answer may take (``Settings.answer_budget_s``), checked
  between the stages of the pipeline; over it, ``BudgetExceeded`` with a message for the user (HTTP 503).
- **Cost class**: a long question (or a follow-up of one) is *heavy*; the web channel runs at most one heavy
  answer at a time, so heavy requests can never take every answer slot from ordinary ones.
"""

from __future__ import annotations

import threading
import time

from bot.models import Turn
from bot.text import QuestionError
from bot.wording import word

HISTORY_WINDOW_TURNS = 6
HISTORY_TURN_CHARS = 300
ASSISTANT_TURN_CHARS = 1500
HEAVY_QUESTION_CHARS = 400


def input_size(question: str, history: list[Turn]) -> int:
    """Characters of the question and every history turn, as sent."""
    return len(question) + sum(len(t.content) for t in history)


def check_input_budget(question: str, history: list[Turn], max_chars: int) -> None:
    """``QuestionError`` (too long) when the question and its history together pass ``max_chars``."""
    size = input_size(question, history)
    if size > max_chars:
        raise QuestionError(
            f"{word('input_too_long', 'ko').format(size=size, limit=max_chars)} / "
            f"{word('input_too_long', 'en').format(size=size, limit=max_chars)}",
            reason="too_long", length=size, limit=max_chars,
        )


def bound_history(history: list[Turn] | None) -> list[Turn]:
    """The turns follow-up resolution may read: the last ``HISTORY_WINDOW_TURNS``, user turns cut to
    ``HISTORY_TURN_CHARS`` and assistant turns to ``ASSISTANT_TURN_CHARS`` characters."""
    bounded = []
    for t in (history or [])[-HISTORY_WINDOW_TURNS:]:
        limit = HISTORY_TURN_CHARS if t.role == "user" else ASSISTANT_TURN_CHARS
        bounded.append(t if len(t.content) <= limit else Turn(role=t.role, content=t.content[:limit]))
    return bounded


def is_heavy(question: str, history: list[Turn] | None = None) -> bool:
    """A question whose answer costs more than an ordinary one: long, or a follow-up of a long previous turn."""
    last_user = next((t.content for t in reversed(bound_history(history)) if t.role == "user"), "")
    return len(question) + len(last_user) // 2 > HEAVY_QUESTION_CHARS


class BudgetExceeded(RuntimeError):
    """An answer took longer than its budget; the message is for the user (Korean / English)."""

    def __init__(self, seconds: float, kind: str = "time") -> None:
        self.seconds = seconds
        self.kind = kind
        super().__init__(f"{word('over_budget', 'ko').format(seconds=round(seconds))} / "
                         f"{word('over_budget', 'en').format(seconds=round(seconds))}")


class Cancelled(RuntimeError):
    """The asker went away (closed the page, pressed stop): the answer is not finished."""


class AnswerBudget:
    """A deadline in wall-clock seconds and a CPU-time limit of the answering thread, checked by ``check``
    (the pipeline calls it between stages through its progress hook). ``cancel()`` stops the answer at the next
    check. Started by the first ``check`` in the answering thread, so time spent queueing for a slot is free."""

    def __init__(self, seconds: float, cpu_seconds: float | None = None) -> None:
        self.seconds = seconds
        self.cpu_seconds = cpu_seconds if cpu_seconds is not None else seconds
        self._started: float | None = None
        self._cpu_started = 0.0
        self._thread: int | None = None
        self._cancelled = threading.Event()

    def start(self) -> None:
        if self._started is None:
            self._started = time.perf_counter()
            self._cpu_started = time.thread_time()
            self._thread = threading.get_ident()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def elapsed(self) -> float:
        return 0.0 if self._started is None else time.perf_counter() - self._started

    def check(self) -> None:
        self.start()
        if self._cancelled.is_set():
            raise Cancelled("the asker cancelled the answer")
        if self.seconds > 0 and self.elapsed() > self.seconds:
            raise BudgetExceeded(self.seconds)
        if self.cpu_seconds > 0 and self._thread == threading.get_ident() \
                and time.thread_time() - self._cpu_started > self.cpu_seconds:
            raise BudgetExceeded(self.cpu_seconds, "cpu")


__all__ = ["ASSISTANT_TURN_CHARS", "HEAVY_QUESTION_CHARS", "HISTORY_TURN_CHARS", "HISTORY_WINDOW_TURNS",
           "AnswerBudget", "BudgetExceeded", "Cancelled", "bound_history", "check_input_budget", "input_size",
           "is_heavy"]
