"""A bounded load check of a *local* policybot web server: N concurrent clients each ask M questions through
POST /api/ask and the latencies are summarised. Loopback only, so it can never be pointed at someone else's
server; the server's per-client rate limit counts all clients as one (127.0.0.1), so start the server with a
POLICYBOT_RATE_LIMIT_PER_MINUTE above clients × questions, or the 429s are reported as errors."""

from __future__ import annotations

import asyncio
import ipaddress
import statistics
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import httpx

QUESTIONS = (
    "수출바우처 지원한도는 어떻게 바뀌나요?",
    "K-GLOBAL STAR 프로그램은 무엇인가요?",
    "What does the K-Global project support?",
    "글로벌 강소기업으로 지정되면 어떤 혜택이 있나요?",
    "동반진출 상생 프로그램은 얼마나 지원하나요?",
    "How much support is given per project for joint overseas expansion?",
    "점심 메뉴 추천해줘",
    "담당 부서는 어디인가요?",
)
MAX_CLIENTS = 500
MAX_QUESTIONS_PER_CLIENT = 1000


def _require_loopback(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {base_url!r}")
    host = parts.hostname
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ValueError(
                f"the load check only runs against this machine (127.0.0.1/localhost), not {host!r}"
            )
    return base_url.rstrip("/")


def _percentile(sorted_ms: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: a p99 of 1000 samples is a latency someone really saw)."""
    if not sorted_ms:
        return 0.0
    rank = max(1, min(len(sorted_ms), round(q / 100 * len(sorted_ms) + 0.5)))
    return round(sorted_ms[rank - 1], 1)


async def run_loadcheck_async(
    base_url: str,
    clients: int = 50,
    questions_per_client: int = 20,
    timeout_s: float = 30.0,
    total_timeout_s: float = 600.0,
    questions: tuple[str, ...] = QUESTIONS,
    seconds: float | None = None,
) -> dict[str, Any]:
    """Async form of :func:`run_loadcheck` (for callers that already run an event loop). With ``seconds``, each
    client keeps asking until that much time has passed instead of stopping after ``questions_per_client``."""
    base = _require_loopback(base_url)
    if not 1 <= clients <= MAX_CLIENTS:
        raise ValueError(f"clients must be 1..{MAX_CLIENTS}")
    if not 1 <= questions_per_client <= MAX_QUESTIONS_PER_CLIENT:
        raise ValueError(f"questions_per_client must be 1..{MAX_QUESTIONS_PER_CLIENT}")
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    abstained = cache_hits = 0
    server_ms: list[float] = []
    stop_at = None if seconds is None else time.perf_counter() + seconds

    def more(j: int) -> bool:
        return j < questions_per_client if stop_at is None else time.perf_counter() < stop_at

    async def client(idx: int, http: httpx.AsyncClient) -> None:
        nonlocal abstained, cache_hits
        j = 0
        while more(j):
            question = questions[(idx + j) % len(questions)]
            j += 1
            t0 = time.perf_counter()
            try:
                r = await http.post(f"{base}/api/ask", json={"question": question})
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] += 1
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            if r.status_code != 200:
                errors[f"HTTP {r.status_code}"] += 1
                continue
            body = r.json()
            if not body.get("text") or (not body.get("abstained") and not body.get("citations")):
                errors["incomplete answer"] += 1
                continue
            latencies.append(elapsed)
            abstained += bool(body.get("abstained"))
            cache_hits += "cache_hit" in body.get("timings_ms", {})
            total = body.get("timings_ms", {}).get("total")
            if isinstance(total, int | float):
                server_ms.append(float(total))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits, trust_env=False) as http:
        tasks = [asyncio.create_task(client(i, http)) for i in range(clients)]
        # In a timed run a request started just before the deadline may take up to timeout_s to finish.
        limit = total_timeout_s if seconds is None else seconds + timeout_s + 5
        done, pending = await asyncio.wait(tasks, timeout=limit)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
            errors["total timeout"] += len(pending)
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    server_sorted = sorted(server_ms)
    return {
        "base_url": base,
        "clients": clients,
        "questions_per_client": questions_per_client,
        "requests": clients * questions_per_client if seconds is None else len(latencies) + sum(errors.values()),
        "ok": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "abstained": abstained,
        "cache_hits": cache_hits,
        "seconds": round(wall, 2),
        "throughput_rps": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": _percentile(ordered, 50),
        "p95_ms": _percentile(ordered, 95),
        "p99_ms": _percentile(ordered, 99),
        "max_ms": round(ordered[-1], 1) if ordered else 0.0,
        "mean_ms": round(statistics.fmean(ordered), 1) if ordered else 0.0,
        # time inside answer() as the server measured it: the rest of a request's latency is queueing
        "server_answer_p50_ms": _percentile(server_sorted, 50),
        "server_answer_p95_ms": _percentile(server_sorted, 95),
    }


def run_loadcheck(
    base_url: str,
    clients: int = 50,
    questions_per_client: int = 20,
    timeout_s: float = 30.0,
    total_timeout_s: float = 600.0,
) -> dict[str, Any]:
    """Run ``clients`` concurrent clients asking ``questions_per_client`` questions each against
    ``base_url`` (loopback only) and return request counts, errors and latency percentiles in ms."""
    return asyncio.run(
        run_loadcheck_async(base_url, clients, questions_per_client, timeout_s, total_timeout_s)
    )
