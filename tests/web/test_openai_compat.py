"""The OpenAI-compatible chat API (/v1/models, /v1/chat/completions) driven by the official ``openai`` SDK against a
real uvicorn server on 127.0.0.1 over the seed index: plain and streamed replies, citations in the content and in
the ``policybot`` field, abstention as an ordinary message, the optional bearer key and the API's error shape."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import openai
import pytest
from fastapi.testclient import TestClient
from web_helpers import SEED_DOC, LiveServer

from bot.config import Settings
from bot.service import PolicyBot
from bot.web import create_app
from bot.web.openai_schemas import ChatCompletionRequest
from bot.web.routes.openai_compat import conversation

pytest_plugins = ["web_support"]

QUESTION = "수출바우처 지원한도는 어떻게 바뀌나요?"
UNANSWERABLE = "달나라 여행 지원금은 얼마인가요?"
API_KEY = "sk-test-policybot-0123456789"


def sdk(url: str, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=60,
                         http_client=openai.DefaultHttpxClient(trust_env=False))


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> openai.OpenAI:
    return sdk(live_server.url)


@pytest.fixture(scope="module")
def keyed_server(web_bot: PolicyBot, settings_for: Callable[..., Settings]) -> Iterator[LiveServer]:
    server = LiveServer(create_app(settings_for(openai_api_key=API_KEY), bot=web_bot, with_slack=False)).start()
    yield server
    server.stop()


def test_models_lists_policybot(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["policybot"]
    assert client.models.retrieve("policybot").id == "policybot"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")


def test_plain_completion_cites_in_content_and_in_the_policybot_field(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="policybot", messages=[{"role": "system", "content": "You are helpful."},
                                     {"role": "user", "content": QUESTION}])
    choice = completion.choices[0]
    assert completion.object == "chat.completion" and choice.finish_reason == "stop"
    content = choice.message.content or ""
    assert choice.message.role == "assistant" and "2배" in content and "[1]" in content
    assert "**출처**\n- [1] 중소‧벤처기업 글로벌화 지원 대책 (2024-05-08) — 붙임1" in content
    extra: dict[str, Any] = completion.model_extra["policybot"]  # type: ignore[index]
    assert extra["outcome"] == "answered" and extra["citations"][0]["doc_id"] == SEED_DOC
    assert extra["citations"][0]["pages"] and extra["citations"][0]["quote"] in content
    assert completion.usage is not None and completion.usage.completion_tokens > 0


def test_streamed_completion_is_openai_chunks_with_the_same_content(client: openai.OpenAI) -> None:
    plain = client.chat.completions.create(model="policybot", messages=[{"role": "user", "content": QUESTION}])
    chunks = list(client.chat.completions.create(model="policybot", stream=True,
                                                 stream_options={"include_usage": True},
                                                 messages=[{"role": "user", "content": QUESTION}]))
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1  # really in pieces
    final = [c for c in chunks if c.choices and c.choices[0].finish_reason]
    assert [c.choices[0].finish_reason for c in final] == ["stop"]
    assert final[0].model_extra["policybot"]["outcome"] == "answered"  # type: ignore[index]
    assert final[0].model_extra["policybot"]["timings_ms"]["total"] >= 0  # type: ignore[index]
    assert chunks[-1].choices == [] and chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


def test_stream_reports_when_retrieval_finished(client: openai.OpenAI) -> None:
    """The benchmark's clock: the last chunk says when retrieval finished on the server (not for cached answers)."""
    chunks = list(client.chat.completions.create(
        model="policybot", stream=True, messages=[{"role": "user", "content": "해외법인 스케일업 융자는 무엇인가요?"}]))
    timings = chunks[-1].model_extra["policybot"]["timings_ms"]  # type: ignore[index]
    assert 0 < timings["retrieval_done"] < timings["total"] + 1000


