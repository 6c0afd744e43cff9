"""The shipped Slack app manifest asks for what the app uses, and points every URL at the mounted route."""

from __future__ import annotations

from typing import Any

import yaml

from bot.config import PROJECT_ROOT
from bot.slack.http import SLACK_EVENTS_PATH


def manifest() -> dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "bot" / "slack" / "manifest.yaml").read_text(encoding="utf-8"))


def test_manifest_scopes_events_command_and_interactivity() -> None:
    m = manifest()
    assert set(m["oauth_config"]["scopes"]["bot"]) >= {
        "app_mentions:read",
        "chat:write",
        "im:history",
        "im:read",
        "channels:history",
        "groups:history",
        "commands",
    }
    settings = m["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im", "message.channels"}
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    [command] = m["features"]["slash_commands"]
    assert command["command"] == "/policy"
    assert m["features"]["bot_user"]["display_name"] == "policybot"
    assert m["features"]["app_home"]["messages_tab_enabled"] is True  # DMs


def test_manifest_urls_all_point_at_slack_events() -> None:
    m = manifest()
    urls = [
        m["settings"]["event_subscriptions"]["request_url"],
        m["settings"]["interactivity"]["request_url"],
        m["features"]["slash_commands"][0]["url"],
    ]
    assert all(url.startswith("https://") and url.endswith(SLACK_EVENTS_PATH) for url in urls)
