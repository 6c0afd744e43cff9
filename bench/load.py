"""Web load for a fixed time: N concurrent clients keep asking through POST /api/ask for ``seconds`` seconds, and
the latencies (p50/p95/p99), throughput and errors are reported. Loopback only (the loopback check and the
question mix come from ``bench.loadcheck``, whose count-based run this complements).

    python -m bench.load --url http://127.0.0.1:8000 --clients 50 --seconds 60
    python -m bench.load --start --clients 50 --seconds 60   # starts the app on a copy of ./data itself

The server's rate limit counts every client as one (127.0.0.1): start it with POLICYBOT_RATE_LIMIT_PER_MINUTE
high enough (``--start`` does), or the 429s are reported as errors. The answer cache makes repeated questions
cheap: ``--start --no-cache`` starts the app with POLICYBOT_ANSWER_CACHE_SIZE=0 so every request is answered from
scratch (varying the question text instead would change what is asked)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.loadcheck import MAX_QUESTIONS_PER_CLIENT, QUESTIONS, run_loadcheck_async
from bench.procs import free_port, wait_http_ok
from bot.config import PROJECT_ROOT

MAX_SECONDS = 900


async def run_timed_load_async(base_url: str, clients: int = 50, seconds: float = 60.0, timeout_s: float = 60.0,
                               questions: tuple[str, ...] = QUESTIONS) -> dict[str, Any]:
    """The load check's clients, bounded by time instead of by a question count."""
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be in (0, {MAX_SECONDS}]")
    return await run_loadcheck_async(base_url, clients, MAX_QUESTIONS_PER_CLIENT, timeout_s, questions=questions,
                                     seconds=seconds)


def run_timed_load(base_url: str, clients: int = 50, seconds: float = 60.0, timeout_s: float = 60.0) -> dict[str, Any]:
    """``clients`` concurrent clients asking for ``seconds`` seconds against ``base_url`` (loopback only)."""
    return asyncio.run(run_timed_load_async(base_url, clients, seconds, timeout_s))




@contextmanager
def local_server(data_dir: Path, workers: int = 1, env: dict[str, str] | None = None) -> Iterator[str]:
    """`uvicorn bot.web.app:create_app` on 127.0.0.1 (a free port) over a *copy* of ``data_dir``. More than one
    worker needs a Chroma server (CHROMA_HOST/CHROMA_PORT in ``env``): embedded Chroma is single-process."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="policybot-load-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("ingest.lock"))
        full_env = {**os.environ, "POLICYBOT_DATA_DIR": str(copy), "POLICYBOT_RATE_LIMIT_PER_MINUTE": "1000000",
                    **(env or {})}
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "bot.web.app:create_app", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                                 "--log-level", "warning"], cwd=PROJECT_ROOT, env=full_env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_http_ok(f"http://127.0.0.1:{port}/readyz", 240, proc, interval=0.5)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def format_result(r: dict[str, Any]) -> str:
    return (f"{r['clients']} clients × {r['seconds']} s against {r['base_url']}: {r['ok']} ok, {r['errors']} errors "
            f"{r['error_kinds'] or ''}, {r['throughput_rps']} answers/s, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
            f"p99 {r['p99_ms']} ms, max {r['max_ms']} ms ({r['cache_hits']} answer-cache hits, "
            f"{r['abstained']} abstentions)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--start", action="store_true", help="start the app on a copy of the data dir")
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--no-cache", action="store_true", help="with --start: answer cache off")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.start:
        env = {"POLICYBOT_ANSWER_CACHE_SIZE": "0"} if args.no_cache else {}
        with local_server(args.data_dir, env=env) as url:
            result = run_timed_load(url, args.clients, args.seconds)
    else:
        result = run_timed_load(args.url, args.clients, args.seconds)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_result(result))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
