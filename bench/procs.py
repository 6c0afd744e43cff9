"""Servers a benchmark or a test starts (uvicorn, `chroma run`): a free local port for one, and waiting for it to
answer. Shared by benchmarks and tests."""

from __future__ import annotations

import socket
import subprocess
import time
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http_ok(url: str, timeout: float, proc: subprocess.Popen[Any] | None = None, interval: float = 0.3) -> None:
    """Return once ``url`` answers 200; raise RuntimeError if ``proc`` exits first or ``timeout`` passes."""
    import httpx

    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            said = proc.stderr.read()[-2000:] if proc.stderr is not None else ""  # what it said as it died
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered"
                               + (f"; its last words: {said}" if said else ""))
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(interval)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
