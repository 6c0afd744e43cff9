"""Small, dependency-free guards for the web channel: per-client rate limits, body-size limits and security
headers (input cleaning is ``bot.text``, shared by every channel). Kept apart from the routes so each can be
tested and reasoned about on its own."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

class SlidingWindowLimiter:
    """At most ``limit`` events per ``window_s`` per key, counted over a true sliding window.

    In memory and per process on purpose: the web channel runs as one uvicorn process per host, and a limit
    that survives restarts is not worth a shared store here. Memory is bounded by ``max_keys``: when full,
    keys whose events have all expired are dropped first, then the least recently used ones.
    """

    def __init__(self, limit: int, window_s: float = 60.0, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, now: float) -> None:
        cutoff = now - self.window_s
        for key in [k for k, q in self._events.items() if not q or q[-1] <= cutoff]:
            del self._events[key]
        while len(self._events) >= self.max_keys:
            del self._events[next(iter(self._events))]

    def retry_after(self, key: str, now: float | None = None) -> float:
        """Seconds until ``key`` may act again; 0 when it may act now. Does not record anything."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._events.get(key)
            if q is None:
                return 0.0
            cutoff = now - self.window_s
            while q and q[0] <= cutoff:
                q.popleft()
            if len(q) < self.limit:
                return 0.0
            return max(q[0] + self.window_s - now, 0.001)

    def hit(self, key: str, now: float | None = None) -> float:
        """Record one event for ``key`` if allowed; returns 0 when allowed, else seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._events.get(key)
            if q is None:
                if len(self._events) >= self.max_keys:
                    self._prune(now)
                q = self._events[key] = deque()
            else:  # keep dict order ≈ LRU so pruning drops idle clients first
                self._events[key] = self._events.pop(key)
            cutoff = now - self.window_s
            while q and q[0] <= cutoff:
                q.popleft()
            if len(q) >= self.limit:
                return max(q[0] + self.window_s - now, 0.001)
            q.append(now)
            return 0.0

    def reset(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)


class BodyTooLargeError(Exception):
    """Raised from the wrapped ``receive`` once a request body passes its limit."""


async def _send_json(
    send: Send, status: int, payload: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuse request bodies over a limit *before* they are parsed, so a 100 MB JSON "question" or upload is
    never buffered: Content-Length is checked up front and a chunked body is counted as it arrives."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        message = f"request body too large (limit {limit:,} bytes)"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    await _send_json(
                        send, 400, {"error": "invalid Content-Length header"}, security_headers(scope)
                    )
                    return
                if too_big:
                    await _send_json(send, 413, {"error": message}, security_headers(scope))
                    return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise BodyTooLargeError(message)
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLargeError:
            if not started:
                await _send_json(send, 413, {"error": message}, security_headers(scope))


# The chat and admin pages load only same-origin files, so scripts and styles are 'self' only: no inline
# script can run even if some text slipped into the DOM as markup. /docs (Swagger UI) needs its CDN and an
# inline bootstrap script, so it gets a looser policy limited to that page.
CSP_APP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CSP_DOCS = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def security_headers(scope: Scope) -> list[tuple[bytes, bytes]]:
    path = str(scope.get("path", ""))
    csp = CSP_DOCS if path in ("/docs", "/redoc") or path.startswith("/docs/") else CSP_APP
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]


class SecurityHeadersMiddleware:
    """Add the security headers to every response, streaming ones included (pure ASGI: SSE is untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope)

        async def send_with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                present = {name.lower() for name, _ in msg.get("headers", [])}
                msg["headers"] = [*msg.get("headers", []), *(h for h in extra if h[0] not in present)]
            await send(msg)

        await self.app(scope, receive, send_with_headers)
