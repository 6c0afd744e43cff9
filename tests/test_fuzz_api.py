"""Property-based fuzzing of the HTTP API against the app's own OpenAPI schema (schemathesis), bounded for CI:
no request may cause a 5xx, and every response must conform to the schema (status code declared, content type,
body). Admin endpoints get a valid key so their handlers are fuzzed too, not just the 401 path.

POLICYBOT_FUZZ_EXAMPLES (default 40) sets the examples per operation; the fuzzing itself takes well under a
minute here."""

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
EXAMPLES = int(os.environ.get("POLICYBOT_FUZZ_EXAMPLES", "40"))


@pytest.fixture(scope="module")
def fuzz_app(seed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from bot.web.app import create_app

    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(seed_data_dir, data)
    config = Settings(data_dir=data, admin_key=ADMIN_KEY, rate_limit_per_minute=100_000, max_upload_bytes=256 * 1024)
    bot = PolicyBot(config)
    bot.warm_up()
    yield create_app(config, bot, with_slack=False)


def test_api_never_5xx_and_conforms_to_its_schema(fuzz_app: object) -> None:
    """Every operation of /openapi.json, ``EXAMPLES`` generated cases each (derandomized: the same cases every
    run), sent through the ASGI app with a valid admin key."""
    from hypothesis import given
    from starlette.testclient import TestClient

    api = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 8
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    with TestClient(fuzz_app, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            def check(case: object) -> None:
                case.headers = {**(case.headers or {}), "X-Admin-Key": ADMIN_KEY}  # type: ignore[attr-defined]
                response = case.call(session=client)  # type: ignore[attr-defined]
                # check() runs inside this iteration, so the loop variable is the right operation.
                statuses.setdefault(operation.label, set()).add(response.status_code)  # noqa: B023
                assert response.status_code < 500, (response.status_code, response.text[:300])
                case.validate_response(  # type: ignore[attr-defined]
                    response, checks=[status_code_conformance, content_type_conformance,
                                      response_schema_conformance])

            try:
                check()
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then fail once
                failures.append(f"{operation.label}: {exc}"[:2000])
    print("\nfuzzed:", {label: sorted(codes) for label, codes in statuses.items()})
    assert not failures, "\n\n".join(failures)
    assert len(statuses) == len(operations)
