"""The slack-bolt app: a Web API client (optionally pointed at a fake Slack) and the listeners of
``bot.slack.handlers`` registered on it. Messages are rendered by ``bot.slack.blocks``; HTTP mode is
``bot.slack.http``, Socket Mode ``bot.slack.socket``; the app manifest is ``bot/slack/manifest.yaml``.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.config import Settings
from bot.feedback import FeedbackStore
from bot.slack.handlers import Answerer, SlackHandlers

DEFAULT_SLACK_API_URL = WebClient.BASE_URL


class SlackConfigError(RuntimeError):
    """Slack is not configured: the message names the missing environment variables."""

    def __init__(self, missing: list[str], mode: str) -> None:
        self.missing = missing
        names = " and ".join(missing)
        super().__init__(f"Slack {mode} needs {names}: set {', '.join(missing)} in the environment or .env"
                         " (see docs/slack.md).")


def web_client(settings: Settings) -> WebClient:
    """The Web API client: ``settings.slack_api_url`` lets tests point it at a fake Slack. Retries are not the
    client's: ``bot.slack.delivery.call`` retries the calls that deliver answers (Retry-After honoured)."""
    return WebClient(token=settings.slack_bot_token, base_url=_base_url(settings.slack_api_url))


def _base_url(url: str | None) -> str:
    if not url:
        return DEFAULT_SLACK_API_URL
    return url if url.endswith("/") else url + "/"


def create_slack_app(
    settings: Settings, bot: Answerer, *, feedback: FeedbackStore | None = None,
    token_verification_enabled: bool = True,
) -> App:
    """A bolt ``App`` answering with ``bot`` (anything with ``answer(question, history)``: ``PolicyBot``).

    With ``token_verification_enabled`` (Socket Mode) it calls ``auth.test`` right away, so the token must be
    valid and ``slack_api_url`` (if set) reachable; HTTP mode turns it off and checks with
    ``bot.slack.delivery.SlackConnection`` in the background instead. Raises ``SlackConfigError`` without
    ``SLACK_BOT_TOKEN``; the signing secret is only needed in HTTP mode (``mount_slack`` checks it), Socket Mode
    runs without one."""
    if not settings.slack_bot_token:
        raise SlackConfigError(["SLACK_BOT_TOKEN"], "app")
    app = App(
        token=settings.slack_bot_token,
        signing_secret=settings.slack_signing_secret,
        client=web_client(settings),
        process_before_response=True,
        token_verification_enabled=token_verification_enabled,
        logger=logging.getLogger("bot.slack.bolt"),
    )
    store = feedback or FeedbackStore(settings.data_dir / "feedback.sqlite3")
    SlackHandlers(settings, bot, store).register(app)
    return app


__all__ = ["Answerer", "SlackConfigError", "create_slack_app", "web_client"]
