"""What one web app instance owns (settings, the bot, the feedback store, limiters, warm-up state), and the
one dependency every API route declares: the per-client rate limit, plus the admin key on write routes."""

from __future__ import annotations

import hmac
import os
import threading
from pathlib import Path
from typing import Annotated

import anyio
from fastapi import Depends, HTTPException, Request
from fastapi.params import Depends as DependsParam

from bot.config import Settings
from bot.feedback import FeedbackStore
from bot.service import PolicyBot
from bot.web.guards import SlidingWindowLimiter

ADMIN_HEADER = "X-Admin-Key"
ADMIN_FAILURES_PER_MINUTE = 5
# answer() is CPU-bound (Kiwi, the embedding model, numpy) and the embedding model is behind a process lock;
# running more answers at once than there are cores only makes every one of them slower.
DEFAULT_ANSWER_CONCURRENCY = max(2, os.cpu_count() or 2)


class ApiError(HTTPException):
    """An HTTPException whose detail is the user-facing message of the ``{"error": ...}`` body."""


class WebState:
    """Everything one app instance owns, reachable from handlers as ``request.app.state.web``."""

    def __init__(self, settings: Settings, bot: PolicyBot, answer_concurrency: int, warm_up: bool) -> None:
        self.settings = settings
        self.bot = bot
        self.data_dir = Path(settings.data_dir)
        self.feedback = FeedbackStore(self.data_dir / "feedback.sqlite3")
        self.rate = SlidingWindowLimiter(max(1, settings.rate_limit_per_minute), 60.0)
        # Admin requests have a bucket of their own: public traffic never refuses an upload, and admin work
        # never uses up the public allowance.
        self.admin_rate = SlidingWindowLimiter(max(1, settings.admin_rate_limit_per_minute), 60.0)
        self.admin_failures = SlidingWindowLimiter(ADMIN_FAILURES_PER_MINUTE, 60.0)
        self.answer_limiter = anyio.CapacityLimiter(max(1, answer_concurrency))
        # One heavy answer (a long question, or a follow-up of one: bot.limits.is_heavy) at a time, so heavy
        # requests can never hold every answer slot.
        self.heavy_limiter = anyio.CapacityLimiter(1)
        self.warm_up = warm_up
        self.warm_error: str | None = None
        self.warm_thread: threading.Thread | None = None


def get_web(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


Web = Annotated[WebState, Depends(get_web)]
"""A route parameter ``web: Web`` is this app's ``WebState``."""


def client_key(request: Request) -> str:
    """The peer address. X-Forwarded-For is not read here: any client can forge it to dodge limits. Behind a
    reverse proxy, ``policybot serve --proxy-headers --forwarded-allow-ips PROXY`` makes uvicorn replace the peer
    address with the forwarded client's, for requests from that proxy only."""
    return request.client.host if request.client else "unknown"


def _retry(message: str, wait: float) -> ApiError:
    return ApiError(429, message.format(seconds=int(wait) + 1), headers={"Retry-After": str(int(wait) + 1)})


def _check_admin(request: Request, web: WebState) -> None:
    """Write routes need the admin key. Failed attempts are limited per client (no key guessing)."""
    expected = web.settings.admin_key
    if not expected:
        raise ApiError(403, "Admin endpoints are disabled: set POLICYBOT_ADMIN_KEY on the server to enable them.")
    key = client_key(request)
    wait = web.admin_failures.retry_after(key)
    if wait:
        raise _retry("Too many failed admin key attempts; try again in {seconds} s.", wait)
    given = request.headers.get(ADMIN_HEADER)
    if not given:
        web.admin_failures.hit(key)
        raise ApiError(401, f"Missing admin key: send it in the {ADMIN_HEADER} header.")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        web.admin_failures.hit(key)
        raise ApiError(401, "Wrong admin key.")


def _check_bearer(request: Request, web: WebState) -> None:
    """The OpenAI-compatible routes take an optional bearer key (settings.openai_api_key): when it is set, every
    request must send ``Authorization: Bearer <key>``. Failed attempts are limited per client like admin keys."""
    expected = web.settings.openai_api_key
    if not expected:
        return
    key = client_key(request)
    wait = web.admin_failures.retry_after(key)
    if wait:
        raise _retry("Too many failed API key attempts; try again in {seconds} s.", wait)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        web.admin_failures.hit(key)
        raise ApiError(401, "Missing API key: send it as 'Authorization: Bearer <key>'.",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        web.admin_failures.hit(key)
        raise ApiError(401, "Wrong API key.", headers={"WWW-Authenticate": "Bearer"})


def access(*, admin: bool = False, bearer: bool = False) -> DependsParam:
    """The dependency of an API route: the per-client sliding-window rate limit (settings.rate_limit_per_minute;
    admin routes count in their own bucket, settings.admin_rate_limit_per_minute),
    for ``admin`` routes the admin key, for ``bearer`` routes (/v1/…) the optional bearer key."""

    async def check(request: Request) -> None:
        web = get_web(request)
        wait = (web.admin_rate if admin else web.rate).hit(client_key(request))
        if wait:
            raise _retry("Too many requests; try again in {seconds} s.", wait)
        if admin:
            _check_admin(request, web)
        if bearer:
            _check_bearer(request, web)

    return Depends(check)


API = access()
ADMIN = access(admin=True)
BEARER = access(bearer=True)
