"""The OpenAI-compatible chat API, so chat front-ends that speak it (Open WebUI, LibreChat, internal portals, the
``openai`` SDK) can use policybot as a model: ``GET /v1/models`` and ``POST /v1/chat/completions``, plain or
streamed (OpenAI's ``chat.completion.chunk`` server-sent events ending with ``data: [DONE]``).

The last user message is the question, the user/assistant messages before it the history. The reply is the
answer with a numbered source list at the end of its content, and the structured answer in the ``policybot``
field (outcome, reasons, citations, contact); an abstention is an ordinary assistant message that says the
documents do not hold the answer. Auth, rate limits and error shapes are the rest of the API's (``BEARER``: the
rate limit plus the optional bearer key ``POLICYBOT_OPENAI_API_KEY``); answering runs like ``/api/ask`` (its
answer slots, heavy lane, time budget and input budget, counted on the turns the answer reads: a chat front-end
resends the whole conversation). A stream sends its first chunk (the assistant role) at once and the answer's
chunks as soon as it is composed; closing the connection stops the answer at its next stage."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse

from bot.integrations.common import answer_payload, answer_text, strip_sources
from bot.limits import AnswerBudget, Cancelled, bound_history, check_input_budget
from bot.models import Answer, Turn
from bot.text import clean_question, clean_text
from bot.web.openai_schemas import (
    ChatCompletion,
    ChatCompletionRequest,
    Choice,
    ModelCard,
    ModelList,
    PolicybotExtra,
    ResponseMessage,
    Usage,
)
from bot.web.routes.ask import run_answer
from bot.web.schemas import MAX_HISTORY_TURNS, MAX_TURN_CHARS
from bot.web.state import BEARER, ApiError, Web, WebState
from ingestion.korean import count_tokens

log = logging.getLogger("bot.web")

router = APIRouter(tags=["openai"], dependencies=[BEARER])
STARTED = int(time.time())
PIECE_CHARS = 32
# One server-sent event of a stream (OpenAPI 3.1: the text/event-stream schema describes each event).
SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {"type": "string", "description": "A chat.completion.chunk as JSON (the last one with the policybot "
                 "field), {\"error\": message} if answering fails, then [DONE]."},
        "event": {"type": "string"},
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
}


def conversation(body: ChatCompletionRequest, max_chars: int, max_input_chars: int | None = None
                 ) -> tuple[str, list[Turn]]:
    """The question (the last user message) and the user/assistant turns before it that the answer reads (source
    lists removed, ``bot.limits.bound_history``), within the input budget when ``max_input_chars`` is given."""
    last = max((i for i, m in enumerate(body.messages) if m.role == "user"), default=None)
    if last is None:
        raise ApiError(422, "No user message: the last message with role 'user' is the question.")
    question = clean_question(body.messages[last].text(), max_chars)
    history: list[Turn] = []
    for m in body.messages[:last]:
        if m.role == "user" or m.role == "assistant":
            text = clean_text(strip_sources(m.text()) if m.role == "assistant" else m.text())
            if text:
                history.append(Turn(role=m.role, content=text[:MAX_TURN_CHARS]))
    history = bound_history(history[-MAX_HISTORY_TURNS:])
    if max_input_chars is not None:
        check_input_budget(question, history, max_input_chars)
    return question, history


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """The text in short pieces at spaces and line ends (a front-end shows them as they come)."""
    out: list[str] = []
    buf = ""
    for ch in text:
        buf += ch
        if len(buf) >= size and ch in " \n":
            out.append(buf)
            buf = ""
    return [*out, buf] if buf else out


class Clock:
    """When the request came in and when retrieval finished (the pipeline's first "retrieved" stage; a cached
    answer retrieves nothing), both on ``time.perf_counter``; the hook runs in the answering thread."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.retrieved: float | None = None

    def progress(self, stage: str, info: dict[str, object]) -> None:
        if stage == "retrieved" and self.retrieved is None:
            self.retrieved = time.perf_counter()


