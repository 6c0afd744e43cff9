"""Helpers and fixtures of the Slack tests: a fake Slack Web API, the seed corpus index (ingested once per
session by tests/conftest.py's ``seed_data_dir``), and the real web app with Slack mounted, served by uvicorn
on 127.0.0.1 and driven with signed requests.

There is deliberately no tests/slack/conftest.py: other test modules do ``from conftest import …`` and a
second module named ``conftest`` would shadow theirs. Test modules import the fixtures from here."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from fake_slack_api import TEAM_ID, FakeSlack

from bot.config import Settings
from bot.models import Answer, Turn
from bot.service import PolicyBot
from bot.slack.http import mount_slack

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
SUPPORT_CHANNEL = "CSUPPORT"


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class SlackEndpoint:
    """The running web app's ``/slack/events`` plus helpers to send Slack-shaped, signed requests."""

    base_url: str
    fake: FakeSlack
    settings: Settings
    bot: RecordingBot
    http: httpx.Client

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
        sign: bool = True,
    ) -> httpx.Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts}
        if sign:
            all_headers["X-Slack-Signature"] = signature(secret, ts, body)
        all_headers.update(headers or {})
        return self.http.post("/slack/events", content=body.encode(), headers=all_headers)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> tuple[httpx.Response, str]:
        event_id = event_id or "Ev" + uuid.uuid4().hex[:12].upper()
        payload = {
            "token": "verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "ATEST",
            "type": "event_callback",
            "event": {"event_ts": event.get("ts"), **event},
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT", "is_bot": True}],
        }
        return self.post(
            json.dumps(payload, ensure_ascii=False), "application/json", headers=headers, **kwargs
        ), event_id

    def command(self, text: str, *, channel: str, user: str = "UASKER", response_url: str) -> httpx.Response:
        form = {
            "token": "verification-token",
            "team_id": TEAM_ID,
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "asker",
            "command": "/policy",
            "text": text,
            "api_app_id": "ATEST",
            "response_url": response_url,
            "trigger_id": "trigger." + uuid.uuid4().hex,
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(
        self,
        action_id: str,
        value: str,
        *,
        channel: str,
        user: str = "UASKER",
        response_url: str | None = None,
        message: dict[str, Any] | None = None,
        ephemeral: bool = False,
    ) -> httpx.Response:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "test"},
            "user": {"id": user, "username": "asker", "team_id": TEAM_ID},
            "api_app_id": "ATEST",
            "token": "verification-token",
            "trigger_id": "trigger." + uuid.uuid4().hex,
            "container": {
                "type": "message",
                "channel_id": channel,
                "is_ephemeral": ephemeral,
                "message_ts": (message or {}).get("ts", "1.000001"),
            },
            "channel": {"id": channel, "name": "general"},
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "policy_actions",
                    "value": value,
                    "action_ts": str(time.time()),
                }
            ],
        }
        if message is not None:
            payload["message"] = message
        if response_url:
            payload["response_url"] = response_url
        form = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
        return self.post(form, "application/x-www-form-urlencoded")


class RecordingBot:
    """Delegates to the real PolicyBot and records each (question, history), so tests can see the history
    the Slack app passed (the seed corpus answers some follow-ups well even without it)."""

    def __init__(self, bot: PolicyBot) -> None:
        self.bot = bot
        self.calls: list[tuple[str, list[Turn]]] = []
        self._lock = threading.Lock()

    def answer(self, question: str, history: list[Turn] | None = None) -> Answer:
        with self._lock:
            self.calls.append((question, list(history or [])))
        return self.bot.answer(question, history)

    def __getattr__(self, name: str) -> object:  # retrieve, store, settings…: the real bot's
        return getattr(self.bot, name)

    def history_for(self, question: str) -> list[Turn]:
        with self._lock:
            matches = [h for q, h in self.calls if q == question]
        assert matches, f"{question!r} was never asked; asked: {[q for q, _ in self.calls]}"
        return matches[-1]


@pytest.fixture(scope="session", name="fake_slack")
def _fake_slack_fixture() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session", name="slack_settings")
def _slack_settings_fixture(
    seed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, fake_slack: FakeSlack
) -> Settings:
    """Settings on a private copy of the session's seed index (``seed_data_dir`` ingests the corpus once)."""
    data_dir = tmp_path_factory.mktemp("slack") / "data"
    shutil.copytree(seed_data_dir, data_dir)
    return Settings(
        data_dir=data_dir,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.api_url,
        slack_app_token=None,
        slack_support_channels=[SUPPORT_CHANNEL],
    )


@pytest.fixture(scope="session", name="corpus_bot")
def _corpus_bot_fixture(slack_settings: Settings) -> PolicyBot:
    """The real PolicyBot on the seed corpus."""
    bot = PolicyBot(slack_settings)
    assert bot.store.count() > 0
    return bot


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="session", name="slack_endpoint")
def _slack_endpoint_fixture(
    slack_settings: Settings, corpus_bot: PolicyBot, fake_slack: FakeSlack
) -> Iterator[SlackEndpoint]:
    """The project's web app (``bot.web.app.create_app``) with ``mount_slack``, under uvicorn on 127.0.0.1."""
    from bot.web.app import create_app

    app = create_app(slack_settings, corpus_bot, warm_up=False, with_slack=False)
    recording = RecordingBot(corpus_bot)
    assert mount_slack(app, slack_settings, recording) is True
    sock = _free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="uvicorn-slack", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = sock.getsockname()[1]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        yield SlackEndpoint(f"http://127.0.0.1:{port}", fake_slack, slack_settings, recording, client)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session", name="warm_bot")
def _warm_bot_fixture(corpus_bot: PolicyBot) -> PolicyBot:
    """Load the models before the first Slack request so waits measure the app, not model loading."""
    corpus_bot.warm_up()
    return corpus_bot


@pytest.fixture(name="slack")
def _slack_fixture(slack_endpoint: SlackEndpoint, warm_bot: PolicyBot) -> SlackEndpoint:
    return slack_endpoint
