"""The Slack app with an injected fake answer service: thread history, failures of the answer service,
configuration errors of HTTP and Socket Mode. Fast: no corpus, no models."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_slack_api import BOT_ID, BOT_USER_ID, FakeSlack, texts_of, unique_channel
from fastapi import FastAPI
from slack_bolt import BoltContext, BoltRequest
from slack_testkit import SIGNING_SECRET, signature

from bot.config import Settings
from bot.feedback import FeedbackStore
from bot.models import Answer, Turn
from bot.slack import SlackConfigError, create_slack_app
from bot.slack import blocks as kit
from bot.slack.handlers import SlackHandlers
from bot.slack.http import DISABLED_MESSAGE, mount_slack
from bot.slack.socket import check_socket_mode_settings, create_socket_mode_handler, run_socket_mode


class FakeBot:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[str, list[Turn]]] = []

    def answer(self, question: str, history: list[Turn] | None = None) -> Answer:
        self.calls.append((question, list(history or [])))
        if self.fail:
            raise RuntimeError("index unavailable")
        return Answer(question=question, language="ko", text=f"답: {question}")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


def settings_for(fake: FakeSlack, tmp_path: Path, **kw: Any) -> Settings:
    data: dict[str, Any] = dict(
        data_dir=tmp_path,
        slack_bot_token="xoxb-unit",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        slack_app_token=None,
    )
    data.update(kw)
    return Settings(**data)


def signed_event(event: dict[str, Any]) -> BoltRequest:
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": "T0TEST",
            "event_id": "Ev" + uuid.uuid4().hex,
            "event": event,
            "api_app_id": "ATEST",
        }
    )
    ts = str(int(time.time()))
    return BoltRequest(
        body=body,
        headers={
            "content-type": ["application/json"],
            "x-slack-request-timestamp": [ts],
            "x-slack-signature": [signature(SIGNING_SECRET, ts, body)],
        },
    )


def test_thread_history_maps_users_and_own_replies(fake: FakeSlack, tmp_path: Path) -> None:
    channel = unique_channel()
    root = fake.add_message(channel, f"<@{BOT_USER_ID}> 수출바우처 &amp; 수출금융?", "UASKER")
    fake.add_message(channel, kit.PLACEHOLDER_TEXT, BOT_USER_ID, thread_ts=root, bot_id=BOT_ID)
    fake.add_message(channel, "지원한도 &lt;2배&gt; [1]", BOT_USER_ID, thread_ts=root, bot_id=BOT_ID)
    fake.add_message(channel, "채널에 참여했습니다", "UJOIN", thread_ts=root, subtype="channel_join")
    fake.add_message(channel, "다른 봇", "UOTHER", thread_ts=root, bot_id="BOTHER")
    current = fake.add_message(channel, f"<@{BOT_USER_ID}> 그 지원한도는?", "UASKER", thread_ts=root)
    fake.add_message(channel, "나중 메시지", "UASKER", thread_ts=root)
    settings = settings_for(fake, tmp_path)
    app = create_slack_app(settings, FakeBot(), feedback=FeedbackStore(tmp_path / "fb.sqlite3"))
    handlers = SlackHandlers(settings, FakeBot(), FeedbackStore(tmp_path / "fb.sqlite3"))
    context = BoltContext(bot_user_id=BOT_USER_ID, bot_id=BOT_ID)
    history = handlers.thread_history(app.client, context, channel, root, before_ts=current)
    assert [(t.role, t.content) for t in history] == [
        ("user", "수출바우처 & 수출금융?"),
        ("assistant", "지원한도 <2배> [1]"),
    ]


def test_answer_service_failure_updates_placeholder_with_error(fake: FakeSlack, tmp_path: Path) -> None:
    bot = FakeBot(fail=True)
    app = create_slack_app(settings_for(fake, tmp_path), bot)
    channel = unique_channel()
    ts = fake.next_ts()
    response = app.dispatch(
        signed_event(
            {"type": "app_mention", "user": "UASKER", "channel": channel, "ts": ts, "text": f"<@{BOT_USER_ID}> 질문"}
        )
    )
    assert response.status == 200
    [update] = fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.update"], timeout=30)
    assert "오류" in texts_of(update.params["blocks"])
    assert bot.calls == [("질문", [])]


def test_empty_mention_gets_a_hint_without_answering(fake: FakeSlack, tmp_path: Path) -> None:
    bot = FakeBot()
    app = create_slack_app(settings_for(fake, tmp_path), bot)
    channel = unique_channel()
    app.dispatch(
        signed_event(
            {
                "type": "app_mention",
                "user": "UASKER",
                "channel": channel,
                "ts": fake.next_ts(),
                "text": f"<@{BOT_USER_ID}>",
            }
        )
    )
    [hint] = fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.postMessage"], timeout=30)
    assert "무엇이 궁금하신가요" in hint.params["text"] and bot.calls == []


def test_invisible_or_too_long_mention_gets_a_polite_reply_without_answering(fake: FakeSlack, tmp_path: Path) -> None:
    bot = FakeBot()
    app = create_slack_app(settings_for(fake, tmp_path, max_question_chars=20), bot)
    for text, expected in ((f"<@{BOT_USER_ID}> \u200b\u200b \u200b", "무엇이 궁금하신가요"),
                           (f"<@{BOT_USER_ID}> " + "가" * 21, "줄여서 다시 물어봐 주세요")):
        channel = unique_channel()
        ts = fake.next_ts()
        app.dispatch(signed_event({"type": "app_mention", "user": "UASKER", "channel": channel, "ts": ts,
                                   "text": text}))
        [reply] = fake.wait_for(lambda calls, channel=channel: [
            c for c in calls if c.method == "chat.postMessage" and c.params.get("channel") == channel], timeout=30)
        assert expected in reply.params["text"] and reply.params["thread_ts"] == ts
    assert bot.calls == []


def test_create_app_without_bot_token_raises() -> None:
    with pytest.raises(SlackConfigError, match="SLACK_BOT_TOKEN"):
        create_slack_app(Settings(slack_bot_token=None), FakeBot())


def test_mount_slack_disabled_without_tokens(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    app = FastAPI()
    for token, secret in (("xoxb-1", None), (None, "secret")):
        settings = Settings(data_dir=tmp_path, slack_bot_token=token, slack_signing_secret=secret)
        with caplog.at_level(logging.WARNING, logger="bot.slack"):
            assert mount_slack(app, settings, FakeBot()) is False
    assert caplog.messages.count(DISABLED_MESSAGE) == 2
    assert DISABLED_MESSAGE == "Slack disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"
    assert not [r for r in app.routes if getattr(r, "path", "") == "/slack/events"]
    assert app.state.slack_app is None


def test_mount_slack_with_rejected_token_keeps_the_route_and_reports_it(
    fake: FakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("auth.test", "invalid_auth")
    app = FastAPI()
    with caplog.at_level(logging.ERROR, logger="bot.slack"):
        assert mount_slack(app, settings_for(fake, tmp_path), FakeBot(), first_retry_s=0.1, max_retry_s=0.2) is True
        deadline = time.monotonic() + 30
        while not app.state.slack_connection.ready:  # the token works on the next try: no restart needed
            assert time.monotonic() < deadline, app.state.slack_connection.snapshot()
            time.sleep(0.05)
    assert any("invalid_auth" in m for m in caplog.messages)
    assert [r for r in app.routes if getattr(r, "path", "") == "/slack/events"]
    app.state.slack_connection.stop()


def test_slack_down_at_start_then_up_is_served_without_restart(fake: FakeSlack, tmp_path: Path) -> None:
    """auth.test fails at start-up (Slack unreachable): the route stays mounted and answers 503 with Retry-After,
    /readyz says why; once Slack answers, /readyz is ready and Slack's retry of the refused event is answered."""
    from fastapi.testclient import TestClient

    from bot.service import PolicyBot
    from bot.web import create_app

    fake.fail("auth.test", "unavailable", times=4)
    settings = settings_for(fake, tmp_path)
    bot = FakeBot()
    app = create_app(settings, PolicyBot(settings), warm_up=False, with_slack=False)
    assert mount_slack(app, settings, bot, first_retry_s=0.3, max_retry_s=0.6) is True
    channel = unique_channel()
    ts = fake.next_ts()
    event_id = "Ev" + uuid.uuid4().hex[:12].upper()
    body = json.dumps({"type": "event_callback", "team_id": "T0TEST", "api_app_id": "ATEST", "event_id": event_id,
                       "event": {"type": "app_mention", "user": "UASKER", "channel": channel, "ts": ts,
                                 "text": f"<@{BOT_USER_ID}> 수출바우처 한도는?"}})

    def deliver(retry: int) -> Any:
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body)}
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"}
        return client.post("/slack/events", content=body.encode(), headers=headers)

    with TestClient(app) as client:
        refused = deliver(0)
        assert refused.status_code == 503 and int(refused.headers["Retry-After"]) >= 1
        assert "Slack is not reachable yet" in refused.json()["error"]
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["slack"]["state"] == "connecting"
        assert "auth.test failed" in ready.json()["error"]
        assert client.get("/healthz").json()["slack"]["state"] == "connecting"
        deadline = time.monotonic() + 30
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, client.get("/readyz").json()
            time.sleep(0.1)
        assert client.get("/readyz").json()["slack"]["state"] == "ready"
        assert client.get("/healthz").json() == {"status": "ok", "slack": {"state": "ready", "attempts": 5}}
        assert deliver(1).status_code == 200  # Slack's first retry: the first delivery was refused
        [update] = fake.wait_for(lambda calls: [c for c in calls if c.method == "chat.update"
                                                and c.params.get("channel") == channel], timeout=30)
        assert "답: 수출바우처 한도는?" in update.params["text"]
        assert deliver(2).status_code == 200  # a later retry of the same event: already answered
        time.sleep(0.5)
    assert bot.calls == [("수출바우처 한도는?", [])]
    assert len(fake.calls_to_channel("chat.postMessage", channel)) == 1
    app.state.slack_connection.stop()


