"""`policybot mcp` driven by the ``mcp`` SDK's own client over both transports it serves: stdio (the client starts
the command) and streamable HTTP on 127.0.0.1. Each lists the tools, calls every one of them on a copy of the seed
index, and gets a tool error (isError), not a crash, for bad arguments and for inputs the service cannot take."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_DOC_ID
from mcp import Client, StdioServerParameters

from bench.procs import free_port
from bot.config import PROJECT_ROOT
from bot.integrations.mcp_server import is_loopback

TOOLS = {"ask_policy", "search_policy", "list_programs", "triage_inquiry"}


@pytest.fixture(scope="module")
def mcp_env(seed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("mcp") / "data"
    shutil.copytree(seed_data_dir, data, ignore=shutil.ignore_patterns("ingest.lock"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYBOT_")}
    return {**env, "POLICYBOT_DATA_DIR": str(data), "ANONYMIZED_TELEMETRY": "False"}


@pytest.fixture(scope="module")
def http_url(mcp_env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "mcp", "--transport", "http", "--port", str(port)],
                            cwd=PROJECT_ROOT, env=mcp_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"policybot mcp exited {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("policybot mcp --transport http did not listen in time")


def _data(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        return result.structured_content  # type: ignore[no-any-return]
    return json.loads(result.content[0].text)  # type: ignore[no-any-return]


async def _exercise(client: Client) -> None:
    """List the tools and call each: good arguments, then bad ones (tool errors), then a good call again."""
    listed = await client.list_tools()
    assert {t.name for t in listed.tools} == TOOLS
    schemas = {t.name: t.input_schema for t in listed.tools}
    assert schemas["ask_policy"]["required"] == ["question"] and "history" in schemas["ask_policy"]["properties"]
    assert set(schemas["search_policy"]["properties"]) == {"query", "k", "filters"}

    answer = _data(await client.call_tool("ask_policy", {"question": "수출바우처 지원한도는 어떻게 바뀌나요?"}))
    assert answer["outcome"] == "answered" and "2배" in answer["text"] and "**출처**" in answer["text"]
    assert answer["citations"][0]["doc_id"] == SEED_DOC_ID and answer["citations"][0]["pages"]
    follow = _data(await client.call_tool("ask_policy", {
        "question": "담당 부서는 어디인가요?",
        "history": [{"role": "user", "content": "수출바우처 지원한도는 어떻게 바뀌나요?"},
                    {"role": "assistant", "content": answer["text"]}]}))
    assert follow["outcome"] in ("answered", "abstained")
    missing = _data(await client.call_tool("ask_policy", {"question": "달나라 여행 지원금은 얼마인가요?"}))
    assert missing["outcome"] == "abstained" and "문서에서 찾지 못했습니다" in missing["text"]
    assert missing["contact"]["department"]

    found = _data(await client.call_tool("search_policy", {"query": "해외법인 자금", "k": 2,
                                                           "filters": {"kind": "press release"}}))
    assert len(found["passages"]) == 2
    top = found["passages"][0]
    assert top["doc_id"] == SEED_DOC_ID and top["section_path"] and top["pages"] and top["text"]
    none = _data(await client.call_tool("search_policy", {"query": "해외법인", "filters": {"kind": "공고"}}))
    assert none["passages"] == []
    dated = _data(await client.call_tool("search_policy", {"query": "해외법인", "k": 1, "filters": {
        "issuer": "중소벤처기업부", "since": "2024-01-01", "until": "2024-12-31", "section": "붙임1"}}))
    assert dated["passages"] and dated["passages"][0]["section_path"][0] == "붙임1"

    programs = _data(await client.call_tool("list_programs", {}))
    assert len(programs["programs"]) >= 10 and {p["status"] for p in programs["programs"]} == {"unknown"}
    assert "application window" in programs["note"] and programs["programs"][0]["kind"] == "press_release"
    assert _data(await client.call_tool("list_programs", {"status": "open"}))["programs"] == []
    assert len(_data(await client.call_tool("list_programs", {"status": "unknown"}))["programs"]) == len(
        programs["programs"])

    triaged = _data(await client.call_tool("triage_inquiry", {
        "text": "안녕하세요. 수출바우처 한도가 얼마로 늘어나나요? 감사합니다."}))
    assert triaged["matches"] and triaged["category"] and "draft_reply" in triaged

    bad_calls: list[tuple[str, dict[str, Any]]] = [
        ("ask_policy", {}),                                          # missing argument
        ("ask_policy", {"question": 42}),                            # wrong type
        ("ask_policy", {"question": "   "}),                         # empty after cleaning
        ("ask_policy", {"question": "가" * 5000}),                    # too long
        ("ask_policy", {"question": "수출바우처?", "history": [{"role": "system", "content": "x"}]}),
        ("search_policy", {"query": "해외법인", "k": 0}),
        ("search_policy", {"query": "해외법인", "k": 500}),
        ("search_policy", {"query": "해외법인", "filters": {"title": "x"}}),
        ("search_policy", {"query": "해외법인", "filters": {"kind": "poem"}}),
        ("search_policy", {"query": "해외법인", "filters": {"since": "last week"}}),
        ("search_policy", {"query": ""}),
        ("list_programs", {"status": "finished"}),
        ("triage_inquiry", {"text": " \u200b "}),
        ("triage_inquiry", {}),
        ("no_such_tool", {}),
    ]
    for name, args in bad_calls:
        result = await client.call_tool(name, args)
        assert result.is_error, (name, args)
        assert result.content and result.content[0].text, (name, args)
    # the server is still up and answering
    assert _data(await client.call_tool("search_policy", {"query": "수출바우처", "k": 1}))["passages"]


async def test_stdio_transport(mcp_env: dict[str, str]) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "bot.cli", "mcp"], env=mcp_env,
                                   cwd=str(PROJECT_ROOT))
    async with Client(params, read_timeout_seconds=120) as client:
        await _exercise(client)


async def test_streamable_http_transport(http_url: str) -> None:
    async with Client(http_url, read_timeout_seconds=120) as client:
        await _exercise(client)


def test_http_transport_is_loopback_only(mcp_env: dict[str, str]) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.0.10")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "mcp", "--transport", "http", "--host", "0.0.0.0"],
                          cwd=PROJECT_ROOT, env=mcp_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "loopback" in done.stderr

