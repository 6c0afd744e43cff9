"""Web channel: an HTTP API and a chat page over the same ``PolicyBot.answer`` the CLI and Slack use."""

from bot.web.app import create_app, serve

__all__ = ["create_app", "serve"]