@pytest.mark.parametrize(
    ("app_token", "bot_token", "named", "not_named"),
    [
        (None, "xoxb-1", ["SLACK_APP_TOKEN"], ["SLACK_BOT_TOKEN"]),
        ("xapp-1", None, ["SLACK_BOT_TOKEN"], ["SLACK_APP_TOKEN"]),
        (None, None, ["SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"], []),
    ],
)
def test_socket_mode_missing_tokens_is_a_clear_error_before_any_network_call(
    fake: FakeSlack,
    tmp_path: Path,
    app_token: str | None,
    bot_token: str | None,
    named: list[str],
    not_named: list[str],
) -> None:
    settings = settings_for(fake, tmp_path, slack_app_token=app_token, slack_bot_token=bot_token)
    with pytest.raises(SlackConfigError) as excinfo:
        run_socket_mode(settings, FakeBot())
    message = str(excinfo.value)
    assert message.startswith("Slack Socket Mode needs")
    assert all(name in message for name in named) and not any(name in message for name in not_named)
    assert excinfo.value.missing == named
    assert fake.calls == []  # not even auth.test


def test_socket_mode_handler_builds_with_both_tokens(fake: FakeSlack, tmp_path: Path) -> None:
    settings = settings_for(fake, tmp_path, slack_app_token="xapp-1-test", slack_signing_secret=None)
    check_socket_mode_settings(settings)
    handler = create_socket_mode_handler(settings, FakeBot())
    assert handler.app_token == "xapp-1-test"
    assert [c.method for c in fake.calls] == ["auth.test"]  # token verified; no socket opened yet


