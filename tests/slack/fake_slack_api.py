"""A fake Slack Web API on 127.0.0.1 for the Slack tests: records every call, keeps posted messages so
``conversations.replies`` can return a thread, serves ``response_url`` posts, and can be told to fail."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0TEST"

JSON_FIELDS = {"blocks", "view", "attachments", "metadata"}


@dataclass
class Call:
    method: str  # "chat.postMessage", … or "response_url"
    params: dict[str, Any]
    path: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    # "ratelimited" (HTTP 429 + Retry-After), "unavailable" (HTTP 503: Slack down) or any Slack error code,
    # e.g. "channel_not_found" (HTTP 200, ok: false)
    error: str
    times: int
    retry_after: int = 1
    when: Callable[[dict[str, Any]], bool] | None = None  # only calls whose params match fail


@dataclass
class FakeSlack:
    host: str = "127.0.0.1"
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # channel -> messages
    failures: dict[str, Failure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cond = threading.Condition()
        self._ts = int(time.time()) * 1_000_000
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self)

        self.server = ThreadingHTTPServer((self.host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, name="fake-slack", daemon=True)

    # ------------------------------------------------------------------ control
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, method: str, error: str, times: int = 1, retry_after: int = 1,
             when: Callable[[dict[str, Any]], bool] | None = None) -> None:
        with self._cond:
            self.failures[method] = Failure(error, times, retry_after, when)

    def next_ts(self) -> str:
        with self._cond:
            self._ts += 1000
            return f"{self._ts // 1_000_000}.{self._ts % 1_000_000:06d}"

    def add_message(
        self,
        channel: str,
        text: str,
        user: str,
        ts: str | None = None,
        thread_ts: str | None = None,
        **extra: Any,
    ) -> str:
        """Seed a message (as if a person had posted it) so conversations.replies can return it."""
        ts = ts or self.next_ts()
        message = {"type": "message", "user": user, "text": text, "ts": ts, **extra}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self._cond:
            self.messages.setdefault(channel, []).append(message)
        return ts

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def calls_to_channel(self, method: str, channel: str) -> list[Call]:
        return [c for c in self.calls_to(method) if c.params.get("channel") == channel]

    def wait_for(self, predicate: Callable[[list[Call]], Any], timeout: float = 120.0) -> Any:
        """Block until ``predicate(calls)`` is truthy (returning its value); fail after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate(list(self.calls))
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    methods = [(c.method, c.params.get("channel"), c.params.get("thread_ts")) for c in self.calls]
                    raise AssertionError(f"timed out waiting for Slack calls; got {methods}")
                self._cond.wait(remaining)

    # ------------------------------------------------------------------ HTTP
    def _read_params(self, handler: BaseHTTPRequestHandler) -> dict[str, Any]:
        split = urlsplit(handler.path)
        params: dict[str, Any] = {k: v[0] for k, v in parse_qs(split.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        if raw:
            ctype = handler.headers.get("Content-Type", "")
            if "json" in ctype:
                params.update(json.loads(raw))
            else:
                params.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        params["_authorization"] = handler.headers.get("Authorization", "")
        return params

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: dict[str, Any] | str,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body if isinstance(body, str) else json.dumps(body)
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/plain")
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(data.encode())))
        handler.end_headers()
        handler.wfile.write(data.encode())

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        params = self._read_params(handler)
        if path.startswith("/response/"):
            self._record(Call("response_url", params, path))
            self._send(handler, 200, "ok")
            return
        method = path.removeprefix("/api/")
        with self._cond:
            failure = self.failures.get(method)
            if failure and failure.when is not None and not failure.when(params):
                failure = None
            if failure:
                failure.times -= 1
                if failure.times <= 0:
                    del self.failures[method]
        self._record(Call(method, params, path), failed=failure.error if failure else None)
        if failure and failure.error == "ratelimited":
            self._send(handler, 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(failure.retry_after)})
            return
        if failure and failure.error == "unavailable":
            self._send(handler, 503, "upstream unavailable")
            return
        if failure:
            self._send(handler, 200, {"ok": False, "error": failure.error})
            return
        self._send(handler, 200, self._answer(method, params))

    def _record(self, call: Call, failed: str | None = None) -> None:
        if failed:
            call.params["_failed"] = failed
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _answer(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://policybot-test.slack.com/",
                "team": "Test",
                "user": "policybot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self.add_message(
                p["channel"],
                p.get("text", ""),
                BOT_USER_ID,
                thread_ts=p.get("thread_ts"),
                bot_id=BOT_ID,
                blocks=p.get("blocks"),
            )
            return {
                "ok": True,
                "channel": p["channel"],
                "ts": ts,
                "message": {"text": p.get("text", ""), "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts},
            }
        if method == "chat.update":
            with self._cond:
                for message in self.messages.get(p["channel"], []):
                    if message["ts"] == p["ts"]:
                        message.update(text=p.get("text", ""), blocks=p.get("blocks"))
            return {"ok": True, "channel": p["channel"], "ts": p["ts"], "text": p.get("text", "")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "conversations.replies":
            with self._cond:
                thread = [
                    m
                    for m in self.messages.get(p["channel"], [])
                    if m["ts"] == p["ts"] or m.get("thread_ts") == p["ts"]
                ]
            return {"ok": True, "messages": sorted(thread, key=lambda m: float(m["ts"])), "has_more": False}
        if method == "views.open":
            return {"ok": True, "view": {"id": "VTEST", **(p.get("view") or {})}}
        return {"ok": False, "error": "unknown_method"}


def unique_channel(prefix: str = "C") -> str:
    return prefix + uuid.uuid4().hex[:10].upper()


def texts_of(blocks: list[dict[str, Any]] | None) -> str:
    """Every text in a Block Kit structure, joined (for assertions)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks or [])
    return "\n".join(out)
