"""Fixtures of the web tests. They work on a private copy of the session's seed index
(tests/conftest.py ingests it once; embedding is slow on a small box) because uploads and deletions change it,
and all apps of the session share one PolicyBot on that copy, so the store is opened and warmed once.

There is deliberately no tests/web/conftest.py: other test modules do ``from conftest import …`` and a second
module named ``conftest`` would shadow theirs. Test modules load this file with
``pytest_plugins = ["web_support"]``, so each fixture exists once per session."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN_KEY, SEED_DOC, LiveServer

from bot.config import Settings
from bot.service import PolicyBot
from bot.web import create_app


@pytest.fixture(scope="session")
def web_data_dir(seed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("web") / "data"
    shutil.copytree(seed_data_dir, target)
    return target


@pytest.fixture(scope="session")
def web_bot(web_data_dir: Path) -> PolicyBot:
    policy_bot = PolicyBot(Settings(data_dir=web_data_dir))
    assert policy_bot.store.document(SEED_DOC) is not None
    policy_bot.warm_up()
    return policy_bot


@pytest.fixture(scope="session")
def settings_for(web_data_dir: Path) -> Callable[..., Settings]:
    """Settings on the shared data dir: admin enabled and a rate limit no test run reaches, unless overridden."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"data_dir": web_data_dir, "admin_key": ADMIN_KEY, "rate_limit_per_minute": 100_000,
                                  "cors_origins": []}
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture(scope="session")
def make_client(web_bot: PolicyBot, settings_for: Callable[..., Settings]) -> Iterator[Callable[..., TestClient]]:
    """A TestClient (lifespan started) on a fresh app over the shared bot, with Settings overrides."""
    opened: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        client = TestClient(create_app(settings_for(**overrides), bot=web_bot))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def web_client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture(scope="session")
def live_server(web_bot: PolicyBot, settings_for: Callable[..., Settings]) -> Iterator[LiveServer]:
    server = LiveServer(create_app(settings_for(), bot=web_bot)).start()
    yield server
    server.stop()
