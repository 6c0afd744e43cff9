"""HTTP mode: Slack's Events API, slash commands and interactivity all POST to one FastAPI route."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt.adapter.starlette.handler import SlackRequestHandler, to_bolt_request, to_starlette_response
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackClientError
from starlette.concurrency import run_in_threadpool

from bot.config import Settings
from bot.slack.app import create_slack_app
from bot.slack.delivery import SlackConnection
from bot.slack.handlers import Answerer

logger = logging.getLogger("bot.slack")

SLACK_EVENTS_PATH = "/slack/events"
DISABLED_MESSAGE = "Slack disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"


class ThreadedSlackRequestHandler(SlackRequestHandler):
    """bolt's FastAPI/Starlette handler, but ``App.dispatch`` (synchronous: signature check, ``auth.test``,
    ack listeners) runs in the thread pool instead of blocking the event loop of the whole web app."""

    async def handle(
        self, req: Request, addition_context_properties: dict[str, Any] | None = None
    ) -> Response:
        if req.method != "POST":
            return await super().handle(req, addition_context_properties)
        body = await req.body()
        bolt_request = to_bolt_request(req, body, addition_context_properties)
        bolt_response = await run_in_threadpool(self.app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)


def mount_slack(
    fastapi_app: FastAPI, settings: Settings, bot: Answerer, path: str = SLACK_EVENTS_PATH,
    *, first_retry_s: float = 1.0, max_retry_s: float = 60.0,
) -> bool:
    """Add ``POST {path}`` (events, ``/policy``, button clicks) to ``fastapi_app`` when Slack is configured.

    Returns False, and logs why, when ``SLACK_BOT_TOKEN`` or ``SLACK_SIGNING_SECRET`` is missing: the web app
    runs without Slack. Otherwise the route is mounted for good, and ``auth.test`` is retried in the background
    (from ``first_retry_s``, doubling up to ``max_retry_s``) until Slack answers: until then the route answers
    503 with Retry-After, so Slack re-delivers the event later and it is answered then (a retry whose first
    delivery was refused is answered once). ``fastapi_app.state.slack_app`` holds the bolt app and
    ``fastapi_app.state.slack_connection`` its ``SlackConnection`` (None when Slack is not configured), which
    ``/readyz`` and ``/healthz`` report."""
    fastapi_app.state.slack_app = None
    fastapi_app.state.slack_connection = None
    if not settings.slack_bot_token or not settings.slack_signing_secret:
        logger.warning(DISABLED_MESSAGE)
        return False
    try:
        slack_app = create_slack_app(settings, bot, token_verification_enabled=False)
    except (BoltError, SlackClientError, OSError) as exc:
        logger.error("Slack disabled: the Slack app could not be built (%s)", exc)
        return False
    connection = SlackConnection(slack_app.client, first_delay_s=first_retry_s, max_delay_s=max_retry_s).start()
    handler = ThreadedSlackRequestHandler(slack_app)

    async def slack_events(request: Request) -> Response:
        if not connection.ready and not await run_in_threadpool(connection.check_now):
            wait = connection.snapshot().get("next_attempt_in_s", first_retry_s)
            return JSONResponse({"error": f"Slack is not reachable yet ({connection.error}); retrying."},
                                status_code=503, headers={"Retry-After": str(max(1, int(wait + 0.999)))})
        return await handler.handle(request)

    fastapi_app.add_api_route(path, slack_events, methods=["POST"], include_in_schema=False,
                              name="slack_events")
    fastapi_app.state.slack_app = slack_app
    fastapi_app.state.slack_connection = connection
    logger.info("Slack enabled: events, /policy and interactivity at POST %s", path)
    return True
