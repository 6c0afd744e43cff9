"""Getting a reply into a thread even when Slack pushes back, and knowing whether Slack is reachable at all.

- ``call``: one Web API call with bounded retries: a 429 waits for its ``Retry-After`` (capped), a 5xx or a
  network error backs off; any other error (``channel_not_found``, ``invalid_blocks`` …) is final at once.
- ``Delivery``: a reply in a thread whatever fails: the placeholder is replaced by the answer, or the answer is
  posted as a new reply when the placeholder could not be posted or updated, and when that fails too, a short
  error reply is posted, so the asker never waits for nothing.
- ``SlackConnection``: ``auth.test`` retried with backoff in the background until Slack answers; its state is
  part of ``/readyz`` and ``/healthz`` (``snapshot``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

logger = logging.getLogger("bot.slack")

T = TypeVar("T")

ATTEMPTS = 3
MAX_RETRY_AFTER_S = 30.0
REPLY_FAILED = "답변을 보내지 못했습니다. 잠시 후 다시 물어봐 주세요. / I could not send the answer; please ask again."


def error_code(exc: BaseException) -> str:
    """Slack's error code of a failed call ("ratelimited", "channel_not_found"), or the exception's text."""
    if isinstance(exc, SlackApiError):
        data = getattr(exc.response, "data", None)
        error = data.get("error") if isinstance(data, dict) else None
        return str(error or exc)
    return str(exc) or type(exc).__name__


def _retry_wait(exc: BaseException, attempt: int) -> float | None:
    """Seconds to wait before trying again, or None when the error is final."""
    if isinstance(exc, SlackApiError):
        status = getattr(exc.response, "status_code", 200)
        if status == 429:
            headers = getattr(exc.response, "headers", {}) or {}
            value = next((v for k, v in headers.items() if k.lower() == "retry-after"), "1")
            try:
                return min(max(float(value), 0.0), MAX_RETRY_AFTER_S)
            except (TypeError, ValueError):
                return 1.0
        return float(2 ** (attempt - 1)) if status >= 500 else None
    if isinstance(exc, OSError | SlackClientError):  # connection refused, DNS, timeouts
        return float(2 ** (attempt - 1))
    return None


def call(fn: Callable[..., T], *, attempts: int = ATTEMPTS, sleep: Callable[[float], None] = time.sleep,
         **kwargs: Any) -> T:
    """``fn(**kwargs)`` with up to ``attempts`` tries (see the module docstring); raises the last error."""
    for attempt in range(1, attempts + 1):
        try:
            return fn(**kwargs)
        except (SlackApiError, SlackClientError, OSError) as exc:
            wait = _retry_wait(exc, attempt)
            if wait is None or attempt == attempts:
                raise
            logger.warning("Slack %s failed (%s); attempt %d of %d in %.1f s", getattr(fn, "__name__", "call"),
                           error_code(exc), attempt + 1, attempts, wait)
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class Delivery:
    """One reply in one thread (see the module docstring). ``placeholder_ts`` is set once "찾는 중" is posted."""

    client: WebClient
    channel: str
    thread_ts: str
    placeholder_ts: str | None = None
    failures: list[str] = field(default_factory=list)

    def _log(self, what: str, exc: BaseException) -> None:
        self.failures.append(error_code(exc))
        logger.error("Slack API error while %s in %s (thread %s): %s", what, self.channel, self.thread_ts,
                     error_code(exc))

    def post_placeholder(self, text: str, blocks: list[dict[str, Any]]) -> bool:
        try:
            result = call(self.client.chat_postMessage, channel=self.channel, thread_ts=self.thread_ts, text=text,
                          blocks=blocks)
        except (SlackApiError, SlackClientError, OSError) as exc:
            self._log("posting the placeholder", exc)
            return False
        self.placeholder_ts = str(result["ts"])
        return True

    def reply(self, text: str, blocks: list[dict[str, Any]] | None = None) -> bool:
        """Replace the placeholder with ``text``/``blocks``, else post them as a new reply, else post the short
        error reply. True when the asker got ``text``."""
        if self.placeholder_ts:
            try:
                call(self.client.chat_update, channel=self.channel, ts=self.placeholder_ts, text=text, blocks=blocks)
                return True
            except (SlackApiError, SlackClientError, OSError) as exc:
                self._log("answering", exc)
        try:
            call(self.client.chat_postMessage, channel=self.channel, thread_ts=self.thread_ts, text=text,
                 blocks=blocks)
            return True
        except (SlackApiError, SlackClientError, OSError) as exc:
            self._log("posting the answer", exc)
        try:
            call(self.client.chat_postMessage, channel=self.channel, thread_ts=self.thread_ts, text=REPLY_FAILED)
        except (SlackApiError, SlackClientError, OSError) as exc:
            self._log("posting the error reply", exc)
        return False


class SlackConnection:
    """Whether this app's token works, found out by ``auth.test`` with backoff in a background thread (Slack
    briefly unreachable at start-up must not disable Slack until a restart). ``check_now`` tries at once (at
    most once a second), for a request that arrives while Slack is not yet confirmed."""

    def __init__(self, client: WebClient, *, first_delay_s: float = 1.0, max_delay_s: float = 60.0) -> None:
        self.client = client
        self.first_delay_s = first_delay_s
        self.max_delay_s = max_delay_s
        self.state = "connecting"
        self.error: str | None = None
        self.attempts = 0
        self.since = time.time()
        self.next_attempt_at: float | None = None
        self._last_attempt = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def start(self) -> SlackConnection:
        self._thread = threading.Thread(target=self._run, name="slack-auth-test", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def check_now(self) -> bool:
        if self.ready or time.monotonic() - self._last_attempt < 1.0:
            return self.ready
        return self._attempt()

    def _attempt(self) -> bool:
        with self._lock:
            if self.ready:
                return True
            self._last_attempt = time.monotonic()
            self.attempts += 1
            try:
                self.client.auth_test()
            except (SlackApiError, SlackClientError, OSError) as exc:
                self.error = f"auth.test failed: {error_code(exc)}"
                (logger.error if self.attempts == 1 else logger.warning)(
                    "Slack not reachable yet (%s, attempt %d); /slack/events answers 503 until it is",
                    self.error, self.attempts)
                return False
            self.state, self.error, self.since, self.next_attempt_at = "ready", None, time.time(), None
            logger.info("Slack connected (auth.test ok after %d attempt(s))", self.attempts)
            return True

    def _run(self) -> None:
        delay = self.first_delay_s
        while not self._stop.is_set() and not self._attempt():
            self.next_attempt_at = time.time() + delay
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, self.max_delay_s)

    def snapshot(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state, "attempts": self.attempts}
        if self.error:
            out["error"] = self.error
        if self.next_attempt_at and not self.ready:
            out["next_attempt_in_s"] = max(0.0, round(self.next_attempt_at - time.time(), 1))
        return out


__all__ = ["REPLY_FAILED", "Delivery", "SlackConnection", "call", "error_code"]
