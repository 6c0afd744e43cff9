"""Asking: one answer as JSON, or the same answer as server-sent events."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import APIRouter, HTTPException
from fastapi.responses import StreamingResponse

from bot.models import Answer, Turn
from bot.text import clean_question, clean_text
from bot.web.schemas import AskRequest
from bot.web.state import API, Web, WebState

log = logging.getLogger("bot.web")

ANSWER_TIMEOUT_S = 120.0

router = APIRouter(tags=["ask"], dependencies=[API])


def history_of(body: AskRequest) -> list[Turn]:
    turns = [Turn(role=t.role, content=clean_text(t.content)) for t in body.history]
    return [t for t in turns if t.content]


async def run_answer(web: WebState, question: str, history: list[Turn], doc_id: str | None) -> Answer:
    """Run the blocking ``PolicyBot.answer`` in a worker thread, at most ``answer_concurrency`` at a time."""
    with anyio.fail_after(ANSWER_TIMEOUT_S):
        return await anyio.to_thread.run_sync(
            lambda: web.bot.answer(question, history, doc_id=doc_id),
            limiter=web.answer_limiter,
            abandon_on_cancel=True,
        )


def sse(event: str, data: Any) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event}\ndata: {payload}\n\n".encode()


def text_pieces(text: str, size: int = 24) -> list[str]:
    """Split the answer text into short pieces for ``delta`` events, never inside a citation marker."""
    pieces: list[str] = []
    buf = ""
    for ch in text:
        buf += ch
        if len(buf) >= size and ch in " \n.。)]" and buf.count("[") == buf.count("]"):
            pieces.append(buf)
            buf = ""
    if buf:
        pieces.append(buf)
    return pieces


@router.post("/api/ask", response_model=Answer)
async def ask(body: AskRequest, web: Web) -> Answer:
    """Answer a question from the documents, every fact cited; or abstain and name who to contact."""
    question = clean_question(body.question, web.settings.max_question_chars)
    return await run_answer(web, question, history_of(body), body.doc_id)


@router.post(
    "/api/ask/stream",
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Server-sent events: progress*, delta*, answer, citations, done (or error, done).",
        }
    },
)
async def ask_stream(body: AskRequest, web: Web) -> StreamingResponse:
    """Same as /api/ask as server-sent events, so the page can show progress and the answer as it comes.

    Events: ``progress`` {stage}, ``delta`` {text} pieces of the answer text, ``answer`` (the Answer
    JSON), ``citations`` (its citation list), ``done``; on failure ``error`` {error} then ``done``."""
    question = clean_question(body.question, web.settings.max_question_chars)  # errors stay plain HTTP errors
    history = history_of(body)

    async def events() -> AsyncIterator[bytes]:
        yield sse("progress", {"stage": "retrieving"})
        task = asyncio.ensure_future(run_answer(web, question, history, body.doc_id))
        try:
            # answer() is one blocking call; tell the page it is still working so it can show a stage.
            done, _ = await asyncio.wait({task}, timeout=0.4)
            if not done:
                yield sse("progress", {"stage": "composing"})
            result = await task
        except Exception as exc:
            log.exception("answer failed")
            message = exc.detail if isinstance(exc, HTTPException) else "Answering failed; please try again."
            yield sse("error", {"error": str(message)})
            yield sse("done", {})
            return
        finally:
            if not task.done():
                task.cancel()
        for piece in text_pieces(result.text):
            yield sse("delta", {"text": piece})
        yield sse("answer", result.model_dump(mode="json"))
        yield sse("citations", [c.model_dump(mode="json") for c in result.citations])
        yield sse("done", {})

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
