"""Limits that match cost, over loopback HTTP against a real uvicorn server: history counts toward the input
budget, a follow-up reads a bounded window of it, an answer has a time budget with a clear error, admin routes
have their own rate bucket, and behind a trusted proxy the limits key on the forwarded client."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from web_helpers import ADMIN_KEY, LiveServer

from bench.procs import free_port
from bot.config import Settings
from bot.limits import HISTORY_TURN_CHARS, AnswerBudget, BudgetExceeded, bound_history, is_heavy
from bot.models import Turn
from bot.service import PolicyBot
from bot.web import create_app
from bot.web.app import uvicorn_config

pytest_plugins = ["web_support"]

ADMIN = {"X-Admin-Key": ADMIN_KEY}


@contextmanager
def served(web_bot: PolicyBot, settings: Settings, **config: Any) -> Iterator[httpx.Client]:
    """The app on ``settings`` under uvicorn on 127.0.0.1 (``serve``'s own configuration), and a client."""
    port = free_port()
    server = uvicorn.Server(uvicorn_config(create_app(settings, bot=web_bot), "127.0.0.1", port,
                                           log_level="warning", **config))
    thread = threading.Thread(target=server.run, name="uvicorn-limits", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120, trust_env=False) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_history_counts_toward_the_input_budget(live_server: LiveServer) -> None:
    history = [{"role": "user", "content": "가" * 7_990}, {"role": "assistant", "content": "나" * 4_010}]
    r = httpx.post(f"{live_server.url}/api/ask", json={"question": "그 한도는?", "history": history},
                   timeout=60, trust_env=False)
    assert r.status_code == 413  # 6 + 7,990 + 4,010 characters: each turn is allowed, not all of them
    error = r.json()["error"]
    assert "질문과 대화 기록이 너무 깁니다 (12,006자, 최대 12,000자)" in error
    assert "conversation history are too long (12,006 characters; the limit is 12,000)" in error
    stream = httpx.post(f"{live_server.url}/api/ask/stream", json={"question": "그 한도는?", "history": history},
                        timeout=60, trust_env=False)
    assert stream.status_code == 413 and "conversation history" in stream.json()["error"]


def test_a_maximal_history_turn_costs_what_a_question_costs(live_server: LiveServer) -> None:
    """A 7,990-character previous turn took 10 s of CPU when the follow-up was resolved with all of it; now the
    follow-up reads its first HISTORY_TURN_CHARS characters only."""
    long_turn = ("수출바우처 지원한도와 수출금융 확대에 대해 궁금합니다. " * 300)[:3_990]
    body = {"question": "그 한도는?", "history": [{"role": "user", "content": long_turn},
                                                {"role": "assistant", "content": "네 [1]"}]}
    started = time.perf_counter()
    r = httpx.post(f"{live_server.url}/api/ask", json=body, timeout=120, trust_env=False)
    seconds = time.perf_counter() - started
    assert r.status_code == 200, r.text
    resolved = r.json()["resolved_question"] or ""
    assert len(resolved) <= HISTORY_TURN_CHARS + len("그 한도는?") + 1, len(resolved)
    assert seconds < 20, seconds


def test_bound_history_and_heavy_questions() -> None:
    turns = [Turn(role="user" if i % 2 == 0 else "assistant", content=str(i) * 5_000) for i in range(20)]
    bounded = bound_history(turns)
    assert len(bounded) == 6 and bounded[0].content.startswith("14")
    assert all(len(t.content) <= (HISTORY_TURN_CHARS if t.role == "user" else 1500) for t in bounded)
    assert not is_heavy("수출바우처 지원한도는?") and is_heavy("가" * 500)
    assert is_heavy("그 한도는?", [Turn(role="user", content="가" * 2_000)]) is False  # cut to 300: ordinary


def test_a_long_question_takes_the_heavy_lane(web_bot: PolicyBot, settings_for: Callable[..., Settings]) -> None:
    question = "수출바우처와 수출금융 지원한도 확대, 해외법인 설립 자금, 글로벌 강소기업 혜택에 대해 묻습니다. " * 9
    assert is_heavy(question)
    with served(web_bot, settings_for()) as client:
        r = client.post("/api/ask", json={"question": question})
        assert r.status_code == 200 and r.json()["outcome"] in ("answered", "abstained")


def test_answer_budget_stops_the_answer_with_a_clear_error(web_bot: PolicyBot,
                                                           settings_for: Callable[..., Settings]) -> None:
    with served(web_bot, settings_for(answer_budget_s=0.001)) as client:
        r = client.post("/api/ask", json={"question": "글로벌 강소기업 지정 혜택과 지원 규모는 무엇인가요?"})
        assert r.status_code == 503
        assert "답변 시간이 한도" in r.json()["error"] and "budget" in r.json()["error"]
        stream = client.post("/api/ask/stream", json={"question": "해외 인증 획득 비용 지원은 어떻게 받나요?"})
        assert stream.status_code == 200
        assert "event: error" in stream.text and '"status":503' in stream.text and "budget" in stream.text
        assert client.get("/healthz").status_code == 200


def test_budget_counts_from_the_first_check() -> None:
    budget = AnswerBudget(0.05)
    budget.check()
    time.sleep(0.06)
    with pytest.raises(BudgetExceeded, match="budget"):
        budget.check()


def test_admin_routes_have_their_own_rate_bucket(web_bot: PolicyBot, settings_for: Callable[..., Settings]) -> None:
    with served(web_bot, settings_for(rate_limit_per_minute=3, admin_rate_limit_per_minute=2)) as client:
        assert [client.get("/api/documents").status_code for _ in range(3)] == [200, 200, 200]
        assert client.get("/api/documents").status_code == 429  # the public bucket is empty …
        # … and an admin with the right key is still served (404: no such document, not 429).
        assert client.delete("/api/documents/no-such-doc", headers=ADMIN).status_code == 404
        assert client.delete("/api/documents/no-such-doc", headers=ADMIN).status_code == 404
        limited = client.delete("/api/documents/no-such-doc", headers=ADMIN)
        assert limited.status_code == 429 and "Retry-After" in limited.headers


def test_proxy_headers_make_limits_key_on_the_forwarded_client(
        web_bot: PolicyBot, settings_for: Callable[..., Settings]) -> None:
    settings = settings_for(rate_limit_per_minute=2)
    with served(web_bot, settings, proxy_headers=True, forwarded_allow_ips="127.0.0.1") as client:
        alice, bob = {"X-Forwarded-For": "203.0.113.7"}, {"X-Forwarded-For": "198.51.100.9"}
        assert [client.get("/api/documents", headers=alice).status_code for _ in range(3)] == [200, 200, 429]
        assert client.get("/api/documents", headers=bob).status_code == 200  # another client, another bucket
    # Without --proxy-headers the header is ignored (anyone could send it): one bucket for the peer address.
    with served(web_bot, settings) as client:
        codes = [client.get("/api/documents", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
                 for i in range(3)]
        assert codes == [200, 200, 429]
    # A proxy that is not trusted cannot move a client into another bucket either.
    with served(web_bot, settings, proxy_headers=True, forwarded_allow_ips="192.0.2.1") as client:
        codes = [client.get("/api/documents", headers={"X-Forwarded-For": f"10.0.1.{i}"}).status_code
                 for i in range(3)]
        assert codes == [200, 200, 429]


def test_head_on_the_pages(live_server: LiveServer) -> None:
    for path in ("/", "/admin"):
        r = httpx.head(f"{live_server.url}{path}", timeout=30, trust_env=False)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
