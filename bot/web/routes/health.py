"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

import anyio
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.web.schemas import ErrorResponse, Health, Readiness
from bot.web.state import Web

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up and serving (no dependency checked)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses={503: {"model": ErrorResponse}})
async def readyz(web: Web) -> Any:
    """Ready once the store is open and the models are loaded (503 until then, or if warm-up failed)."""
    if web.warm_error:
        return JSONResponse({"error": web.warm_error, "ready": False}, status_code=503)
    thread = web.warm_thread
    if thread is not None and thread.is_alive() or (web.warm_up and not web.bot.ready):
        return JSONResponse({"error": "warming up: loading the index and models", "ready": False}, status_code=503)
    docs = await anyio.to_thread.run_sync(web.bot.store.documents)
    return Readiness(ready=True, documents=len(docs), chunks=sum(d.chunk_count for d in docs))
