"""Property-based fuzzing of the HTTP API against the app's own OpenAPI schema (schemathesis), bounded for CI:
no request may cause a 5xx, and every response must conform to the schema (status code declared, content type,
body). Admin endpoints get a valid key so their handlers are fuzzed too, not just the 401 path.

POLICYBOT_FUZZ_EXAMPLES (default 15) sets the examples per operation; the run takes about a minute here."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bot.config import Settings  # noqa: E402
from bot.service import PolicyBot  # noqa: E402

ADMIN_KEY = "fuzz-admin-key-" + "x" * 24
EXAMPLES = int(os.environ.get("POLICYBOT_FUZZ_EXAMPLES", "15"))


@pytest.fixture(scope="module")
def fuzz_app(seed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from bot.web.app import create_app

    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(seed_data_dir, data)
    config = Settings(data_dir=data, admin_key=ADMIN_KEY, rate_limit_per_minute=100_000, max_upload_bytes=256 * 1024)
    bot = PolicyBot(config)
    bot.warm_up()
    yield create_app(config, bot, with_slack=False)


@pytest.fixture(scope="module")
def api_schema(fuzz_app: object) -> object:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_never_5xx_and_conforms_to_its_schema(case: object, fuzz_app: object) -> None:
    from starlette.testclient import TestClient

    case.headers = {**(case.headers or {}), "X-Admin-Key": ADMIN_KEY}  # type: ignore[attr-defined]
    with TestClient(fuzz_app, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        response = case.call(session=client)  # type: ignore[attr-defined]
    assert response.status_code < 500, (case, response.status_code, response.text[:500])  # type: ignore[attr-defined]
    case.validate_response(  # type: ignore[attr-defined]
        response, checks=[status_code_conformance, content_type_conformance, response_schema_conformance]
    )
