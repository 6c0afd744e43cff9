"""The HTTP API and chat page. ``create_app`` builds everything it needs (bot, feedback store, limiters) so
tests and embedders get independent apps; nothing lives in module globals. The routes are in
``bot.web.routes`` (one router per concern), the per-app state and the one auth-and-limits dependency in
``bot.web.state``, the error shapes in ``bot.web.errors``.

Blocking work (answering, Chroma reads, ingestion) runs in worker threads so the event loop keeps serving
health checks, static files and other clients while a question is being answered.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from bot.config import Settings, get_settings
from bot.scheduler import start_scheduled_sync
from bot.service import PolicyBot
from bot.web.errors import ERROR_RESPONSES, install_error_handlers
from bot.web.guards import BodyLimitMiddleware, Scope, SecurityHeadersMiddleware
from bot.web.routes import ROUTERS
from bot.web.routes.pages import STATIC_DIR
from bot.web.state import ADMIN_HEADER, DEFAULT_ANSWER_CONCURRENCY, WebState

log = logging.getLogger(__name__)

JSON_BODY_LIMIT = 512 * 1024
MULTIPART_OVERHEAD = 64 * 1024


def create_app(
    settings: Settings | None = None,
    bot: PolicyBot | None = None,
    *,
    answer_concurrency: int = DEFAULT_ANSWER_CONCURRENCY,
    warm_up: bool = True,
    with_slack: bool = True,
) -> FastAPI:
    """Build the web app. ``bot`` defaults to a PolicyBot on ``settings`` (its data dir); pass one to share
    an already-open store. ``warm_up=False`` skips model loading at startup (readyz then reports ready as
    soon as the store is open) — for tests of the HTTP layer only."""
    settings = settings or (bot.settings if bot is not None else get_settings())
    bot = bot or PolicyBot(settings)
    web = WebState(settings, bot, answer_concurrency, warm_up)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        def warm() -> None:
            try:
                if warm_up:
                    bot.warm_up()
                else:
                    bot.store.count()
            except Exception as exc:  # readyz reports it; the process stays up for /healthz
                log.exception("warm-up failed")
                web.warm_error = f"warm-up failed: {exc}"

        if warm_up and bot.ready:
            web.warm_thread = None
        else:
            web.warm_thread = threading.Thread(target=warm, name="policybot-warmup", daemon=True)
            web.warm_thread.start()
        scheduler = start_scheduled_sync(bot)  # sources sync every POLICYBOT_SOURCES_SYNC_MINUTES (off: None)
        yield
        if scheduler is not None:
            scheduler.stop()

    app = FastAPI(
        title="policybot",
        description="Answers about Korean SME policy documents, with citations. Korean first, English too.",
        version="0.1.0",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.state.web = web

    def body_limit(scope: Scope) -> int:
        if scope.get("method") == "POST" and scope.get("path") == "/api/documents":
            return settings.max_upload_bytes + MULTIPART_OVERHEAD
        return JSON_BODY_LIMIT + settings.max_question_chars * 4

    app.add_middleware(BodyLimitMiddleware, limit_for=body_limit)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", ADMIN_HEADER, "Authorization"],  # Authorization: /v1 bearer key
            allow_credentials=False,
        )
    app.add_middleware(SecurityHeadersMiddleware)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if with_slack:
        from bot.slack.http import mount_slack

        mount_slack(app, settings, bot)  # logs "Slack disabled: …" without SLACK_BOT_TOKEN/SLACK_SIGNING_SECRET
    return app


def uvicorn_config(app: FastAPI, host: str, port: int, *, proxy_headers: bool = False,
                   forwarded_allow_ips: str | None = None, log_level: str = "info") -> Any:
    """uvicorn's configuration of ``serve``. Without ``proxy_headers`` the peer address is the client (rate
    limits key on it; X-Forwarded-For is ignored, since anyone can send it). With it, X-Forwarded-For and
    X-Forwarded-Proto are trusted from ``forwarded_allow_ips`` only (comma-separated addresses or networks, or
    "*"), so limits key on the real client behind that reverse proxy."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level=log_level, proxy_headers=proxy_headers,
                          forwarded_allow_ips=(forwarded_allow_ips or "127.0.0.1") if proxy_headers else None)


def serve(host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None, *,
          proxy_headers: bool | None = None, forwarded_allow_ips: str | None = None) -> None:
    """Run the web app with uvicorn (one process: the rate limiter and answer concurrency are per process).
    ``proxy_headers``/``forwarded_allow_ips`` default to the settings (POLICYBOT_PROXY_HEADERS,
    POLICYBOT_FORWARDED_ALLOW_IPS)."""
    import uvicorn

    settings = settings or get_settings()
    trust = settings.proxy_headers if proxy_headers is None else proxy_headers
    allowed = forwarded_allow_ips or settings.forwarded_allow_ips
    if trust:
        log.info("trusting X-Forwarded-For from %s", allowed)
    uvicorn.Server(uvicorn_config(create_app(settings), host, port, proxy_headers=trust,
                                  forwarded_allow_ips=allowed)).run()


__all__ = ["create_app", "serve", "uvicorn_config"]
