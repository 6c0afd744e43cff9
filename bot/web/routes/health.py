"""Liveness and readiness. Slack's state (when Slack is configured) is part of both: ``/healthz`` shows it as a
detail, ``/readyz`` is not ready while Slack's ``auth.test`` has not succeeded (the app keeps retrying it)."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.web.schemas import ErrorResponse, Health, Readiness
from bot.web.state import Web

router = APIRouter(tags=["health"])


def slack_state(request: Request) -> dict[str, Any] | None:
    """The Slack connection's snapshot (state, attempts, last error), or None when Slack is not configured."""
    connection = getattr(request.app.state, "slack_connection", None)
    return connection.snapshot() if connection is not None else None


@router.get("/healthz", response_model=Health, response_model_exclude_none=True)
async def healthz(request: Request) -> Health:
    """The process is up and serving (no dependency checked); Slack's connection state as a detail."""
    return Health(status="ok", slack=slack_state(request))


@router.get("/readyz", response_model=Readiness, responses={503: {"model": ErrorResponse}},
            response_model_exclude_none=True)
async def readyz(request: Request, web: Web) -> Any:
    """Ready once the store is open, the models are loaded and, when Slack is configured, Slack answered
    ``auth.test`` (503 until then, or if warm-up failed)."""
    slack = slack_state(request)
    if web.warm_error:
        return JSONResponse({"error": web.warm_error, "ready": False}, status_code=503)
    thread = web.warm_thread
    if thread is not None and thread.is_alive() or (web.warm_up and not web.bot.ready):
        return JSONResponse({"error": "warming up: loading the index and models", "ready": False}, status_code=503)
    if slack is not None and slack["state"] != "ready":
        return JSONResponse({"error": f"Slack is not connected yet ({slack.get('error', 'connecting')}); "
                             "retrying in the background", "ready": False, "slack": slack}, status_code=503)
    docs = await anyio.to_thread.run_sync(web.bot.store.documents)
    return Readiness(ready=True, documents=len(docs), chunks=sum(d.chunk_count for d in docs), slack=slack)
