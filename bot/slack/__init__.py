"""Slack channel of policybot: a slack-bolt app (HTTP via FastAPI, or Socket Mode) over PolicyBot.answer."""

from __future__ import annotations

from bot.slack.app import SlackConfigError, create_slack_app

__all__ = ["SlackConfigError", "create_slack_app"]