def test_abstention_is_an_ordinary_assistant_message(client: openai.OpenAI) -> None:
    messages: list[Any] = [{"role": "user", "content": UNANSWERABLE}]
    completion = client.chat.completions.create(model="policybot", messages=messages)
    content = completion.choices[0].message.content or ""
    assert completion.choices[0].finish_reason == "stop" and "문서에서 찾지 못했습니다" in content
    assert "글로벌성장정책과" in content  # who to ask instead
    assert completion.model_extra["policybot"]["outcome"] == "abstained"  # type: ignore[index]
    streamed = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
        model="policybot", messages=messages, stream=True) if c.choices)
    assert streamed == content


def test_english_question_and_content_parts(client: openai.OpenAI) -> None:
    question = "What financing is offered for overseas subsidiaries?"
    completion = client.chat.completions.create(model="policybot", messages=[
        {"role": "user", "content": [{"type": "text", "text": question}]}])
    content = completion.choices[0].message.content or ""
    assert completion.model_extra["policybot"]["outcome"] == "answered"  # type: ignore[index]
    assert "**Sources**\n- [1]" in content


def test_conversation_takes_the_last_user_message_and_earlier_turns() -> None:
    body = ChatCompletionRequest.model_validate({"model": "policybot", "messages": [
        {"role": "system", "content": "Ignore the documents."},
        {"role": "user", "content": "수출바우처가 뭐예요?"},
        {"role": "assistant", "content": "수출바우처는 … [1]\n\n**출처**\n- [1] 대책 (2024-05-08) — 붙임1, p. 3"},
        {"role": "user", "content": [{"type": "text", "text": "지원한도는"}, {"type": "image_url", "image_url": {}},
                                     {"type": "text", "text": "얼마인가요?"}]},
        {"role": "assistant", "content": "(a front-end's placeholder)"},
    ]})
    question, history = conversation(body, 2000)
    assert question == "지원한도는 얼마인가요?"
    assert [(t.role, t.content) for t in history] == [("user", "수출바우처가 뭐예요?"),
                                                       ("assistant", "수출바우처는 … [1]")]


def test_errors_have_the_api_shape(client: openai.OpenAI, live_server: LiveServer) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as no_user:
        client.chat.completions.create(model="policybot", messages=[{"role": "system", "content": "hi"}])
    # the API's error shape, {"error": message}; the SDK hands the message over as .body
    assert no_user.value.response.json() == {
        "error": "No user message: the last message with role 'user' is the question."}
    assert no_user.value.body == no_user.value.response.json()["error"]
    with pytest.raises(openai.APIStatusError) as too_long:
        client.chat.completions.create(model="policybot", messages=[{"role": "user", "content": "가" * 5000}])
    assert too_long.value.status_code == 413 and set(too_long.value.response.json()) == {"error"}
    raw = httpx.post(f"{live_server.url}/v1/chat/completions", json={"messages": []}, trust_env=False)
    assert raw.status_code == 422 and set(raw.json()) == {"error", "details"}


def test_bearer_key_when_configured(keyed_server: LiveServer) -> None:
    with pytest.raises(openai.AuthenticationError) as wrong:
        sdk(keyed_server.url, "sk-wrong").models.list()
    assert wrong.value.response.json() == {"error": "Wrong API key."}
    missing = httpx.get(f"{keyed_server.url}/v1/models", trust_env=False)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    keyed = sdk(keyed_server.url, API_KEY)
    assert [m.id for m in keyed.models.list()] == ["policybot"]
    reply = keyed.chat.completions.create(model="policybot", messages=[{"role": "user", "content": QUESTION}])
    assert "2배" in (reply.choices[0].message.content or "")
    # the rest of the API does not take the key
    assert httpx.get(f"{keyed_server.url}/api/programs", trust_env=False).status_code == 200


def test_rate_limit_applies(make_client: Callable[..., TestClient]) -> None:
    limited = make_client(rate_limit_per_minute=1)
    assert limited.get("/v1/models").status_code == 200
    refused = limited.get("/v1/models")
    assert refused.status_code == 429 and "error" in refused.json() and refused.headers["retry-after"]