class FilteringBot(FakeBot):
    def __init__(self) -> None:
        super().__init__()
        self.filters: list[Any] = []

    def answer(self, question: str, history: list[Turn] | None = None, *, filters: Any = None) -> Answer:
        self.filters.append(filters)
        return super().answer(question, history)


def test_policy_command_options_narrow_the_documents(tmp_path: Path) -> None:
    """``/policy status:open kind:notice 질문``: the options before the question become document filters; a bad
    option is answered with what it accepts, and nothing is answered."""
    from bot.filters import split_options
    from ingestion.index import DocFilter

    bot = FilteringBot()
    handlers = SlackHandlers(Settings(data_dir=tmp_path), bot, FeedbackStore(tmp_path / "fb.sqlite3"))
    told: list[dict[str, Any]] = []

    class Respond:
        response_url = "https://hooks.invalid/x"

        def __call__(self, **kw: Any) -> Any:
            told.append(kw)
            return type("R", (), {"status_code": 200, "body": ""})()

    command = {"text": "status:open kind:notice 기관:해양수출부 지금 신청 가능한 사업은?", "channel_id": "C1",
               "user_id": "U1"}
    acks: list[dict[str, Any]] = []
    handlers.ack_command(lambda **kw: acks.append(kw), command)  # type: ignore[arg-type]
    assert "지금 신청 가능한 사업은?" in acks[0]["text"] and "status:" not in acks[0]["text"]
    handlers.on_command(command, None, Respond())  # type: ignore[arg-type]
    assert bot.calls[0][0] == "지금 신청 가능한 사업은?"
    assert bot.filters == [DocFilter(kind="notice", issuer="해양수출부", status="open")]
    assert told and told[0]["response_type"] == "ephemeral"
    plain = {"text": "수출바우처 지원한도는?", "channel_id": "C1", "user_id": "U1"}
    handlers.on_command(plain, None, Respond())  # type: ignore[arg-type]
    assert bot.filters[-1] is None and split_options(plain["text"]) == (plain["text"], None)
    bad = {"text": "status:soon 질문", "channel_id": "C1", "user_id": "U1"}
    acks.clear()
    handlers.ack_command(lambda **kw: acks.append(kw), bad)  # type: ignore[arg-type]
    assert "status must be one of upcoming, open, closed" in acks[0]["text"] and "/policy" in acks[0]["text"]
    handlers.on_command(bad, None, Respond())  # type: ignore[arg-type]
    assert len(bot.calls) == 2  # nothing answered for the bad option