def _extra(answer: Answer, clock: Clock) -> PolicybotExtra:
    timings = dict(answer.timings_ms)
    if clock.retrieved is not None:
        timings["retrieval_done"] = round((clock.retrieved - clock.started) * 1000, 1)
    return PolicybotExtra(**answer_payload(answer).model_dump(), timings_ms=timings)


def _usage(body: ChatCompletionRequest, content: str) -> Usage:
    prompt = sum(count_tokens(m.text()) for m in body.messages)
    completion = count_tokens(content)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


@router.get("/v1/models", response_model=ModelList)
def list_models(web: Web) -> ModelList:
    """The one model: policybot's grounded answers (``POLICYBOT_OPENAI_MODEL_NAME``, default ``policybot``)."""
    return ModelList(data=[ModelCard(id=web.settings.openai_model_name, created=STARTED)])


@router.get("/v1/models/{model_id}", response_model=ModelCard)
def get_model(web: Web, model_id: str = PathParam(max_length=200)) -> ModelCard:
    if model_id != web.settings.openai_model_name:
        raise ApiError(404, f"No model {model_id!r}; the model is {web.settings.openai_model_name!r}.")
    return ModelCard(id=model_id, created=STARTED)


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    responses={200: {"content": {"text/event-stream": {"schema": SSE_EVENT}},
                     "description": "A chat.completion, or with stream: true chat.completion.chunk events, then "
                                    "data: [DONE]."}},
)
async def chat_completions(body: ChatCompletionRequest, web: Web) -> Any:
    """Answer the conversation's last user message from the documents (OpenAI chat-completions format)."""
    clock = Clock()
    question, history = conversation(body, web.settings.max_question_chars, web.settings.max_input_chars)
    reply_id, created, model = f"chatcmpl-{uuid.uuid4().hex}", int(time.time()), web.settings.openai_model_name
    if body.stream:
        return StreamingResponse(
            _stream(web, body, question, history, (reply_id, created, model), clock),
            media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer = await run_answer(web, question, history, None, clock.progress)
    content = answer_text(answer)
    return ChatCompletion(id=reply_id, created=created, model=model, usage=_usage(body, content),
                          choices=[Choice(message=ResponseMessage(content=content))], policybot=_extra(answer, clock))


def _event(data: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n".encode()


async def _stream(web: WebState, body: ChatCompletionRequest, question: str, history: list[Turn],
                  ident: tuple[str, int, str], clock: Clock) -> AsyncIterator[bytes]:
    reply_id, created, model = ident
    usage_field = {"usage": None} if body.stream_options and body.stream_options.include_usage else {}

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        return _event({"id": reply_id, "object": "chat.completion.chunk", "created": created, "model": model,
                       "system_fingerprint": None, **usage_field, **extra,
                       "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]})

    yield chunk({"role": "assistant", "content": ""})
    budget = AnswerBudget(web.settings.answer_budget_s)
    task = asyncio.ensure_future(run_answer(web, question, history, None, clock.progress, budget))
    try:
        answer = await task
    except Exception as exc:  # the stream has started: the error goes in the stream, in the API's error shape
        if not isinstance(exc, HTTPException | Cancelled):
            log.exception("answer failed")
        message = exc.detail if isinstance(exc, HTTPException) else "Answering failed; please try again."
        yield _event({"error": str(message)})
        yield b"data: [DONE]\n\n"
        return
    finally:
        if not task.done():  # the client went away: stop the answer at its next stage
            budget.cancel()
            task.cancel()
    content = answer_text(answer)
    for piece in pieces(content):
        yield chunk({"content": piece})
    yield chunk({}, "stop", policybot=_extra(answer, clock).model_dump(mode="json"))
    if usage_field:
        yield _event({"id": reply_id, "object": "chat.completion.chunk", "created": created, "model": model,
                      "system_fingerprint": None, "choices": [], "usage": _usage(body, content).model_dump()})
    yield b"data: [DONE]\n\n"
