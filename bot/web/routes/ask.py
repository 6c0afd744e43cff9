"""Asking: one answer as JSON, or the same answer as server-sent events that follow the answer as it is made.

Limits (``bot.limits``): the question and its history count toward one input budget (413 over it); a cached
answer is served without queueing for an answer slot; a heavy question (long, or a follow-up of a long one)
waits for the one heavy lane before it takes an answer slot, so heavy requests never hold every slot; each answer
has a time budget, checked between the pipeline's stages (503 with a message when it runs out)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from typing import Any

import anyio
from fastapi import APIRouter, HTTPException
from fastapi.responses import StreamingResponse

from bot.filters import filters_from
from bot.limits import AnswerBudget, BudgetExceeded, Cancelled, check_input_budget, is_heavy
from bot.models import Answer, Turn
from bot.text import clean_question, clean_text
from bot.web.schemas import AskRequest
from bot.web.state import API, ApiError, Web, WebState
from ingestion.index import DocFilter

log = logging.getLogger("bot.web")

ANSWER_TIMEOUT_S = 120.0
STREAM_STAGES = ("retrieved", "checking", "composing", "generating")

router = APIRouter(tags=["ask"], dependencies=[API])


def history_of(body: AskRequest) -> list[Turn]:
    turns = [Turn(role=t.role, content=clean_text(t.content)) for t in body.history]
    return [t for t in turns if t.content]


def filters_of(body: AskRequest) -> DocFilter | None:
    """The request's document filters (kind, issuer, status, date), or None."""
    return filters_from(**body.filters.model_dump()) if body.filters is not None else None


def _checked(web: WebState, body: AskRequest) -> tuple[str, list[Turn]]:
    """The cleaned question and history, within the input budget (``QuestionError`` otherwise)."""
    question = clean_question(body.question, web.settings.max_question_chars)
    history = history_of(body)
    check_input_budget(question, history, web.settings.max_input_chars)
    return question, history


Hook = Callable[[str, dict[str, object]], None]


async def run_answer(web: WebState, question: str, history: list[Turn], doc_id: str | None,
                     progress: Hook | None = None, budget: AnswerBudget | None = None,
                     filters: DocFilter | None = None) -> Answer:
    """``PolicyBot.answer`` in a worker thread, at most ``answer_concurrency`` at a time (a cached answer without
    waiting; a heavy one after the heavy lane), within the answer budget."""
    cached = web.bot.cached_answer(question, history, doc_id=doc_id, filters=filters)
    if cached is not None:
        return cached
    budget = budget or AnswerBudget(web.settings.answer_budget_s)

    def hook(stage: str, info: dict[str, object]) -> None:
        budget.check()
        if progress is not None:
            progress(stage, info)

    async with AsyncExitStack() as stack:
        if is_heavy(question, history):
            await stack.enter_async_context(web.heavy_limiter)
        with anyio.fail_after(ANSWER_TIMEOUT_S):
            try:
                return await anyio.to_thread.run_sync(
                    lambda: web.bot.answer(question, history, doc_id=doc_id, progress=hook, filters=filters),
                    limiter=web.answer_limiter,
                    abandon_on_cancel=True,
                )
            except BudgetExceeded as exc:
                log.warning("answer budget exceeded (%s) for a question of %d characters", exc.kind, len(question))
                raise ApiError(503, str(exc)) from exc
            finally:
                budget.cancel()  # an abandoned thread (timeout, cancelled request) stops at its next stage
    raise AssertionError("unreachable")  # pragma: no cover - the with block returns or raises


def sse(event: str, data: Any) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event}\ndata: {payload}\n\n".encode()


_SENTENCE_END = re.compile(r"(?<=[.!?。])(?:\s*\[\d{1,2}\])*\s+")


def sentences(text: str) -> list[str]:
    """The answer text in sentences (each with its citation markers and the whitespace after it), for ``delta``
    events; joined they give the text back exactly."""
    pieces: list[str] = []
    for line in text.splitlines(keepends=True):
        start = 0
        for m in _SENTENCE_END.finditer(line):
            pieces.append(line[start:m.end()])
            start = m.end()
        if start < len(line):
            pieces.append(line[start:])
    return pieces


def _stage_event(stage: str, info: dict[str, object]) -> bytes | None:
    """The server-sent event for what the answering thread told: an LLM token, a progress stage, or nothing."""
    if stage == "token":
        return sse("token", {"text": info.get("text", "")})
    if stage in STREAM_STAGES:
        return sse("progress", {"stage": stage, **info})
    return None


@router.post("/api/ask", response_model=Answer)
async def ask(body: AskRequest, web: Web) -> Answer:
    """Answer a question from the documents, every fact cited; or abstain and name who to contact."""
    question, history = _checked(web, body)
    return await run_answer(web, question, history, body.doc_id, filters=filters_of(body))


@router.post(
    "/api/ask/stream",
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Server-sent events: progress*, token*, delta*, answer, citations, done (or error, done).",
        }
    },
)
async def ask_stream(body: AskRequest, web: Web) -> StreamingResponse:
    """Same as /api/ask as server-sent events, sent as the answer is made.

    Events: ``progress`` {stage, ms, …} as the stages complete (retrieving; retrieved with the number of passages
    and the documents' titles; checking; composing; generating in LLM mode); ``token`` {text} pieces of an LLM
    draft as the model writes it (replaced by the checked answer); ``delta`` {text} the answer, sentence by
    sentence, as soon as it is composed; ``answer`` (the Answer JSON); ``citations`` (its citation list);
    ``done``. On failure ``error`` {error, status} then ``done``. Closing the connection stops the answer at its
    next stage."""
    question, history = _checked(web, body)  # errors stay plain HTTP errors
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, dict[str, object]]] = asyncio.Queue()
    budget = AnswerBudget(web.settings.answer_budget_s)
    started = time.perf_counter()

    def progress(stage: str, info: dict[str, object]) -> None:  # in the answering thread
        ms = round((time.perf_counter() - started) * 1000, 1)
        loop.call_soon_threadsafe(queue.put_nowait, (stage, {**info, "ms": ms}))

    async def events() -> AsyncIterator[bytes]:
        yield sse("progress", {"stage": "retrieving"})
        task = asyncio.ensure_future(run_answer(web, question, history, body.doc_id, progress, budget,
                                                filters_of(body)))
        try:
            while not task.done():
                getter = asyncio.ensure_future(queue.get())
                await asyncio.wait({task, getter}, return_when=asyncio.FIRST_COMPLETED)
                if not getter.done():
                    getter.cancel()
                    continue
                event = _stage_event(*getter.result())
                if event is not None:
                    yield event
            while not queue.empty():  # stages and LLM tokens told just before the answer came back
                event = _stage_event(*queue.get_nowait())
                if event is not None:
                    yield event
            result = task.result()
        except Exception as exc:
            if not isinstance(exc, HTTPException | Cancelled):
                log.exception("answer failed")
            status = exc.status_code if isinstance(exc, HTTPException) else 500
            message = exc.detail if isinstance(exc, HTTPException) else "Answering failed; please try again."
            yield sse("error", {"error": str(message), "status": status})
            yield sse("done", {})
            return
        finally:
            if not task.done():  # the client went away (or the stream was cancelled): stop the answer too
                budget.cancel()
                task.cancel()
        if result.outcome == "answered":  # an abstention is shown from its structure, not streamed as text
            for piece in sentences(result.text):
                yield sse("delta", {"text": piece})
        yield sse("answer", result.model_dump(mode="json"))
        yield sse("citations", [c.model_dump(mode="json") for c in result.citations])
        yield sse("done", {})

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
