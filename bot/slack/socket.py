"""Socket Mode: the app opens a WebSocket to Slack, so no public URL is needed (development, firewalls)."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.config import Settings
from bot.slack.app import SlackConfigError, create_slack_app
from bot.slack.handlers import Answerer

logger = logging.getLogger("bot.slack")


def check_socket_mode_settings(settings: Settings) -> None:
    """Raise ``SlackConfigError`` naming every missing variable; no network call is made."""
    missing = [name for name, value in (("SLACK_APP_TOKEN", settings.slack_app_token),
                                        ("SLACK_BOT_TOKEN", settings.slack_bot_token)) if not value]
    if missing:
        raise SlackConfigError(missing, "Socket Mode")
    if settings.slack_app_token and not settings.slack_app_token.startswith("xapp-"):
        logger.warning("SLACK_APP_TOKEN does not start with 'xapp-': Socket Mode needs an app-level token"
                       " with the connections:write scope")


def create_socket_mode_handler(settings: Settings, bot: Answerer) -> SocketModeHandler:
    check_socket_mode_settings(settings)
    app = create_slack_app(settings, bot)
    return SocketModeHandler(app, settings.slack_app_token)


def run_socket_mode(settings: Settings, bot: Answerer) -> None:
    """Connect to Slack over Socket Mode and serve until interrupted (blocks)."""
    handler = create_socket_mode_handler(settings, bot)
    logger.info("Slack Socket Mode: connecting")
    handler.start()


def main() -> None:
    """``python -m bot.slack.socket``: Socket Mode on the configured data directory (same as ``policybot slack``)."""
    import sys

    from bot.config import get_settings
    from bot.service import get_bot

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    try:
        check_socket_mode_settings(settings)
    except SlackConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    bot = get_bot()
    bot.warm_up()
    run_socket_mode(settings, bot)


if __name__ == "__main__":
    main()
