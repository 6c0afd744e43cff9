"""Constants and the live-server helper of the web tests, importable from test modules (the fixtures are in
web_support, loaded as a pytest plugin so its asserts are rewritten)."""

from __future__ import annotations

import threading
import time

import httpx
import uvicorn
from fastapi import FastAPI

from bench.procs import free_port

ADMIN_KEY = "test-admin-key-0123456789"
SEED_DOC = "mss-2024-05-08-sme-globalization-measures"


class LiveServer:
    """A real uvicorn server in a thread on 127.0.0.1 (what the browser and the load check talk to)."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2, trust_env=False).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("uvicorn test server did not become ready")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
